#include "client/transfer_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include "client/ops.hpp"
#include "client/transfer.hpp"
#include "core/filetime.hpp"

namespace smbkit::client {
namespace {

// The connection is gone: every later request would fail the same way.
bool connection_lost(const error& e) { return e.kind == error_kind::transport && !is_local_error(e); }

std::string parent_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Parameters by reference: g++ 12 destroys a by-value parameter of a lambda coroutine twice.
using file_copier =
    std::function<asio::awaitable<outcome<std::uint64_t>>(const tree_entry&, const progress_fn&)>;

// Copies every file of the plan with `copy`, `o.parallel` files at a time, keeping the
// totals, recording failures and stopping when the connection is lost.
asio::awaitable<void> copy_files(const tree_plan& plan, tree_transfer_options& o,
                                 tree_transfer_result& r, const file_copier& copy) {
    tree_progress p;
    p.files_total = plan.files.size();
    p.bytes_total = plan.total_bytes();
    std::uint64_t finished = 0;                  // bytes of the files behind us
    std::map<std::size_t, std::uint64_t> active;  // bytes so far of the files under way
    std::size_t next = 0;
    bool lost = false;
    auto report = [&] {
        p.bytes_done = finished;
        for (const auto& [i, done] : active) p.bytes_done += done;
        if (o.progress) o.progress(p);
    };
    auto worker = [&]() -> asio::awaitable<void> {
        while (!lost && next < plan.files.size()) {
            std::size_t i = next++;
            const auto& f = plan.files[i];
            p.current = f.path;
            active[i] = 0;
            progress_fn on_bytes = [&, i](std::uint64_t done, std::uint64_t) {
                active[i] = done;
                report();
            };
            auto n = co_await copy(f, on_bytes);
            active.erase(i);
            finished += f.size;
            ++p.files_done;
            report();
            if (n) {
                ++r.files;
                r.bytes += *n;
                continue;
            }
            r.failed.push_back({f.path, n.error()});
            if (connection_lost(n.error())) lost = true;
        }
    };
    co_await run_concurrently(std::max(1u, o.parallel), worker);
    if (lost) r.not_attempted = plan.files.size() - next;
    std::stable_sort(r.failed.begin(), r.failed.end(),
                     [](const tree_problem& a, const tree_problem& b) { return a.path < b.path; });
}

void take_problems(tree_plan& plan, tree_transfer_result& r) {
    for (auto& s : plan.skipped) r.skipped.push_back(std::move(s));
    for (auto& f : plan.failed) r.failed.push_back(std::move(f));
}

bool lost_in(const std::vector<tree_problem>& failed) {
    return !failed.empty() && connection_lost(failed.back().err);
}

// The remote folder, made when missing; an existing one is fine, an existing file is not.
asio::awaitable<outcome<void>> ensure_remote_dir(tree& t, const std::string& path) {
    if (path.empty()) co_return outcome<void>{};  // the share's root
    auto made = co_await make_directory(t, path);
    if (made || made.error().kind != error_kind::status ||
        made.error().status != ntstatus::object_name_collision)
        co_return made;
    auto st = co_await stat_path(t, path);
    if (!st) co_return unexpected_error(st.error());
    if (!st->standard.directory)
        co_return unexpected_error(error::from_status(ntstatus::not_a_directory, "a file is in the way"));
    co_return outcome<void>{};
}

void set_local_times(int fd, std::uint64_t mtime, std::uint64_t atime) {
    struct timespec ts[2] = {filetime_to_timespec(atime), filetime_to_timespec(mtime)};
    if (atime == 0) ts[0].tv_nsec = UTIME_OMIT;
    if (mtime == 0) ts[1].tv_nsec = UTIME_OMIT;
    ::futimens(fd, ts);
}

}  // namespace

asio::awaitable<tree_transfer_result> download_tree(tree& t, std::string remote_dir,
                                                    std::string local_dir,
                                                    tree_transfer_options o) {
    tree_transfer_result r;
    if (::mkdir(local_dir.c_str(), 0777) != 0 && errno != EEXIST) {
        r.failed.push_back({"", local_error("cannot create " + local_dir, errno)});
        co_return r;
    }
    fd_guard root(::open(local_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (root.fd < 0) {
        r.failed.push_back({"", local_error("cannot open " + local_dir, errno)});
        co_return r;
    }
    auto plan = co_await walk_remote(t, remote_dir);
    take_problems(plan, r);
    if (lost_in(r.failed)) {
        r.not_attempted = plan.files.size();
        co_return r;
    }
    for (const auto& d : plan.dirs) {
        int fd = open_dir_beneath(root.fd, d.path, true);
        if (fd < 0) {
            r.failed.push_back({d.path, local_error("cannot create folder", -fd)});
            continue;
        }
        ::close(fd);
        ++r.dirs;
    }
    co_await copy_files(plan, o, r, [&](const tree_entry& f, const progress_fn& progress) -> asio::awaitable<outcome<std::uint64_t>> {
        int dir = open_dir_beneath(root.fd, parent_of(f.path), false);
        if (dir < 0) co_return unexpected_error(local_error("cannot open its folder", -dir));
        fd_guard parent(dir);
        std::string name = last_component(f.path);
        fd_guard out(::openat(parent.fd, name.c_str(),
                              O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (o.resume ? 0 : O_TRUNC), 0666));
        if (out.fd < 0) co_return unexpected_error(local_error("cannot create", errno));
        struct stat st {};
        std::uint64_t start = o.resume && ::fstat(out.fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
        smb2::create_response info{};
        // A named variable: g++ 12 destroys a braced temporary in a co_await twice here.
        transfer_options to{.inflight = o.inflight, .start_offset = start, .progress = progress,
                            .opened = [&](const smb2::create_response& c) { info = c; }};
        auto n = co_await download(t, join_path(remote_dir, f.path), out.fd, to);
        if (!n) co_return n;
        if (::ftruncate(out.fd, static_cast<off_t>(*n)) != 0)
            co_return unexpected_error(local_error("cannot truncate", errno));
        if (o.preserve_times) set_local_times(out.fd, info.last_write_time, info.last_access_time);
        if (::close(out.release()) != 0) co_return unexpected_error(local_error("cannot write", errno));
        co_return *n - std::min(start, *n);
    });
    if (o.preserve_times) {
        // Children first: making and filling a folder moves its own time.
        for (auto it = plan.dirs.rbegin(); it != plan.dirs.rend(); ++it) {
            int fd = open_dir_beneath(root.fd, it->path, false);
            if (fd < 0) continue;
            set_local_times(fd, it->last_write_time, it->last_access_time);
            ::close(fd);
        }
        if (auto st = co_await stat_path(t, remote_dir))
            set_local_times(root.fd, st->basic.last_write_time, st->basic.last_access_time);
    }
    co_return r;
}

asio::awaitable<tree_transfer_result> upload_tree(tree& t, std::string local_dir,
                                                  std::string remote_dir,
                                                  tree_transfer_options o) {
    tree_transfer_result r;
    auto plan = walk_local(local_dir, o.follow_links);
    take_problems(plan, r);
    fd_guard root(::open(local_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (root.fd < 0) co_return r;  // walk_local said why
    if (auto made = co_await ensure_remote_dir(t, remote_dir); !made) {
        r.failed.push_back({"", made.error()});
        r.not_attempted = plan.files.size();
        co_return r;
    }
    for (const auto& d : plan.dirs) {
        auto made = co_await ensure_remote_dir(t, join_path(remote_dir, d.path));
        if (made) {
            ++r.dirs;
            continue;
        }
        r.failed.push_back({d.path, made.error()});
        if (connection_lost(made.error())) {
            r.not_attempted = plan.files.size();
            co_return r;
        }
    }
    co_await copy_files(plan, o, r, [&](const tree_entry& f, const progress_fn& progress) -> asio::awaitable<outcome<std::uint64_t>> {
        int in_fd;
        if (o.follow_links) {
            in_fd = ::openat(root.fd, f.path.c_str(), O_RDONLY | O_CLOEXEC);
        } else {
            // The tree may change after the walk: still never through a link.
            int dir = open_dir_beneath(root.fd, parent_of(f.path), false);
            if (dir < 0) co_return unexpected_error(local_error("cannot open its folder", -dir));
            fd_guard parent(dir);
            in_fd = ::openat(parent.fd, last_component(f.path).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (in_fd < 0) co_return unexpected_error(local_error("cannot open", errno));
        fd_guard in(in_fd);
        struct stat st {};
        if (::fstat(in.fd, &st) != 0) co_return unexpected_error(local_error("cannot stat", errno));
        if (!S_ISREG(st.st_mode)) co_return unexpected_error(local_error("no longer a regular file", EINVAL));
        transfer_options to{.inflight = o.inflight, .progress = progress};
        if (o.preserve_times) {
            to.last_write_time = filetime_from_timespec(st.st_mtim);
            to.last_access_time = filetime_from_timespec(st.st_atim);
        }
        co_return co_await upload(t, in.fd, static_cast<std::uint64_t>(st.st_size),
                                  join_path(remote_dir, f.path), to);
    });
    if (o.preserve_times && !lost_in(r.failed)) {
        for (auto it = plan.dirs.rbegin(); it != plan.dirs.rend(); ++it)
            co_await set_times(t, join_path(remote_dir, it->path), true, it->last_write_time,
                               it->last_access_time);
        struct stat st {};
        if (!remote_dir.empty() && ::fstat(root.fd, &st) == 0)
            co_await set_times(t, remote_dir, true, filetime_from_timespec(st.st_mtim),
                               filetime_from_timespec(st.st_atim));
    }
    co_return r;
}

}  // namespace smbkit::client
