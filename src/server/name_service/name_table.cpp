#include "server/name_service/name_table.hpp"

#include <spdlog/spdlog.h>

namespace smbkit::server::name_service {

const char* name_state_name(name_state s) {
    switch (s) {
    case name_state::registering: return "registering";
    case name_state::active: return "active";
    case name_state::conflict: return "conflict";
    case name_state::released: return "released";
    }
    return "?";
}

bool name_table::add(const netbios::netbios_name& name, bool group, bool permanent,
                     steady_time now) {
    ++version_;
    if (auto* n = lookup(name)) {
        // A released name added again starts over; anything else stays as it is.
        if (n->state != name_state::released) return false;
        *n = local_name{name, group, permanent, name_state::registering, 0, now, {}};
        return true;
    }
    names_.push_back(local_name{name, group, permanent, name_state::registering, 0, now, {}});
    return true;
}

std::vector<netbios::netbios_name> name_table::tick(steady_time now) {
    std::vector<netbios::netbios_name> due;
    for (auto& n : names_) {
        if (n.state != name_state::registering || n.next > now) continue;
        if (n.broadcasts_sent < bcast_retry_count) {
            due.push_back(n.name);
            ++n.broadcasts_sent;
            n.next = now + bcast_retry_timeout;
        } else {
            n.state = name_state::active;
            ++version_;
            spdlog::info("name service: registered {}{}", n.name.to_string(),
                         n.group ? " (group)" : "");
        }
    }
    return due;
}

std::optional<steady_time> name_table::next_deadline() const {
    std::optional<steady_time> d;
    for (const auto& n : names_)
        if (n.state == name_state::registering && (!d || n.next < *d)) d = n.next;
    return d;
}

bool name_table::mark_conflict(const netbios::netbios_name& name, const std::string& reason) {
    auto* n = lookup(name);
    if (!n || (n->state != name_state::registering && n->state != name_state::active))
        return false;
    n->state = name_state::conflict;
    n->conflict_reason = reason;
    ++version_;
    spdlog::error("name service: {} is in conflict ({}); it will not be used",
                  name.to_string(), reason);
    return true;
}

defence name_table::on_registration_request(const netbios::netbios_name& name,
                                            bool request_group) const {
    const auto* n = find_active(name);
    if (!n) return defence::none;
    // RFC 1001 15.2.2.2: a group name may be shared; a unique one may not, and a name
    // cannot be both.
    if (n->group && request_group) return defence::none;
    return defence::refuse;
}

const local_name* name_table::find_active(const netbios::netbios_name& name) const {
    const auto* n = find(name);
    return n && n->state == name_state::active ? n : nullptr;
}

const local_name* name_table::find(const netbios::netbios_name& name) const {
    for (const auto& n : names_)
        if (n.name == name) return &n;
    return nullptr;
}

local_name* name_table::lookup(const netbios::netbios_name& name) {
    for (auto& n : names_)
        if (n.name == name) return &n;
    return nullptr;
}

std::vector<local_name> name_table::release_all() {
    ++version_;
    std::vector<local_name> out;
    for (auto& n : names_) {
        if (n.state == name_state::registering || n.state == name_state::active)
            out.push_back(n);
        if (n.state != name_state::conflict) n.state = name_state::released;
    }
    return out;
}

}  // namespace smbkit::server::name_service
