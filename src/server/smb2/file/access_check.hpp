#pragma once
// Access checks against NT security descriptors: the security token of a session, the
// access check of MS-DTYP 2.5.3.2 (no privileges, no object ACEs, no conditional ACEs), the
// generic mapping of files (MS-DTYP 2.4.3, MS-SMB2 2.2.13.1.1) and the descriptor of a new
// file or directory (MS-DTYP 2.5.3.4 CreateSecurityDescriptor, simplified as Windows and
// Samba do: inheritable ACEs of the parent, else a default DACL).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ntstatus.hpp"
#include "smb2/fscc/security.hpp"

namespace smbkit::server::file {

// Who is asking: the user, its primary group and the groups it belongs to.
struct security_token {
    std::string user_name;  // the session user the token was built for
    smb2::fscc::sid user;
    smb2::fscc::sid primary_group;
    std::vector<smb2::fscc::sid> groups;  // Everyone, Authenticated Users, ...
    // The Unix account new files are given to (none for anonymous sessions).
    std::optional<std::uint32_t> unix_uid;
    std::uint32_t unix_gid = 0;

    bool has(const smb2::fscc::sid& s) const;  // user, primary group or a group
};

// Token of a logged-on user: user S-1-22-1-uid and group S-1-22-2-gid (as Samba maps Unix
// accounts), Everyone, Network, Authenticated Users, BUILTIN\Users. Guests get Everyone,
// Network and BUILTIN\Guests; anonymous sessions Everyone, Network and Anonymous Logon.
enum class logon_type { user, guest, anonymous };
security_token make_token(std::string user_name, std::uint32_t uid, std::uint32_t gid,
                          logon_type type);

// GENERIC_* bits to file rights; other bits unchanged.
std::uint32_t map_generic_file(std::uint32_t mask);

// The rights `sd` grants `token` (MS-DTYP 2.5.3.2 with MAXIMUM_ALLOWED): every right when
// there is no DACL (or a NULL one); the owner gets READ_CONTROL | WRITE_DAC unless the DACL
// has OWNER RIGHTS ACEs; ACEs are read in order, the first to speak of a right decides it.
std::uint32_t granted_rights(const smb2::fscc::security_descriptor& sd,
                             const security_token& token);

// The rights an open gets: `desired` (generic bits mapped) must be within `allowed`, else
// ACCESS_DENIED; MAXIMUM_ALLOWED adds everything `allowed` has.
result<std::uint32_t> decide_access(std::uint32_t desired, std::uint32_t allowed);

// The descriptor of a new object whose parent has `parent`: owner and group from the token;
// the DACL is the parent's inheritable ACEs (CREATOR OWNER / GROUP replaced, generic rights
// mapped, inherit flags adjusted for a file or a directory); nullopt when the parent has none
// that apply, so the caller uses its default.
std::optional<smb2::fscc::security_descriptor> inherit_descriptor(
    const smb2::fscc::security_descriptor& parent, bool is_directory,
    const security_token& creator);

// The DACL of a new object without inheritable ACEs to take: the creator full control, the
// group and Everyone what `mode` gives them (as the Unix mode of the new file would), with
// inheritable copies on a directory (CREATOR OWNER for the owner's part).
smb2::fscc::security_descriptor default_descriptor(const security_token& creator,
                                                   std::uint32_t unix_gid, std::uint32_t mode,
                                                   bool is_directory);

// A descriptor a client sends (SET_INFO or the SecD create context): SACL parts need a
// privilege no session holds → PRIVILEGE_NOT_HELD; the owner must be a SID of the token
// (INVALID_OWNER) and the group is free, as Windows allows.
result<void> check_new_parts(const smb2::fscc::security_descriptor& sd, std::uint32_t info,
                             const security_token& token);

// Replaces in `stored` the parts `info` names (OWNER 1, GROUP 2, DACL 4, SACL 8) by those of
// `given`; a part missing from `given` is removed (a DACL flag without a DACL is a NULL DACL).
smb2::fscc::security_descriptor merge_descriptor(smb2::fscc::security_descriptor stored,
                                                 const smb2::fscc::security_descriptor& given,
                                                 std::uint32_t info);

// Only the parts `info` asks for, as QUERY_INFO returns them.
smb2::fscc::security_descriptor select_parts(const smb2::fscc::security_descriptor& sd,
                                             std::uint32_t info);

}  // namespace smbkit::server::file
