#pragma once
// Storage of a file's NT security descriptor (MS-DTYP 2.4.6) beside the file, in the extended
// attribute "user.smbkit.ntacl": one version byte (1) followed by the descriptor in
// self-relative form, exactly as a client set it. The vfs keeps the bytes opaque; the server
// parses, checks and builds them. A file without the attribute has no stored descriptor.
//
// Samba's acl_xattr keeps "security.NTACL" (an NDR xattr_NTACL whose v4 ties the descriptor to
// a hash of the POSIX ACL); that namespace needs CAP_SYS_ADMIN and the hash a POSIX ACL kept
// in step, so the format here is plain and lives in the user namespace.

#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::vfs {

inline constexpr const char* nt_acl_xattr_name = "user.smbkit.ntacl";
inline constexpr std::uint8_t nt_acl_version = 1;
inline constexpr std::size_t nt_acl_max_size = 65536;  // the largest self-relative descriptor

// The stored descriptor of an open file (an O_PATH descriptor works too), or nullopt.
std::optional<bytes> read_nt_acl(int fd);
// Of entry `name` of directory `dir_fd` (not followed if a symlink); "" means dir_fd itself.
std::optional<bytes> read_nt_acl_at(int dir_fd, const std::string& name);
// Stores `sd` for the file open as `fd` (which must not be O_PATH).
result<void> write_nt_acl(int fd, byte_span sd);

}  // namespace smbkit::vfs
