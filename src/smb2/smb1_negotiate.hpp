#pragma once
// The SMB1 SMB_COM_NEGOTIATE request (MS-CIFS 2.2.4.52.1), read only far enough to find the
// SMB2 dialect strings a client offers, so that the server can answer with an SMB2
// NEGOTIATE response (MS-SMB2 3.3.5.3.1) and never speak SMB1.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2 {

inline constexpr std::uint32_t smb1_protocol_id = 0x424D53FF;  // 0xFF 'S' 'M' 'B'
inline constexpr std::uint8_t smb1_com_negotiate = 0x72;
inline constexpr std::string_view smb1_dialect_smb2_002 = "SMB 2.002";
inline constexpr std::string_view smb1_dialect_smb2_wildcard = "SMB 2.???";

struct smb1_negotiate_request {
    std::uint8_t flags = 0x18;      // canonical paths, case insensitive
    std::uint16_t flags2 = 0xC853;  // unicode, NT status, extended security, long names
    std::uint16_t pid_high = 0;
    std::uint16_t tid = 0xFFFF;
    std::uint16_t pid_low = 0;
    std::uint16_t uid = 0;
    std::uint16_t mid = 0;
    std::vector<std::string> dialects;

    bool offers(std::string_view dialect) const;
    // The SMB2 dialect to answer with: 0x02FF for "SMB 2.???", 0x0202 for "SMB 2.002" only,
    // nothing when the client offers no SMB2 dialect.
    std::optional<std::uint16_t> smb2_dialect() const;

    static result<smb1_negotiate_request> decode(byte_span packet);
    void encode(writer& w) const;
    bool operator==(const smb1_negotiate_request&) const = default;
};

bool is_smb1(byte_span packet);

}  // namespace smbkit::smb2
