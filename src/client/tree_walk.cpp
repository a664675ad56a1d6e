#include "client/tree_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <utility>

#include "client/ops.hpp"
#include "client/transfer.hpp"
#include "core/bytes.hpp"
#include "core/filetime.hpp"
#include "core/utf16.hpp"

namespace smbkit::client {
namespace {

bool plain_component(std::string_view name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

// Why an entry was left out; only its message is shown, it never sets an exit code.
error skip(std::string why) { return error::transport(std::move(why)); }

struct local_walk {
    tree_plan& plan;
    bool follow;
    std::set<std::pair<dev_t, ino_t>> open_dirs;  // the folders on the current path

    void folder(int dir_fd, const std::string& rel, unsigned depth) {
        DIR* d = ::fdopendir(dir_fd);
        if (!d) {
            plan.failed.push_back({rel, local_error("cannot list folder", errno)});
            ::close(dir_fd);
            return;
        }
        std::vector<std::string> names;
        errno = 0;
        while (auto* e = ::readdir(d)) {
            std::string_view n = e->d_name;
            if (n != "." && n != "..") names.emplace_back(n);
        }
        if (errno != 0) plan.failed.push_back({rel, local_error("cannot list folder", errno)});
        std::sort(names.begin(), names.end());
        for (const auto& name : names) entry(::dirfd(d), rel, name, depth);
        ::closedir(d);
    }

    void entry(int dir_fd, const std::string& rel, const std::string& name, unsigned depth) {
        std::string path = join_path(rel, name);
        struct stat st {};
        if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            plan.failed.push_back({path, local_error("cannot stat", errno)});
            return;
        }
        if (S_ISLNK(st.st_mode)) {
            if (!follow) {
                plan.skipped.push_back({path, skip("symbolic link not followed (-L follows links)")});
                return;
            }
            if (::fstatat(dir_fd, name.c_str(), &st, 0) != 0) {
                plan.skipped.push_back({path, skip("symbolic link to nothing")});
                return;
            }
        }
        if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
            plan.skipped.push_back({path, skip("not a regular file or folder")});
            return;
        }
        if (!safe_remote_name(name)) {
            plan.failed.push_back(
                {path, error::from_status(ntstatus::object_name_invalid,
                                          "the name cannot be sent over SMB (':', '\\', control "
                                          "characters or bytes that are not UTF-8)")});
            return;
        }
        tree_entry e{path, static_cast<std::uint64_t>(st.st_size), filetime_from_timespec(st.st_mtim),
                     filetime_from_timespec(st.st_atim)};
        if (S_ISREG(st.st_mode)) {
            plan.files.push_back(std::move(e));
            return;
        }
        e.size = 0;
        if (depth + 1 > max_tree_depth) {
            plan.failed.push_back({path, local_error("folder nested too deeply", ELOOP)});
            return;
        }
        if (open_dirs.contains({st.st_dev, st.st_ino})) {
            plan.skipped.push_back({path, skip("symbolic link back to a folder being copied")});
            return;
        }
        int sub = ::openat(dir_fd, name.c_str(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
        if (sub < 0) {
            plan.failed.push_back({path, local_error("cannot open folder", errno)});
            return;
        }
        plan.dirs.push_back(std::move(e));
        open_dirs.insert({st.st_dev, st.st_ino});
        folder(sub, path, depth + 1);
        open_dirs.erase({st.st_dev, st.st_ino});
    }
};

}  // namespace

fd_guard::~fd_guard() {
    if (fd >= 0) ::close(fd);
}

bool safe_local_name(std::string_view name) { return plain_component(name); }

bool safe_remote_name(std::string_view name) {
    if (!plain_component(name) || name.find(':') != std::string_view::npos) return false;
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return false;
    return utf8_to_utf16le(name).has_value();
}

std::string join_path(std::string_view dir, std::string_view name) {
    if (dir.empty()) return std::string(name);
    if (name.empty()) return std::string(dir);
    std::string out(dir);
    out += '/';
    out += name;
    return out;
}

std::string last_component(std::string_view path) {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    auto slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::uint64_t tree_plan::total_bytes() const {
    std::uint64_t n = 0;
    for (const auto& f : files) n += f.size;
    return n;
}

std::vector<std::string> plan_remote_listing(tree_plan& plan, std::string_view dir,
                                             std::vector<smb2::fscc::directory_entry> entries,
                                             unsigned depth) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    std::vector<std::string> subdirs;
    const std::string* previous = nullptr;
    for (auto& e : entries) {
        if (e.name == "." || e.name == "..") continue;
        if (previous && *previous == e.name) {
            plan.failed.push_back({join_path(dir, e.name), error::malformed("the server listed the name twice")});
            continue;
        }
        previous = &e.name;
        if (!safe_local_name(e.name)) {
            // Shown escaped: the name may hold anything, a terminal escape included.
            std::string shown;
            for (unsigned char c : e.name)
                shown += c < 0x20 || c == 0x7f ? "\\x" + to_hex(byte_span(&c, 1)) : std::string(1, static_cast<char>(c));
            plan.failed.push_back(
                {join_path(dir, "?"), error::malformed("the server listed an unsafe name '" + shown +
                                                       "' in '" + std::string(dir) + "'")});
            continue;
        }
        std::string path = join_path(dir, e.name);
        bool is_dir = e.file_attributes & smb2::file_attribute::directory;
        if (is_dir && (e.file_attributes & smb2::file_attribute::reparse_point)) {
            plan.skipped.push_back({path, skip("a link on the server (reparse point), not followed")});
            continue;
        }
        tree_entry t{path, is_dir ? 0 : e.end_of_file, e.last_write_time, e.last_access_time};
        if (!is_dir) {
            plan.files.push_back(std::move(t));
            continue;
        }
        if (depth + 1 > max_tree_depth) {
            plan.failed.push_back({path, error::malformed("folder nested too deeply (a link loop on "
                                                          "the server?)")});
            continue;
        }
        plan.dirs.push_back(std::move(t));
        subdirs.push_back(std::move(path));
    }
    return subdirs;
}

asio::awaitable<tree_plan> walk_remote(tree& t, std::string root) {
    tree_plan plan;
    // Depth first, so that a folder's children follow it in plan.dirs.
    std::vector<std::pair<std::string, unsigned>> todo{{"", 0}};
    while (!todo.empty()) {
        auto [dir, depth] = std::move(todo.back());
        todo.pop_back();
        auto list = co_await list_directory(t, join_path(root, dir));
        if (!list) {
            plan.failed.push_back({dir, list.error()});
            // A lost connection fails every later listing the same way.
            if (list.error().kind == error_kind::transport) break;
            continue;
        }
        auto subdirs = plan_remote_listing(plan, dir, std::move(*list), depth);
        for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) todo.emplace_back(std::move(*it), depth + 1);
    }
    co_return plan;
}

tree_plan walk_local(const std::string& root, bool follow_links) {
    tree_plan plan;
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        plan.failed.push_back({"", local_error("cannot open folder " + root, errno)});
        return plan;
    }
    struct stat st {};
    ::fstat(fd, &st);
    local_walk w{plan, follow_links, {{st.st_dev, st.st_ino}}};
    w.folder(fd, "", 0);
    return plan;
}

int open_dir_beneath(int root_fd, std::string_view rel, bool create) {
    int cur = ::fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
    if (cur < 0) return -errno;
    while (!rel.empty()) {
        auto slash = rel.find('/');
        std::string name(rel.substr(0, slash));
        rel = slash == std::string_view::npos ? std::string_view{} : rel.substr(slash + 1);
        fd_guard parent(cur);
        if (!safe_local_name(name)) return -EINVAL;
        if (create && ::mkdirat(parent.fd, name.c_str(), 0777) != 0 && errno != EEXIST) return -errno;
        // O_NOFOLLOW: a symbolic link here, made by anyone, is refused (ELOOP or ENOTDIR).
        cur = ::openat(parent.fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (cur < 0) return -errno;
    }
    return cur;
}

}  // namespace smbkit::client
