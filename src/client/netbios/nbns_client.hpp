#pragma once
// NetBIOS name service client (RFC 1002 4.2.12 name query, 4.2.17 node status; RFC 1001
// 15.1.3 / 15.2.1 retransmission): one UDP socket, many requests in flight, each resent
// until answered or out of tries. Used by `smbkit lookup`, `status` and `scan`.

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <asio/ip/address_v4.hpp>

#include "netbios/nbns/message.hpp"

namespace smbkit::client::netbios {

using address_v4 = asio::ip::address_v4;

struct query_options {
    // Per try; RFC 1002 has 250 ms for broadcasts (BCAST_REQ_RETRY_TIMEOUT) and 5 s for a
    // name server (UCAST_REQ_RETRY_TIMEOUT); nmblookup and nbtscan wait about a second.
    std::chrono::milliseconds timeout{1000};
    int retries = 2;                   // resends after the first try (RFC 1002: 3 tries)
    std::uint16_t port = 137;          // destination port
    std::string source;                // local address to send from ("" = any)
    std::size_t max_in_flight = 64;    // outstanding requests at once (scan)
    // How long a broadcast query keeps listening for more answers after the first one.
    std::chrono::milliseconds broadcast_linger{0};
};

// One request and where to send it.
struct job {
    address_v4 to;
    nbns::message request;  // transaction_id is assigned by run()
    // Broadcast: any node may answer, and every answer until the timeout is collected.
    // Unicast: only the address asked may answer, and the first answer ends the job.
    bool broadcast = false;
};

struct answer {
    address_v4 from;
    nbns::message message;
};

struct job_result {
    std::vector<answer> answers;
    int tries = 0;
    // Set when the request could not be sent, or (single-peer runs) the peer refused it
    // with an ICMP port unreachable.
    std::error_code send_error;
};

using done_callback = std::function<void(std::size_t index, const job_result&)>;

// Runs every job to completion with at most o.max_in_flight outstanding, and returns their
// results in job order. `on_done` (optional) is called as each job finishes, for streaming
// output. An error is returned only when the socket cannot be opened or bound.
std::expected<std::vector<job_result>, std::error_code> run(std::vector<job> jobs,
                                                            const query_options& o,
                                                            const done_callback& on_done = {});

// ---- the questions the tools ask ----

struct name_lookup {
    bool answered = false;        // a response of any kind arrived
    std::optional<std::uint8_t> rcode;  // the error of a negative response
    // Every (responder, address entry) of the positive responses, in arrival order.
    struct entry {
        address_v4 from;
        nbns::nb_address address;
        std::uint32_t ttl = 0;
    };
    std::vector<entry> entries;
    bool redirected = false;      // a redirect response (RFC 1002 4.2.15) arrived
};

// RFC 1002 4.2.12: ask `to` (a broadcast address when `broadcast`) for `name`.
std::expected<name_lookup, std::error_code> lookup_name(const nbns::netbios_name& name,
                                                        address_v4 to, bool broadcast,
                                                        bool recursion_desired,
                                                        const query_options& o);

struct host_status {
    address_v4 address;
    bool answered = false;
    nbns::node_status status;
    std::error_code send_error;
};

// RFC 1002 4.2.17: the node status of one host (question "*" unless `name` is given).
std::expected<host_status, std::error_code> query_status(address_v4 to, const query_options& o,
                                                         const nbns::netbios_name* name = nullptr);

// The node status of many hosts, concurrently; `on_host` sees each as it completes.
std::expected<std::vector<host_status>, std::error_code> scan(
    const std::vector<address_v4>& hosts, const query_options& o,
    const std::function<void(const host_status&)>& on_host = {});

// What nbtscan prints for a host: the computer name (first unique <00>), whether it runs a
// file server (unique <20>), the user (the last unique <03> other than the computer name,
// else the computer's own <03>), and the MAC.
struct host_summary {
    std::string name;     // "" when the host registered no unique <00>
    std::string workgroup;  // first group <00>
    bool server = false;
    std::string user;     // "" when unknown
    std::string mac;
};
host_summary summarize(const nbns::node_status& st);

}  // namespace smbkit::client::netbios
