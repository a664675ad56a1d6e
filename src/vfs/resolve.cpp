#include "vfs/resolve.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>

#include "core/utf16.hpp"
#include "vfs/path.hpp"
#include "vfs/share.hpp"
#include "vfs/short_name.hpp"

namespace smbkit::vfs::detail {
namespace {

std::atomic<bool> g_no_openat2{false};

int walk_fallback(int root_fd, const std::string& rel, int flags, mode_t mode) {
    // Without openat2 nothing guarantees a symlink stays inside, so none is followed: every
    // component is opened with O_NOFOLLOW, directories with O_PATH | O_DIRECTORY.
    if (rel.empty()) {
        int fd = openat(root_fd, ".", (flags & ~(O_CREAT | O_EXCL | O_TRUNC)) | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
    }
    unique_fd cur(fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
    if (!cur) return -errno;
    std::size_t pos = 0;
    while (true) {
        auto slash = rel.find('/', pos);
        std::string comp = rel.substr(pos, slash == std::string::npos ? std::string::npos
                                                                      : slash - pos);
        if (comp.empty() || comp == "." || comp == "..") return -EXDEV;
        // A symlink opened with O_DIRECTORY | O_NOFOLLOW reads as ENOTDIR; report it as
        // openat2 RESOLVE_NO_SYMLINKS would.
        auto symlink_errno = [&](int err) {
            struct stat st {};
            if (err == ENOTDIR && fstatat(cur.get(), comp.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode))
                return ELOOP;
            return err;
        };
        if (slash == std::string::npos) {
            int fd = openat(cur.get(), comp.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
            return fd < 0 ? -symlink_errno(errno) : fd;
        }
        int next = openat(cur.get(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) return -symlink_errno(errno);
        cur = unique_fd(next);
        pos = slash + 1;
    }
}

}  // namespace

unique_fd& unique_fd::operator=(unique_fd&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = o.release();
    }
    return *this;
}

unique_fd::~unique_fd() {
    if (fd_ >= 0) ::close(fd_);
}

void force_resolve_fallback(bool on) { g_no_openat2 = on; }

int open_beneath_raw(int root_fd, const std::string& rel, int flags, mode_t mode, bool follow) {
    if (!g_no_openat2) {
        struct open_how how {};
        how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
        how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
        if (!follow) how.resolve |= RESOLVE_NO_SYMLINKS;
        const char* p = rel.empty() ? "." : rel.c_str();
        long fd = syscall(SYS_openat2, root_fd, p, &how, sizeof how);
        if (fd >= 0) return static_cast<int>(fd);
        if (errno != ENOSYS) return -errno;
        g_no_openat2 = true;
    }
    return walk_fallback(root_fd, rel, flags, mode);
}

result<unique_fd> open_beneath(int root_fd, const std::string& rel, int flags, mode_t mode,
                               bool follow, errno_site site) {
    int fd = open_beneath_raw(root_fd, rel, flags, mode, follow);
    if (fd < 0) return fail(errno_to_ntstatus(-fd, site));
    return unique_fd(fd);
}

std::string join_rel(const std::vector<std::string>& comps, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count && i < comps.size(); ++i) {
        if (i) out.push_back('/');
        out += comps[i];
    }
    return out;
}

std::string parent_of(const std::string& rel) {
    auto slash = rel.rfind('/');
    return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

std::string last_of(const std::string& rel) {
    auto slash = rel.rfind('/');
    return slash == std::string::npos ? rel : rel.substr(slash + 1);
}

namespace {

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

}  // namespace

std::optional<std::string> find_case_insensitive(int dir_fd, const std::string& name) {
    // O_PATH descriptors cannot be read; reopen the directory itself for reading.
    int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    DIR* d = fdopendir(fd);
    if (!d) {
        ::close(fd);
        return std::nullopt;
    }
    // Most names are ASCII: compare those without allocating; fold the rest as Windows does.
    const bool name_ascii = is_ascii(name);
    const std::string name_upper = upper_utf8(name);
    std::optional<std::string> best;
    while (auto* e = readdir(d)) {
        std::string_view n(e->d_name);
        if (n == "." || n == "..") continue;
        bool same;
        if (name_ascii && is_ascii(n)) {
            same = n.size() == name.size() &&
                   std::equal(n.begin(), n.end(), name_upper.begin(),
                              [](char a, char b) { return ascii_upper(a) == b; });
        } else {
            same = upper_utf8(n) == name_upper;
        }
        if (same && (!best || n < *best)) best = std::string(n);
    }
    closedir(d);
    return best;
}

std::optional<std::string> find_by_short_name(int dir_fd, const std::string& name) {
    if (!looks_mangled(name)) return std::nullopt;
    int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    DIR* d = fdopendir(fd);
    if (!d) {
        ::close(fd);
        return std::nullopt;
    }
    std::optional<std::string> best;
    while (auto* e = readdir(d)) {
        std::string_view n(e->d_name);
        // Every other name counts, 8.3 ones too: a DOS device name such as "Aux.vkk" has a
        // generated short name although it is 8.3.
        if (n == "." || n == "..") continue;
        if (short_name_matches(n, name) && (!best || n < *best)) best = std::string(n);
    }
    closedir(d);
    return best;
}

void fix_case(int root_fd, std::vector<std::string>& comps, bool follow, bool case_insensitive,
              bool short_names) {
    for (std::size_t i = 0; i < comps.size(); ++i) {
        std::string parent = join_rel(comps, i);
        unique_fd dir(open_beneath_raw(root_fd, parent, O_PATH | O_DIRECTORY, 0, follow));
        if (!dir) return;
        struct statx st {};
        if (statx_at(dir.get(), comps[i], st) == 0) continue;
        std::optional<std::string> found;
        if (case_insensitive) found = find_case_insensitive(dir.get(), comps[i]);
        // Only a real directory entry (one component, from readdir of a directory opened
        // beneath the root) ever replaces the component: resolution stays in the share.
        if (!found && short_names) found = find_by_short_name(dir.get(), comps[i]);
        if (!found && short_names && i + 1 == comps.size()) {
            // A short name given out earlier whose file is gone: the name to create is the
            // long one it stood for, as Samba's prefix cache answers (short_name.hpp).
            std::string long_name = long_name_from_cache(comps[i]);
            if (!long_name.empty() && long_name != "." && long_name != ".." &&
                is_valid_component(long_name))
                found = long_name;
        }
        if (!found) return;
        comps[i] = *found;
    }
}

result<struct statx> statx_fd(int fd) {
    struct statx st {};
    if (statx(fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT,
              STATX_BASIC_STATS | STATX_BTIME, &st) != 0)
        return fail(errno_to_ntstatus(errno));
    return st;
}

int statx_at(int dir_fd, const std::string& name, struct statx& out) {
    if (statx(dir_fd, name.c_str(), AT_SYMLINK_NOFOLLOW | AT_STATX_SYNC_AS_STAT,
              STATX_BASIC_STATS | STATX_BTIME, &out) != 0)
        return -errno;
    return 0;
}

std::optional<dos_attrib> read_dos_attrib(int fd) {
    std::uint8_t buf[256];
    ssize_t n = fgetxattr(fd, dosattrib_xattr_name, buf, sizeof buf);
    if (n < 0 && errno == EBADF) {
        // An O_PATH descriptor: go through its /proc entry (the magic link is followed by
        // the kernel to exactly this inode, not re-resolved by name).
        std::string p = "/proc/self/fd/" + std::to_string(fd);
        n = getxattr(p.c_str(), dosattrib_xattr_name, buf, sizeof buf);
    }
    if (n <= 0) return std::nullopt;
    return decode_dos_attrib(byte_span(buf, static_cast<std::size_t>(n)));
}

std::optional<dos_attrib> read_dos_attrib_at(int dir_fd, const std::string& name) {
    std::uint8_t buf[256];
    std::string p = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name;
    ssize_t n = lgetxattr(p.c_str(), dosattrib_xattr_name, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    return decode_dos_attrib(byte_span(buf, static_cast<std::size_t>(n)));
}

result<void> write_dos_attrib(int fd, const dos_attrib& a) {
    auto blob = encode_dos_attrib(a);
    if (fsetxattr(fd, dosattrib_xattr_name, blob.data(), blob.size(), 0) != 0)
        return fail(errno_to_ntstatus(errno));
    return {};
}

std::uint64_t stx_dev(const struct statx& st) {
    return (static_cast<std::uint64_t>(st.stx_dev_major) << 32) | st.stx_dev_minor;
}

namespace {
struct timespec ts_of(const struct statx_timestamp& t) {
    struct timespec ts {};
    ts.tv_sec = t.tv_sec;
    ts.tv_nsec = t.tv_nsec;
    return ts;
}
}  // namespace

file_info make_info(const share& s, const struct statx& st, const std::optional<dos_attrib>& da,
                    std::string_view name) {
    file_info fi;
    fi.is_directory = S_ISDIR(st.stx_mode);
    fi.last_access_time = to_nt_time(ts_of(st.stx_atime));
    fi.last_write_time = to_nt_time(ts_of(st.stx_mtime));
    // ChangeTime is reported as the modification time, as Samba does: Linux ctime cannot be
    // set by a client and moves whenever the server itself rewrites the DOS attribute xattr.
    // One a client set stands until the file's mtime moves (see dos_attrib.hpp).
    fi.change_time = fi.last_write_time;
    if (da && da->change_time && da->change_time_mtime == fi.last_write_time)
        fi.change_time = *da->change_time;
    if (da && da->creation_time)
        fi.creation_time = *da->creation_time;
    else if (st.stx_mask & STATX_BTIME)
        fi.creation_time = to_nt_time(ts_of(st.stx_btime));
    else
        fi.creation_time = std::min(fi.last_write_time, to_nt_time(ts_of(st.stx_ctime)));
    fi.end_of_file = fi.is_directory ? 0 : st.stx_size;
    fi.allocation_size = fi.is_directory ? 0 : st.stx_blocks * 512;
    fi.nlink = st.stx_nlink;
    fi.unix_mode = st.stx_mode;
    fi.uid = st.stx_uid;
    fi.gid = st.stx_gid;
    fi.file_id = s.file_id(stx_dev(st), st.stx_ino);

    std::uint32_t a = 0;
    if (da && da->attributes) a = *da->attributes & (attribute::settable | attribute::sparse_file);
    if (!fi.is_directory && !(st.stx_mode & S_IWUSR)) a |= attribute::readonly;
    if (s.hidden_by_name(name)) a |= attribute::hidden;
    if (fi.is_directory) a |= attribute::directory;
    if (a == 0) a = attribute::normal;
    fi.attributes = a;
    return fi;
}

int dir_has_entries(int dir_fd) {
    int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -errno;
    DIR* d = fdopendir(fd);
    if (!d) {
        int e = errno;
        ::close(fd);
        return -e;
    }
    int found = 0;
    while (auto* e = readdir(d)) {
        std::string_view n(e->d_name);
        if (n != "." && n != "..") {
            found = 1;
            break;
        }
    }
    closedir(d);
    return found;
}

}  // namespace smbkit::vfs::detail
