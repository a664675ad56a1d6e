#include "audit/render.hpp"

#include <cstdio>

namespace smbkit::audit {
namespace {

std::string suffix_hex(std::uint8_t s) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02X", s);
    return buf;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

const char* color_of(severity s) {
    switch (s) {
        case severity::high: return "\x1b[1;31m";
        case severity::medium: return "\x1b[33m";
        case severity::low: return "\x1b[36m";
        case severity::info: return "\x1b[2m";
    }
    return "";
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

std::string render_text(const std::vector<host_report>& hosts, bool color) {
    std::string out;
    auto sev = [&](severity s) {
        std::string name(severity_name(s));
        name.resize(6, ' ');
        return color ? std::string(color_of(s)) + name + "\x1b[0m" : name;
    };
    for (const auto& h : hosts) {
        out += "Host " + h.address + " (" + std::string(scope_name(h.scope)) + " address" +
               (h.internet_facing ? ", treated as internet-facing" : "") +
               "): worst finding " + std::string(severity_name(h.worst())) + "\n";
        out += "  Ports:\n";
        for (const auto& p : h.ports)
            out += "    " + std::string(p.udp ? "udp/" : "tcp/") + std::to_string(p.port) + "  " +
                   std::string(port_state_name(p.state)) + (p.note.empty() ? "" : "  (" + p.note + ")") +
                   "\n";
        if (h.netbios.answered) {
            out += "  NetBIOS: " + h.netbios.computer_name + " in " + h.netbios.workgroup +
                   (h.netbios.mac.empty() ? "" : ", MAC " + h.netbios.mac) +
                   (h.netbios.domain_controller ? ", domain controller" : "") +
                   (h.netbios.master_browser ? ", master browser" : "") + "\n";
            for (const auto& n : h.netbios.names) {
                std::string name = n.name;
                name.resize(16, ' ');
                out += "    " + name + "<" + suffix_hex(n.suffix) + "> " +
                       (n.group ? "GROUP " : "UNIQUE") + "  " + n.usage + "\n";
            }
        }
        if (h.smb.reachable) {
            const auto& s = h.smb;
            out += "  SMB (" + s.transport + "): dialects " + join(s.dialects) + "\n";
            out += "    signing enabled " + yes_no(s.signing_enabled) + ", required " +
                   yes_no(s.signing_required) + "\n";
            if (!s.ciphers.empty()) out += "    ciphers " + join(s.ciphers) + "\n";
            if (!s.signing_algorithms.empty())
                out += "    signing algorithms " + join(s.signing_algorithms) + "\n";
            if (s.preauth_integrity) out += "    preauth integrity SHA-512\n";
            if (!s.server_guid.empty()) out += "    server GUID " + s.server_guid + "\n";
            if (!s.capabilities.empty()) out += "    capabilities " + join(s.capabilities) + "\n";
            if (s.server_time) out += "    server time " + *s.server_time + "\n";
            if (s.boot_time) out += "    boot time " + *s.boot_time + "\n";
        }
        for (const auto& l : h.logons) {
            if (!l.attempted) continue;
            out += "  Logon as " + l.identity + ": " +
                   (l.succeeded ? std::string(l.as_guest ? "accepted (as guest)" : "accepted")
                                : "refused" + (l.status.empty() ? "" : " (" + l.status + ")")) +
                   "\n";
            for (const auto& s : l.shares)
                out += "    " + s.name + " [" + s.type + "]" + (s.connectable ? "" : " no access") +
                       (s.readable ? " read" : "") + (s.writable ? " WRITE" : "") +
                       (s.comment.empty() ? "" : "  " + s.comment) + "\n";
        }
        for (const auto& e : h.errors) out += "  Note: " + e + "\n";
        out += "  Findings:\n";
        if (h.findings.empty()) out += "    none\n";
        for (const auto& f : h.findings) {
            out += "    " + sev(f.level) + " " + f.title + "\n";
            out += "           why: " + f.reason + "\n";
            out += "           seen: " + f.evidence + "\n";
        }
        out += "\n";
    }
    return out;
}

nlohmann::json to_json(const host_report& h) {
    using nlohmann::json;
    json j;
    j["address"] = h.address;
    j["scope"] = scope_name(h.scope);
    j["internet_facing"] = h.internet_facing;
    j["worst"] = severity_name(h.worst());
    j["ports"] = json::array();
    for (const auto& p : h.ports)
        j["ports"].push_back({{"service", service_name(p.svc)},
                              {"protocol", p.udp ? "udp" : "tcp"},
                              {"port", p.port},
                              {"state", port_state_name(p.state)},
                              {"note", p.note}});
    json nb = {{"answered", h.netbios.answered},
               {"computer_name", h.netbios.computer_name},
               {"workgroup", h.netbios.workgroup},
               {"mac", h.netbios.mac},
               {"domain_controller", h.netbios.domain_controller},
               {"master_browser", h.netbios.master_browser},
               {"names", json::array()}};
    for (const auto& n : h.netbios.names)
        nb["names"].push_back({{"name", n.name},
                               {"suffix", suffix_hex(n.suffix)},
                               {"type", n.group ? "group" : "unique"},
                               {"usage", n.usage}});
    j["netbios"] = nb;
    const auto& s = h.smb;
    j["smb"] = {{"reachable", s.reachable},
                {"transport", s.transport},
                {"dialects", s.dialects},
                {"smb1", s.smb1},
                {"signing_enabled", s.signing_enabled},
                {"signing_required", s.signing_required},
                {"ciphers", s.ciphers},
                {"signing_algorithms", s.signing_algorithms},
                {"preauth_integrity", s.preauth_integrity},
                {"server_guid", s.server_guid},
                {"capabilities", s.capabilities},
                {"server_time", s.server_time ? json(*s.server_time) : json(nullptr)},
                {"boot_time", s.boot_time ? json(*s.boot_time) : json(nullptr)}};
    j["logons"] = json::array();
    for (const auto& l : h.logons) {
        json lj = {{"identity", l.identity},       {"attempted", l.attempted},
                   {"succeeded", l.succeeded},     {"as_guest", l.as_guest},
                   {"status", l.status},           {"shares_listed", l.shares_listed},
                   {"shares", json::array()}};
        for (const auto& sh : l.shares)
            lj["shares"].push_back({{"name", sh.name},
                                    {"type", sh.type},
                                    {"comment", sh.comment},
                                    {"connectable", sh.connectable},
                                    {"readable", sh.readable},
                                    {"writable", sh.writable}});
        j["logons"].push_back(lj);
    }
    j["errors"] = h.errors;
    j["findings"] = json::array();
    for (const auto& f : h.findings)
        j["findings"].push_back({{"id", f.id},
                                 {"severity", severity_name(f.level)},
                                 {"title", f.title},
                                 {"reason", f.reason},
                                 {"evidence", f.evidence}});
    return j;
}

std::string render_json(const std::vector<host_report>& hosts) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& h : hosts) j.push_back(to_json(h));
    return j.dump(2) + "\n";
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

std::string render_html(const std::vector<host_report>& hosts, const std::string& generated_at) {
    auto e = [](std::string_view s) { return html_escape(s); };
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<title>smbkit exposure audit</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;"
        "text-align:left}th{background:#f4f4f4}.HIGH{background:#c62828;color:#fff}"
        ".MEDIUM{background:#f9a825}.LOW{background:#4fc3f7}.INFO{background:#eee}"
        ".sev{font-weight:bold;padding:.1em .5em;border-radius:3px}section{margin-bottom:2em}\n"
        "</style></head><body>\n<h1>SMB and NetBIOS exposure audit</h1>\n<p>Generated " +
        e(generated_at) + " by smbkit. " + std::to_string(hosts.size()) + " host(s).</p>\n";
    out += "<table><tr><th>Host</th><th>Worst</th><th>Findings</th></tr>\n";
    for (const auto& h : hosts) {
        auto w = std::string(severity_name(h.worst()));
        out += "<tr><td><a href=\"#h-" + e(h.address) + "\">" + e(h.address) +
               "</a></td><td><span class=\"sev " + w + "\">" + w + "</span></td><td>" +
               std::to_string(h.findings.size()) + "</td></tr>\n";
    }
    out += "</table>\n";
    for (const auto& h : hosts) {
        out += "<section id=\"h-" + e(h.address) + "\"><h2>" + e(h.address) + " <small>(" +
               e(scope_name(h.scope)) + (h.internet_facing ? ", internet-facing" : "") +
               ")</small></h2>\n<h3>Findings</h3>\n<table><tr><th>Severity</th><th>Finding</th>"
               "<th>Why</th><th>Evidence</th></tr>\n";
        for (const auto& f : h.findings) {
            auto w = std::string(severity_name(f.level));
            out += "<tr><td><span class=\"sev " + w + "\">" + w + "</span></td><td>" + e(f.title) +
                   "</td><td>" + e(f.reason) + "</td><td>" + e(f.evidence) + "</td></tr>\n";
        }
        out += "</table>\n<h3>Ports</h3>\n<table><tr><th>Port</th><th>State</th><th>Note</th></tr>\n";
        for (const auto& p : h.ports)
            out += "<tr><td>" + std::string(p.udp ? "udp/" : "tcp/") + std::to_string(p.port) +
                   "</td><td>" + e(port_state_name(p.state)) + "</td><td>" + e(p.note) + "</td></tr>\n";
        out += "</table>\n";
        if (h.netbios.answered) {
            out += "<h3>NetBIOS names</h3><p>" + e(h.netbios.computer_name) + " in " +
                   e(h.netbios.workgroup) + (h.netbios.mac.empty() ? "" : ", MAC " + e(h.netbios.mac)) +
                   "</p>\n<table><tr><th>Name</th><th>Suffix</th><th>Type</th><th>Usage</th></tr>\n";
            for (const auto& n : h.netbios.names)
                out += "<tr><td>" + e(n.name) + "</td><td>&lt;" + suffix_hex(n.suffix) +
                       "&gt;</td><td>" + (n.group ? "group" : "unique") + "</td><td>" + e(n.usage) +
                       "</td></tr>\n";
            out += "</table>\n";
        }
        if (h.smb.reachable) {
            const auto& s = h.smb;
            out += "<h3>SMB</h3>\n<table>"
                   "<tr><th>Dialects</th><td>" + e(join(s.dialects)) + "</td></tr>"
                   "<tr><th>Signing</th><td>enabled " + yes_no(s.signing_enabled) + ", required " +
                   yes_no(s.signing_required) + "</td></tr>"
                   "<tr><th>Ciphers</th><td>" + e(join(s.ciphers)) + "</td></tr>"
                   "<tr><th>Signing algorithms</th><td>" + e(join(s.signing_algorithms)) + "</td></tr>"
                   "<tr><th>Server GUID</th><td>" + e(s.server_guid) + "</td></tr>"
                   "<tr><th>Capabilities</th><td>" + e(join(s.capabilities)) + "</td></tr>"
                   "</table>\n";
        }
        for (const auto& l : h.logons) {
            if (!l.attempted) continue;
            out += "<h3>Logon as " + e(l.identity) + ": " +
                   (l.succeeded ? (l.as_guest ? "accepted as guest" : "accepted") : "refused") +
                   "</h3>\n";
            if (l.shares.empty()) continue;
            out += "<table><tr><th>Share</th><th>Type</th><th>Read</th><th>Write</th><th>Comment</th></tr>\n";
            for (const auto& s : l.shares)
                out += "<tr><td>" + e(s.name) + "</td><td>" + e(s.type) + "</td><td>" +
                       yes_no(s.readable) + "</td><td>" + yes_no(s.writable) + "</td><td>" +
                       e(s.comment) + "</td></tr>\n";
            out += "</table>\n";
        }
        for (const auto& err : h.errors) out += "<p><em>Note: " + e(err) + "</em></p>\n";
        out += "</section>\n";
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace smbkit::audit
