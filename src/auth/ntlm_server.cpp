// MS-NLMP 3.2.5.1 (server receives NEGOTIATE, sends CHALLENGE) and 3.2.5.1.2 (server receives
// AUTHENTICATE): NTLMv2 verification, KXKEY/key exchange (3.4.5.1), MIC (3.1.5.1.2).
#include "auth/ntlm_server.hpp"

#include <algorithm>
#include <cstring>

#include "core/utf16.hpp"
#include "crypto/primitives.hpp"

namespace smbkit::auth {
namespace {

std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// NTLMv2_RESPONSE = NTProofStr (16) || NTLMv2_CLIENT_CHALLENGE (at least 28 bytes + AV pairs).
constexpr std::size_t ntlmv2_min_response = 16 + 28;

// MS-NLMP 2.2.2.8: NTProofStr, then NTLMv2_CLIENT_CHALLENGE (RespType, HiRespType, 6 reserved
// bytes, TimeStamp, ChallengeFromClient, 4 reserved bytes) and AV pairs up to MsvAvEOL.
bool parses_as_ntlmv2(byte_span nt_response) {
    if (nt_response.size() < ntlmv2_min_response) return false;
    return target_info::decode(nt_response.subspan(ntlmv2_min_response)).has_value();
}

struct verified {
    crypto::digest16 session_base_key{};
    bool ok = false;
};

verified check_ntlmv2(const crypto::digest16& owf, const std::array<std::uint8_t, 8>& challenge,
                      byte_span nt_response) {
    verified v;
    auto proof = nt_response.first(16);
    auto blob = nt_response.subspan(16);
    auto expect = crypto::hmac_md5(owf, {challenge, blob});
    if (crypto::equal_ct(expect, proof)) {
        v.ok = true;
        v.session_base_key = crypto::hmac_md5(owf, {proof});
    }
    return v;
}

verified check_lmv2(const crypto::digest16& owf, const std::array<std::uint8_t, 8>& challenge,
                    byte_span lm_response) {
    verified v;
    if (lm_response.size() != 24) return v;
    auto expect = crypto::hmac_md5(owf, {challenge, lm_response.subspan(16)});
    if (crypto::equal_ct(expect, lm_response.first(16))) {
        v.ok = true;
        v.session_base_key = crypto::hmac_md5(owf, {expect});
    }
    return v;
}

}  // namespace

ntstatus ntlm_logon::status() const {
    switch (kind) {
    case logon_kind::authenticated:
    case logon_kind::anonymous: return ntstatus::success;
    case logon_kind::account_disabled: return ntstatus::account_disabled;
    default: return ntstatus::logon_failure;
    }
}

ntlm_server::ntlm_server(ntlm_server_config config, account_lookup lookup)
    : config_(std::move(config)), lookup_(std::move(lookup)) {
    if (config_.netbios_domain.empty()) config_.netbios_domain = config_.netbios_name;
    if (config_.dns_name.empty()) config_.dns_name = lower_ascii(config_.netbios_name);
}

result<bytes> ntlm_server::challenge(byte_span negotiate) {
    auto neg = decode_negotiate(negotiate);
    if (!neg) return fail(neg.error());
    namespace f = ntlm_flag;
    std::uint32_t in = neg->flags;
    std::uint32_t out = f::negotiate_ntlm | f::negotiate_target_info | f::negotiate_version;
    out |= (in & f::negotiate_unicode) ? f::negotiate_unicode : f::negotiate_oem;
    out |= in & (f::request_target | f::negotiate_sign | f::negotiate_seal |
                 f::negotiate_always_sign | f::negotiate_128 | f::negotiate_56 |
                 f::negotiate_key_exch | f::negotiate_extended_session_security |
                 f::negotiate_identify);
    out |= config_.domain_member ? f::target_type_domain : f::target_type_server;
    // Only NTLMv2 is served: extended session security is implied by it.
    out |= f::negotiate_extended_session_security;

    challenge_message c;
    c.flags = out;
    c.target_name = config_.domain_member ? config_.netbios_domain : config_.netbios_name;
    if (config_.fixed_challenge)
        c.server_challenge = *config_.fixed_challenge;
    else
        crypto::random_fill(c.server_challenge);
    target_info ti;
    ti.set_name(av_id::nb_domain_name, config_.netbios_domain);
    ti.set_name(av_id::nb_computer_name, config_.netbios_name);
    ti.set_name(av_id::dns_domain_name, config_.dns_domain);
    ti.set_name(av_id::dns_computer_name, config_.dns_name);
    ti.set_timestamp(config_.fixed_time.value_or(filetime_now()));
    c.target_info = ti.encode();
    c.version = ntlm_version{};

    negotiate_msg_.assign(negotiate.begin(), negotiate.end());
    challenge_msg_ = encode(c);
    flags_ = out;
    server_challenge_ = c.server_challenge;
    challenged_ = true;
    return challenge_msg_;
}

result<void> ntlm_server::resume(byte_span negotiate, byte_span challenge) {
    auto neg = decode_negotiate(negotiate);
    auto chal = decode_challenge(challenge);
    if (!neg || !chal) return fail(ntstatus::invalid_parameter);
    negotiate_msg_.assign(negotiate.begin(), negotiate.end());
    challenge_msg_.assign(challenge.begin(), challenge.end());
    flags_ = chal->flags;
    server_challenge_ = chal->server_challenge;
    challenged_ = true;
    return {};
}

result<ntlm_logon> ntlm_server::authenticate(byte_span message) {
    if (!challenged_) return fail(ntstatus::invalid_parameter);
    auto auth = decode_authenticate(message);
    if (!auth) return fail(auth.error());
    challenged_ = false;  // one AUTHENTICATE per CHALLENGE

    ntlm_logon out;
    out.user = auth->user;
    out.domain = auth->domain;
    out.workstation = auth->workstation;
    out.flags = flags_ & (auth->flags | ntlm_flag::negotiate_extended_session_security);

    // MS-NLMP 3.2.5.1.2: anonymous is an empty user name with an empty NT response and an
    // empty or single-zero LM response.
    bool empty_lm = auth->lm_response.empty() ||
                    (auth->lm_response.size() == 1 && auth->lm_response[0] == 0);
    if (auth->user.empty() && auth->nt_response.empty() && empty_lm) {
        out.kind = config_.allow_anonymous ? logon_kind::anonymous : logon_kind::unknown_user;
        return out;
    }

    auto acct = auth->user.empty() ? std::nullopt : lookup_(auth->user);
    // An unknown user is checked against a random hash, so that it costs the same time as a
    // known one and the answer cannot tell them apart.
    nt_hash_t hash{};
    if (acct)
        hash = acct->nt_hash;
    else
        crypto::random_fill(hash);

    // Anything longer than an NTLMv1 response must be a well-formed NTLMv2_RESPONSE: a blob
    // whose AV pairs run past its end is a malformed request, not a wrong password (the
    // "net diag" tool of NetApp sends one; Samba answers STATUS_INVALID_PARAMETER too).
    if (auth->nt_response.size() > 24 && !parses_as_ntlmv2(auth->nt_response))
        return fail(ntstatus::invalid_parameter);
    bool v2_shape = auth->nt_response.size() >= ntlmv2_min_response;
    verified v;
    // The client computed NTOWFv2 with the domain it sent; some clients upper-case it or
    // leave it out, as Samba also tries.
    std::string domains[3] = {auth->domain, upper_utf8(auth->domain), std::string()};
    for (const auto& d : domains) {
        auto owf = ntowf_v2(hash, auth->user, d);
        if (v2_shape) v = check_ntlmv2(owf, server_challenge_, auth->nt_response);
        if (!v.ok && config_.allow_lmv2) v = check_lmv2(owf, server_challenge_, auth->lm_response);
        if (v.ok) break;
        if (d.empty()) break;
    }
    if (!acct) {
        out.kind = logon_kind::unknown_user;
        return out;
    }
    if (!v.ok) {
        out.kind = logon_kind::wrong_password;
        return out;
    }

    // KXKEY for NTLMv2 is the session base key (MS-NLMP 3.4.5.1).
    crypto::secret exported(v.session_base_key);
    if ((out.flags & ntlm_flag::negotiate_key_exch)) {
        if (auth->encrypted_random_session_key.size() != 16) {
            out.kind = logon_kind::wrong_password;
            return out;
        }
        exported = crypto::secret(
            crypto::rc4_once(v.session_base_key, auth->encrypted_random_session_key));
    }

    // MIC: required when the client says so in MsvAvFlags (MS-NLMP 3.1.5.1.2).
    bool mic_required = false;
    if (v2_shape) {
        auto ti = target_info::decode(byte_span(auth->nt_response).subspan(16 + 28));
        if (ti) {
            auto fl = ti->flags();
            mic_required = fl && (*fl & av_flag_mic_present);
        }
    }
    if (mic_required) {
        if (!auth->mic) {
            out.kind = logon_kind::wrong_password;
            return out;
        }
        bytes copy(message.begin(), message.end());
        std::fill_n(copy.begin() + ntlm_mic_offset, 16, 0);
        auto mic = crypto::hmac_md5(exported.span(), {negotiate_msg_, challenge_msg_, copy});
        if (!crypto::equal_ct(mic, *auth->mic)) {
            out.kind = logon_kind::wrong_password;
            return out;
        }
        out.mic_verified = true;
    }

    out.account_name = acct->name;
    if (acct->disabled) {
        out.kind = logon_kind::account_disabled;
        return out;
    }
    out.kind = logon_kind::authenticated;
    security_.emplace(exported.span(), out.flags, false);
    out.session_key = std::move(exported);
    return out;
}

}  // namespace smbkit::auth
