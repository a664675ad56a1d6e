#pragma once
// MS-SMB2 2.2.5 SESSION_SETUP request and 2.2.6 SESSION_SETUP response.

#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

struct session_setup_request {
    static constexpr std::uint16_t structure_size = 25;
    std::uint8_t flags = 0;  // session_setup_flags::binding
    std::uint8_t security_mode = 0;
    std::uint32_t capabilities = 0;
    std::uint32_t channel = 0;
    std::uint64_t previous_session_id = 0;
    bytes security_buffer;

    static result<session_setup_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const session_setup_request&) const = default;
};

struct session_setup_response {
    static constexpr std::uint16_t structure_size = 9;
    std::uint16_t session_flags = 0;
    bytes security_buffer;

    static result<session_setup_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const session_setup_response&) const = default;
};

}  // namespace smbkit::smb2
