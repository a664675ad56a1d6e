// smbkit put: copy a local file to a share (source first, as cp and scp).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "cli/client_common.hpp"
#include "cli/progress.hpp"
#include "client/transfer.hpp"

namespace smbkit::cli {
namespace {

struct put_options {
    client_options c;
    std::string source;
    std::string dest;
    bool quiet = false;
    unsigned inflight = 8;
};

int run(const put_options& o) {
    auto url = url_arg(o.dest, "put", true);
    if (!url) return exit_usage;
    int fd = ::open(o.source.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        std::cerr << "smbkit put: '" << o.source << "' is not a readable file\n";
        if (fd >= 0) ::close(fd);
        return exit_io;
    }
    auto base = o.source.substr(o.source.find_last_of('/') == std::string::npos ? 0 : o.source.find_last_of('/') + 1);
    std::string remote = url->path;
    if (remote.empty() || o.dest.back() == '/') remote += (remote.empty() ? "" : "/") + base;
    int rc = run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("put", url->to_string(), t.error());
        progress_bar bar(base, !o.quiet);
        auto n = co_await client::upload(
            **t, fd, static_cast<std::uint64_t>(st.st_size), remote,
            {.inflight = o.inflight,
             .progress = [&](std::uint64_t d, std::uint64_t total) { bar.update(d, total); }});
        bar.finish();
        if (!n) co_return report("put", url->share + "/" + remote, n.error());
        if (!o.quiet) std::cerr << "put " << o.source << " -> " << remote << " (" << human_size(*n) << ")\n";
        co_await (*t)->disconnect();
        co_return exit_ok;
    });
    ::close(fd);
    return rc;
}

const bool registered = add_command({
    "put", "Copy a local file to a share: put LOCAL //host/share/path", 41,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<put_options>();
        app.add_option("SOURCE", o->source, "Local file")->required();
        app.add_option("DEST", o->dest, "//host[:port]/share/path (a trailing / keeps the local name)")->required();
        app.add_flag("-q,--quiet", o->quiet, "No progress bar or summary");
        app.add_option("--inflight", o->inflight, "Writes kept in flight")->capture_default_str();
        add_client_options(app, o->c, false);
        app.footer("Examples:\n  smbkit put report.pdf //srv/data/ -U alice\n"
                   "  smbkit put big.iso //srv/data/isos/big.iso -U alice --encrypt");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
