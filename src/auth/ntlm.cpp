// MS-NLMP 3.3.1/3.3.2 (NTOWFv1/NTOWFv2, NTLMv2 responses), 2.2.2.7 (NTLMv2_CLIENT_CHALLENGE),
// 3.4.4.2 / 3.4.5.2 / 3.4.5.3 (signature with extended session security, SIGNKEY, SEALKEY).
#include "auth/ntlm.hpp"

#include <cstring>
#include <string>

#include "auth/ntlmssp.hpp"
#include "core/filetime.hpp"
#include "core/utf16.hpp"

namespace smbkit::auth {

std::optional<nt_hash_t> nt_hash(std::string_view password) {
    auto u = utf8_to_utf16le(password);
    if (!u) return std::nullopt;
    auto h = crypto::md4({*u});
    crypto::secret wipe(*u);  // the UTF-16 copy of the password is wiped with it
    return h;
}

crypto::digest16 ntowf_v2(const nt_hash_t& nt, std::string_view user, std::string_view domain) {
    auto u = utf8_to_utf16le(upper_utf8(user) + std::string(domain));
    bytes who = u ? *u : bytes{};
    return crypto::hmac_md5(nt, {who});
}

bytes ntlmv2_client_blob(std::uint64_t filetime,
                         const std::array<std::uint8_t, 8>& client_challenge,
                         byte_span target_info) {
    writer w;
    w.u8(1);  // RespType
    w.u8(1);  // HiRespType
    w.zeros(6);
    w.u64(filetime);
    w.put(client_challenge);
    w.zeros(4);
    w.put(target_info);
    w.zeros(4);
    return w.take();
}

ntlmv2_result compute_ntlmv2(const crypto::digest16& ntowfv2,
                             const std::array<std::uint8_t, 8>& server_challenge,
                             const std::array<std::uint8_t, 8>& client_challenge,
                             std::uint64_t filetime, byte_span target_info) {
    ntlmv2_result r;
    auto blob = ntlmv2_client_blob(filetime, client_challenge, target_info);
    auto proof = crypto::hmac_md5(ntowfv2, {server_challenge, blob});
    r.nt_response.assign(proof.begin(), proof.end());
    r.nt_response.insert(r.nt_response.end(), blob.begin(), blob.end());
    auto lm = crypto::hmac_md5(ntowfv2, {server_challenge, client_challenge});
    std::memcpy(r.lm_response.data(), lm.data(), 16);
    std::memcpy(r.lm_response.data() + 16, client_challenge.data(), 8);
    r.session_base_key = crypto::hmac_md5(ntowfv2, {proof});
    return r;
}

std::uint64_t filetime_now() { return smbkit::filetime_now(); }

namespace {
byte_span magic(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size() + 1};  // with the NUL
}
constexpr std::string_view c2s_sign = "session key to client-to-server signing key magic constant";
constexpr std::string_view s2c_sign = "session key to server-to-client signing key magic constant";
constexpr std::string_view c2s_seal = "session key to client-to-server sealing key magic constant";
constexpr std::string_view s2c_seal = "session key to server-to-client sealing key magic constant";

crypto::secret derive(byte_span key, std::string_view constant) {
    auto d = crypto::md5({key, magic(constant)});
    return crypto::secret(d);
}

byte_span seal_base(byte_span key, std::uint32_t flags) {
    if (flags & ntlm_flag::negotiate_128) return key;
    if (flags & ntlm_flag::negotiate_56) return key.first(std::min<std::size_t>(7, key.size()));
    return key.first(std::min<std::size_t>(5, key.size()));
}
}  // namespace

ntlm_session_security::ntlm_session_security(byte_span key, std::uint32_t flags, bool client)
    : flags_(flags),
      send_sign_(derive(key, client ? c2s_sign : s2c_sign)),
      recv_sign_(derive(key, client ? s2c_sign : c2s_sign)),
      send_seal_(derive(seal_base(key, flags), client ? c2s_seal : s2c_seal).span()),
      recv_seal_(derive(seal_base(key, flags), client ? s2c_seal : c2s_seal).span()) {}

std::array<std::uint8_t, 16> ntlm_session_security::mac(byte_span sign_key, crypto::rc4& seal,
                                                        std::uint32_t seq, byte_span message) {
    std::uint8_t seq_le[4] = {static_cast<std::uint8_t>(seq), static_cast<std::uint8_t>(seq >> 8),
                              static_cast<std::uint8_t>(seq >> 16),
                              static_cast<std::uint8_t>(seq >> 24)};
    auto h = crypto::hmac_md5(sign_key, {seq_le, message});
    std::array<std::uint8_t, 16> sig{1, 0, 0, 0};
    std::memcpy(sig.data() + 4, h.data(), 8);
    if (flags_ & ntlm_flag::negotiate_key_exch)
        seal.apply_inplace(std::span(sig.data() + 4, 8));
    std::memcpy(sig.data() + 12, seq_le, 4);
    return sig;
}

std::array<std::uint8_t, 16> ntlm_session_security::sign(byte_span message) {
    return mac(send_sign_.span(), send_seal_, send_seq_++, message);
}

bool ntlm_session_security::verify(byte_span message, byte_span signature) {
    auto expect = mac(recv_sign_.span(), recv_seal_, recv_seq_++, message);
    return crypto::equal_ct(expect, signature);
}

}  // namespace smbkit::auth
