#pragma once
// NTLM one-way functions and responses (MS-NLMP 3.3.2 NTLMv2, 3.4.4/3.4.5 session security).

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/bytes.hpp"
#include "crypto/primitives.hpp"
#include "crypto/secret.hpp"

namespace smbkit::auth {

using nt_hash_t = std::array<std::uint8_t, 16>;

// NTOWFv1: MD4(UTF-16LE(password)). nullopt for a password that is not valid UTF-8.
std::optional<nt_hash_t> nt_hash(std::string_view password);
// NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(Uppercase(user) || domain)). The domain is used as
// given (not upper-cased), as MS-NLMP specifies.
crypto::digest16 ntowf_v2(const nt_hash_t& nt, std::string_view user, std::string_view domain);

// The NTLMv2_CLIENT_CHALLENGE blob (MS-NLMP 2.2.2.7) that follows NTProofStr in the NT
// response: RespType 1, HiRespType 1, zeros, time, client challenge, zeros, AV pairs, zeros.
bytes ntlmv2_client_blob(std::uint64_t filetime, const std::array<std::uint8_t, 8>& client_challenge,
                         byte_span target_info);

struct ntlmv2_result {
    bytes nt_response;                        // NTProofStr || blob
    std::array<std::uint8_t, 24> lm_response{};  // LMv2 (zeros when the caller omits it)
    crypto::digest16 session_base_key{};
};
// MS-NLMP 3.3.2 ComputeResponse for NTLMv2.
ntlmv2_result compute_ntlmv2(const crypto::digest16& ntowfv2,
                             const std::array<std::uint8_t, 8>& server_challenge,
                             const std::array<std::uint8_t, 8>& client_challenge,
                             std::uint64_t filetime, byte_span target_info);

// Current time as a Windows FILETIME (100 ns since 1601-01-01).
std::uint64_t filetime_now();

// MS-NLMP 3.4.4 / 3.4.5: signing and sealing after authentication, with extended session
// security. Used for the SPNEGO mechListMIC. `client` selects which direction is "ours".
class ntlm_session_security {
public:
    ntlm_session_security(byte_span exported_session_key, std::uint32_t flags, bool client);
    // The 16-byte NTLMSSP_MESSAGE_SIGNATURE of `message` with our send sequence number
    // (which then increases).
    std::array<std::uint8_t, 16> sign(byte_span message);
    // Checks a signature from the peer with its sequence number (which then increases).
    bool verify(byte_span message, byte_span signature);

private:
    std::array<std::uint8_t, 16> mac(byte_span sign_key, crypto::rc4& seal, std::uint32_t seq,
                                     byte_span message);
    std::uint32_t flags_;
    crypto::secret send_sign_, recv_sign_;
    crypto::rc4 send_seal_, recv_seal_;
    std::uint32_t send_seq_ = 0, recv_seq_ = 0;
};

}  // namespace smbkit::auth
