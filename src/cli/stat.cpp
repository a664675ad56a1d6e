// smbkit stat: everything the server says about one file or folder.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/client_common.hpp"
#include "cli/file_time.hpp"
#include "client/ops.hpp"

namespace smbkit::cli {
namespace {

struct stat_options {
    client_options c;
    std::string target;
};

int run(const stat_options& o) {
    auto url = url_arg(o.target, "stat", true);
    if (!url) return exit_usage;
    return run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("stat", url->to_string(), t.error());
        auto info = co_await client::stat_path(**t, url->path);
        if (!info) co_return report("stat", url->to_string(), info.error());
        const auto& b = info->basic;
        const auto& s = info->standard;
        if (o.c.json) {
            nlohmann::json j = {{"path", url->path},
                                {"directory", s.directory},
                                {"size", s.end_of_file},
                                {"allocation_size", s.allocation_size},
                                {"links", s.number_of_links},
                                {"delete_pending", s.delete_pending},
                                {"attributes", attribute_letters(b.file_attributes)},
                                {"attributes_hex", b.file_attributes},
                                {"created", iso_filetime(b.creation_time)},
                                {"accessed", iso_filetime(b.last_access_time)},
                                {"modified", iso_filetime(b.last_write_time)},
                                {"changed", iso_filetime(b.change_time)},
                                {"file_id", info->index_number}};
            std::cout << j.dump(2) << "\n";
        } else {
            std::printf("path:        %s\n", url->path.empty() ? "/" : url->path.c_str());
            std::printf("type:        %s\n", s.directory ? "directory" : "file");
            std::printf("size:        %llu\n", static_cast<unsigned long long>(s.end_of_file));
            std::printf("allocation:  %llu\n", static_cast<unsigned long long>(s.allocation_size));
            std::printf("attributes:  %s (0x%x)\n", attribute_letters(b.file_attributes).c_str(), b.file_attributes);
            std::printf("created:     %s\n", format_filetime(b.creation_time).c_str());
            std::printf("accessed:    %s\n", format_filetime(b.last_access_time).c_str());
            std::printf("modified:    %s\n", format_filetime(b.last_write_time).c_str());
            std::printf("changed:     %s\n", format_filetime(b.change_time).c_str());
            std::printf("links:       %u\n", s.number_of_links);
            std::printf("file id:     0x%016llx\n", static_cast<unsigned long long>(info->index_number));
        }
        co_await (*t)->disconnect();
        co_return exit_ok;
    });
}

const bool registered = add_command({
    "stat", "Show a file's times, size and attributes: stat //host/share/path", 37,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<stat_options>();
        app.add_option("PATH", o->target, "//host[:port]/share/path")->required();
        add_client_options(app, o->c, true);
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
