#pragma once
// What the audit learned of one host, and the findings graded from it. Probes fill the
// facts; grade() (grade.hpp) adds the findings; render_*() (render.hpp) print them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/address.hpp"

namespace smbkit::audit {

enum class severity { info, low, medium, high };
std::string_view severity_name(severity s);  // "INFO", "LOW", "MEDIUM", "HIGH"
std::optional<severity> parse_severity(std::string_view s);

enum class port_state {
    open,      // a TCP connect succeeded / a UDP service answered
    closed,    // refused (TCP RST, ICMP port unreachable)
    filtered,  // no answer within the timeout
    unknown,   // not probed, or not observable (UDP 138 without a reply)
};
std::string_view port_state_name(port_state s);

// The four services of the seed; ports are configurable so tests can use unprivileged ones.
enum class service {
    smb_direct,  // TCP 445: SMB without NetBIOS
    nbss,        // TCP 139: NetBIOS session service (SMB over NetBIOS)
    nbns,        // UDP 137: NetBIOS name service
    nbds,        // UDP 138: NetBIOS datagram service
};
std::string_view service_name(service s);  // "tcp/445 (SMB)" style, with the default port

struct port_result {
    service svc = service::smb_direct;
    std::uint16_t port = 0;
    bool udp = false;
    port_state state = port_state::unknown;
    std::string note;  // how it was judged
};

struct netbios_name_entry {
    std::string name;
    std::uint8_t suffix = 0;
    bool group = false;
    std::string usage;  // decoded from the suffix table
};

struct netbios_info {
    bool answered = false;
    std::vector<netbios_name_entry> names;
    std::string mac;  // "00:11:22:33:44:55"
    std::string computer_name;
    std::string workgroup;
    bool domain_controller = false;  // DOMAIN<1C> group
    bool master_browser = false;     // __MSBROWSE__<01> or DOMAIN<1D>
};

struct smb_info {
    bool reachable = false;              // an SMB negotiate was answered on 445 or 139
    std::string transport;               // "tcp/445" or "nbss/139"
    std::vector<std::string> dialects;   // accepted, probed one by one: "SMB1", "2.0.2" … "3.1.1"
    bool smb1 = false;
    bool signing_enabled = false;
    bool signing_required = false;
    std::vector<std::string> ciphers;             // 3.1.1 context / 3.0 capability
    std::vector<std::string> signing_algorithms;  // 3.1.1 context
    bool preauth_integrity = false;
    std::string server_guid;
    std::vector<std::string> capabilities;
    std::optional<std::string> server_time;  // ISO 8601 UTC
    std::optional<std::string> boot_time;
};

struct share_access {
    std::string name;
    std::string type;  // "disk", "ipc", "printer"
    std::string comment;
    bool connectable = false;
    bool readable = false;  // the root could be listed
    bool writable = false;  // a probe file could be created (and was removed)
};

struct logon_result {
    std::string identity;  // "anonymous", "guest", or "DOMAIN\\user"
    bool attempted = false;
    bool succeeded = false;
    bool as_guest = false;  // the server mapped the logon to guest
    std::string status;     // NTSTATUS name when it failed
    bool shares_listed = false;
    std::vector<share_access> shares;
};

struct finding {
    std::string id;  // stable identifier, e.g. "smb1-enabled"
    severity level = severity::info;
    std::string title;
    std::string reason;  // why it matters
    std::string evidence;
};

struct host_report {
    std::string address;
    address_scope scope = address_scope::public_internet;
    bool internet_facing = false;  // outside the LAN, or forced by --internet-facing
    std::vector<port_result> ports;
    netbios_info netbios;
    smb_info smb;
    std::vector<logon_result> logons;
    std::vector<std::string> errors;  // probes that could not complete, and why
    std::vector<finding> findings;

    const port_result* port(service s) const;
    bool is_open(service s) const;
    severity worst() const;  // info when there are no findings
};

}  // namespace smbkit::audit
