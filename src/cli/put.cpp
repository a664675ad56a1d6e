// smbkit put: copy a local file, or with -r a folder, to a share (source first, as cp and
// scp).
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

struct put_options : copy_options {
    client_options c;
    std::string source;
    std::string dest;
    bool follow_links = false;
};

asio::awaitable<client::tree_transfer_result> put_file(const put_options& o, client::tree& t,
                                                       int fd, const struct stat& st,
                                                       const std::string& remote) {
    client::tree_transfer_result r;
    progress_bar bar(client::last_component(o.source), !o.quiet && !o.c.json);
    client::transfer_options to{
        .inflight = o.inflight,
        .progress = [&](std::uint64_t d, std::uint64_t total) { bar.update(d, total); }};
    if (o.preserve) {
        to.last_write_time = filetime_from_timespec(st.st_mtim);
        to.last_access_time = filetime_from_timespec(st.st_atim);
    }
    auto n = co_await client::upload(t, fd, static_cast<std::uint64_t>(st.st_size), remote, to);
    bar.finish();
    if (!n) {
        r.failed.push_back({remote, n.error()});
        co_return r;
    }
    r.files = 1;
    r.bytes = *n;
    co_return r;
}

// Where the folder goes, as cp -r decides: into an existing remote folder under its own name,
// else to the path given (created). "." and "/" have no name of their own: their contents
// go straight into the destination.
asio::awaitable<client::outcome<std::string>> folder_target(client::tree& t, const std::string& dest,
                                                            const std::string& base) {
    auto st = co_await client::stat_path(t, dest);
    if (!st) {
        bool missing = st.error().kind == client::error_kind::status &&
                       st.error().status == ntstatus::object_name_not_found;
        if (missing) co_return dest;
        co_return client::unexpected_error(st.error());
    }
    if (!st->standard.directory)
        co_return client::unexpected_error(
            client::error::from_status(ntstatus::not_a_directory, "cannot copy a folder over a file"));
    if (base.empty() || base == "." || base == "..") co_return dest;
    co_return client::join_path(dest, base);
}

int run(const put_options& o) {
    auto url = url_arg(o.dest, "put", true);
    if (!url) return exit_usage;
    int fd = ::open(o.source.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    bool folder = fd >= 0 && ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    if (folder && !o.recursive) {
        std::cerr << "smbkit put: '" << o.source << "' is a folder (-r copies folders)\n";
        ::close(fd);
        return exit_usage;
    }
    if (fd < 0 || (!folder && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)))) {
        std::cerr << "smbkit put: '" << o.source << "' is not a readable file\n";
        if (fd >= 0) ::close(fd);
        return exit_io;
    }
    auto base = client::last_component(o.source);
    if (!folder && !client::safe_remote_name(base)) {
        std::cerr << "smbkit put: the name '" << base << "' cannot be used on a share\n";
        ::close(fd);
        return exit_usage;
    }
    std::string remote = url->path;
    if (!folder && (remote.empty() || o.dest.back() == '/')) remote = client::join_path(remote, base);
    int rc = run_client([&]() -> asio::awaitable<int> {
        auto t = co_await connect_tree(o.c, *url);
        if (!t) co_return report("put", url->to_string(), t.error());
        client::tree_transfer_result r;
        if (folder) {
            auto target = co_await folder_target(**t, remote, base);
            if (!target) co_return report("put", url->to_string(), target.error());
            remote = *target;
            progress_bar bar("", !o.quiet && !o.c.json);
            auto to = tree_options(o, bar);
            to.follow_links = o.follow_links;
            r = co_await client::upload_tree(**t, o.source, remote, to);
            bar.finish();
        } else {
            r = co_await put_file(o, **t, fd, st, remote);
        }
        co_await (*t)->disconnect();
        auto shown = *url;
        shown.path = remote;
        co_return finish_transfer("put", o.source, shown.to_string(), r, o.quiet, o.c.json);
    });
    ::close(fd);
    return rc;
}

const bool registered = add_command({
    "put", "Copy a local file or folder to a share: put [-r] LOCAL //host/share/path", 41,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<put_options>();
        app.add_option("SOURCE", o->source, "Local file (or folder, with -r)")->required();
        app.add_option("DEST", o->dest,
                       "//host[:port]/share/path (a trailing / keeps the local name). An existing "
                       "folder receives a copied folder under its own name, as cp -r does")
            ->required();
        add_copy_options(app, *o, o->c, "Writes");
        app.add_flag("-L,--dereference", o->follow_links,
                     "With -r, follow symbolic links (by default they are skipped with a warning, "
                     "as rsync does without -l/-L)");
        add_client_options(app, o->c, false);
        app.footer(
            "With -r, a file that fails is reported and the copy goes on; the exit status is then\n"
            "that of the worst failure (4 access denied, 6 local I/O, 1 refused by the server).\n"
            "Sockets, FIFOs and devices are skipped; so are symbolic links unless -L, and even\n"
            "with -L a link back to a folder being copied. Names with ':', '\\' or control\n"
            "characters cannot be sent over SMB and fail.\n"
            "Examples:\n  smbkit put report.pdf //srv/data/ -U alice\n"
            "  smbkit put big.iso //srv/data/isos/big.iso -U alice --encrypt\n"
            "  smbkit put -r -p ~/photos //srv/data/backup    //srv/data/backup/photos");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
