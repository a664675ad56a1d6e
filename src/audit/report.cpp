#include "audit/report.hpp"

#include <algorithm>
#include <cctype>

namespace smbkit::audit {

std::string_view severity_name(severity s) {
    switch (s) {
        case severity::info: return "INFO";
        case severity::low: return "LOW";
        case severity::medium: return "MEDIUM";
        case severity::high: return "HIGH";
    }
    return "INFO";
}

std::optional<severity> parse_severity(std::string_view s) {
    std::string u;
    for (char c : s) u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    for (auto v : {severity::info, severity::low, severity::medium, severity::high})
        if (severity_name(v) == u) return v;
    return std::nullopt;
}

std::string_view port_state_name(port_state s) {
    switch (s) {
        case port_state::open: return "open";
        case port_state::closed: return "closed";
        case port_state::filtered: return "filtered";
        case port_state::unknown: return "unknown";
    }
    return "unknown";
}

std::string_view service_name(service s) {
    switch (s) {
        case service::smb_direct: return "SMB over TCP (445)";
        case service::nbss: return "NetBIOS session service (TCP 139)";
        case service::nbns: return "NetBIOS name service (UDP 137)";
        case service::nbds: return "NetBIOS datagram service (UDP 138)";
    }
    return "unknown";
}

const port_result* host_report::port(service s) const {
    for (const auto& p : ports)
        if (p.svc == s) return &p;
    return nullptr;
}

bool host_report::is_open(service s) const {
    const auto* p = port(s);
    return p && p->state == port_state::open;
}

severity host_report::worst() const {
    severity w = severity::info;
    for (const auto& f : findings) w = std::max(w, f.level);
    return w;
}

}  // namespace smbkit::audit
