// smbkit lookup: resolve NetBIOS names by broadcast or from a WINS server, like nmblookup
// (RFC 1002 4.2.12 name query, 4.2.17 node status).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/netbios_common.hpp"
#include "client/netbios/targets.hpp"
#include "netbios/name.hpp"

namespace smbkit::cli {
namespace {

using namespace smbkit::cli::netbios;

struct lookup_options {
    std::vector<std::string> names;
    std::string broadcast;
    std::string unicast;
    bool recursion = false;
    bool status = false;
    bool by_address = false;
    std::string scope;
    net_options net;
};

std::string suffix_text(const nbns::netbios_name& n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<%02x>", n.suffix());
    return display_name(n.name()) + buf;
}

// Status lookups by address (-A): every argument is an address.
int run_by_address(const lookup_options& o) {
    auto q = o.net.query();
    nlohmann::json all = nlohmann::json::array();
    int rc = exit_ok;
    for (const auto& arg : o.names) {
        std::error_code ec;
        auto addr = asio::ip::make_address_v4(arg, ec);
        if (ec) {
            std::cerr << "smbkit lookup: '" << arg << "' is not an IPv4 address\n";
            return exit_usage;
        }
        if (!o.net.json) std::cout << "Looking up status of " << arg << "\n";
        auto st = nb::query_status(addr, q);
        if (!st) {
            std::cerr << "smbkit lookup: " << arg << ": " << st.error().message() << "\n";
            rc = exit_network;
            continue;
        }
        if (o.net.json) {
            all.push_back(status_json(*st));
        } else if (st->answered) {
            std::cout << status_nmblookup(*st) << "\n";
        } else {
            std::cout << "No reply from " << arg << "\n\n";
        }
        if (!st->answered) rc = exit_network;
    }
    if (o.net.json) std::cout << nlohmann::json{{"status", all}}.dump(2) << "\n";
    return rc;
}

int run(const lookup_options& o) {
    if (o.by_address) return run_by_address(o);
    if (!o.broadcast.empty() && !o.unicast.empty()) {
        std::cerr << "smbkit lookup: give -B or -U, not both\n";
        return exit_usage;
    }
    auto q = o.net.query();
    bool broadcast = o.unicast.empty();
    std::vector<nb::address_v4> targets;
    std::error_code ec;
    if (!o.unicast.empty()) {
        targets.push_back(asio::ip::make_address_v4(o.unicast, ec));
    } else if (!o.broadcast.empty()) {
        targets.push_back(asio::ip::make_address_v4(o.broadcast, ec));
    } else {
        targets = nb::interface_broadcasts();
        if (targets.empty()) targets.push_back(asio::ip::address_v4::broadcast());
    }
    if (ec) {
        std::cerr << "smbkit lookup: '" << (o.unicast.empty() ? o.broadcast : o.unicast)
                  << "' is not an IPv4 address\n";
        return exit_usage;
    }

    int found = 0, missing = 0, network = 0;
    nlohmann::json queries = nlohmann::json::array();
    for (const auto& text : o.names) {
        // nmblookup's default name type is <00>.
        auto name = nbns::netbios_name::parse(text, 0x00, o.scope);
        if (!name) {
            std::cerr << "smbkit lookup: '" << text << "' is not a NetBIOS name "
                      << "(at most 15 characters, optionally #XX for the type)\n";
            return exit_usage;
        }
        nlohmann::json jq{{"name", suffix_text(*name)}, {"broadcast", broadcast}};
        nlohmann::json addresses = nlohmann::json::array();
        bool any = false, unreachable = false;
        std::optional<std::uint8_t> rcode;
        std::vector<nb::address_v4> seen;
        for (const auto& target : targets) {
            if (!o.net.json)
                std::cout << "querying " << suffix_text(*name) << " on " << target.to_string() << "\n";
            auto res = nb::lookup_name(*name, target, broadcast, o.recursion, q);
            if (!res) {
                std::cerr << "smbkit lookup: " << target.to_string() << ": " << res.error().message()
                          << "\n";
                unreachable = true;
                continue;
            }
            // A node that does not own the name stays silent (only a WINS server says no), so
            // silence is "not found", as nmblookup has it; a refused port is a network error.
            if (res->rcode) rcode = res->rcode;
            for (const auto& e : res->entries) {
                any = true;
                nb::address_v4 ip(e.address.ip);
                if (!o.net.json) std::cout << ip.to_string() << " " << suffix_text(*name) << "\n";
                nlohmann::json ja{{"address", ip.to_string()},
                                  {"responder", e.from.to_string()},
                                  {"group", e.address.group},
                                  {"node_type", nbns::node_type_name(e.address.ont)},
                                  {"ttl", e.ttl}};
                bool dup = false;
                for (const auto& s : seen) dup = dup || s == ip;
                if (o.status && !dup) {
                    seen.push_back(ip);
                    auto st = nb::query_status(ip, q);
                    if (st && st->answered) {
                        if (o.net.json) ja["status"] = status_json(*st);
                        else std::cout << "Looking up status of " << ip.to_string() << "\n"
                                       << status_nmblookup(*st) << "\n";
                    } else if (!o.net.json) {
                        std::cout << "No reply from " << ip.to_string() << "\n";
                    }
                }
                addresses.push_back(ja);
            }
            if (res->redirected && !o.net.json)
                std::cerr << "smbkit lookup: " << target.to_string()
                          << " redirected the query to another name server\n";
        }
        jq["found"] = any;
        jq["addresses"] = addresses;
        if (rcode) jq["rcode"] = nbns::rcode_name(*rcode);
        if (any) {
            ++found;
        } else if (unreachable && !rcode) {
            ++network;
            jq["error"] = "network error";
        } else {
            ++missing;
            if (!o.net.json)
                std::cout << "name_query failed to find name " << suffix_text(*name)
                          << (rcode ? std::string(" (") + nbns::rcode_name(*rcode) + ")" : "") << "\n";
        }
        queries.push_back(jq);
    }
    if (o.net.json) std::cout << nlohmann::json{{"queries", queries}}.dump(2) << "\n";
    (void)found;
    if (network) return exit_network;
    if (missing) return exit_failure;
    return exit_ok;
}

const bool registered = add_command({
    "lookup", "Resolve NetBIOS names by broadcast or from a WINS server (like nmblookup)", 20,
    [](CLI::App& app) {
        auto o = std::make_shared<lookup_options>();
        app.footer(
            "Resolve NetBIOS names (RFC 1002 name query), like nmblookup.\n"
            "  smbkit lookup -B 192.168.1.255 FILESRV         broadcast on one segment\n"
            "  smbkit lookup -U 10.0.0.2 -R CORP#1c           ask a WINS server (recursion)\n"
            "  smbkit lookup -S -U 10.0.0.2 -R FILESRV         and show each host's names\n"
            "  smbkit lookup -A 10.0.0.7                       node status by address\n"
            "NAME is up to 15 characters; NAME#XX or NAME<XX> picks the type (default 00).\n"
            "Exit status: 0 found, 1 not found (a negative answer, or silence: a node does\n"
            "not answer for names it does not own), 2 usage, 3 network error (the port\n"
            "was refused, or the query could not be sent).");
        app.add_option("names", o->names, "NetBIOS names (or addresses with -A)")->required();
        app.add_option("-B,--broadcast", o->broadcast,
                       "Broadcast address to query (default: every interface's broadcast)");
        app.add_option("-U,--unicast", o->unicast, "Ask this host (a WINS server or the node)");
        app.add_flag("-R,--recursion", o->recursion, "Set recursion desired (needed for WINS)");
        app.add_flag("-S,--status", o->status, "Also show the node status of each address found");
        app.add_flag("-A,--lookup-by-ip", o->by_address,
                     "Arguments are IP addresses: show their node status (like nmblookup -A)");
        app.add_option("-i,--scope", o->scope, "NetBIOS scope ID");
        add_net_options(app, o->net, 2);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
