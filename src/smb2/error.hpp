#pragma once
// MS-SMB2 2.2.2: the ERROR response, its 3.1.1 error contexts (2.2.2.1) and the typed
// ErrorData a server sends: symbolic link (2.2.2.2.1) and buffer-too-small (2.2.2.2.2).

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2 {

namespace error_id {
inline constexpr std::uint32_t default_ = 0x00000000;
inline constexpr std::uint32_t share_redirect = 0x72645253;
}  // namespace error_id

// MS-SMB2 2.2.2.1
struct error_context {
    std::uint32_t error_id = error_id::default_;
    bytes data;
    bool operator==(const error_context&) const = default;
};

struct error_response {
    static constexpr std::uint16_t structure_size = 9;
    // With contexts (3.1.1), ErrorData is the 8-byte aligned list of contexts and `data`
    // stays empty; without, `data` is the ErrorData.
    std::vector<error_context> contexts;
    bytes data;

    static result<error_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const error_response&) const = default;
};

// MS-SMB2 2.2.2.2.1: ErrorData of STATUS_STOPPED_ON_SYMLINK.
struct symlink_error {
    std::uint16_t unparsed_path_length = 0;  // bytes of the request path after the link
    std::string substitute_name;
    std::string print_name;
    std::uint32_t flags = 0;  // 1 = SYMLINK_FLAG_RELATIVE

    static result<symlink_error> decode(byte_span error_data);
    bytes encode() const;
    bool operator==(const symlink_error&) const = default;
};

// MS-SMB2 2.2.2.2.2: ErrorData of STATUS_BUFFER_TOO_SMALL, the size the reply needs.
bytes buffer_too_small_data(std::uint32_t required);

}  // namespace smbkit::smb2
