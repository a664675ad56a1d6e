#pragma once
// MS-SMB2 2.2.33 QUERY_DIRECTORY request and 2.2.34 QUERY_DIRECTORY response. The entries
// in the output buffer are built by fscc/directory.hpp.

#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

struct query_directory_request {
    static constexpr std::uint16_t structure_size = 33;
    std::uint8_t file_information_class = file_info_class::id_both_directory;
    std::uint8_t flags = 0;  // query_directory_flags
    std::uint32_t file_index = 0;
    file_id id;
    std::string pattern;  // "*" and friends, UTF-8
    std::uint32_t output_buffer_length = 0;
    static result<query_directory_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const query_directory_request&) const = default;
};

// The response shape shared by QUERY_DIRECTORY (2.2.34), CHANGE_NOTIFY (2.2.36) and
// QUERY_INFO (2.2.38): StructureSize 9 and one output buffer.
template <int Tag> struct output_buffer_response {
    static constexpr std::uint16_t structure_size = 9;
    bytes output;
    static result<output_buffer_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const output_buffer_response&) const = default;
};

using query_directory_response = output_buffer_response<0>;  // MS-SMB2 2.2.34
using change_notify_response = output_buffer_response<1>;    // MS-SMB2 2.2.36
using query_info_response = output_buffer_response<2>;       // MS-SMB2 2.2.38

}  // namespace smbkit::smb2
