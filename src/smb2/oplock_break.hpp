#pragma once
// MS-SMB2 2.2.23-2.2.25 OPLOCK_BREAK: the server's oplock break notification (2.2.23.1),
// the client's acknowledgment (2.2.24.1) and the server's response (2.2.25.1) share one
// 24-byte layout; the lease break notification (2.2.23.2) is 44 bytes; the lease break
// acknowledgment (2.2.24.2) and its response (2.2.25.2) share a 36-byte layout. Which one a
// message holds is told by its StructureSize (oplock_break_kind()).

#include <array>
#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

namespace lease_break_reason {
inline constexpr std::uint32_t none = 0;
}

struct oplock_break {
    static constexpr std::uint16_t structure_size = 24;
    std::uint8_t oplock_level = oplock_level::none;
    file_id id;
    static result<oplock_break> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const oplock_break&) const = default;
};

struct lease_break_notification {
    static constexpr std::uint16_t structure_size = 44;
    std::uint16_t new_epoch = 0;
    std::uint32_t flags = 0;  // lease_flags::ack_required
    std::array<std::uint8_t, 16> lease_key{};
    std::uint32_t current_lease_state = 0;
    std::uint32_t new_lease_state = 0;
    std::uint32_t break_reason = 0;
    std::uint32_t access_mask_hint = 0;
    std::uint32_t share_mask_hint = 0;
    static result<lease_break_notification> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const lease_break_notification&) const = default;
};

struct lease_break_ack {
    static constexpr std::uint16_t structure_size = 36;
    std::uint32_t flags = 0;
    std::array<std::uint8_t, 16> lease_key{};
    std::uint32_t lease_state = 0;
    std::uint64_t lease_duration = 0;
    static result<lease_break_ack> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const lease_break_ack&) const = default;
};
using lease_break_response = lease_break_ack;

enum class oplock_break_kind { oplock, lease_notification, lease_ack };
// The layout of an OPLOCK_BREAK message, from its StructureSize.
result<oplock_break_kind> classify_oplock_break(byte_span message);

}  // namespace smbkit::smb2
