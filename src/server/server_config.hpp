#pragma once
// What the SMB2 server reads from smb.conf: protocol bounds, security defaults and shares.
// Parameter names and values are Samba's (smb.conf(5)); see README "Security defaults".

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "config/smb_conf.hpp"
#include "vfs/share.hpp"

namespace smbkit::server {

// "server signing": auto (offered; required for authenticated 3.x sessions, the smbkit
// default), mandatory (required for every dialect), disabled (offered only when the client
// requires it; never required by us).
enum class signing_mode { disabled, automatic, mandatory };
// "smb encrypt" / "server smb encrypt": off, desired (encrypt when the client can),
// required (refuse unencrypted access).
enum class encrypt_mode { off, desired, required };
// "map to guest": never, bad user (unknown user names log on as guest).
enum class guest_mapping { never, bad_user, bad_password };

struct share_config {
    std::string name;                   // as configured ("IPC$" for the pipe share)
    std::filesystem::path path;
    bool ipc = false;
    bool read_only = true;
    bool guest_ok = false;
    bool guest_only = false;
    bool browseable = true;
    bool available = true;
    std::string comment;
    std::vector<std::string> valid_users;    // empty: everyone who can log on
    std::vector<std::string> invalid_users;
    std::vector<std::string> read_list;
    std::vector<std::string> write_list;
    encrypt_mode encrypt = encrypt_mode::off;
    std::uint32_t max_connections = 0;
    // Name handling (smb.conf(5) names; Samba's defaults):
    bool case_sensitive = false;   // "case sensitive": yes; no and auto (SMB2 clients) → no
    bool follow_symlinks = true;   // "follow symlinks": never beyond the share either way
    bool hide_dot_files = true;    // "hide dot files"
    std::vector<std::string> hide_files;  // "hide files" = /pattern/pattern/
    std::vector<std::string> veto_files;  // "veto files" = /pattern/pattern/
    vfs::mangled_names mangled_names = vfs::mangled_names::illegal;  // "mangled names"
};

// What the file system backend of a disk share is told (read_only: the tree's view, which
// "read list" / "write list" may change from the share's).
vfs::share_options vfs_options(const share_config& share, bool read_only);

struct server_config {
    config::global_settings global;
    std::uint16_t min_dialect = 0x0202;  // "server min protocol" (SMB2_02)
    std::uint16_t max_dialect = 0x0311;  // "server max protocol" (SMB3_11)
    signing_mode signing = signing_mode::automatic;
    encrypt_mode encrypt = encrypt_mode::off;
    guest_mapping map_to_guest = guest_mapping::never;
    std::string guest_account = "nobody";
    // "restrict anonymous": 0 lets null sessions list shares on IPC$ (never a disk share);
    // 2 refuses null sessions everywhere. Default 0 as in Samba.
    int restrict_anonymous = 0;
    std::vector<std::uint16_t> nbss_ports{139};  // "nbss ports": ports that speak RFC 1002
    std::string smb_passwd_file;
    // "smb2 max read", "smb2 max write", "smb2 max trans": the largest READ, WRITE and
    // other transfer (QUERY_DIRECTORY, QUERY_INFO, IOCTL, ...) offered from SMB 2.1 on;
    // SMB 2.0.2 always gets 64 KiB. 64 KiB to 8 MiB. READ and WRITE default to 1 MiB
    // (Samba offers 8 MiB): a 1 MiB message stays in the CPU cache between the socket, the
    // signature and the file, and a large transfer then moves faster on less CPU
    // (bench/RESULTS.md); other transfers default to 8 MiB.
    std::uint32_t max_read_size = 1024 * 1024;
    std::uint32_t max_write_size = 1024 * 1024;
    std::uint32_t max_trans_size = 8 * 1024 * 1024;
    std::uint16_t max_credits = 8192;             // "smb2 max credits"
    std::vector<share_config> shares;             // IPC$ included

    const share_config* find_share(std::string_view name) const;  // case-insensitive
};

// "SMB2_02" -> 0x0202 ... "SMB3_11"/"SMB3" -> 0x0311; "NT1"/"LANMAN*" are below SMB2 and
// clamp to SMB2_02 for the minimum; nullopt when unknown.
std::optional<std::uint16_t> parse_protocol(std::string_view name, bool is_max);
std::string dialect_name(std::uint16_t dialect);

std::expected<server_config, std::string> load_server_config(const config::smb_conf& conf,
                                                              const config::global_settings& g);

}  // namespace smbkit::server
