#pragma once
// MS-SMB2 2.2.41: the SMB2 TRANSFORM_HEADER in front of an encrypted message, and 2.2.42:
// the COMPRESSION_TRANSFORM_HEADER, decoded only so that a compressed packet that was not
// negotiated can be refused with a clean error.

#include <array>
#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

inline constexpr std::uint32_t transform_protocol_id = 0x424D53FD;    // 0xFD 'S' 'M' 'B'
inline constexpr std::uint32_t compression_protocol_id = 0x424D53FC;  // 0xFC 'S' 'M' 'B'

namespace transform_flags {
inline constexpr std::uint16_t encrypted = 0x0001;
}

struct transform_header {
    static constexpr std::size_t size = 52;
    // The AEAD additional data is the header from Nonce to the end (MS-SMB2 3.1.4.3).
    static constexpr std::size_t aad_offset = 20;

    signature_bytes signature{};
    std::array<std::uint8_t, 16> nonce{};  // 11 bytes used by CCM, 12 by GCM, rest zero
    std::uint32_t original_message_size = 0;
    std::uint16_t flags = transform_flags::encrypted;  // EncryptionAlgorithm in 3.0/3.0.2
    std::uint64_t session_id = 0;

    // The header at the start of `packet`; the encrypted message follows it.
    static result<transform_header> decode(byte_span packet);
    void encode(writer& w) const;
    bool operator==(const transform_header&) const = default;
};

bool is_transform(byte_span packet);

struct compression_transform_header {
    std::uint32_t original_compressed_segment_size = 0;
    std::uint16_t algorithm = 0;
    std::uint16_t flags = 0;            // compression_flags::chained or none
    std::uint32_t offset_or_length = 0;  // Offset (unchained) or Length of the first payload

    bool chained() const { return flags & compression_flags::chained; }
    static result<compression_transform_header> decode(byte_span packet);
    void encode(writer& w) const;
    bool operator==(const compression_transform_header&) const = default;
};

bool is_compression_transform(byte_span packet);

}  // namespace smbkit::smb2
