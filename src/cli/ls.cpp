// smbkit ls: list a folder on a share.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/client_common.hpp"
#include "cli/file_time.hpp"
#include "client/ops.hpp"

namespace smbkit::cli {
namespace {

struct ls_options {
    client_options c;
    std::string target;
    std::string pattern = "*";
};

int run(const ls_options& o) {
    auto url = url_arg(o.target, "ls", true);
    if (!url) return exit_usage;
    return run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("ls", url->to_string(), t.error());
        auto list = co_await client::list_directory(**t, url->path, o.pattern);
        if (!list) co_return report("ls", url->to_string(), list.error());
        std::sort(list->begin(), list->end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        if (o.c.json) {
            nlohmann::json j = nlohmann::json::array();
            for (const auto& e : *list)
                j.push_back({{"name", e.name},
                             {"directory", (e.file_attributes & 0x10) != 0},
                             {"size", e.end_of_file},
                             {"attributes", attribute_letters(e.file_attributes)},
                             {"modified", iso_filetime(e.last_write_time)},
                             {"created", iso_filetime(e.creation_time)},
                             {"file_id", e.file_id}});
            std::cout << j.dump(2) << "\n";
        } else {
            for (const auto& e : *list)
                std::printf("%-5s %14llu  %s  %s%s\n", attribute_letters(e.file_attributes).c_str(),
                            static_cast<unsigned long long>(e.end_of_file),
                            format_filetime(e.last_write_time).c_str(), e.name.c_str(),
                            (e.file_attributes & 0x10) ? "/" : "");
        }
        co_await (*t)->disconnect();
        co_return exit_ok;
    });
}

const bool registered = add_command({
    "ls", "List a folder on a share: ls //host/share[/dir]", 36,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<ls_options>();
        app.add_option("PATH", o->target, "//host[:port]/share[/dir]")->required();
        app.add_option("--pattern", o->pattern, "Wildcard to match (* and ?)")->capture_default_str();
        add_client_options(app, o->c, true);
        app.footer("Examples:\n  smbkit ls //srv/data/reports -U alice\n  smbkit ls //srv/public --json");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
