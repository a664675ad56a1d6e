#pragma once
// MS-FSCC 2.4.15 FILE_FULL_EA_INFORMATION lists (the ExtA create context, SET_INFO and
// QUERY_INFO FileFullEaInformation), 2.4.15.1 FILE_GET_EA_INFORMATION (the QUERY_INFO input
// list), and the answer of a FileFullEaInformation query (MS-SMB2 2.2.37 Flags, 3.3.5.20.1)
// as Windows' file systems give it (NtQueryEaFile: an EA list, an index, or a scan that
// resumes where the open's previous one stopped).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2::fscc {

inline constexpr std::uint8_t file_need_ea = 0x80;  // the only flag an EA may carry
inline constexpr std::size_t max_ea_name = 255;     // EaNameLength is one byte
inline constexpr std::size_t max_ea_value = 65535;  // EaValueLength is two

struct full_ea {
    std::uint8_t flags = 0;  // file_need_ea or 0
    std::string name;        // bytes as sent (ASCII/OEM), no terminator
    bytes value;
    bool operator==(const full_ea&) const = default;
};

// A FILE_FULL_EA_INFORMATION list checked as Windows' IoCheckEaBufferValidity does: each
// entry's name and value lie inside the buffer, its name is NUL-terminated, and a
// NextEntryOffset is exactly the entry's size rounded up to 4. Any failure is
// STATUS_EA_LIST_INCONSISTENT. Names are not judged here (see is_valid_ea_name); an empty
// buffer is an empty list.
result<std::vector<full_ea>> decode_full_ea_list(byte_span data);
// Entries 4-byte aligned, the last one unpadded.
void encode_full_ea_list(writer& w, std::span<const full_ea> list);

// A FILE_GET_EA_INFORMATION list: NUL-terminated names inside the buffer, NextEntryOffset a
// multiple of 4 past the entry; otherwise STATUS_EA_LIST_INCONSISTENT.
result<std::vector<std::string>> decode_get_ea_list(byte_span data);
void encode_get_ea_list(writer& w, std::span<const std::string> names);

// Bytes one entry takes on the wire, without the padding that follows it.
std::size_t full_ea_entry_size(const full_ea& e);
// The size of the whole list as encode_full_ea_list writes it: what FileEaInformation and
// the EaSize of the directory classes report (0 for no EAs), as Windows and Samba count it.
std::uint32_t full_ea_list_size(std::span<const full_ea> list);

// Windows refuses an EA name that is empty, longer than 255 bytes, or holds a control
// character or one of "*+,/:;<=>?[\]| (STATUS_INVALID_EA_NAME).
bool is_valid_ea_name(std::string_view name);
// EA names compare without regard to ASCII case.
bool ea_names_equal(std::string_view a, std::string_view b);

// MS-SMB2 2.2.37 Flags of a FileFullEaInformation query.
namespace ea_query_flags {
inline constexpr std::uint32_t restart_scan = 0x00000001;
inline constexpr std::uint32_t return_single_entry = 0x00000002;
inline constexpr std::uint32_t index_specified = 0x00000004;
}  // namespace ea_query_flags

struct ea_query {
    std::uint32_t max_output = 0;
    std::uint32_t flags = 0;
    std::uint32_t index = 0;  // AdditionalInformation: 1-based, with index_specified
    bytes get_list;           // the request's input buffer (FILE_GET_EA_INFORMATION list)
};

struct ea_answer {
    ntstatus status = ntstatus::success;  // success or a warning sends `output`
    bytes output;
    std::uint32_t next_position = 0;      // where the open's next scan starts (0-based)
};

// Answers a query on a file with `eas` (in the order the file keeps them) for an open whose
// previous scan stopped before entry `position`:
//  - with a get list: the named EAs in that order, duplicates once, one that does not exist
//    with an empty value; an invalid name → STATUS_INVALID_EA_NAME; if they do not all fit
//    → STATUS_BUFFER_OVERFLOW with nothing;
//  - otherwise from the index given, the start (restart_scan) or `position`: as many whole
//    entries as fit (one with return_single_entry); none fits → STATUS_BUFFER_TOO_SMALL,
//    some but not all → STATUS_BUFFER_OVERFLOW with those; a file without EAs →
//    STATUS_NO_EAS_ON_FILE; past the last → STATUS_NO_MORE_EAS; an index of 0 or beyond
//    the one after the last → STATUS_NONEXISTENT_EA_ENTRY.
ea_answer answer_ea_query(std::span<const full_ea> eas, const ea_query& q,
                          std::uint32_t position);

}  // namespace smbkit::smb2::fscc
