#pragma once
// NetBIOS session service, RFC 1002 4.3: the 4-byte packet header, SESSION REQUEST with its
// called and calling names, the positive/negative responses and keep-alives. Codec only.
//
// Length: RFC 1002 4.3.1 gives 17 bits (the E flag extends the 16-bit LENGTH). SMB2 over
// port 139 carries messages of several MiB, and Windows and Samba read the flags byte of a
// SESSION MESSAGE as the high byte of a 24-bit length, as direct TCP does (MS-SMB2 2.1); so
// does this codec. The other packet types keep the 17-bit rule.

#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "netbios/name.hpp"

namespace smbkit::netbios::nbss {

inline constexpr std::size_t header_size = 4;

// RFC 1002 4.3.1 TYPE.
enum class packet_type : std::uint8_t {
    session_message = 0x00,
    session_request = 0x81,
    positive_response = 0x82,
    negative_response = 0x83,
    retarget_response = 0x84,
    keep_alive = 0x85,
};

// RFC 1002 4.3.4 NEGATIVE SESSION RESPONSE error codes.
namespace error_code {
inline constexpr std::uint8_t not_listening_on_called_name = 0x80;
inline constexpr std::uint8_t not_listening_for_calling_name = 0x81;
inline constexpr std::uint8_t called_name_not_present = 0x82;
inline constexpr std::uint8_t insufficient_resources = 0x83;
inline constexpr std::uint8_t unspecified_error = 0x8F;
}  // namespace error_code

struct packet_header {
    packet_type type = packet_type::session_message;
    std::uint32_t length = 0;  // bytes that follow the header
};

// Reads a 4-byte header. An unknown type or flag bits that RFC 1002 reserves are
// invalid_parameter (the caller drops the connection).
result<packet_header> decode_header(byte_span four);
// Appends a header; `length` is cut to 24 bits for session messages, 17 for the others.
void encode_header(writer& w, packet_type type, std::uint32_t length);

// RFC 1002 4.3.2 SESSION REQUEST trailer: CALLED NAME then CALLING NAME, each a
// second-level encoded NetBIOS name with its scope.
struct session_request {
    netbios_name called;
    netbios_name calling;
};
result<session_request> decode_session_request(byte_span payload);
// The whole packet, header included.
bytes encode_session_request(const session_request& r);

bytes encode_positive_response();
bytes encode_negative_response(std::uint8_t code);
bytes encode_keep_alive();
// The one-byte error code of a NEGATIVE SESSION RESPONSE payload.
result<std::uint8_t> decode_negative_response(byte_span payload);

}  // namespace smbkit::netbios::nbss
