// smbkit get: copy a file from a share, several reads in flight, resumable.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "cli/client_common.hpp"
#include "cli/progress.hpp"
#include "client/transfer.hpp"

namespace smbkit::cli {
namespace {

struct get_options {
    client_options c;
    std::string source;
    std::string dest;
    bool resume = false;
    bool quiet = false;
    unsigned inflight = 8;
};

std::string base_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int run(const get_options& o) {
    auto url = url_arg(o.source, "get", true);
    if (!url) return exit_usage;
    if (url->path.empty()) {
        std::cerr << "smbkit get: '" << o.source << "' names no file\n";
        return exit_usage;
    }
    std::string dest = o.dest.empty() ? base_name(url->path) : o.dest;
    struct stat st {};
    if (::stat(dest.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) dest += "/" + base_name(url->path);
    return run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("get", url->to_string(), t.error());
        int fd = ::open(dest.c_str(), O_WRONLY | O_CREAT | (o.resume ? 0 : O_TRUNC) | O_CLOEXEC, 0644);
        if (fd < 0) {
            std::perror(("smbkit get: " + dest).c_str());
            co_return exit_io;
        }
        std::uint64_t start = 0;
        if (o.resume && ::fstat(fd, &st) == 0) start = static_cast<std::uint64_t>(st.st_size);
        progress_bar bar(base_name(url->path), !o.quiet);
        auto n = co_await client::download(
            **t, url->path, fd,
            {.inflight = o.inflight, .start_offset = start,
             .progress = [&](std::uint64_t d, std::uint64_t total) { bar.update(d, total); }});
        bar.finish();
        if (n && ::ftruncate(fd, static_cast<off_t>(*n)) != 0) n = client::unexpected_error(client::error::transport("truncate failed"));
        bool closed = ::close(fd) == 0;
        if (!n) co_return report("get", url->to_string(), n.error());
        if (!closed) {
            std::perror(("smbkit get: " + dest).c_str());
            co_return exit_io;
        }
        if (!o.quiet) std::cerr << "got " << url->path << " -> " << dest << " (" << human_size(*n) << ")\n";
        co_await (*t)->disconnect();
        co_return exit_ok;
    });
}

const bool registered = add_command({
    "get", "Copy a file from a share: get //host/share/path [LOCAL]", 40,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<get_options>();
        app.add_option("SOURCE", o->source, "//host[:port]/share/path/file")->required();
        app.add_option("DEST", o->dest, "Local file or folder (default: the file's name, here)");
        app.add_flag("-c,--continue", o->resume, "Resume: keep the local bytes and fetch the rest");
        app.add_flag("-q,--quiet", o->quiet, "No progress bar or summary");
        app.add_option("--inflight", o->inflight, "Reads kept in flight")->capture_default_str();
        add_client_options(app, o->c, false);
        app.footer("Examples:\n  smbkit get //srv/data/report.pdf -U alice\n"
                   "  smbkit get //srv/data/big.iso /tmp/ -c    resume an interrupted copy");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
