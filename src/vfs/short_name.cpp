#include "vfs/short_name.hpp"

#include <array>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "core/utf16.hpp"

namespace smbkit::vfs {
namespace {

// Character classes of Samba's hash2 mangling (its char_flags table).
bool is_ascii_char(unsigned char c) {  // may appear in a generated short name
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '_' || c == '-' || c == '$' || c == '~';
}
bool is_base_char(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_illegal_char(unsigned char c) {
    if (c >= 1 && c <= 0x1f) return true;
    switch (c) {
    case '*': case '\\': case '/': case '?': case '<': case '>': case '|': case '"': case ':':
        return true;
    default: return false;
    }
}
bool is_wildcard_char(unsigned char c) {
    return c == '*' || c == '?' || c == '"' || c == '<' || c == '>';
}
// Characters Windows never leaves in an 8.3 name (they force a short name).
bool forces_short_name(unsigned char c) {
    switch (c) {
    case ' ': case '+': case ',': case '[': case ']': case ';': case '=': return true;
    default: return false;
    }
}
char upper_ascii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

constexpr std::string_view base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::uint32_t fnv1_prime = 0x01000193;
constexpr std::uint32_t fnv1_init = 0xa6b93095;  // Samba's seed; keeps names identical
constexpr std::size_t prefix_chars = 1;          // "mangle prefix" (Samba's default 1)

// Samba filters candidates for DOS device names by position before comparing (a table built
// from an older list): the fourth byte must be the end, '.', '1'-'4' or 'K'. COM5-9 and
// LPT5-9 therefore never count as reserved there, and do not here either.
bool possible_reserved(std::string_view n) {
    auto at = [&](std::size_t i) -> unsigned char {
        return i < n.size() ? static_cast<unsigned char>(upper_ascii(n[i])) : 0;
    };
    auto in = [](unsigned char c, std::string_view set) {
        return c != 0 && set.find(static_cast<char>(c)) != std::string_view::npos;
    };
    const unsigned char c4 = at(3);
    return in(at(0), "ACLNP") && in(at(1), "OPRU") && in(at(2), "CLMNTX") &&
           (c4 == 0 || in(c4, ".1234K"));
}

}  // namespace

bool is_8_3(std::string_view name) {
    if (name == "." || name == "..") return true;
    if (name.size() > 12) return false;
    auto dot = name.find('.');
    if (dot == std::string_view::npos) {
        if (name.size() > 8) return false;
    } else {
        const std::size_t suffix = name.size() - dot - 1;
        if (dot > 8 || suffix > 3 || suffix == 0) return false;
        if (name.find('.', dot + 1) != std::string_view::npos) return false;
    }
    for (char ch : name) {
        auto c = static_cast<unsigned char>(ch);
        if (c == 0 || is_illegal_char(c) || is_wildcard_char(c) || c > 0x7e ||
            forces_short_name(c))
            return false;
    }
    return true;
}

bool is_reserved_dos_name(std::string_view name) {
    if (!possible_reserved(name)) return false;
    static constexpr std::array<std::string_view, 22> reserved = {
        "AUX",  "CON",  "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "NUL",  "PRN"};
    for (auto r : reserved) {
        if (name.size() < r.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < r.size() && same; ++i) same = upper_ascii(name[i]) == r[i];
        if (same && (name.size() == r.size() || name[r.size()] == '.')) return true;
    }
    return false;
}

bool is_legal_long_name(std::string_view name) {
    std::size_t dot_pos = std::string_view::npos;
    bool all_dots = true;
    std::size_t dots = 0;
    for (std::size_t i = 0; i < name.size();) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c >= 0x80 && i + 1 < name.size()) {
            // A whole multi-byte UTF-8 character holds no illegal byte: skip it.
            std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            bool ok = len > 1 && i + len <= name.size();
            for (std::size_t k = 1; ok && k < len; ++k)
                ok = (static_cast<unsigned char>(name[i + k]) & 0xC0) == 0x80;
            if (ok) {
                i += len;
                continue;
            }
        }
        if (c == 0 || is_illegal_char(c)) return false;
        if (c == '.') {
            dot_pos = i;
            ++dots;
        } else {
            all_dots = false;
        }
        if (c == ' ' && i + 1 == name.size()) return false;
        ++i;
    }
    if (dot_pos != std::string_view::npos) {
        if (all_dots && (dots == 1 || dots == 2)) return true;
        if (dot_pos + 1 == name.size()) return false;
    }
    return true;
}

bool has_illegal_nt_char(std::string_view name) {
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (u == 0 || is_illegal_char(u)) return true;
    }
    return false;
}

bool must_mangle(std::string_view name) {
    return is_reserved_dos_name(name) || !is_legal_long_name(name);
}

std::uint32_t mangle_hash(std::string_view key) {
    // Upper-cased first so the short name does not depend on the long name's case. Samba
    // hashes the bytes as (signed) chars: bytes >= 0x80 enter sign-extended.
    std::string s = upper_utf8(key.substr(0, std::min<std::size_t>(key.size(), 255)));
    std::uint32_t v = fnv1_init;
    for (char c : s) {
        v *= fnv1_prime;
        v ^= static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<signed char>(c)));
    }
    return v & 0x7fffffffu;  // 31 bits: fits the 36^6 space of the name
}

std::string short_name(std::string_view name) {
    if (!is_reserved_dos_name(name) && is_legal_long_name(name) && is_8_3(name))
        return std::string(name);

    // The extension: 1-3 short-name characters after the last dot, else none.
    auto dot = name.rfind('.');
    if (dot != std::string_view::npos) {
        std::size_t n = 0;
        for (; n < 4 && dot + 1 + n < name.size(); ++n)
            if (!is_ascii_char(static_cast<unsigned char>(name[dot + 1 + n]))) break;
        const std::size_t ext_len = name.size() - dot - 1;
        if (n == 0 || n == 4 || n < ext_len) dot = std::string_view::npos;
    }

    std::string out(8, '_');
    for (std::size_t i = 0; i < prefix_chars && i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        out[i] = is_ascii_char(c) ? upper_ascii(name[i]) : '_';
    }
    std::uint32_t v = mangle_hash(name.substr(0, dot == std::string_view::npos ? name.size() : dot));
    out[7] = base36[v % 36];
    out[6] = '~';
    for (std::size_t i = 5; i >= prefix_chars; --i) {
        v /= 36;
        out[i] = base36[v % 36];
    }
    if (dot != std::string_view::npos) {
        out.push_back('.');
        for (std::size_t i = dot + 1; i < name.size() && i <= dot + 3; ++i)
            out.push_back(upper_ascii(name[i]));
    }
    return out;
}

std::string listing_short_name(std::string_view name, mangled_names m) {
    if (m != mangled_names::yes || is_8_3(name)) return {};
    std::string s = short_name(name);
    for (auto& c : s) c = upper_ascii(c);
    return s;
}

bool looks_mangled(std::string_view name) {
    if (name.size() < 8 || name.size() > 12) return false;
    if (name[6] != '~') return false;
    if (name.size() > 8) {
        if (name[8] != '.') return false;
        for (std::size_t i = 9; i < name.size(); ++i)
            if (!is_ascii_char(static_cast<unsigned char>(name[i]))) return false;
    }
    for (std::size_t i = 0; i < prefix_chars; ++i)
        if (!is_ascii_char(static_cast<unsigned char>(name[i]))) return false;
    if (!is_base_char(static_cast<unsigned char>(name[7]))) return false;
    for (std::size_t i = prefix_chars; i < 6; ++i)
        if (!is_base_char(static_cast<unsigned char>(name[i]))) return false;
    return true;
}

bool short_name_matches(std::string_view long_name, std::string_view candidate) {
    std::string s = short_name(long_name);
    if (s.size() != candidate.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (upper_ascii(s[i]) != upper_ascii(candidate[i])) return false;
    return true;
}

namespace {

// Key: the upper-cased lead character and hash digits of the short name ("TOR0GA~L").
struct prefix_cache {
    std::mutex mutex;
    std::unordered_map<std::string, std::string> prefixes;
    std::deque<std::string> order;
    static constexpr std::size_t limit = 4096;
};

// Never destroyed: a lookup still running on a blocking-pool worker while the process exits
// would otherwise use it after its destructor ran (as with vfs::detail::open_table).
prefix_cache& cache() {
    static auto* c = new prefix_cache;
    return *c;
}

std::string cache_key(std::string_view short_name) {
    std::string k(short_name.substr(0, 8));
    for (auto& c : k) c = upper_ascii(c);
    return k;
}

}  // namespace

void remember_short_name(std::string_view long_name) {
    if (is_8_3(long_name) && is_legal_long_name(long_name) && !is_reserved_dos_name(long_name))
        return;  // not generated
    std::string s = short_name(long_name);
    auto dot = long_name.size();
    if (s.size() > 8) dot = long_name.rfind('.');
    std::string prefix(long_name.substr(0, dot));
    auto& c = cache();
    std::lock_guard lk(c.mutex);
    auto key = cache_key(s);
    auto [it, fresh] = c.prefixes.insert_or_assign(key, std::move(prefix));
    if (!fresh) return;
    c.order.push_back(key);
    if (c.order.size() > prefix_cache::limit) {
        c.prefixes.erase(c.order.front());
        c.order.pop_front();
    }
}

std::string long_name_from_cache(std::string_view short_name) {
    if (!looks_mangled(short_name)) return {};
    std::string prefix;
    {
        auto& c = cache();
        std::lock_guard lk(c.mutex);
        auto it = c.prefixes.find(cache_key(short_name));
        if (it == c.prefixes.end()) return {};
        prefix = it->second;
    }
    if (short_name.size() > 9) prefix += std::string(short_name.substr(8));
    return prefix;
}

}  // namespace smbkit::vfs
