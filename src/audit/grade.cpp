#include "audit/grade.hpp"

#include <algorithm>
#include <cstdio>

namespace smbkit::audit {
namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string port_evidence(const host_report& r, service s) {
    const auto* p = r.port(s);
    std::string e = std::string(p && p->udp ? "udp/" : "tcp/") + (p ? std::to_string(p->port) : "?");
    e += " answered on " + r.address + " (" + std::string(scope_name(r.scope)) + " address";
    if (r.internet_facing && is_lan(r.scope)) e += ", declared internet-facing";
    return e + ")";
}

}  // namespace

void grade(host_report& r) {
    std::vector<finding> f;
    auto add = [&](std::string id, severity level, std::string title, std::string reason,
                   std::string evidence) {
        f.push_back({std::move(id), level, std::move(title), std::move(reason), std::move(evidence)});
    };
    const bool outside = r.internet_facing;

    if (r.is_open(service::smb_direct)) {
        if (outside)
            add("smb-exposed", severity::high, "SMB (TCP 445) reachable from outside the LAN",
                "Port 445 over the internet or a WAN is a HIGH risk: restrict it at once. SMB ports "
                "are wormable (WannaCry / EternalBlue spread this way) and expose logons to "
                "password guessing and relay.",
                port_evidence(r, service::smb_direct));
        else
            add("smb-lan", severity::info, "SMB (TCP 445) open on the LAN",
                "File sharing is offered to the local network.", port_evidence(r, service::smb_direct));
    }
    if (r.is_open(service::nbss)) {
        if (outside)
            add("nbss-exposed", severity::high,
                "NetBIOS session service (TCP 139) reachable from outside the LAN",
                "NetBIOS port 139 over the internet or a WAN is a HIGH risk: raise it to the highest "
                "level and restrict it at once. It carries SMB like 445 and is as wormable.",
                port_evidence(r, service::nbss));
        else
            add("nbss-lan", severity::info, "NetBIOS session service (TCP 139) open on the LAN",
                "SMB is also offered over NetBIOS, as before Windows 2000.",
                port_evidence(r, service::nbss));
    }
    if (r.is_open(service::nbns) || r.netbios.answered) {
        std::string names;
        for (const auto& n : r.netbios.names) {
            if (!names.empty()) names += ", ";
            char suffix[8];
            std::snprintf(suffix, sizeof suffix, "<%02X>", n.suffix);
            names += n.name + suffix;
        }
        std::string evidence = port_evidence(r, service::nbns);
        if (!names.empty()) evidence += "; names: " + names;
        if (!r.netbios.mac.empty()) evidence += "; MAC " + r.netbios.mac;
        if (outside)
            add("nbns-exposed", severity::medium,
                "NetBIOS name service (UDP 137) answers from outside the LAN",
                "Node status gives anyone the computer name, workgroup or domain, logged-on user "
                "names and the MAC address, which helps an attacker aim; it belongs on the LAN only.",
                evidence);
        else
            add("nbns-lan", severity::info, "NetBIOS name service answers on the LAN",
                "Names and the MAC address are visible to the local network.", evidence);
    }
    if (r.is_open(service::nbds) && outside)
        add("nbds-exposed", severity::medium,
            "NetBIOS datagram service (UDP 138) answers from outside the LAN",
            "Browser announcements and datagrams should not cross the LAN boundary.",
            port_evidence(r, service::nbds));

    const auto& smb = r.smb;
    if (smb.smb1)
        add("smb1-enabled", severity::high, "SMB1 accepted",
            "SMB1 is the wormable surface of EternalBlue / WannaCry and lacks modern integrity "
            "protection; turn it off (server min protocol = SMB2_02).",
            "an SMB1 NEGOTIATE (NT LM 0.12) was accepted; dialects: " + join(smb.dialects));
    if (smb.reachable && !smb.signing_required)
        add("signing-not-required", severity::medium, "SMB signing not required",
            "Without required signing, a machine in the middle can tamper with traffic or relay "
            "NTLM logons to this server.",
            smb.signing_enabled ? "signing is enabled but not required"
                                : "signing is neither enabled nor required");
    if (smb.reachable && !smb.dialects.empty() &&
        std::none_of(smb.dialects.begin(), smb.dialects.end(),
                     [](const std::string& d) { return d.starts_with("3."); }))
        add("no-smb3", severity::low, "No SMB3 dialect offered",
            "Without SMB 3.x there is no encryption on the wire and weaker signing.",
            "dialects: " + join(smb.dialects));

    for (const auto& l : r.logons) {
        if (!l.attempted || !l.succeeded) continue;
        bool is_anon = l.identity == "anonymous";
        bool is_guest = l.identity == "guest" || l.as_guest;
        if (is_anon)
            add("anonymous-logon", severity::medium, "Anonymous (null session) logon accepted",
                "A null session lets anyone query the server without a password.",
                "session setup with empty user and password succeeded");
        else if (is_guest)
            add("guest-logon", severity::medium, "Guest logon accepted",
                "Any user name or password is let in as guest.",
                l.identity == "guest" ? "session setup as guest succeeded"
                                      : "logon as " + l.identity + " was mapped to guest");
        if (!is_anon && !is_guest) continue;
        if (l.shares_listed) {
            std::vector<std::string> names;
            for (const auto& s : l.shares) names.push_back(s.name);
            add(is_anon ? "anonymous-share-list" : "guest-share-list", severity::medium,
                std::string(is_anon ? "Anonymous" : "Guest") + " users can list shares",
                "Share names tell an attacker where the data is.", "shares: " + join(names));
        }
        for (const auto& s : l.shares) {
            if (s.type == "ipc") continue;
            std::string who = is_anon ? "anonymous" : "guest";
            if (s.writable)
                add(who + "-writable-share", severity::high,
                    "Share " + s.name + " is writable by " + who + " users",
                    "Anyone can plant or destroy files there, ransomware included.",
                    "a probe file was created and removed in " + s.name);
            else if (s.readable)
                add(who + "-readable-share", severity::medium,
                    "Share " + s.name + " is readable by " + who + " users",
                    "Anyone on the network can read what it holds.",
                    "the root of " + s.name + " could be listed");
        }
    }
    std::stable_sort(f.begin(), f.end(),
                     [](const finding& a, const finding& b) { return a.level > b.level; });
    r.findings = std::move(f);
}

}  // namespace smbkit::audit
