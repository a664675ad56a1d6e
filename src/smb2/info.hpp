#pragma once
// MS-SMB2 2.2.37 QUERY_INFO request, 2.2.39 SET_INFO request and 2.2.40 SET_INFO
// response. The QUERY_INFO response is the output buffer of query_directory.hpp (2.2.38);
// the buffers themselves are the fscc/ info classes.

#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

struct query_info_request {
    static constexpr std::uint16_t structure_size = 41;
    std::uint8_t info_type = info_type::file;
    std::uint8_t file_info_class = 0;
    std::uint32_t output_buffer_length = 0;
    bytes input;  // FILE_GET_EA_INFORMATION list or quota query
    std::uint32_t additional_information = 0;  // security_information for security queries
    std::uint32_t flags = 0;                   // query_info_flags (EA queries)
    file_id id;
    static result<query_info_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const query_info_request&) const = default;
};

struct set_info_request {
    static constexpr std::uint16_t structure_size = 33;
    std::uint8_t info_type = info_type::file;
    std::uint8_t file_info_class = 0;
    bytes buffer;
    std::uint32_t additional_information = 0;
    file_id id;
    static result<set_info_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const set_info_request&) const = default;
};

// MS-SMB2 2.2.40: StructureSize 2 and nothing else.
struct set_info_response {
    static constexpr std::uint16_t structure_size = 2;
    static result<set_info_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const set_info_response&) const = default;
};

}  // namespace smbkit::smb2
