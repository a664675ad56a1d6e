// smbkit mkdir: create a folder on a share (-p: with its parents).
#include <iostream>

#include "cli/client_common.hpp"
#include "client/ops.hpp"

namespace smbkit::cli {
namespace {

struct mkdir_options {
    client_options c;
    std::string target;
    bool parents = false;
};

int run(const mkdir_options& o) {
    auto url = url_arg(o.target, "mkdir", true);
    if (!url) return exit_usage;
    if (url->path.empty()) {
        std::cerr << "smbkit mkdir: no folder named\n";
        return exit_usage;
    }
    return run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("mkdir", url->to_string(), t.error());
        std::vector<std::string> steps;
        if (o.parents) {
            for (std::size_t pos = 0; (pos = url->path.find('/', pos + 1)) != std::string::npos;)
                steps.push_back(url->path.substr(0, pos));
        }
        steps.push_back(url->path);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            auto r = co_await client::make_directory(**t, steps[i]);
            bool exists = !r && r.error().kind == client::error_kind::status &&
                          r.error().status == ntstatus::object_name_collision;
            if (!r && !(o.parents && exists)) co_return report("mkdir", steps[i], r.error());
        }
        co_await (*t)->disconnect();
        co_return exit_ok;
    });
}

const bool registered = add_command({
    "mkdir", "Create a folder on a share: mkdir //host/share/dir", 42,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<mkdir_options>();
        app.add_option("PATH", o->target, "//host[:port]/share/dir")->required();
        app.add_flag("-p,--parents", o->parents, "Create missing parents; an existing folder is fine");
        add_client_options(app, o->c, false);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
