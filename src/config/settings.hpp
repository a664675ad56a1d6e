#pragma once
// The [global] parameters that several services share, read once with Samba's defaults.
// Service-specific parameters are read by the service from the smb_conf itself.

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "config/smb_conf.hpp"

namespace smbkit::config {

struct global_settings {
    std::string netbios_name;                 // upper case, at most 15 characters
    std::vector<std::string> netbios_aliases;  // upper case
    std::string workgroup = "WORKGROUP";
    std::string netbios_scope;                 // empty: no scope
    std::string server_string = "smbkit";
    bool disable_netbios = false;
    std::vector<std::string> interfaces;       // as written: "lo", "127.0.0.2/8", "eth0"
    bool bind_interfaces_only = false;
    std::vector<std::uint16_t> smb_ports{445, 139};
    std::uint16_t nbt_port = 137;              // NetBIOS name service
    std::uint16_t dgram_port = 138;            // NetBIOS datagram service
    bool wins_support = false;
    std::vector<std::string> wins_servers;
    std::string state_directory = "/var/lib/smbkit";
    std::string private_dir = "/var/lib/smbkit/private";
    std::string smb_passwd_file;               // default: private_dir + "/smbpasswd"
    std::string log_level;                     // "log level" as written; empty: not set
};

// The host name as Samba derives the default NetBIOS name: up to the first '.', upper
// case, cut to 15 characters.
std::string default_netbios_name();

std::expected<global_settings, std::string> read_global(const smb_conf& conf);

}  // namespace smbkit::config
