#pragma once
// The name service's protocol logic, without sockets: packets in, packets out. The asio
// layer (name_service.hpp) feeds it what the sockets receive and the timer's ticks, and
// sends what it asks for; unit tests drive it the same way with a fake clock.
//
// It is the B-node responder of RFC 1001 15.2 / RFC 1002 5.1.1 for our own names (register,
// defend, answer queries and node status, release), a P-node style client of a WINS server
// when `wins server` is set (RFC 1002 5.1.2: unicast registration, refresh at TTL/2), and,
// with `wins support`, the NBNS of RFC 1002 5.1.4 / 5.1.3 as Windows WINS and nmbd behave.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/log.hpp"
#include "netbios/nbns/message.hpp"
#include "netbios/nbns/packets.hpp"
#include "server/name_service/interfaces.hpp"
#include "server/name_service/name_table.hpp"
#include "server/name_service/wins_db.hpp"

namespace smbkit::server::name_service {

struct engine_config {
    std::string netbios_name;
    std::vector<std::string> aliases;
    std::string workgroup = "WORKGROUP";
    std::string scope;
    std::uint16_t port = 137;
    bool wins_support = false;
    std::optional<ipv4> wins_server;  // register with this WINS (never ourselves)
};

struct clock_now {
    steady_time steady;
    wall_time wall;
    static clock_now now() {
        return {std::chrono::steady_clock::now(), std::chrono::system_clock::now()};
    }
};

// One packet to send from interface `iface`'s unicast socket. `after_commit`: a WINS answer
// that may leave only once the database holding it is on disk.
struct datagram {
    bytes data;
    ipv4 to{};
    std::uint16_t port = 137;
    std::size_t iface = 0;
    bool after_commit = false;
};

struct engine_counters {
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    std::uint64_t malformed = 0;
    std::uint64_t own = 0;  // our own broadcasts coming back
};

class engine {
public:
    // `db` is the WINS database when `wins support` is on (loaded by the caller).
    engine(engine_config config, std::vector<interface_address> interfaces,
           std::optional<wins_db> db = std::nullopt);

    // Adds the configured names (NETBIOSNAME<00><03><20>, aliases, WORKGROUP<00><1E>) and
    // starts registering them.
    void start(clock_now now);
    // Adds one more name (e.g. WORKGROUP<1D> by a browser). Errors: a bad name.
    result<void> add_name(std::string_view name, std::uint8_t suffix, bool group, clock_now now,
                          bool permanent = false);

    void receive(byte_span packet, const ipv4& from, std::uint16_t from_port, std::size_t iface,
                 clock_now now, std::vector<datagram>& out);
    void tick(clock_now now, std::vector<datagram>& out);
    std::optional<steady_time> next_deadline() const;
    // Releases every name (broadcast, and with the WINS server) for a clean shutdown.
    void shutdown(std::vector<datagram>& out);

    const name_table& names() const { return names_; }
    wins_db* wins() { return db_ ? &*db_ : nullptr; }
    const std::vector<interface_address>& interfaces() const { return interfaces_; }
    const engine_counters& counters() const { return counters_; }
    nbns::node_type own_node_type() const;

private:
    struct challenge {
        netbios::netbios_name name;
        ipv4 registrant{};
        ipv4 reply_to{};
        std::uint16_t reply_port = 137;
        std::size_t iface = 0;
        std::uint16_t request_id = 0;
        bool group = false;
        bool multihomed = false;
        bool recursion_desired = true;
        std::uint32_t ttl = 0;
        std::vector<ipv4> owners;
        std::uint16_t query_id = 0;
        int queries_sent = 0;
        steady_time next{};
    };
    enum class wins_state { registering, registered, refused };
    struct wins_client_name {
        netbios::netbios_name name;
        bool group = false;
        wins_state state = wins_state::registering;
        bool refreshing = false;
        int tries = 0;
        std::uint16_t id = 0;
        std::uint32_t ttl = 0;
        steady_time next{};
    };

    void on_query(const nbns::message& m, const ipv4& from, std::uint16_t port, std::size_t iface,
                  clock_now now, std::vector<datagram>& out);
    void on_status(const nbns::message& m, const ipv4& from, std::uint16_t port,
                   std::size_t iface, std::vector<datagram>& out);
    void on_registration(const nbns::message& m, bool multihomed, bool refresh, const ipv4& from,
                         std::uint16_t port, std::size_t iface, clock_now now,
                         std::vector<datagram>& out);
    void on_release(const nbns::message& m, const ipv4& from, std::uint16_t port,
                    std::size_t iface, clock_now now, std::vector<datagram>& out);
    void on_response(const nbns::message& m, nbns::packet_kind kind, const ipv4& from, clock_now now,
                     std::vector<datagram>& out);
    void wins_register(const nbns::message& m, const netbios::netbios_name& name, const ipv4& ip,
                       bool group, bool multihomed, std::uint32_t ttl, const ipv4& from,
                       std::uint16_t port, std::size_t iface, clock_now now,
                       std::vector<datagram>& out);
    void finish_challenge(challenge& c, const std::vector<ipv4>& owner_answer, clock_now now,
                          std::vector<datagram>& out);
    void wins_client_tick(clock_now now, std::vector<datagram>& out);

    void send(std::vector<datagram>& out, const nbns::message& m, const ipv4& to,
              std::uint16_t port, std::size_t iface, bool after_commit = false);
    void drop(const ipv4& from, std::uint16_t port, std::size_t size, const char* why);
    nbns::nb_address address_of(const local_name& n, std::size_t iface) const;
    bool is_own_address(const ipv4& ip) const;
    std::uint16_t next_id() { return ++id_; }

    // Positive answers for our own names differ only in the transaction ID, so each is
    // encoded once per name, interface and RD flag while the name table stays the same.
    struct cached_answer {
        netbios::netbios_name name;
        std::size_t iface = 0;
        bool recursion_desired = false;
        bool recursion_available = false;
        std::uint64_t version = 0;
        bytes packet;
    };
    std::vector<cached_answer> answer_cache_;

    engine_config config_;
    std::vector<interface_address> interfaces_;
    std::optional<wins_db> db_;
    name_table names_;
    std::map<netbios::netbios_name, std::uint16_t> broadcast_ids_;
    std::vector<challenge> challenges_;
    std::vector<wins_client_name> wins_names_;
    steady_time next_expire_{};
    std::uint16_t id_;
    engine_counters counters_;
    log::rate_limiter bad_packets_;
};

// WACK TTL, the time a registrant is asked to wait while its name's owner is challenged.
inline constexpr std::uint32_t wack_ttl = 60;
// How long the WINS server waits for a challenged owner, and how often it asks.
inline constexpr std::chrono::milliseconds challenge_timeout{1000};
inline constexpr int challenge_queries = 2;
inline constexpr std::size_t max_challenges = 256;
// A bound on the WINS database, so that a flood of registrations cannot fill memory and disk;
// new names past it are refused (RFS_ERR), existing ones still refresh.
inline constexpr std::size_t max_wins_records = 65536;
// The P-node client: RFC 1002 UCAST_REQ_RETRY_COUNT tries, a shorter timeout than the RFC's
// 5 s as Samba uses, and a pause before trying an unresponsive server again.
inline constexpr std::chrono::milliseconds wins_retry_timeout{2000};
inline constexpr int wins_retry_count = 3;
inline constexpr std::chrono::seconds wins_retry_pause{60};

}  // namespace smbkit::server::name_service
