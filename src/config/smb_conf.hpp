#pragma once
// smb.conf syntax (as smb.conf(5) describes it): [sections], "name = value" lines, ';' and
// '#' comments, '\' line continuation, parameter names compared without case or whitespace,
// and Samba's synonyms ("writeable" = not "read only", "public" = "guest ok", ...).

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smbkit::config {

// "Read Only" -> "readonly"; synonyms map to one canonical key.
std::string canonical_key(std::string_view key);
// yes/no, true/false, on/off, 1/0 (any case); nullopt for anything else.
std::optional<bool> parse_bool(std::string_view v);

struct parameter {
    std::string key;    // canonical
    std::string value;  // trimmed; inverted already for inverse synonyms ("writeable")
    int line = 0;
};

class section {
public:
    explicit section(std::string name = {}) : name_(std::move(name)) {}

    const std::string& name() const { return name_; }
    std::optional<std::string> get(std::string_view key) const;
    std::string get_or(std::string_view key, std::string_view fallback) const;
    // A boolean parameter; `fallback` when absent. An unparsable value is reported by
    // smb_conf::validate and reads as `fallback` here.
    bool get_bool(std::string_view key, bool fallback) const;
    std::optional<std::int64_t> get_int(std::string_view key) const;
    // Whitespace- or comma-separated list ("interfaces", "valid users", "smb ports").
    std::vector<std::string> get_list(std::string_view key) const;
    bool has(std::string_view key) const { return get(key).has_value(); }
    // Later assignments of the same key win, as in Samba.
    void set(std::string_view key, std::string value, int line = 0);
    const std::vector<parameter>& parameters() const { return params_; }

private:
    std::string name_;
    std::vector<parameter> params_;
};

class smb_conf {
public:
    static std::expected<smb_conf, std::string> parse(std::string_view text);
    static std::expected<smb_conf, std::string> load(const std::filesystem::path& path);

    section& global() { return global_; }
    const section& global() const { return global_; }
    // Every section other than [global], in file order; [homes] and [printers] included.
    std::vector<section>& shares() { return shares_; }
    const std::vector<section>& shares() const { return shares_; }
    const section* share(std::string_view name) const;  // case-insensitive
    section& add_share(std::string name);

    // A share parameter, falling back to [global] as Samba does for share-level defaults.
    std::optional<std::string> share_param(const section& share, std::string_view key) const;
    bool share_bool(const section& share, std::string_view key, bool fallback) const;

private:
    section global_{"global"};
    std::vector<section> shares_;
};

}  // namespace smbkit::config
