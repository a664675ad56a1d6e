// smbkit status: the NetBIOS name table of a host, like `nbtstat -A` (RFC 1002 4.2.17 node
// status request, 4.2.18 response), with what each name is used for.
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/netbios_common.hpp"

namespace smbkit::cli {
namespace {

using namespace smbkit::cli::netbios;

struct status_options {
    std::vector<std::string> hosts;
    std::string name;
    net_options net;
};

int run(const status_options& o) {
    auto q = o.net.query();
    std::optional<nbns::netbios_name> asked;
    if (!o.name.empty()) {
        auto n = nbns::netbios_name::parse(o.name, 0x00);
        if (!n) {
            std::cerr << "smbkit status: '" << o.name << "' is not a NetBIOS name\n";
            return exit_usage;
        }
        asked = *n;
    }
    int rc = exit_ok;
    nlohmann::json all = nlohmann::json::array();
    for (const auto& host : o.hosts) {
        std::error_code ec;
        auto addr = asio::ip::make_address_v4(host, ec);
        if (ec) {
            std::cerr << "smbkit status: '" << host << "' is not an IPv4 address\n";
            return exit_usage;
        }
        auto st = nb::query_status(addr, q, asked ? &*asked : nullptr);
        if (!st) {
            std::cerr << "smbkit status: " << host << ": " << st.error().message() << "\n";
            rc = exit_network;
            continue;
        }
        if (o.net.json) {
            all.push_back(status_json(*st));
        } else if (st->answered) {
            std::cout << "NetBIOS name table of " << host << "\n\n";
            std::cout << status_table(*st) << "\n";
        } else {
            std::cerr << "smbkit status: no reply from " << host << "\n";
        }
        if (!st->answered) rc = exit_network;
    }
    if (o.net.json) std::cout << (all.size() == 1 ? all[0] : all).dump(2) << "\n";
    return rc;
}

const bool registered = add_command({
    "status", "Show a host's NetBIOS name table and MAC address (like nbtstat -A)", 21,
    [](CLI::App& app) {
        auto o = std::make_shared<status_options>();
        app.footer(
            "Ask hosts for their NetBIOS name table (RFC 1002 node status), like nbtstat -A:\n"
            "every registered name with its type (<XX>), UNIQUE or GROUP, its flags and what\n"
            "it is used for, and the adapter (MAC) address.\n"
            "  smbkit status 10.0.0.7\n"
            "  smbkit status --json 10.0.0.7 10.0.0.8\n"
            "Exit status: 0 every host answered, 2 usage, 3 a host did not answer.");
        app.add_option("hosts", o->hosts, "IPv4 addresses")->required();
        app.add_option("--name", o->name,
                       "Ask for this name instead of the wildcard '*' (some stacks need it)");
        add_net_options(app, o->net, 2);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
