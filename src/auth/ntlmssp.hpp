#pragma once
// NTLMSSP messages, MS-NLMP 2.2.1 (NEGOTIATE, CHALLENGE, AUTHENTICATE), 2.2.2.1 (AV_PAIR),
// 2.2.2.10 (VERSION). Codecs only: bytes in, structs out, and back. Strings are UTF-8 here and
// UTF-16LE (NTLMSSP_NEGOTIATE_UNICODE) or OEM/ASCII on the wire.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::auth {

// MS-NLMP 2.2.2.5 NEGOTIATE flags.
namespace ntlm_flag {
inline constexpr std::uint32_t negotiate_unicode = 0x00000001;
inline constexpr std::uint32_t negotiate_oem = 0x00000002;
inline constexpr std::uint32_t request_target = 0x00000004;
inline constexpr std::uint32_t negotiate_sign = 0x00000010;
inline constexpr std::uint32_t negotiate_seal = 0x00000020;
inline constexpr std::uint32_t negotiate_datagram = 0x00000040;
inline constexpr std::uint32_t negotiate_lm_key = 0x00000080;
inline constexpr std::uint32_t negotiate_ntlm = 0x00000200;
inline constexpr std::uint32_t anonymous = 0x00000800;
inline constexpr std::uint32_t negotiate_oem_domain_supplied = 0x00001000;
inline constexpr std::uint32_t negotiate_oem_workstation_supplied = 0x00002000;
inline constexpr std::uint32_t negotiate_always_sign = 0x00008000;
inline constexpr std::uint32_t target_type_domain = 0x00010000;
inline constexpr std::uint32_t target_type_server = 0x00020000;
inline constexpr std::uint32_t negotiate_extended_session_security = 0x00080000;
inline constexpr std::uint32_t negotiate_identify = 0x00100000;
inline constexpr std::uint32_t request_non_nt_session_key = 0x00400000;
inline constexpr std::uint32_t negotiate_target_info = 0x00800000;
inline constexpr std::uint32_t negotiate_version = 0x02000000;
inline constexpr std::uint32_t negotiate_128 = 0x20000000;
inline constexpr std::uint32_t negotiate_key_exch = 0x40000000;
inline constexpr std::uint32_t negotiate_56 = 0x80000000;
}  // namespace ntlm_flag

enum class ntlm_message_type : std::uint32_t { negotiate = 1, challenge = 2, authenticate = 3 };

// MS-NLMP 2.2.2.1 AvId values.
enum class av_id : std::uint16_t {
    eol = 0,
    nb_computer_name = 1,
    nb_domain_name = 2,
    dns_computer_name = 3,
    dns_domain_name = 4,
    dns_tree_name = 5,
    flags = 6,
    timestamp = 7,
    single_host = 8,
    target_name = 9,
    channel_bindings = 10,
};
// MsvAvFlags bits.
inline constexpr std::uint32_t av_flag_mic_present = 0x00000002;

struct av_pair {
    av_id id = av_id::eol;
    bytes value;
};

// The AV_PAIR list (target info). decode stops at MsvAvEOL (required) and rejects pairs that
// overrun; encode appends MsvAvEOL itself.
struct target_info {
    std::vector<av_pair> pairs;  // without the terminating MsvAvEOL

    const av_pair* find(av_id id) const;
    // The string value of a name pair (UTF-16LE on the wire), if present and valid.
    std::optional<std::string> name(av_id id) const;
    std::optional<std::uint64_t> timestamp() const;
    std::optional<std::uint32_t> flags() const;
    void set(av_id id, bytes value);  // replaces an existing pair or appends
    void set_name(av_id id, std::string_view utf8);
    void set_timestamp(std::uint64_t filetime);
    void set_flags(std::uint32_t flags);

    static result<target_info> decode(byte_span data);
    bytes encode() const;
};

// MS-NLMP 2.2.2.10; NTLMSSP_REVISION_W2K3 = 15.
struct ntlm_version {
    std::uint8_t major = 6;
    std::uint8_t minor = 1;
    std::uint16_t build = 0;
    std::uint8_t revision = 15;
};

struct negotiate_message {
    std::uint32_t flags = 0;
    std::string domain;       // OEM, only when negotiate_oem_domain_supplied
    std::string workstation;  // OEM, only when negotiate_oem_workstation_supplied
    std::optional<ntlm_version> version;
};

struct challenge_message {
    std::uint32_t flags = 0;
    std::string target_name;
    std::array<std::uint8_t, 8> server_challenge{};
    bytes target_info;  // raw AV_PAIR list, kept byte-exact (the client hashes it)
    std::optional<ntlm_version> version;
};

struct authenticate_message {
    std::uint32_t flags = 0;
    bytes lm_response;
    bytes nt_response;
    std::string domain;
    std::string user;
    std::string workstation;
    bytes encrypted_random_session_key;
    std::optional<ntlm_version> version;
    // The MIC field (16 bytes at offset 72) when the message has room for it, i.e. the version
    // is present and the payload starts at or beyond offset 88. Whether it is meaningful is
    // decided by MsvAvFlags in the NTLMv2 response.
    std::optional<std::array<std::uint8_t, 16>> mic;
};

inline constexpr std::size_t ntlm_mic_offset = 72;

// The message type of an NTLMSSP message ("NTLMSSP\0" signature and type field), or
// invalid_parameter.
result<ntlm_message_type> ntlm_type(byte_span message);
bool is_ntlmssp(byte_span message);

result<negotiate_message> decode_negotiate(byte_span message);
result<challenge_message> decode_challenge(byte_span message);
result<authenticate_message> decode_authenticate(byte_span message);

bytes encode(const negotiate_message& m);
bytes encode(const challenge_message& m);
// When m.mic is set, a 16-byte MIC field is written at offset 72 (m.version must then be set).
bytes encode(const authenticate_message& m);

}  // namespace smbkit::auth
