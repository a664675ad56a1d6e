#pragma once
// `smbkit serve DIR`: the share needs a user to log on with. Without --guest one account
// (the invoking Unix user's name, or "smbkit") gets a fresh random password at every start,
// stored as an NT hash in a private smbpasswd under the state directory and shown once on the
// start-up banner; the share is limited to that user.

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "config/smb_conf.hpp"

namespace smbkit::server {

struct zero_config_login {
    std::string user;
    std::string password;
    std::string passwd_file;
};

// Adds the account and points "smb passwd file" and the share's "valid users" at it.
std::expected<zero_config_login, std::string> setup_zero_config_user(config::smb_conf& conf,
                                                                     const std::string& share);

// The start-up banner: where the server listens and how to connect.
std::string serve_banner(const std::vector<std::string>& endpoints, const std::string& share,
                         const std::optional<zero_config_login>& login, bool guest);

}  // namespace smbkit::server
