// smbkit rm: delete files (and, with -r or -d, folders) on a share.
#include <iostream>

#include "cli/client_common.hpp"
#include "client/ops.hpp"

namespace smbkit::cli {
namespace {

struct rm_options {
    client_options c;
    std::vector<std::string> targets;
    bool dir = false;
    bool recursive = false;
};

asio::awaitable<client::outcome<void>> remove_tree(client::tree& t, const std::string& path) {
    auto list = co_await client::list_directory(t, path);
    if (!list) co_return client::unexpected_error(list.error());
    for (const auto& e : *list) {
        std::string child = path + "/" + e.name;
        if (e.file_attributes & 0x10) {
            if (auto r = co_await remove_tree(t, child); !r) co_return r;
        } else if (auto r = co_await client::remove_path(t, child, false); !r) {
            co_return r;
        }
    }
    co_return co_await client::remove_path(t, path, true);
}

int run(const rm_options& o) {
    int worst = exit_ok;
    for (const auto& target : o.targets) {
        auto url = url_arg(target, "rm", true);
        if (!url) return exit_usage;
        if (url->path.empty()) {
            std::cerr << "smbkit rm: refusing to remove the root of a share\n";
            return exit_usage;
        }
        int rc = run_client([&]() -> asio::awaitable<int> {
            auto t = co_await connect_tree(o.c, *url);
            if (!t) co_return report("rm", url->to_string(), t.error());
            client::outcome<void> r;
            if (o.recursive) {
                auto st = co_await client::stat_path(**t, url->path);
                if (!st) co_return report("rm", url->to_string(), st.error());
                r = st->standard.directory ? co_await remove_tree(**t, url->path)
                                           : co_await client::remove_path(**t, url->path, false);
            } else {
                r = co_await client::remove_path(**t, url->path, o.dir);
            }
            if (!r) co_return report("rm", url->to_string(), r.error());
            co_await (*t)->disconnect();
            co_return exit_ok;
        });
        worst = std::max(worst, rc);
    }
    return worst;
}

const bool registered = add_command({
    "rm", "Delete files or folders on a share: rm //host/share/path...", 43,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<rm_options>();
        app.add_option("PATH", o->targets, "//host[:port]/share/path")->required();
        app.add_flag("-d,--dir", o->dir, "Remove an empty folder");
        app.add_flag("-r,--recursive", o->recursive, "Remove a folder and everything in it");
        add_client_options(app, o->c, false);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
