// smbkit mkdir: create folders on a share (-p: with their parents).
#include <iostream>

#include "cli/client_common.hpp"
#include "client/ops.hpp"

namespace smbkit::cli {
namespace {

struct mkdir_options {
    client_options c;
    std::vector<std::string> targets;
    bool parents = false;
};

asio::awaitable<int> make_one(const mkdir_options& o, client::tree& t, const std::string& path) {
    std::vector<std::string> steps;
    if (o.parents) {
        for (std::size_t pos = 0; (pos = path.find('/', pos + 1)) != std::string::npos;)
            steps.push_back(path.substr(0, pos));
    }
    steps.push_back(path);
    for (const auto& step : steps) {
        auto r = co_await client::make_directory(t, step);
        bool exists = !r && r.error().kind == client::error_kind::status &&
                      r.error().status == ntstatus::object_name_collision;
        if (!r && !(o.parents && exists)) co_return report("mkdir", step, r.error());
    }
    co_return exit_ok;
}

int run(const mkdir_options& o) {
    return for_each_target(o.c, "mkdir", o.targets, "no folder named",
                           [&](client::tree& t, const client::smb_url& url) {
                               return make_one(o, t, url.path);
                           });
}

const bool registered = add_command({
    "mkdir", "Create folders on a share: mkdir //host/share/dir...", 42,
    [](CLI::App& app) {
        auto o = std::make_shared<mkdir_options>();
        app.add_option("PATH", o->targets,
                       "//host[:port]/share/dir; several are made over one logon per host")
            ->required();
        app.add_flag("-p,--parents", o->parents, "Create missing parents; an existing folder is fine");
        add_client_options(app, o->c, false);
        app.footer("Examples:\n  smbkit mkdir -p //srv/data/2026/11 //srv/data/2026/12 -U alice");
        return runner([o] { return run(*o); });
    }});

}  // namespace
}  // namespace smbkit::cli
