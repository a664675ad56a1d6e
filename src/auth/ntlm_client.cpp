// MS-NLMP 3.1.5.1.1 (client sends NEGOTIATE) and 3.1.5.1.2 (client receives CHALLENGE, sends
// AUTHENTICATE with an NTLMv2 response, key exchange and MIC).
#include "auth/ntlm_client.hpp"

#include <cstring>

#include "crypto/primitives.hpp"

namespace smbkit::auth {

ntlm_client::ntlm_client(ntlm_credentials creds) : creds_(std::move(creds)) {}

bytes ntlm_client::negotiate() {
    namespace f = ntlm_flag;
    negotiate_message m;
    // The set Samba's and Windows' clients offer for SMB2 (signing, 128-bit, key exchange).
    m.flags = f::negotiate_unicode | f::request_target | f::negotiate_sign | f::negotiate_ntlm |
              f::negotiate_always_sign | f::negotiate_extended_session_security |
              f::negotiate_128 | f::negotiate_key_exch | f::negotiate_version;
    if (creds_.anonymous) m.flags |= f::anonymous;
    m.version = ntlm_version{};
    negotiate_msg_ = encode(m);
    flags_ = m.flags;
    return negotiate_msg_;
}

result<bytes> ntlm_client::authenticate(byte_span challenge) {
    if (negotiate_msg_.empty()) return fail(ntstatus::invalid_parameter);
    auto chal = decode_challenge(challenge);
    if (!chal) return fail(chal.error());
    namespace f = ntlm_flag;
    std::uint32_t flags = (chal->flags & flags_) | (flags_ & f::negotiate_version);
    if (!(flags & f::negotiate_unicode)) flags |= f::negotiate_oem;

    authenticate_message a;
    a.flags = flags;
    a.workstation = creds_.workstation;
    a.version = ntlm_version{};

    if (creds_.anonymous) {
        a.flags |= f::anonymous;
        a.flags &= ~f::negotiate_key_exch;
        a.lm_response = bytes{0};
        flags_ = a.flags;
        return encode(a);
    }

    if (chal->target_info.empty()) return fail(ntstatus::invalid_parameter);
    auto ti = target_info::decode(chal->target_info);
    if (!ti) return fail(ti.error());

    nt_hash_t hash{};
    if (creds_.nt_hash) {
        hash = *creds_.nt_hash;
    } else {
        auto h = nt_hash(creds_.password);
        if (!h) return fail(ntstatus::invalid_parameter);
        hash = *h;
    }
    a.user = creds_.user;
    a.domain = creds_.domain;
    if (a.domain.empty()) a.domain = ti->name(av_id::nb_domain_name).value_or(chal->target_name);

    // The server's timestamp when it sent one (MS-NLMP 3.1.5.1.2); a MIC is then sent and
    // announced in MsvAvFlags, and the LMv2 response is all zeros.
    auto server_time = ti->timestamp();
    std::uint64_t time = creds_.fixed_time.value_or(server_time.value_or(filetime_now()));
    bool with_mic = server_time.has_value();
    if (with_mic) ti->set_flags(ti->flags().value_or(0) | av_flag_mic_present);
    if (!ti->find(av_id::channel_bindings)) ti->set(av_id::channel_bindings, bytes(16, 0));

    std::array<std::uint8_t, 8> client_challenge{};
    if (creds_.fixed_client_challenge)
        client_challenge = *creds_.fixed_client_challenge;
    else
        crypto::random_fill(client_challenge);
    auto owf = ntowf_v2(hash, a.user, a.domain);
    auto v2 = compute_ntlmv2(owf, chal->server_challenge, client_challenge, time, ti->encode());
    a.nt_response = std::move(v2.nt_response);
    if (with_mic)
        a.lm_response = bytes(24, 0);
    else
        a.lm_response.assign(v2.lm_response.begin(), v2.lm_response.end());

    crypto::secret exported(v2.session_base_key);
    if (flags & f::negotiate_key_exch) {
        std::array<std::uint8_t, 16> random_key{};
        if (creds_.fixed_session_key)
            random_key = *creds_.fixed_session_key;
        else
            crypto::random_fill(random_key);
        a.encrypted_random_session_key = crypto::rc4_once(v2.session_base_key, random_key);
        exported = crypto::secret(random_key);
        std::memset(random_key.data(), 0, random_key.size());
    }
    if (with_mic) a.mic = std::array<std::uint8_t, 16>{};
    bytes out = encode(a);
    if (with_mic) {
        auto mic = crypto::hmac_md5(exported.span(), {negotiate_msg_, challenge, out});
        std::memcpy(out.data() + ntlm_mic_offset, mic.data(), 16);
    }
    flags_ = flags;
    security_.emplace(exported.span(), flags, true);
    session_key_ = std::move(exported);
    return out;
}

}  // namespace smbkit::auth
