// SPNEGO and NTLMSSP codecs against the real tokens of the captures: decode, re-encode, same
// bytes; every truncation of every real token is rejected cleanly.
#include <gtest/gtest.h>

#include "auth/der.hpp"
#include "auth/ntlmssp.hpp"
#include "auth/spnego.hpp"
#include "unit/auth/capture_tokens.hpp"

using namespace smbkit;
using namespace smbkit::auth;

namespace {
const std::vector<const std::vector<capture::message>*> all_captures = {
    &capture::smb202_sign, &capture::smb210_sign,    &capture::smb300_sign,
    &capture::smb302_sign, &capture::smb311_sign,    &capture::smb300_encrypt,
    &capture::smb311_encrypt, &capture::wrong_password};
}  // namespace

TEST(spnego, server_initial_token_matches_samba) {
    // The NEGOTIATE response's security buffer: NegTokenInit2 with NTLMSSP and negHints.
    for (auto* c : all_captures) EXPECT_EQ(to_hex(server_initial_token()), to_hex(capture::token(*c, 6)));
    auto t = decode_spnego(server_initial_token());
    ASSERT_TRUE(t);
    auto& init = std::get<neg_token_init>(*t);
    ASSERT_EQ(init.mech_types.size(), 1u);
    EXPECT_EQ(init.mech_types[0], oid_ntlmssp);
    EXPECT_EQ(init.hint_name, std::string(spnego_hint_name));
}

TEST(spnego, real_tokens_round_trip) {
    for (auto* c : all_captures) {
        // Client's NegTokenInit carrying NTLMSSP NEGOTIATE.
        auto init_buf = capture::token(*c, 8);
        auto t = decode_spnego(init_buf);
        ASSERT_TRUE(t);
        auto& init = std::get<neg_token_init>(*t);
        EXPECT_EQ(init.mech_types.front(), oid_ntlmssp);
        EXPECT_EQ(ntlm_type(init.mech_token), ntlm_message_type::negotiate);
        EXPECT_EQ(to_hex(init.mech_types_der), to_hex(encode_mech_types(init.mech_types)));
        EXPECT_EQ(to_hex(encode(init)), to_hex(init_buf));
        // Server's accept-incomplete with CHALLENGE, client's response with AUTHENTICATE and
        // mechListMIC, server's accept-completed with mechListMIC (or reject).
        for (int f : {9, 10, 11}) {
            auto buf = capture::token(*c, f);
            if (buf.empty()) continue;  // STATUS_LOGON_FAILURE carries no token
            auto r = decode_spnego(buf);
            ASSERT_TRUE(r) << f;
            auto& resp = std::get<neg_token_resp>(*r);
            if (f == 9) {
                EXPECT_EQ(resp.state, neg_state::accept_incomplete);
                EXPECT_EQ(resp.supported_mech, std::string(oid_ntlmssp));
                EXPECT_EQ(ntlm_type(resp.response_token), ntlm_message_type::challenge);
            }
            if (f == 10) {
                EXPECT_EQ(ntlm_type(resp.response_token), ntlm_message_type::authenticate);
                EXPECT_EQ(resp.mech_list_mic.size(), 16u);
            }
            if (f == 11) {
                EXPECT_EQ(resp.state, neg_state::accept_completed);
            }
            EXPECT_EQ(to_hex(encode(resp)), to_hex(buf)) << "frame " << f;
        }
    }
}

TEST(spnego, raw_ntlmssp_is_accepted) {
    auto init = decode_spnego(capture::token(capture::smb311_sign, 8));
    auto negotiate = std::get<neg_token_init>(*init).mech_token;
    auto t = decode_spnego(negotiate);
    ASSERT_TRUE(t);
    EXPECT_EQ(std::get<raw_ntlmssp>(*t).message, negotiate);
}

TEST(spnego, truncations_and_garbage_are_rejected) {
    for (int f : {6, 8, 9, 10, 11}) {
        auto buf = capture::token(capture::smb311_sign, f);
        for (std::size_t n = 0; n < buf.size(); ++n) {
            auto t = decode_spnego(byte_span(buf).first(n));
            // A cut inside the outer element can never decode.
            EXPECT_FALSE(t.has_value()) << "frame " << f << " cut at " << n;
        }
        // Length fields inflated beyond the buffer.
        auto bad = buf;
        bad[1] = 0x84;
        EXPECT_FALSE(decode_spnego(bad).has_value());
    }
    EXPECT_FALSE(decode_spnego(bytes{}).has_value());
    EXPECT_FALSE(decode_spnego(bytes{0x60, 0x80, 0, 0}).has_value());  // indefinite length
    EXPECT_FALSE(decode_spnego(bytes{0x30, 0x00}).has_value());
}

TEST(der, oid_round_trip) {
    for (std::string_view o : {oid_spnego, oid_ntlmssp, oid_krb5, oid_ms_krb5}) {
        auto enc = der::encode_oid(o);
        ASSERT_FALSE(enc.empty());
        EXPECT_EQ(der::decode_oid(enc), std::string(o));
    }
    EXPECT_EQ(to_hex(der::encode_oid(oid_ntlmssp)), "2b06010401823702020a");
    EXPECT_TRUE(der::encode_oid("1").empty());
    EXPECT_TRUE(der::encode_oid("1.x.3").empty());
    EXPECT_FALSE(der::decode_oid(bytes{0x2b, 0x86}).has_value());  // unterminated arc
}

TEST(der, long_lengths) {
    bytes content(300, 0x42);
    auto w = der::wrap(der::tag_octet_string, content);
    EXPECT_EQ(w[1], 0x82);
    der::reader r(w);
    auto e = r.next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->content.size(), 300u);
    EXPECT_TRUE(r.at_end());
}

TEST(ntlmssp, real_messages_decode_and_round_trip) {
    for (auto* c : all_captures) {
        auto init = decode_spnego(capture::token(*c, 8));
        auto neg_bytes = std::get<neg_token_init>(*init).mech_token;
        auto neg = decode_negotiate(neg_bytes);
        ASSERT_TRUE(neg);
        EXPECT_TRUE(neg->flags & ntlm_flag::negotiate_extended_session_security);
        EXPECT_TRUE(neg->version.has_value());

        auto chal_bytes = std::get<neg_token_resp>(*decode_spnego(capture::token(*c, 9))).response_token;
        auto chal = decode_challenge(chal_bytes);
        ASSERT_TRUE(chal);
        EXPECT_EQ(chal->target_name, "PEER8");
        auto ti = target_info::decode(chal->target_info);
        ASSERT_TRUE(ti);
        EXPECT_EQ(ti->name(av_id::nb_computer_name), "PEER8");
        EXPECT_EQ(ti->name(av_id::nb_domain_name), "PEER8");
        EXPECT_TRUE(ti->timestamp().has_value());
        EXPECT_EQ(to_hex(ti->encode()), to_hex(chal->target_info));
        EXPECT_EQ(to_hex(encode(*chal)), to_hex(chal_bytes));

        auto auth_bytes =
            std::get<neg_token_resp>(*decode_spnego(capture::token(*c, 10))).response_token;
        auto auth = decode_authenticate(auth_bytes);
        ASSERT_TRUE(auth);
        EXPECT_EQ(auth->user, "peer");
        EXPECT_EQ(auth->domain, "WORKGROUP");
        EXPECT_TRUE(auth->mic.has_value());
        EXPECT_EQ(auth->encrypted_random_session_key.size(), 16u);
        EXPECT_GT(auth->nt_response.size(), 44u);
        // Re-encoding keeps every field (payload order may differ from Samba's).
        auto again = decode_authenticate(encode(*auth));
        ASSERT_TRUE(again);
        EXPECT_EQ(again->nt_response, auth->nt_response);
        EXPECT_EQ(again->lm_response, auth->lm_response);
        EXPECT_EQ(again->user, auth->user);
        EXPECT_EQ(again->workstation, auth->workstation);
        EXPECT_EQ(again->mic, auth->mic);
        EXPECT_EQ(again->flags, auth->flags);
    }
}

TEST(ntlmssp, truncations_never_overrun) {
    auto auth_bytes = std::get<neg_token_resp>(
                          *decode_spnego(capture::token(capture::smb311_sign, 10)))
                          .response_token;
    auto chal_bytes = std::get<neg_token_resp>(
                          *decode_spnego(capture::token(capture::smb311_sign, 9)))
                          .response_token;
    for (std::size_t n = 0; n < auth_bytes.size(); ++n) {
        bytes cut(auth_bytes.begin(), auth_bytes.begin() + static_cast<long>(n));
        EXPECT_FALSE(decode_authenticate(cut).has_value()) << n;
    }
    for (std::size_t n = 0; n < chal_bytes.size(); ++n) {
        bytes cut(chal_bytes.begin(), chal_bytes.begin() + static_cast<long>(n));
        EXPECT_FALSE(decode_challenge(cut).has_value()) << n;
    }
    // An offset pointing past the end.
    auto bad = auth_bytes;
    bad[16] = 0xFF;
    bad[17] = 0xFF;
    EXPECT_FALSE(decode_authenticate(bad).has_value());
    EXPECT_FALSE(decode_negotiate(bytes{'N', 'T', 'L', 'M'}).has_value());
    EXPECT_EQ(ntlm_type(chal_bytes), ntlm_message_type::challenge);
    // Target info without MsvAvEOL, or a pair overrunning it.
    EXPECT_FALSE(target_info::decode(bytes{1, 0, 2, 0, 'a', 0}).has_value());
    EXPECT_FALSE(target_info::decode(bytes{1, 0, 9, 0, 'a', 0, 0, 0}).has_value());
}

TEST(spnego, overrunning_element_inside_a_valid_tag_is_rejected) {
    // [3] holds a SEQUENCE tag whose length runs past its parent (found by spnego_fuzz), and
    // the same for an OCTET STRING mechListMIC.
    EXPECT_FALSE(decode_spnego(from_hex("6011" "06062b0601050502" "a007" "3005" "a303" "300500"))
                     .has_value());
    EXPECT_FALSE(decode_spnego(from_hex("6011" "06062b0601050502" "a007" "3005" "a303" "040500"))
                     .has_value());
}
