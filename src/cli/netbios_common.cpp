#include "cli/netbios_common.hpp"

#include <cstdio>

#include "netbios/name.hpp"
#include "netbios/suffix_table.hpp"

namespace smbkit::cli::netbios {

nb::query_options net_options::query() const {
    nb::query_options q;
    q.timeout = std::chrono::milliseconds(timeout_ms);
    q.retries = retries;
    q.port = static_cast<std::uint16_t>(port);
    q.source = source;
    return q;
}

void add_net_options(CLI::App& app, net_options& o, int default_retries) {
    o.retries = default_retries;
    app.add_option("--timeout", o.timeout_ms, "Milliseconds to wait for an answer, per try")
        ->capture_default_str()
        ->check(CLI::Range(1, 600000));
    app.add_option("--retries", o.retries, "Resends after the first try when nothing answers")
        ->capture_default_str()
        ->check(CLI::Range(0, 20));
    app.add_option("--port", o.port, "UDP port of the name service")
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    app.add_option("--source", o.source, "Local IPv4 address to send from (default: any)");
    app.add_flag("--json", o.json, "Print JSON instead of text");
}

std::string display_name(std::string_view raw_name) { return smbkit::netbios::printable(raw_name); }

std::string flag_words(const nbns::name_flags& f) {
    std::string s = nbns::node_type_name(f.ont);
    if (f.active) s += " ACTIVE";
    if (f.permanent) s += " PERMANENT";
    if (f.conflict) s += " CONFLICT";
    if (f.deregister) s += " DEREGISTERING";
    return s;
}

nlohmann::json status_json(const nb::host_status& h) {
    nlohmann::json j;
    j["address"] = h.address.to_string();
    j["answered"] = h.answered;
    if (!h.answered) return j;
    auto names = nlohmann::json::array();
    for (const auto& e : h.status.names) {
        char suffix[4];
        std::snprintf(suffix, sizeof suffix, "%02X", e.suffix());
        names.push_back({
            {"name", display_name(e.name())},
            {"suffix", suffix},
            {"type", e.flags.group ? "GROUP" : "UNIQUE"},
            {"node_type", nbns::node_type_name(e.flags.ont)},
            {"active", e.flags.active},
            {"permanent", e.flags.permanent},
            {"conflict", e.flags.conflict},
            {"deregistering", e.flags.deregister},
            {"usage", smbkit::netbios::describe_name(e.name(), e.suffix(), e.flags.group)},
        });
    }
    j["names"] = names;
    j["mac"] = h.status.mac();
    auto s = nb::summarize(h.status);
    j["netbios_name"] = s.name;
    j["workgroup"] = s.workgroup;
    j["server"] = s.server;
    j["user"] = s.user;
    return j;
}

std::string status_table(const nb::host_status& h) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-16s %-6s %-7s %-22s %s\n", "Name", "Suffix", "Type",
                  "Flags", "Usage");
    out += line;
    out += std::string(90, '-') + "\n";
    for (const auto& e : h.status.names) {
        char suffix[8];
        std::snprintf(suffix, sizeof suffix, "<%02X>", e.suffix());
        auto usage = smbkit::netbios::describe_name(e.name(), e.suffix(), e.flags.group);
        std::snprintf(line, sizeof line, "%-16s %-6s %-7s %-22s %s\n",
                      display_name(e.name()).c_str(), suffix, e.flags.group ? "GROUP" : "UNIQUE",
                      flag_words(e.flags).c_str(), usage.c_str());
        out += line;
    }
    auto mac = h.status.mac();
    for (auto& c : mac)
        if (c == ':') c = '-';
    out += "\nMAC Address = " + mac + "\n";
    return out;
}

std::string status_nmblookup(const nb::host_status& h) {
    std::string out;
    char line[256];
    for (const auto& e : h.status.names) {
        std::string flags;
        if (e.flags.deregister) flags += "<DEREGISTERING> ";
        if (e.flags.conflict) flags += "<CONFLICT> ";
        if (e.flags.active) flags += "<ACTIVE> ";
        if (e.flags.permanent) flags += "<PERMANENT> ";
        std::snprintf(line, sizeof line, "\t%-15s <%02x> - %s %s %s\n",
                      display_name(e.name()).c_str(), e.suffix(), e.flags.group ? "<GROUP>" : "       ",
                      nbns::node_type_name(e.flags.ont), flags.c_str());
        out += line;
    }
    auto mac = h.status.mac();
    for (auto& c : mac)
        if (c == ':') c = '-';
    out += "\n\tMAC Address = " + mac + "\n";
    return out;
}

}  // namespace smbkit::cli::netbios
