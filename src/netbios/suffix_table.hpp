#pragma once
// What a registered NetBIOS name is used for, from its name, suffix (name type) and group
// flag: the well-known table that `nbtstat` users read (docs: "NetBIOS suffixes", the table
// in the project issue). Rows that name a specific NetBIOS name (__MSBROWSE__, INet~Services,
// IS~computer, IRISMULTICAST, ...) win over the rows for a suffix alone.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace smbkit::netbios {

enum class name_pattern {
    any,     // <computername>, <domain>, <username>: any name
    exact,   // exactly `name` (compared case-insensitively, trailing padding ignored)
    prefix,  // starting with `name` ("IS~" + computer name)
};

struct suffix_row {
    name_pattern pattern;
    std::string_view name;       // for exact/prefix rows, the raw name bytes
    std::uint8_t suffix;
    bool group;
    std::string_view usage;
    std::string_view who;        // "<computername>", "<domain>", ... as the table shows it
};

// The whole table, in the order it is documented.
std::span<const suffix_row> suffix_table();

// The usage of a name: first a row naming this exact name (or prefix) with the same suffix
// and group flag; then a row for the suffix with the same group flag; then any row for the
// suffix (a name registered with an unusual flag still says what the suffix means); else
// "Unknown service <XX>". `name` is the name without padding (node_name_entry::name()).
std::string describe_name(std::string_view name, std::uint8_t suffix, bool group);

// The name of the browser election group, as it goes on the wire: "\x01\x02__MSBROWSE__\x02".
inline constexpr std::string_view msbrowse_name{"\x01\x02__MSBROWSE__\x02", 15};

}  // namespace smbkit::netbios
