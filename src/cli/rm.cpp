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

asio::awaitable<client::outcome<void>> remove_one(const rm_options& o, client::tree& t,
                                                  const std::string& path) {
    if (!o.recursive) co_return co_await client::remove_path(t, path, o.dir);
    auto st = co_await client::stat_path(t, path);
    if (!st) co_return client::unexpected_error(st.error());
    if (st->standard.directory) co_return co_await remove_tree(t, path);
    co_return co_await client::remove_path(t, path, false);
}

int run(const rm_options& o) {
    return for_each_target(o.c, "rm", o.targets, "refusing to remove the root of a share",
                           [&](client::tree& t, const client::smb_url& url) -> asio::awaitable<int> {
                               auto r = co_await remove_one(o, t, url.path);
                               co_return r ? exit_ok : report("rm", url.to_string(), r.error());
                           });
}

const bool registered = add_command({
    "rm", "Delete files or folders on a share: rm //host/share/path...", 43,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<rm_options>();
        app.add_option("PATH", o->targets,
                       "//host[:port]/share/path; several are removed over one logon per host")
            ->required();
        app.add_flag("-d,--dir", o->dir, "Remove an empty folder");
        app.add_flag("-r,--recursive", o->recursive, "Remove a folder and everything in it");
        add_client_options(app, o->c, false);
        app.footer("Each path is tried even when one before it failed; the exit status is the "
                   "worst of them.\nExamples:\n  smbkit rm //srv/data/old.log //srv/data/tmp.txt -U alice\n"
                   "  smbkit rm -r //srv/data/build -U alice");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
