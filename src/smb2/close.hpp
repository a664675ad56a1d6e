#pragma once
// MS-SMB2 2.2.15 CLOSE request, 2.2.16 CLOSE response, 2.2.17 FLUSH request (its response
// is the empty body of simple.hpp).

#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

struct close_request {
    static constexpr std::uint16_t structure_size = 24;
    std::uint16_t flags = 0;  // close_flags::postquery_attrib
    file_id id;
    static result<close_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const close_request&) const = default;
};

struct close_response {
    static constexpr std::uint16_t structure_size = 60;
    std::uint16_t flags = 0;  // close_flags::postquery_attrib when the attributes are valid
    std::uint64_t creation_time = 0;
    std::uint64_t last_access_time = 0;
    std::uint64_t last_write_time = 0;
    std::uint64_t change_time = 0;
    std::uint64_t allocation_size = 0;
    std::uint64_t end_of_file = 0;
    std::uint32_t file_attributes = 0;
    static result<close_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const close_response&) const = default;
};

struct flush_request {
    static constexpr std::uint16_t structure_size = 24;
    file_id id;
    static result<flush_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const flush_request&) const = default;
};

}  // namespace smbkit::smb2
