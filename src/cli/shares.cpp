// smbkit shares: list a server's shares through srvsvc, like smbclient -L.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/client_common.hpp"
#include "client/share_enum.hpp"

namespace smbkit::cli {
namespace {

struct shares_options {
    client_options c;
    std::string target;
};

int run(const shares_options& o) {
    auto url = url_arg(o.target, "shares", false);
    if (!url) return exit_usage;
    return run_client([&]() -> asio::awaitable<int> {
        auto conn = co_await connect_and_login(o.c, *url);
        if (!conn) co_return report("shares", url->to_string(), conn.error());
        auto ipc_info = co_await (*conn)->tree_connect("\\\\" + url->host + "\\IPC$");
        if (!ipc_info) co_return report("shares", "IPC$", ipc_info.error());
        client::tree ipc(*conn, *ipc_info);
        auto list = co_await client::enum_shares(ipc, url->host);
        if (!list) co_return report("shares", "NetrShareEnum", list.error());
        if (o.c.json) {
            nlohmann::json j = nlohmann::json::array();
            for (const auto& s : *list)
                j.push_back({{"name", s.name}, {"type", s.type_name()}, {"special", s.special()},
                             {"comment", s.comment}});
            std::cout << j.dump(2) << "\n";
        } else {
            std::printf("%-24s %-8s %s\n", "Sharename", "Type", "Comment");
            std::printf("%-24s %-8s %s\n", "---------", "----", "-------");
            for (const auto& s : *list)
                std::printf("%-24s %-8s %s\n", s.name.c_str(), s.type_name().c_str(), s.comment.c_str());
        }
        co_await ipc.disconnect();
        co_return exit_ok;
    });
}

const bool registered = add_command({
    "shares", "List a server's shares: shares //host", 35,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<shares_options>();
        app.add_option("HOST", o->target, "//host[:port]")->required();
        add_client_options(app, o->c, true);
        app.footer("Examples:\n  smbkit shares //fileserver -U alice\n  smbkit shares //10.0.0.5 --json   (anonymous)");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
