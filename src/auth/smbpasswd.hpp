#pragma once
// The user database in Samba's smbpasswd file format, one account a line:
//   name:uid:LMHASH:NTHASH:[UX         ]:LCT-5F3A1B2C:
// Hashes are 32 upper-case hex digits, or 32 'X' (no hash) / "NO PASSWORDXXXXXXXXXXXXXXXXXXXXX"
// (the [N] flag). Account flags between brackets: U user, D disabled, N no password required,
// W workstation trust, X password does not expire, ... Comment lines (#) and blank lines are
// kept as they are.

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/ntlm.hpp"
#include "auth/ntlm_server.hpp"

namespace smbkit::auth {

struct smbpasswd_entry {
    std::string name;
    std::uint32_t uid = 0;
    std::optional<nt_hash_t> lm_hash;
    std::optional<nt_hash_t> nt_hash;
    std::string flags = "U";  // the letters between the brackets, without padding
    std::uint32_t last_change = 0;  // LCT, seconds since 1970

    bool has_flag(char f) const { return flags.find(f) != std::string::npos; }
    void set_flag(char f, bool on);
    bool disabled() const { return has_flag('D'); }
    bool no_password() const { return has_flag('N'); }
};

class smbpasswd_db {
public:
    // Parses the text of a file; a malformed account line is an error naming its line number.
    static std::expected<smbpasswd_db, std::string> parse(std::string_view text);
    // Loads a file; a file that does not exist is an empty database when `missing_ok`.
    static std::expected<smbpasswd_db, std::string> load(const std::string& path,
                                                         bool missing_ok = false);

    // Case-insensitive lookup.
    const smbpasswd_entry* find(std::string_view name) const;
    smbpasswd_entry* find(std::string_view name);
    const std::vector<smbpasswd_entry>& entries() const { return entries_; }

    // Adds the user (uid given) or changes its password; clears [N], keeps [D].
    // false when the password is not valid UTF-8.
    bool set_password(std::string_view name, std::uint32_t uid, std::string_view password,
                      std::uint32_t now);
    // Marks an account as needing no password ([N], hashes "NO PASSWORD...").
    bool set_no_password(std::string_view name, std::uint32_t now);
    bool set_disabled(std::string_view name, bool disabled);
    bool remove(std::string_view name);

    std::string serialize() const;
    // Atomic rewrite: a temporary file in the same folder (mode 0600), fsync, rename, fsync of
    // the folder. The message says what failed.
    std::expected<void, std::string> save(const std::string& path) const;

    // An account_lookup over a snapshot of this database (for ntlm_server/gss_server).
    account_lookup lookup() const;

private:
    struct line {
        std::string text;    // kept verbatim when `entry` is not set
        int entry = -1;      // index into entries_
    };
    std::vector<smbpasswd_entry> entries_;
    std::vector<line> lines_;
};

}  // namespace smbkit::auth
