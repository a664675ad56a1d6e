#pragma once
// Internal to src/vfs: descriptors, resolution beneath a share root, case-insensitive
// component lookup and file metadata. The server uses share.hpp and handle.hpp instead.

#include <sys/stat.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ntstatus.hpp"
#include "vfs/dos_attrib.hpp"
#include "vfs/errno_map.hpp"
#include "vfs/types.hpp"

namespace smbkit::vfs {
class share;
}

namespace smbkit::vfs::detail {

class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(o.release()) {}
    unique_fd& operator=(unique_fd&& o) noexcept;
    ~unique_fd();
    int get() const { return fd_; }
    int release() {
        int f = fd_;
        fd_ = -1;
        return f;
    }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// openat2(root_fd, rel, flags | O_CLOEXEC, mode) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS
// (| RESOLVE_NO_SYMLINKS unless follow). `rel` is '/'-separated, "" for the root itself.
// Returns the fd or -errno.
int open_beneath_raw(int root_fd, const std::string& rel, int flags, mode_t mode, bool follow);
result<unique_fd> open_beneath(int root_fd, const std::string& rel, int flags, mode_t mode,
                               bool follow, errno_site site);
// Tests force the O_NOFOLLOW walk used where openat2 is missing (ENOSYS).
void force_resolve_fallback(bool on);

std::string join_rel(const std::vector<std::string>& comps, std::size_t count);
std::string parent_of(const std::string& rel);  // "" for a top-level name
std::string last_of(const std::string& rel);

// Case-insensitive mode: each component that does not exist with its exact name is replaced
// by the entry of its directory that matches it case-insensitively (the first in byte order
// if several do). Components after the first one found in neither way are left as they are.
// With `short_names`, a component found in neither way that looks like a generated 8.3
// name (short_name.hpp) is replaced by the entry whose short name it is, as Samba resolves
// names a client took from FileAlternateNameInformation or a listing; this also happens on
// a case-sensitive share (case_insensitive false), where case is never folded otherwise.
void fix_case(int root_fd, std::vector<std::string>& comps, bool follow,
              bool case_insensitive = true, bool short_names = false);
// The entry of directory `dir_fd` (a readable or O_PATH fd) that equals `name`
// case-insensitively, or nullopt.
std::optional<std::string> find_case_insensitive(int dir_fd, const std::string& name);
// The entry of directory `dir_fd` whose generated short name is `name` (case-insensitive),
// or nullopt; the first in byte order if several are (a hash collision). "." and ".."
// never match.
std::optional<std::string> find_by_short_name(int dir_fd, const std::string& name);

// statx of an fd (AT_EMPTY_PATH) or of a name in a directory (no symlink following).
result<struct statx> statx_fd(int fd);
int statx_at(int dir_fd, const std::string& name, struct statx& out);  // 0 or -errno

std::optional<dos_attrib> read_dos_attrib(int fd);  // works for O_PATH fds too
// Of entry `name` (one component, not followed if a symlink) of directory `dir_fd`.
std::optional<dos_attrib> read_dos_attrib_at(int dir_fd, const std::string& name);
result<void> write_dos_attrib(int fd, const dos_attrib& a);  // fd must not be O_PATH

std::uint64_t stx_dev(const struct statx& st);
file_info make_info(const share& s, const struct statx& st, const std::optional<dos_attrib>& da,
                    std::string_view name);

// 1 if the directory has entries other than "." and "..", 0 if not, -errno on failure.
int dir_has_entries(int dir_fd);

}  // namespace smbkit::vfs::detail
