// smbkit get: copy a file, or with -r a folder, from a share; several reads in flight,
// resumable.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "cli/client_common.hpp"
#include "cli/progress.hpp"
#include "client/ops.hpp"
#include "client/transfer.hpp"
#include "core/filetime.hpp"

namespace smbkit::cli {
namespace {

struct get_options : copy_options {
    client_options c;
    std::string source;
    std::string dest;
    bool resume = false;
};

bool is_dir(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// One remote file to the local path `dest`.
asio::awaitable<client::tree_transfer_result> get_file(const get_options& o, client::tree& t,
                                                       const std::string& remote,
                                                       const std::string& dest) {
    client::tree_transfer_result r;
    int fd = ::open(dest.c_str(), O_WRONLY | O_CREAT | (o.resume ? 0 : O_TRUNC) | O_CLOEXEC, 0666);
    if (fd < 0) {
        r.failed.push_back({dest, client::local_error("cannot create", errno)});
        co_return r;
    }
    struct stat st {};
    std::uint64_t start = 0;
    if (o.resume && ::fstat(fd, &st) == 0) start = static_cast<std::uint64_t>(st.st_size);
    progress_bar bar(client::last_component(remote), !o.quiet && !o.c.json);
    smb2::create_response info{};
    client::transfer_options to{
        .inflight = o.inflight, .start_offset = start,
        .progress = [&](std::uint64_t d, std::uint64_t total) { bar.update(d, total); },
        .opened = [&](const smb2::create_response& c) { info = c; }};
    auto n = co_await client::download(t, remote, fd, to);
    bar.finish();
    if (n && ::ftruncate(fd, static_cast<off_t>(*n)) != 0)
        n = client::unexpected_error(client::local_error("cannot truncate " + dest, errno));
    if (n && o.preserve) {
        struct timespec ts[2] = {filetime_to_timespec(info.last_access_time),
                                 filetime_to_timespec(info.last_write_time)};
        ::futimens(fd, ts);
    }
    if (::close(fd) != 0 && n) n = client::unexpected_error(client::local_error("cannot write " + dest, errno));
    if (!n) {
        r.failed.push_back({remote, n.error()});
        co_return r;
    }
    r.files = 1;
    r.bytes = *n - std::min(start, *n);
    co_return r;
}

int run(const get_options& o) {
    auto url = url_arg(o.source, "get", true);
    if (!url) return exit_usage;
    if (url->path.empty() && !o.recursive) {
        std::cerr << "smbkit get: '" << o.source << "' names no file (-r copies a whole share)\n";
        return exit_usage;
    }
    // Like cp: into an existing folder under the source's own name, else to the name given.
    std::string base = url->path.empty() ? url->share : client::last_component(url->path);
    if (!client::safe_local_name(base)) {
        std::cerr << "smbkit get: '" << o.source << "' does not end in a name a local file can take\n";
        return exit_usage;
    }
    std::string dest = o.dest.empty() ? base : o.dest;
    if (is_dir(dest) && (!o.dest.empty() || !o.recursive)) dest += "/" + base;
    return run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("get", url->to_string(), t.error());
        bool folder = false;
        if (o.recursive) {
            auto st = co_await client::stat_path(**t, url->path);
            if (!st) co_return report("get", url->to_string(), st.error());
            folder = st->standard.directory;
        }
        client::tree_transfer_result r;
        if (folder) {
            struct stat st {};
            if (::lstat(dest.c_str(), &st) == 0 && !is_dir(dest)) {
                std::cerr << "smbkit get: cannot copy a folder over the file " << dest << "\n";
                co_return exit_io;
            }
            progress_bar bar("", !o.quiet && !o.c.json);
            auto to = tree_options(o, bar);
            to.resume = o.resume;
            r = co_await client::download_tree(**t, url->path, dest, to);
            bar.finish();
        } else {
            r = co_await get_file(o, **t, url->path, dest);
        }
        co_await (*t)->disconnect();
        co_return finish_transfer("get", url->to_string(), dest, r, o.quiet, o.c.json);
    });
}

const bool registered = add_command({
    "get", "Copy a file or folder from a share: get [-r] //host/share/path [LOCAL]", 40,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<get_options>();
        app.add_option("SOURCE", o->source, "//host[:port]/share/path")->required();
        app.add_option("DEST", o->dest,
                       "Local file or folder (default: the source's name, here). An existing "
                       "folder receives the source under its own name, as cp does");
        add_copy_options(app, *o, o->c, "Reads");
        app.add_flag("-c,--continue", o->resume,
                     "Resume: keep the bytes of existing local files and fetch the rest");
        add_client_options(app, o->c, false);
        app.footer(
            "With -r, a file that fails is reported and the copy goes on; the exit status is then\n"
            "that of the worst failure (4 access denied, 6 local I/O, 5 a name from the server that\n"
            "is not safe here: '..', '/', '\\' or NUL). Nothing is written outside DEST, and no\n"
            "symbolic link beneath it is followed. Folders the server marks as links (reparse\n"
            "points) are skipped with a warning.\n"
            "Examples:\n  smbkit get //srv/data/report.pdf -U alice\n"
            "  smbkit get //srv/data/big.iso /tmp/ -c    resume an interrupted copy\n"
            "  smbkit get -r -p //srv/data/photos ~/backup    ~/backup/photos, times kept");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
