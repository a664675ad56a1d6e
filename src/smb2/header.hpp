#pragma once
// MS-SMB2 2.2.1: the 64-byte SMB2 packet header, sync (2.2.1.2) and async (2.2.1.1) forms,
// and the split of a compounded packet (3.2.4.1.4) into its messages.

#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

inline constexpr std::uint32_t protocol_id = 0x424D53FE;  // 0xFE 'S' 'M' 'B'
inline constexpr std::size_t header_size = 64;
inline constexpr std::size_t signature_offset = 48;

struct header {
    std::uint16_t credit_charge = 0;
    // Responses: the NTSTATUS. 3.x requests: ChannelSequence (low 16 bits) and Reserved.
    ntstatus status = ntstatus::success;
    command cmd = command::negotiate;
    std::uint16_t credits = 0;  // CreditRequest in requests, CreditResponse in responses
    std::uint32_t flags = 0;
    std::uint32_t next_command = 0;
    std::uint64_t message_id = 0;
    // Sync form (flags::async_command clear): the reserved/ProcessId word and TreeId.
    std::uint32_t process_id = 0;
    std::uint32_t tree_id = 0;
    // Async form (flags::async_command set): AsyncId in place of ProcessId and TreeId.
    std::uint64_t async_id = 0;
    std::uint64_t session_id = 0;
    signature_bytes signature{};

    bool is_response() const { return flags & flags::server_to_redir; }
    bool is_async() const { return flags & flags::async_command; }
    bool is_related() const { return flags & flags::related_operations; }
    bool is_signed() const { return flags & flags::signed_; }
    std::uint16_t channel_sequence() const {
        return static_cast<std::uint16_t>(to_u32(status) & 0xFFFF);
    }

    // The header at the start of `message` (ProtocolId and StructureSize 64 checked).
    static result<header> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const header&) const = default;
};

// True when the bytes start with the SMB2 ProtocolId.
bool is_smb2(byte_span packet);

// Splits a packet into its compounded messages by NextCommand: each offset must be a
// multiple of 8, leave room for a header and stay in the packet. Each span starts at its
// own header; the last runs to the end of the packet.
result<std::vector<byte_span>> split_compound(byte_span packet);

}  // namespace smbkit::smb2
