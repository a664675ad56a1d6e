#include "vfs/wildcard.hpp"

#include <cstdint>
#include <optional>
#include <vector>

#include "core/utf16.hpp"

namespace smbkit::vfs {
namespace {

using units = std::vector<std::uint16_t>;

// MS-FSA works on UTF-16 code units, so do we.
std::optional<units> to_units(std::string_view s, bool upper) {
    auto b = upper ? utf8_to_utf16le(upper_utf8(s)) : utf8_to_utf16le(s);
    if (!b) return std::nullopt;
    units u(b->size() / 2);
    for (std::size_t i = 0; i < u.size(); ++i)
        u[i] = static_cast<std::uint16_t>((*b)[2 * i] | ((*b)[2 * i + 1] << 8));
    return u;
}

constexpr std::uint16_t dos_star = '<';
constexpr std::uint16_t dos_qm = '>';
constexpr std::uint16_t dos_dot = '"';

}  // namespace

bool has_wildcards(std::string_view e) {
    return e.find_first_of("*?<>\"") != std::string_view::npos;
}

bool name_matches(std::string_view expression, std::string_view name, bool ignore_case) {
    auto ex = to_units(expression, ignore_case);
    auto nm = to_units(name, ignore_case);
    if (!ex || !nm) return false;
    const units& e = *ex;
    const units& n = *nm;
    if (n.empty()) return e.empty();

    // Simulates the expression as an NFA whose states are positions in it: O(|e| * |n|)
    // time, O(|e|) memory, whatever a client puts in the pattern.
    std::size_t last_dot = SIZE_MAX;
    for (std::size_t i = 0; i < n.size(); ++i)
        if (n[i] == '.') last_dot = i;

    const std::size_t E = e.size();
    std::vector<char> cur(E + 1, 0), nxt(E + 1, 0);
    // Epsilon moves available before name position i (i == n.size() is the end).
    auto close = [&](std::vector<char>& set, std::size_t i) {
        bool at_end = i == n.size();
        bool at_dot = !at_end && n[i] == '.';
        for (std::size_t s = 0; s < E; ++s) {
            if (!set[s]) continue;
            std::uint16_t c = e[s];
            if (c == '*' || c == dos_star || (c == dos_qm && (at_end || at_dot)) ||
                (c == dos_dot && at_end))
                set[s + 1] = 1;
        }
    };
    cur[0] = 1;
    for (std::size_t i = 0; i < n.size(); ++i) {
        close(cur, i);
        std::fill(nxt.begin(), nxt.end(), 0);
        bool any = false;
        std::uint16_t ch = n[i];
        for (std::size_t s = 0; s < E; ++s) {
            if (!cur[s]) continue;
            std::uint16_t c = e[s];
            if (c == '*') {
                nxt[s] = 1;
            } else if (c == dos_star) {
                // Up to and including the last '.', or anything when there is none.
                if (last_dot == SIZE_MAX || i <= last_dot) nxt[s] = 1;
            } else if (c == dos_qm) {
                if (ch != '.') nxt[s + 1] = 1;
            } else if (c == dos_dot) {
                if (ch == '.') nxt[s + 1] = 1;
            } else if (c == '?' || c == ch) {
                nxt[s + 1] = 1;
            }
        }
        for (char v : nxt) any = any || v;
        if (!any) return false;
        std::swap(cur, nxt);
    }
    close(cur, n.size());
    return cur[E] != 0;
}

}  // namespace smbkit::vfs
