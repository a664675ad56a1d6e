#pragma once
// Extended attributes (EAs) clients set on files, kept as Samba's vfs keeps them: the EA
// "NAME" is the extended attribute "user.NAME" of the file, its value the attribute's bytes,
// so a share moved between smbkit and smbd keeps its EAs. Every call works on a descriptor
// the caller already holds (or on one entry of an open directory), never on a client path.
//
// The "user." attributes the server keeps for itself are never EAs: "user.smbkit.*"
// (nt_acl.hpp) and those Samba reserves (user.DOSATTRIB, user.SAMBA_PAI, user.SAMBA_STREAMS,
// user.SmbReparse, user.DosStream.*, user.org.netatalk.Metadata). They are left out of every
// list, and is_private_ea_name() lets the server refuse a client that names one. Names
// compare without regard to case there, as Samba compares them.
//
// Windows' rules on names and sizes are the server's; this layer only stores what it is told
// and lists what is there.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::vfs {

inline constexpr std::string_view ea_xattr_prefix = "user.";
// Linux refuses longer attribute names (XATTR_NAME_MAX 255, the prefix included).
inline constexpr std::size_t max_ea_xattr_name = 255 - ea_xattr_prefix.size();

struct stored_ea {
    std::string name;  // without the "user." prefix
    bytes value;       // empty in a write: remove the EA
    bool operator==(const stored_ea&) const = default;
};

struct stored_ea_size {
    std::string name;
    std::size_t size = 0;  // of the value
};

bool is_private_ea_name(std::string_view name);

// The EAs of the file open as `fd` (an O_PATH descriptor works too), in the order the file
// system lists them; attributes with an empty value are left out. A file system without
// extended attributes has none.
result<std::vector<stored_ea>> read_eas(int fd);
// Names and value sizes only (no value is read).
result<std::vector<stored_ea_size>> ea_sizes(int fd);
// Of entry `name` of directory `dir_fd` (a symlink's own attributes, never its target's).
result<std::vector<stored_ea_size>> ea_sizes_at(int dir_fd, const std::string& name);

// Sets each EA with a value and removes each without one (an absent one is no error), in
// order, stopping at the first failure. A private or over-long name → ACCESS_DENIED /
// INVALID_EA_NAME before anything is written. The file system's refusals: no xattr support
// → EAS_NOT_SUPPORTED, no room beside the file (E2BIG, ENOSPC) → EA_TOO_LARGE, others as
// errno_map says. `fd` must not be O_PATH. With `servers_own` each write is announced as
// the server's own attribute change (own_changes.hpp), for EAs that come with a creation.
result<void> write_eas(int fd, std::span<const stored_ea> eas, bool servers_own = false);

// Whether the file system of `fd` keeps "user." attributes (asked without writing).
bool eas_supported(int fd);

}  // namespace smbkit::vfs
