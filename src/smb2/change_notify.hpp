#pragma once
// MS-SMB2 2.2.35 CHANGE_NOTIFY request; the response (2.2.36) is an output buffer of
// FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1), built and read here.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"
#include "smb2/query_directory.hpp"

namespace smbkit::smb2 {

struct change_notify_request {
    static constexpr std::uint16_t structure_size = 32;
    std::uint16_t flags = 0;  // change_notify_flags::watch_tree
    std::uint32_t output_buffer_length = 0;
    file_id id;
    std::uint32_t completion_filter = 0;  // notify_filter
    static result<change_notify_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const change_notify_request&) const = default;
};

// MS-FSCC 2.7.1
struct file_notify_information {
    std::uint32_t action = 0;  // notify_action
    std::string file_name;     // relative to the watched directory
    bool operator==(const file_notify_information&) const = default;
};

// Entries 4-byte aligned, chained by NextEntryOffset.
bytes encode_notify_information(const std::vector<file_notify_information>& list);
result<std::vector<file_notify_information>> decode_notify_information(byte_span output);

}  // namespace smbkit::smb2
