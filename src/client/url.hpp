#pragma once
// Where a client command points: //host[:port]/share/path (also smb://host/... and
// \\host\share\path), and who it logs on as: user, DOMAIN\user or user@domain, with a
// password after '%' as smbclient's -U takes it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smbkit::client {

struct smb_url {
    std::string host;
    std::optional<std::uint16_t> port;
    std::string share;  // empty for //host
    std::string path;   // relative to the share, '/' separated, no leading '/'
    std::string unc() const { return "\\\\" + host + "\\" + share; }
    std::string to_string() const;
};

// nullopt with `why` filled for anything that is not a URL of this form.
std::optional<smb_url> parse_url(std::string_view text, std::string* why = nullptr);

struct user_spec {
    std::string user;
    std::string domain;
    std::optional<std::string> password;  // present when given after '%'
};

// "DOM\user%pass", "DOM/user", "user@dom%pass", "user".
user_spec parse_user(std::string_view text);

}  // namespace smbkit::client
