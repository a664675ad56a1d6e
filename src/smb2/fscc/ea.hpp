#pragma once
// MS-FSCC 2.4.15 FILE_FULL_EA_INFORMATION lists (the ExtA create context, SET_INFO
// FileFullEaInformation) and 2.4.15.1 FILE_GET_EA_INFORMATION (QUERY_INFO input).

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2::fscc {

struct full_ea {
    std::uint8_t flags = 0;  // 0x80 = FILE_NEED_EA
    std::string name;        // ASCII, no NUL
    bytes value;
    bool operator==(const full_ea&) const = default;
};

// Entries are 4-byte aligned and chained by NextEntryOffset; names are NUL-terminated and
// must not contain NUL. Any inconsistency is STATUS_INVALID_PARAMETER (names that do not
// fit the rules: STATUS_INVALID_EA_NAME).
result<std::vector<full_ea>> decode_full_ea_list(byte_span data);
void encode_full_ea_list(writer& w, const std::vector<full_ea>& list);

result<std::vector<std::string>> decode_get_ea_list(byte_span data);
void encode_get_ea_list(writer& w, const std::vector<std::string>& names);

}  // namespace smbkit::smb2::fscc
