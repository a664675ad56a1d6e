#pragma once
// The names this node owns and their B-node life cycle (RFC 1001 15.2, RFC 1002 5.1.1):
//
//   registering --3 broadcasts, 250 ms apart, no objection--> active
//   registering --negative registration response--> conflict
//   active --name conflict demand--> conflict
//   registering/active --release on shutdown--> released
//
// While active a unique name is defended: a registration request for it from another node
// gets a negative response (ACT_ERR). A name in conflict is kept (so node status shows it
// with CNF) but never answered for or defended. The table is pure state: the caller sends
// the packets that tick() asks for.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netbios/name.hpp"

namespace smbkit::server::name_service {

using steady_time = std::chrono::steady_clock::time_point;

// RFC 1002 6 (defined constants): BCAST_REQ_RETRY_TIMEOUT and BCAST_REQ_RETRY_COUNT.
inline constexpr std::chrono::milliseconds bcast_retry_timeout{250};
inline constexpr int bcast_retry_count = 3;

enum class name_state { registering, active, conflict, released };
const char* name_state_name(name_state s);

struct local_name {
    netbios::netbios_name name;
    bool group = false;
    bool permanent = false;  // the node's own name <00>: PRM in node status
    name_state state = name_state::registering;
    int broadcasts_sent = 0;
    steady_time next{};
    std::string conflict_reason;  // who objected, for the log and `status`
};

// What a defended registration request gets.
enum class defence { none, refuse };

class name_table {
public:
    // Adds a name (or does nothing if it is already there) and starts its registration at
    // `now`. Returns false when the name is already present.
    bool add(const netbios::netbios_name& name, bool group, bool permanent, steady_time now);

    // Registration broadcasts that are due: the caller broadcasts one NAME REGISTRATION
    // REQUEST for each returned name on every interface. Names that have had their three
    // broadcasts and one more timeout without objection become active.
    std::vector<netbios::netbios_name> tick(steady_time now);
    // The earliest time tick() has work, or nullopt.
    std::optional<steady_time> next_deadline() const;

    // A negative registration response (another node owns the name) or a conflict demand.
    // Returns true when the name was ours and is now in conflict.
    bool mark_conflict(const netbios::netbios_name& name, const std::string& reason);

    // A registration request from another node: refuse when we own `name` as an active
    // unique name, or as a group name that the request wants unique.
    defence on_registration_request(const netbios::netbios_name& name, bool request_group) const;

    // The name if we answer queries for it (active), else null.
    const local_name* find_active(const netbios::netbios_name& name) const;
    const local_name* find(const netbios::netbios_name& name) const;

    // Names to release on shutdown (registering or active); all become released.
    std::vector<local_name> release_all();

    const std::vector<local_name>& names() const { return names_; }
    // Changes whenever a name is added or changes state (for answers cached from it).
    std::uint64_t version() const { return version_; }

private:
    local_name* lookup(const netbios::netbios_name& name);
    std::vector<local_name> names_;
    std::uint64_t version_ = 0;
};

}  // namespace smbkit::server::name_service
