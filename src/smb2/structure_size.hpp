#pragma once
// The StructureSize of every SMB2 request and response body (MS-SMB2 2.2.x), for a
// dispatcher that validates a message before handing it to its decoder, as ksmbd's
// smb2misc.c does from a table. OPLOCK_BREAK has three forms (24, 36 and 44); the table
// gives the oplock form and accepts() knows the others. An error response (2.2.2, size 9)
// can answer any command.

#include <cstdint>

#include "smb2/constants.hpp"

namespace smbkit::smb2 {

inline constexpr std::uint16_t error_structure_size = 9;

constexpr std::uint16_t request_structure_size(command c) {
    constexpr std::uint16_t sizes[command_count] = {36, 25, 4, 9, 4, 57, 24, 24, 49, 49,
                                                    48, 57, 4, 4, 33, 32, 41, 33, 24};
    auto i = static_cast<std::uint16_t>(c);
    return i < command_count ? sizes[i] : 0;
}

constexpr std::uint16_t response_structure_size(command c) {
    constexpr std::uint16_t sizes[command_count] = {65, 9, 4, 16, 4, 89, 60, 4, 17, 17,
                                                    4,  49, 0, 4, 9, 9, 9, 2, 24};
    auto i = static_cast<std::uint16_t>(c);
    return i < command_count ? sizes[i] : 0;
}

// True when `size` is a valid StructureSize for the command in that direction.
constexpr bool accepts_structure_size(command c, bool response, std::uint16_t size) {
    if (c == command::oplock_break)
        return size == 24 || size == 36 || (response && size == 44);
    if (response && size == error_structure_size) return true;
    auto expected = response ? response_structure_size(c) : request_structure_size(c);
    return expected != 0 && size == expected;
}

}  // namespace smbkit::smb2
