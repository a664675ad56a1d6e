// smbkit mv: rename or move a file or folder within one share.
#include <iostream>

#include "cli/client_common.hpp"
#include "client/ops.hpp"

namespace smbkit::cli {
namespace {

struct mv_options {
    client_options c;
    std::string from;
    std::string to;
    bool force = false;
};

int run(const mv_options& o) {
    auto url = url_arg(o.from, "mv", true);
    if (!url) return exit_usage;
    std::string to = o.to;
    if (to.starts_with("//") || to.starts_with("smb://") || to.starts_with("\\\\")) {
        auto dest = url_arg(to, "mv", true);
        if (!dest) return exit_usage;
        if (dest->host != url->host || dest->share != url->share) {
            std::cerr << "smbkit mv: both paths must be on the same share\n";
            return exit_usage;
        }
        to = dest->path;
    }
    if (url->path.empty() || to.empty()) {
        std::cerr << "smbkit mv: need a source and a destination path\n";
        return exit_usage;
    }
    return run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("mv", url->to_string(), t.error());
        auto r = co_await client::rename_path(**t, url->path, to, o.force);
        if (!r) co_return report("mv", url->path + " -> " + to, r.error());
        co_await (*t)->disconnect();
        co_return exit_ok;
    });
}

const bool registered = add_command({
    "mv", "Rename or move within a share: mv //host/share/old new/path", 44,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<mv_options>();
        app.add_option("FROM", o->from, "//host[:port]/share/path")->required();
        app.add_option("TO", o->to, "New path in the same share (or a full //host/share/path)")->required();
        app.add_flag("-f,--force", o->force, "Replace an existing destination");
        add_client_options(app, o->c, false);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
