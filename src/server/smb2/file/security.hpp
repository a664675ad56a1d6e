#pragma once
// The security descriptor of a file (MS-DTYP 2.4.6) as the server keeps and enforces it:
// a descriptor a client set is stored with the file (vfs/nt_acl.hpp) and enforced at CREATE;
// a file without one shows a descriptor derived from its POSIX owner, group and mode the way
// Samba presents Unix files (owner S-1-22-1-UID, group S-1-22-2-GID, and a DACL of three
// allow ACEs, owner, group and Everyone, whose rights follow the rwx bits), which is shown
// but not enforced: the server runs as root and such files keep the share's rights.
// Access checks: MS-SMB2 3.3.5.9 (CREATE), MS-FSA 2.1.5.1 (DELETE through the parent's
// FILE_DELETE_CHILD), MS-DTYP 2.5.3.2.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "server/smb2/file/access_check.hpp"
#include "server/smb2/handler.hpp"
#include "smb2/fscc/security.hpp"

namespace smbkit::vfs {
struct access_query;
}

namespace smbkit::server::file {

struct posix_owner {
    uid_t uid = 0;
    gid_t gid = 0;
    std::uint32_t mode = 0;  // permission bits (st_mode & 07777)
    bool is_directory = false;
};

// File rights an rwx triplet grants (bit 4 r, 2 w, 1 x).
std::uint32_t rights_from_bits(unsigned rwx, bool is_directory);

// The descriptor derived from POSIX ownership and mode (owner, group and DACL).
smb2::fscc::security_descriptor posix_descriptor(const posix_owner& o);
// Its self-relative form holding the parts `security_information` asks for.
bytes security_descriptor(const posix_owner& o, std::uint32_t security_information);

// The stored descriptor of a file, nullopt when it has none (or an unreadable one, which is
// logged and then ignored). `name` "" means `fd` itself. Blocking.
std::optional<smb2::fscc::security_descriptor> stored_descriptor(int fd);
std::optional<smb2::fscc::security_descriptor> stored_descriptor_at(int dir_fd,
                                                                    const std::string& name);
// Stored or derived from POSIX (fstat of `fd`). Blocking.
result<smb2::fscc::security_descriptor> effective_descriptor(int fd, bool is_directory);

// The token of the request's session (built once per session and user).
std::shared_ptr<const security_token> session_token(request_context& ctx);

// What the access check of one CREATE found, for the MxAc context.
struct open_access_state {
    bool parent_grants_delete = true;  // FILE_DELETE_CHILD on the parent (or no stored DACL)
    std::optional<smb2::fscc::security_descriptor> parent;  // its stored descriptor
};

// The vfs access hook of CREATE (vfs::open_request::check_access): an existing file with a
// stored descriptor needs what it grants (DELETE also through the parent's
// FILE_DELETE_CHILD); a new file needs FILE_ADD_FILE / FILE_ADD_SUBDIRECTORY on a parent
// with a stored descriptor and then gets what it asked for. Blocking.
result<std::uint32_t> check_open_access(const vfs::access_query& q, const security_token& token,
                                        open_access_state& state);

// A rename may put a name in the directory open as `dir_fd` (O_PATH) when the directory's
// stored descriptor grants the token FILE_ADD_FILE (FILE_ADD_SUBDIRECTORY for a directory),
// as Windows opens the target's directory for that (MS-FSA 2.1.5.14.11); a directory
// without a stored descriptor keeps the share's rights. ACCESS_DENIED otherwise. Blocking.
result<void> check_rename_target(int dir_fd, bool is_directory, const security_token& token);

// The rights the file open as `fd` allows the token (for MxAc): all when it has no stored
// descriptor. Blocking.
std::uint32_t allowed_rights(int fd, const security_token& token, const open_access_state& state);

// Stores the descriptor of a new file: `given` (the SecD create context, already checked)
// with missing parts filled in, else the parent's inheritable ACEs, else the default. When
// there is neither a SecD nor a stored parent descriptor, the file is only chowned to the
// user's Unix account and keeps a POSIX-derived descriptor.
// Blocking.
void store_new_descriptor(int fd, bool is_directory, const security_token& token,
                          const std::optional<smb2::fscc::security_descriptor>& given,
                          const open_access_state& state);

}  // namespace smbkit::server::file
