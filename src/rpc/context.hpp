#pragma once
// What a named pipe needs to know about the server and the SMB session that opened it. The
// SMB2 server fills this in when a client CREATEs a pipe on IPC$; the RPC layer never looks
// at sockets, configuration files or the share table itself.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace smbkit::rpc {

// Share types, MS-SRVS 2.2.2.4.
inline constexpr std::uint32_t stype_disktree = 0x00000000;
inline constexpr std::uint32_t stype_printq = 0x00000001;
inline constexpr std::uint32_t stype_device = 0x00000002;
inline constexpr std::uint32_t stype_ipc = 0x00000003;
inline constexpr std::uint32_t stype_temporary = 0x40000000;
// Set for IPC$ and for administrative/hidden shares whose name ends in '$'.
inline constexpr std::uint32_t stype_special = 0x80000000;

// Server types, MS-SRVS 2.2.2.7 (sv101_type).
inline constexpr std::uint32_t sv_type_workstation = 0x00000001;
inline constexpr std::uint32_t sv_type_server = 0x00000002;
inline constexpr std::uint32_t sv_type_server_unix = 0x00000800;
inline constexpr std::uint32_t sv_type_nt = 0x00001000;
inline constexpr std::uint32_t sv_type_server_nt = 0x00008000;

struct share_entry {
    std::string name;                     // UTF-8, as the client sees it ("data", "IPC$")
    std::uint32_t type = stype_disktree;  // stype_* including stype_special where it applies
    std::string comment;                  // UTF-8 remark
    std::string path;  // local path ("/srv/data"); shown as "C:\srv\data" to admins only
    std::uint32_t max_uses = 0xFFFFFFFF;  // 0xFFFFFFFF: unlimited
    std::uint32_t current_uses = 0;
};

struct context {
    std::string netbios_name = "SMBKIT";  // the server's NetBIOS name, upper case
    std::string workgroup = "WORKGROUP";  // domain or workgroup
    std::string server_comment;           // "server string"
    // NetrServerGetInfo / NetrWkstaGetInfo version: what Samba announces (6.1).
    std::uint32_t version_major = 6;
    std::uint32_t version_minor = 1;
    std::uint32_t server_type =
        sv_type_workstation | sv_type_server | sv_type_server_unix | sv_type_nt | sv_type_server_nt;

    // The session that opened the pipe.
    std::string user;            // account name, empty for anonymous
    bool anonymous = false;      // null session
    bool administrator = false;  // may see share paths (levels 2/502) and WKSTA_INFO_102

    // Shares visible to this session, called once per enumeration or lookup so that a
    // reloaded configuration shows up on an open pipe. Must include IPC$.
    std::function<std::vector<share_entry>()> shares;
    // Sessions open on the server (WKSTA_INFO_102 logged_on_users, SERVER_INFO_102 users).
    std::function<std::uint32_t()> session_count;
};

}  // namespace smbkit::rpc
