// NTLMv2 against MS-NLMP 4.2.4 and against the real exchanges Samba 4.17 recorded in
// tests/data/captures (user peer, password peer-Pw.7, domain WORKGROUP): the real AUTHENTICATE
// verifies with the password and with nothing else, and the session key we derive signs the
// real SMB2 messages of every dialect.
#include <gtest/gtest.h>

#include "auth/der.hpp"
#include "auth/ntlm.hpp"
#include "auth/ntlm_server.hpp"
#include "auth/spnego.hpp"
#include "core/utf16.hpp"
#include "crypto/smb2_crypto.hpp"
#include "unit/auth/capture_tokens.hpp"

using namespace smbkit;
using namespace smbkit::auth;

namespace {

// MS-NLMP 4.2.1 common values.
const std::array<std::uint8_t, 8> server_challenge{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
const std::array<std::uint8_t, 8> client_challenge{0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};

account_lookup password_db(std::string user, std::string password) {
    return [user, password](std::string_view u) -> std::optional<account> {
        if (!iequals_utf8(u, user)) return std::nullopt;
        account a;
        a.name = user;
        a.nt_hash = *nt_hash(password);
        return a;
    };
}

// The NTLMSSP message inside a SESSION_SETUP security buffer (SPNEGO init or resp).
bytes ntlmssp_of(const bytes& buf) {
    auto t = decode_spnego(buf);
    EXPECT_TRUE(t);
    if (auto* i = std::get_if<neg_token_init>(&*t)) return i->mech_token;
    if (auto* r = std::get_if<neg_token_resp>(&*t)) return r->response_token;
    return std::get<raw_ntlmssp>(*t).message;
}

struct exchange {
    bytes negotiate, challenge, authenticate;
    bytes mech_types_der, client_mic, server_mic;
};
exchange exchange_of(const std::vector<capture::message>& msgs) {
    exchange e;
    auto init = decode_spnego(capture::token(msgs, 8));
    e.negotiate = std::get<neg_token_init>(*init).mech_token;
    e.mech_types_der = std::get<neg_token_init>(*init).mech_types_der;
    e.challenge = ntlmssp_of(capture::token(msgs, 9));
    auto resp = decode_spnego(capture::token(msgs, 10));
    e.authenticate = std::get<neg_token_resp>(*resp).response_token;
    e.client_mic = std::get<neg_token_resp>(*resp).mech_list_mic;
    auto fin = capture::token(msgs, 11);
    if (!fin.empty()) e.server_mic = std::get<neg_token_resp>(*decode_spnego(fin)).mech_list_mic;
    return e;
}

result<ntlm_logon> replay(const exchange& e, account_lookup db, ntlm_server_config cfg = {}) {
    ntlm_server s(std::move(cfg), std::move(db));
    EXPECT_TRUE(s.resume(e.negotiate, e.challenge));
    return s.authenticate(e.authenticate);
}
}  // namespace

TEST(ntlm, ms_nlmp_4_2_4_ntlmv2) {
    auto nt = nt_hash("Password");
    ASSERT_TRUE(nt);
    EXPECT_EQ(to_hex(*nt), "a4f49c406510bdcab6824ee7c30fd852");
    auto owf = ntowf_v2(*nt, "User", "Domain");
    EXPECT_EQ(to_hex(owf), "0c868a403bfd7a93a3001ef22ef02e3f");
    target_info ti;
    ti.set_name(av_id::nb_domain_name, "Domain");
    ti.set_name(av_id::nb_computer_name, "Server");
    EXPECT_EQ(to_hex(ti.encode()),
              "02000c0044006f006d00610069006e0001000c005300650072007600650072000000"
              "0000");
    auto r = compute_ntlmv2(owf, server_challenge, client_challenge, 0, ti.encode());
    EXPECT_EQ(to_hex(r.lm_response), "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
    EXPECT_EQ(to_hex(byte_span(r.nt_response).first(16)), "68cd0ab851e51c96aabc927bebef6a1c");
    EXPECT_EQ(to_hex(r.session_base_key), "8de40ccadbc14a82f15cb0ad0de95ca3");
    // 4.2.4.2.3: the encrypted random session key of the example.
    bytes random_key(16, 0x55);
    EXPECT_EQ(to_hex(crypto::rc4_once(r.session_base_key, random_key)),
              "c5dad2544fc9799094ce1ce90bc9d03e");
}

TEST(ntlm, ntowfv2_uppercases_user_not_domain) {
    auto nt = *nt_hash("Password");
    EXPECT_EQ(ntowf_v2(nt, "user", "Domain"), ntowf_v2(nt, "USER", "Domain"));
    EXPECT_NE(ntowf_v2(nt, "User", "Domain"), ntowf_v2(nt, "User", "DOMAIN"));
}

struct dialect_case {
    const char* name;
    const std::vector<capture::message>* msgs;
    std::uint16_t dialect;
    const char* tshark_session_key;  // what tshark derives from the password, for reference
};

class ntlm_capture : public ::testing::TestWithParam<dialect_case> {};

TEST_P(ntlm_capture, real_authenticate_verifies_and_its_key_signs_real_messages) {
    const auto& c = GetParam();
    auto e = exchange_of(*c.msgs);
    auto logon = replay(e, password_db("peer", "peer-Pw.7"));
    ASSERT_TRUE(logon);
    EXPECT_EQ(logon->kind, logon_kind::authenticated);
    EXPECT_EQ(logon->status(), ntstatus::success);
    EXPECT_EQ(logon->user, "peer");
    EXPECT_EQ(logon->domain, "WORKGROUP");
    EXPECT_TRUE(logon->mic_verified);
    EXPECT_EQ(to_hex(logon->session_key.span()), c.tshark_session_key);

    // The session key signs the real messages (3.1.1: with the preauth hash of the real
    // negotiate and session setup).
    crypto::preauth_hash h;
    for (int f : {4, 6, 8, 9, 10}) h.update(capture::message_bytes(*c.msgs, f));
    bool v311 = c.dialect == crypto::dialect_311;
    auto keys = crypto::derive_session_keys(
        c.dialect, logon->session_key.span(), h.value(),
        v311 ? crypto::cipher_id::aes128_gcm : crypto::cipher_id::none,
        v311 ? crypto::signing_algorithm::aes_gmac : crypto::default_signing_algorithm(c.dialect));
    ASSERT_TRUE(keys);
    for (int f : {11, 12, 13}) {
        auto m = capture::message_bytes(*c.msgs, f);
        if (m[0] == 0xFD) {
            // Encrypted sessions: the transform message decrypts with the derived key.
            auto ck = crypto::derive_session_keys(
                c.dialect, logon->session_key.span(), h.value(),
                v311 ? crypto::cipher_id::aes128_gcm : crypto::cipher_id::aes128_ccm,
                keys->signing.algorithm);
            const auto& key = f == 12 ? ck->client_to_server : ck->server_to_client;
            EXPECT_TRUE(crypto::decrypt_message(key, m).has_value()) << "frame " << f;
        } else {
            EXPECT_TRUE(crypto::verify_signature(keys->signing, m)) << "frame " << f;
        }
    }

    // SPNEGO mechListMIC (NTLMSSP signature, seq 0): the client's verifies and ours equals
    // the one Samba sent.
    ntlm_session_security server_side(logon->session_key.span(), logon->flags, false);
    EXPECT_TRUE(server_side.verify(e.mech_types_der, e.client_mic));
    auto mic = server_side.sign(e.mech_types_der);
    EXPECT_EQ(to_hex(mic), to_hex(e.server_mic));
}

TEST_P(ntlm_capture, wrong_password_and_unknown_user_fail_alike) {
    auto e = exchange_of(*GetParam().msgs);
    auto wrong = replay(e, password_db("peer", "peer-Pw.8"));
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->kind, logon_kind::wrong_password);
    EXPECT_EQ(wrong->status(), ntstatus::logon_failure);
    EXPECT_TRUE(wrong->session_key.empty());
    auto unknown = replay(e, password_db("someone", "peer-Pw.7"));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->kind, logon_kind::unknown_user);
    EXPECT_EQ(unknown->status(), ntstatus::logon_failure);
    // A case-insensitive user name still matches.
    auto upper = replay(e, password_db("PEER", "peer-Pw.7"));
    EXPECT_EQ(upper->kind, logon_kind::authenticated);
    // A tampered MIC is refused even with the right password.
    auto bad = e;
    bad.authenticate[ntlm_mic_offset] ^= 1;
    auto tampered = replay(bad, password_db("peer", "peer-Pw.7"));
    ASSERT_TRUE(tampered);
    EXPECT_EQ(tampered->kind, logon_kind::wrong_password);
    // A disabled account with the right password: account_disabled.
    auto disabled = replay(e, [](std::string_view) -> std::optional<account> {
        account a;
        a.name = "peer";
        a.nt_hash = *nt_hash("peer-Pw.7");
        a.disabled = true;
        return a;
    });
    EXPECT_EQ(disabled->kind, logon_kind::account_disabled);
    EXPECT_EQ(disabled->status(), ntstatus::account_disabled);
    // The stored NT hash works as well as the password.
    auto by_hash = replay(e, [](std::string_view) -> std::optional<account> {
        account a;
        a.name = "peer";
        auto h = from_hex(to_hex(*nt_hash("peer-Pw.7")));
        std::copy(h.begin(), h.end(), a.nt_hash.begin());
        return a;
    });
    EXPECT_EQ(by_hash->kind, logon_kind::authenticated);
}

INSTANTIATE_TEST_SUITE_P(
    captures, ntlm_capture,
    ::testing::Values(
        dialect_case{"smb202", &capture::smb202_sign, 0x0202, "204914b4eaf5292a95a56fcf6953e607"},
        dialect_case{"smb210", &capture::smb210_sign, 0x0210, "a23f3f0530411a148e87b70e44a794ac"},
        dialect_case{"smb300", &capture::smb300_sign, 0x0300, "00d5607fde4e9f41d4e4a309ef3d508a"},
        dialect_case{"smb302", &capture::smb302_sign, 0x0302, "fa59ce4bc2a4a5860207a00bbe52cf6d"},
        dialect_case{"smb311", &capture::smb311_sign, 0x0311, "78e1baf111599ff6c788ae8186fba12b"},
        dialect_case{"smb300e", &capture::smb300_encrypt, 0x0300,
                     "adceb8aae29f71e76045e95b34c64d53"},
        dialect_case{"smb311e", &capture::smb311_encrypt, 0x0311,
                     "429657de1f31c3ac1a5c97d47b1c4c52"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ntlm, real_decrypt_with_our_own_session_key) {
    // Password -> NTLMv2 -> exported session key -> 3.1.1 keys -> the real encrypted reply.
    auto e = exchange_of(capture::smb311_encrypt);
    auto logon = replay(e, password_db("peer", "peer-Pw.7"));
    ASSERT_TRUE(logon && logon->ok());
    crypto::preauth_hash h;
    for (int f : {4, 6, 8, 9, 10}) h.update(capture::message_bytes(capture::smb311_encrypt, f));
    auto keys = crypto::derive_session_keys(0x0311, logon->session_key.span(), h.value(),
                                            crypto::cipher_id::aes128_gcm,
                                            crypto::signing_algorithm::aes_gmac);
    auto plain = crypto::decrypt_message(keys->server_to_client,
                                         capture::message_bytes(capture::smb311_encrypt, 13));
    ASSERT_TRUE(plain);
    EXPECT_EQ((*plain)[0], 0xFE);
    EXPECT_EQ((*plain)[12], 3);  // TREE_CONNECT response
}

TEST(ntlm, wrong_password_capture_fails) {
    // smb2-wrong-password.pcapng: the client typed another password; Samba answered
    // STATUS_LOGON_FAILURE, and so must we.
    auto e = exchange_of(capture::wrong_password);
    auto logon = replay(e, password_db("peer", "peer-Pw.7"));
    ASSERT_TRUE(logon);
    EXPECT_EQ(logon->kind, logon_kind::wrong_password);
    EXPECT_EQ(logon->status(), ntstatus::logon_failure);
    auto final_status = capture::message_bytes(capture::wrong_password, 11);
    reader r(final_status);
    r.seek(8);
    EXPECT_EQ(r.u32(), 0xC000006Du);
}

TEST(ntlm, lmv2_only_when_configured) {
    // An AUTHENTICATE whose NT response is unusable but whose LMv2 is right.
    auto e = exchange_of(capture::smb311_sign);
    auto auth = *decode_authenticate(e.authenticate);
    auto chal = *decode_challenge(e.challenge);
    auto owf = ntowf_v2(*nt_hash("peer-Pw.7"), "peer", "WORKGROUP");
    auto v2 = compute_ntlmv2(owf, chal.server_challenge, client_challenge, 0, {});
    auth.nt_response.clear();
    auth.lm_response.assign(v2.lm_response.begin(), v2.lm_response.end());
    auth.mic.reset();
    auth.flags &= ~ntlm_flag::negotiate_key_exch;
    auto msg = encode(auth);
    for (bool allow : {false, true}) {
        ntlm_server_config cfg;
        cfg.allow_lmv2 = allow;
        ntlm_server s(cfg, password_db("peer", "peer-Pw.7"));
        ASSERT_TRUE(s.resume(e.negotiate, e.challenge));
        auto logon = s.authenticate(msg);
        ASSERT_TRUE(logon);
        EXPECT_EQ(logon->kind, allow ? logon_kind::authenticated : logon_kind::wrong_password);
    }
}

TEST(ntlm, session_security_directions) {
    bytes key(16, 0x11);
    std::uint32_t flags = ntlm_flag::negotiate_key_exch | ntlm_flag::negotiate_128 |
                          ntlm_flag::negotiate_extended_session_security;
    ntlm_session_security client(key, flags, true), server(key, flags, false);
    bytes msg{1, 2, 3};
    auto s0 = client.sign(msg);
    EXPECT_TRUE(server.verify(msg, s0));
    auto s1 = client.sign(msg);
    EXPECT_NE(to_hex(s0), to_hex(s1));  // sequence number and RC4 state advance
    EXPECT_FALSE(server.verify(bytes{1, 2, 4}, s1));
    auto back = server.sign(msg);
    EXPECT_TRUE(client.verify(msg, back));
}

TEST(ntlm, malformed_ntlmv2_blob_is_invalid_parameter) {
    // The 95-byte NT response of NetApp's "net diag" (as smbtorture's ntlmssp_bug14932 sends
    // it): its AV pairs run past the end. That is a malformed request for a known user and
    // an unknown one alike; a well-formed response with the same user stays a logon failure.
    static const std::uint8_t netapp[95] = {
        0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
        0xab, 0xab, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 0x3f, 0x3f, 0x3f,
        0x3f, 0x3f, 0x3f, 0x3f, 0xb8, 0x82, 0x3a, 0xf1, 0xb3, 0xdd, 0x08, 0x15, 0x00, 0x00,
        0x00, 0x00, 0x11, 0xa2, 0x08, 0x81, 0x50, 0x38, 0x22, 0x78, 0x2b, 0x94, 0x47, 0xfe,
        0x54, 0x94, 0x7b, 0xff, 0x17, 0x27, 0x5a, 0xb4, 0xf4, 0x18, 0xba, 0xdc, 0x2c, 0x38,
        0xfd, 0x5b, 0xfb, 0x0e, 0xc1, 0x85, 0x1e, 0xcc, 0x92, 0xbb, 0x9b, 0xb1, 0xc4, 0xd5,
        0x53, 0x14, 0xff, 0x8c, 0x76, 0x49, 0xf5, 0x45, 0x90, 0x19, 0xa2};
    auto e = exchange_of(capture::smb311_sign);
    auto auth = *decode_authenticate(e.authenticate);
    auth.lm_response.assign(24, 0);
    auth.mic.reset();
    auth.flags &= ~ntlm_flag::negotiate_key_exch;
    auth.encrypted_random_session_key.clear();
    for (const char* user : {"peer", "nobody"}) {
        auth.user = user;
        auth.nt_response.assign(std::begin(netapp), std::end(netapp));
        ntlm_server s({}, password_db("peer", "peer-Pw.7"));
        ASSERT_TRUE(s.resume(e.negotiate, e.challenge));
        auto logon = s.authenticate(encode(auth));
        ASSERT_FALSE(logon) << user;
        EXPECT_EQ(logon.error(), ntstatus::invalid_parameter);

        // The same bytes with a terminated AV pair list are a plain wrong answer.
        auth.nt_response.resize(44);
        auth.nt_response.insert(auth.nt_response.end(), {0, 0, 0, 0});
        ntlm_server s2({}, password_db("peer", "peer-Pw.7"));
        ASSERT_TRUE(s2.resume(e.negotiate, e.challenge));
        auto again = s2.authenticate(encode(auth));
        ASSERT_TRUE(again) << user;
        EXPECT_EQ(again->status(), ntstatus::logon_failure);
    }
}
