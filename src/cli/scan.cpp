// smbkit scan: NetBIOS node status of every address in a range, like nbtscan (RFC 1002
// 4.2.17 / 4.2.18), many requests in flight over one socket.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/netbios_common.hpp"
#include "client/netbios/targets.hpp"
#include "netbios/suffix_table.hpp"

namespace smbkit::cli {
namespace {

using namespace smbkit::cli::netbios;

struct scan_options {
    std::vector<std::string> ranges;
    bool verbose = false;
    bool csv = false;
    bool all_hosts = false;
    int concurrency = 256;
    net_options net;
};

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void print_table_header() {
    std::printf("%-17s%-17s%-10s%-17s%-17s\n", "IP address", "NetBIOS Name", "Server", "User",
                "MAC address");
    std::printf("%s\n", std::string(78, '-').c_str());
}

void print_row(const nb::host_status& h) {
    auto s = nb::summarize(h.status);
    std::printf("%-17s%-17s%-10s%-17s%-17s\n", h.address.to_string().c_str(),
                s.name.empty() ? "<unknown>" : display_name(s.name).c_str(),
                s.server ? "<server>" : "", s.user.empty() ? "<unknown>" : display_name(s.user).c_str(),
                s.mac.c_str());
}

void print_verbose(const nb::host_status& h) {
    std::printf("\nNetBIOS Name Table for Host %s:\n\n", h.address.to_string().c_str());
    std::printf("%-17s%-9s%-8s%s\n", "Name", "Service", "Type", "Usage");
    std::printf("%s\n", std::string(60, '-').c_str());
    for (const auto& e : h.status.names) {
        char suffix[8];
        std::snprintf(suffix, sizeof suffix, "<%02x>", e.suffix());
        auto usage = smbkit::netbios::describe_name(e.name(), e.suffix(), e.flags.group);
        std::printf("%-17s%-9s%-8s%s\n", display_name(e.name()).c_str(), suffix,
                    e.flags.group ? "GROUP" : "UNIQUE", usage.c_str());
    }
    std::printf("\nAdapter address: %s\n%s\n", h.status.mac().c_str(), std::string(60, '-').c_str());
}

int run(const scan_options& o) {
    std::vector<nb::address_v4> hosts;
    for (const auto& r : o.ranges) {
        auto t = nb::parse_targets(r);
        if (!t) {
            std::cerr << "smbkit scan: " << t.error() << "\n";
            return exit_usage;
        }
        for (auto a : *t)
            if (std::find(hosts.begin(), hosts.end(), a) == hosts.end()) hosts.push_back(a);
    }
    auto q = o.net.query();
    q.max_in_flight = static_cast<std::size_t>(o.concurrency);
    auto results = nb::scan(hosts, q);
    if (!results) {
        std::cerr << "smbkit scan: " << results.error().message() << "\n";
        return exit_network;
    }
    std::size_t answered = 0, send_errors = 0;
    for (const auto& h : *results) {
        answered += h.answered;
        send_errors += static_cast<bool>(h.send_error);
    }
    if (o.net.json) {
        nlohmann::json hj = nlohmann::json::array();
        for (const auto& h : *results)
            if (h.answered || o.all_hosts) hj.push_back(status_json(h));
        std::cout << nlohmann::json{{"scanned", hosts.size()}, {"answered", answered}, {"hosts", hj}}
                         .dump(2)
                  << "\n";
    } else if (o.csv) {
        std::cout << "ip,netbios_name,workgroup,server,user,mac\n";
        for (const auto& h : *results) {
            if (!h.answered) continue;
            auto s = nb::summarize(h.status);
            std::cout << h.address.to_string() << "," << csv_field(display_name(s.name)) << ","
                      << csv_field(display_name(s.workgroup)) << "," << (s.server ? "yes" : "no")
                      << "," << csv_field(display_name(s.user)) << "," << s.mac << "\n";
        }
    } else if (o.verbose) {
        for (const auto& h : *results)
            if (h.answered) print_verbose(h);
    } else {
        std::printf("Doing NBT name scan for %zu addresses\n\n", hosts.size());
        print_table_header();
        for (const auto& h : *results)
            if (h.answered) print_row(h);
    }
    std::fflush(stdout);
    if (send_errors == hosts.size()) {
        std::cerr << "smbkit scan: every send failed: " << (*results)[0].send_error.message() << "\n";
        return exit_network;
    }
    return answered ? exit_ok : exit_failure;
}

const bool registered = add_command({
    "scan", "Scan address ranges for NetBIOS names (like nbtscan)", 22, [](CLI::App& app) {
        auto o = std::make_shared<scan_options>();
        app.footer(
            "Send a NetBIOS node status request to every address and list who answers, like\n"
            "nbtscan: IP, computer name, file server, user, MAC. Requests go out concurrently\n"
            "(at most --concurrency unanswered at once) and are resent --retries times.\n"
            "  smbkit scan 192.168.1.0/24\n"
            "  smbkit scan -v 10.0.0.1-254\n"
            "  smbkit scan --csv 10.0.0.1-10.0.3.254,10.0.9.7\n"
            "RANGE: ADDR, ADDR-LASTOCTET, ADDR-ADDR, or CIDR (network and broadcast addresses\n"
            "are skipped); several may be given, comma-separated or as arguments.\n"
            "Exit status: 0 some host answered, 1 none did, 2 usage, 3 nothing could be sent.");
        app.add_option("ranges", o->ranges, "Addresses to scan")->required();
        app.add_flag("-v,--verbose", o->verbose, "Print every name of each host, with its usage");
        app.add_flag("--csv", o->csv, "Print CSV: ip,netbios_name,workgroup,server,user,mac");
        app.add_flag("--all", o->all_hosts, "With --json, list hosts that did not answer too");
        app.add_option("--concurrency", o->concurrency, "Requests in flight at once")
            ->capture_default_str()
            ->check(CLI::Range(1, 4096));
        add_net_options(app, o->net, 1);
        app.get_option("--timeout")->default_val(1000);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
