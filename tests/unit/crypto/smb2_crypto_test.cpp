// SMB2 signing, key derivation, encryption and preauth hash against real messages captured
// from Samba 4.17 (tests/data/captures): the session keys below are the NTLMSSP exported
// session keys of those sessions (tshark derives the same from the password peer-Pw.7, and
// tests/unit/auth derives them with our own NTLMv2 code).
#include <gtest/gtest.h>

#include <string>

#include "crypto/smb2_crypto.hpp"
#include "unit/crypto/capture_vectors.hpp"

using namespace smbkit;
using namespace smbkit::crypto;

namespace {
bytes hex(std::string_view h) {
    bool ok = false;
    auto b = from_hex(h, &ok);
    EXPECT_TRUE(ok);
    return b;
}
bytes frame(const std::vector<capture::message>& msgs, int number) {
    for (const auto& m : msgs)
        if (m.frame == number) return hex(m.hex);
    ADD_FAILURE() << "no frame " << number;
    return {};
}
bool is_smb2_header(byte_span b) {
    return b.size() >= 64 && b[0] == 0xFE && b[1] == 'S' && b[2] == 'M' && b[3] == 'B' &&
           b[4] == 64 && b[5] == 0;
}

// The messages that must verify in a signed capture: session setup's final response and the
// requests/responses after it.
void check_signed_frames(const std::vector<capture::message>& msgs, const signing_key& key,
                         std::initializer_list<int> frames) {
    for (int f : frames) {
        auto m = frame(msgs, f);
        ASSERT_TRUE(is_smb2_header(m));
        ASSERT_TRUE(m[16] & 0x08) << "frame " << f << " not signed";
        EXPECT_TRUE(verify_signature(key, m)) << "frame " << f;
        // Any change breaks it: a bit of the body, a bit of the header.
        auto bad = m;
        bad.back() ^= 1;
        EXPECT_FALSE(verify_signature(key, bad));
        bad = m;
        bad[24] ^= 1;  // MessageId
        EXPECT_FALSE(verify_signature(key, bad));
        // Signing again reproduces the signature exactly.
        auto resigned = m;
        std::fill(resigned.begin() + 48, resigned.begin() + 64, 0xAA);
        ASSERT_TRUE(sign_message(key, resigned));
        EXPECT_EQ(to_hex(resigned), to_hex(m)) << "frame " << f;
    }
}

digest64 preauth_of(const std::vector<capture::message>& msgs) {
    // Connection: NEGOTIATE request and response; session: both SESSION_SETUP round trips but
    // the final (SUCCESS) response.
    preauth_hash h;
    for (int f : {4, 6, 8, 9, 10}) h.update(frame(msgs, f));
    return h.digest();
}
}  // namespace

TEST(smb2_signing, smb202_hmac_sha256_real_messages) {
    auto keys = derive_session_keys(dialect_202, hex("204914b4eaf5292a95a56fcf6953e607"), {},
                                    cipher_id::none, signing_algorithm::hmac_sha256);
    ASSERT_TRUE(keys);
    EXPECT_EQ(to_hex(keys->signing.key.span()), "204914b4eaf5292a95a56fcf6953e607");
    check_signed_frames(capture::smb202_sign, keys->signing, {11, 12, 13, 14, 15});
}

TEST(smb2_signing, smb210_hmac_sha256_real_messages) {
    auto keys = derive_session_keys(dialect_210, hex("a23f3f0530411a148e87b70e44a794ac"), {},
                                    cipher_id::none, default_signing_algorithm(dialect_210));
    ASSERT_TRUE(keys);
    check_signed_frames(capture::smb210_sign, keys->signing, {11, 12, 13, 14, 15});
}

TEST(smb2_signing, smb300_aes_cmac_real_messages) {
    auto keys = derive_session_keys(dialect_300, hex("00d5607fde4e9f41d4e4a309ef3d508a"), {},
                                    cipher_id::aes128_ccm, default_signing_algorithm(dialect_300));
    ASSERT_TRUE(keys);
    EXPECT_EQ(keys->signing.algorithm, signing_algorithm::aes_cmac);
    check_signed_frames(capture::smb300_sign, keys->signing, {11, 12, 13, 14, 15});
}

TEST(smb2_signing, smb302_aes_cmac_real_messages) {
    auto keys = derive_session_keys(dialect_302, hex("fa59ce4bc2a4a5860207a00bbe52cf6d"), {},
                                    cipher_id::none, default_signing_algorithm(dialect_302));
    ASSERT_TRUE(keys);
    check_signed_frames(capture::smb302_sign, keys->signing, {11, 12, 13, 14, 15});
}

TEST(smb2_signing, smb311_preauth_hash_and_aes_gmac_real_messages) {
    auto h = preauth_of(capture::smb311_sign);
    // tshark shows the session's preauth hash starting with these bytes.
    EXPECT_EQ(to_hex(h).substr(0, 32), "dc58f56e2f9deeceb68bf05b2d68f08f");
    auto keys = derive_session_keys(dialect_311, hex("78e1baf111599ff6c788ae8186fba12b"), h,
                                    cipher_id::aes128_gcm, signing_algorithm::aes_gmac);
    ASSERT_TRUE(keys);
    check_signed_frames(capture::smb311_sign, keys->signing, {11, 12, 13, 14, 15});
    // The same key under another algorithm does not verify: the algorithm matters.
    signing_key cmac{signing_algorithm::aes_cmac, keys->signing.key.copy()};
    EXPECT_FALSE(verify_signature(cmac, frame(capture::smb311_sign, 12)));
    // A wrong preauth hash gives a wrong key.
    auto wrong = h;
    wrong[0] ^= 1;
    auto bad = derive_session_keys(dialect_311, hex("78e1baf111599ff6c788ae8186fba12b"), wrong,
                                   cipher_id::aes128_gcm, signing_algorithm::aes_gmac);
    EXPECT_FALSE(verify_signature(bad->signing, frame(capture::smb311_sign, 12)));
}

TEST(smb2_signing, gmac_nonce_covers_direction) {
    // A response that claims to be a request (flag cleared) must not verify with the same
    // signature: the nonce's role bit changes.
    auto h = preauth_of(capture::smb311_sign);
    auto keys = derive_session_keys(dialect_311, hex("78e1baf111599ff6c788ae8186fba12b"), h,
                                    cipher_id::none, signing_algorithm::aes_gmac);
    auto m = frame(capture::smb311_sign, 13);
    ASSERT_TRUE(m[16] & 1);
    auto sig = compute_signature(keys->signing, m);
    ASSERT_TRUE(sig);
    m[16] &= ~1;
    auto sig2 = compute_signature(keys->signing, m);
    EXPECT_NE(to_hex(*sig), to_hex(*sig2));
}

TEST(smb2_signing, short_message_and_bad_key) {
    signing_key k{signing_algorithm::aes_cmac, secret(bytes(16, 1))};
    EXPECT_FALSE(compute_signature(k, bytes(63, 0)).has_value());
    EXPECT_FALSE(verify_signature(k, bytes(10, 0)));
    signing_key bad{signing_algorithm::aes_cmac, secret(bytes(5, 1))};
    EXPECT_FALSE(compute_signature(bad, bytes(64, 0)).has_value());
}

TEST(smb2_encryption, smb300_aes128_ccm_real_transform_messages) {
    auto keys = derive_session_keys(dialect_300, hex("adceb8aae29f71e76045e95b34c64d53"), {},
                                    cipher_id::aes128_ccm, signing_algorithm::aes_cmac);
    ASSERT_TRUE(keys);
    check_signed_frames(capture::smb300_encrypt, keys->signing, {11});
    for (int f : {12, 13, 14, 15}) {
        auto m = frame(capture::smb300_encrypt, f);
        bool from_server = f % 2 == 1;
        const auto& key = from_server ? keys->server_to_client : keys->client_to_server;
        auto h = parse_transform_header(m);
        ASSERT_TRUE(h) << f;
        auto plain = decrypt_message(key, m);
        ASSERT_TRUE(plain) << "frame " << f;
        EXPECT_TRUE(is_smb2_header(*plain));
        EXPECT_EQ(plain->size(), h->original_message_size);
        EXPECT_EQ(((*plain)[16] & 1) != 0, from_server);
        // Re-encrypting with the capture's nonce reproduces the capture byte for byte.
        auto again = encrypt_message_with_nonce(key, h->session_id,
                                                byte_span(h->nonce.data(), 11), *plain);
        ASSERT_TRUE(again);
        EXPECT_EQ(to_hex(*again), to_hex(m));
        // The wrong direction's key fails authentication.
        const auto& other = from_server ? keys->client_to_server : keys->server_to_client;
        EXPECT_EQ(decrypt_message(other, m).error(), ntstatus::access_denied);
        // So does a tampered AAD (SessionId).
        auto bad = m;
        bad[44] ^= 1;
        EXPECT_EQ(decrypt_message(key, bad).error(), ntstatus::access_denied);
    }
}

TEST(smb2_encryption, smb311_aes128_gcm_real_transform_messages) {
    auto h = preauth_of(capture::smb311_encrypt);
    EXPECT_EQ(to_hex(h).substr(0, 32), "af03b53a207bf05340b0c8c9e0b73aa3");
    auto keys = derive_session_keys(dialect_311, hex("429657de1f31c3ac1a5c97d47b1c4c52"), h,
                                    cipher_id::aes128_gcm, signing_algorithm::aes_gmac);
    ASSERT_TRUE(keys);
    check_signed_frames(capture::smb311_encrypt, keys->signing, {11});
    for (int f : {12, 13, 14, 15}) {
        auto m = frame(capture::smb311_encrypt, f);
        bool from_server = f % 2 == 1;
        const auto& key = from_server ? keys->server_to_client : keys->client_to_server;
        auto th = parse_transform_header(m);
        ASSERT_TRUE(th);
        auto plain = decrypt_message(key, m);
        ASSERT_TRUE(plain) << "frame " << f;
        EXPECT_TRUE(is_smb2_header(*plain));
        auto again = encrypt_message_with_nonce(key, th->session_id,
                                                byte_span(th->nonce.data(), 12), *plain);
        ASSERT_TRUE(again);
        EXPECT_EQ(to_hex(*again), to_hex(m));
    }
}

TEST(smb2_encryption, round_trip_every_cipher_and_malformed_input) {
    bytes sk = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    bytes preauth(64, 0x42);
    bytes plain(100, 0x5a);
    plain[0] = 0xFE;
    for (auto c : {cipher_id::aes128_ccm, cipher_id::aes128_gcm, cipher_id::aes256_ccm,
                   cipher_id::aes256_gcm}) {
        auto keys = derive_session_keys(dialect_311, sk, preauth, c, signing_algorithm::aes_gmac);
        ASSERT_TRUE(keys);
        EXPECT_EQ(keys->client_to_server.key.size(), cipher_key_size(c));
        EXPECT_NE(to_hex(keys->client_to_server.key.span()),
                  to_hex(keys->server_to_client.key.span()));
        auto enc = encrypt_message(keys->server_to_client, 0x1122334455667788ull, plain);
        ASSERT_TRUE(enc);
        EXPECT_EQ(enc->size(), transform_header_size + plain.size());
        auto dec = decrypt_message(keys->server_to_client, *enc);
        ASSERT_TRUE(dec);
        EXPECT_EQ(*dec, plain);
        // Truncated, wrong protocol id, size larger than the data: malformed, not a crash.
        EXPECT_EQ(decrypt_message(keys->server_to_client, byte_span(*enc).first(51)).error(),
                  ntstatus::invalid_parameter);
        auto bad = *enc;
        bad[0] = 0xFE;
        EXPECT_EQ(decrypt_message(keys->server_to_client, bad).error(),
                  ntstatus::invalid_parameter);
        bad = *enc;
        bad[36] = 0xFF;  // OriginalMessageSize low byte
        bad[37] = 0xFF;
        EXPECT_EQ(decrypt_message(keys->server_to_client, bad).error(),
                  ntstatus::invalid_parameter);
    }
    // AES-256 keys use the full 32-byte session key: a different tail gives a different key.
    auto a = derive_session_keys(dialect_311, sk, preauth, cipher_id::aes256_gcm,
                                 signing_algorithm::aes_gmac);
    auto sk2 = sk;
    sk2[31] ^= 1;
    auto b = derive_session_keys(dialect_311, sk2, preauth, cipher_id::aes256_gcm,
                                 signing_algorithm::aes_gmac);
    EXPECT_NE(to_hex(a->client_to_server.key.span()), to_hex(b->client_to_server.key.span()));
    EXPECT_EQ(to_hex(a->signing.key.span()), to_hex(b->signing.key.span()));
    // 3.1.1 requires the 64-byte preauth hash.
    EXPECT_FALSE(derive_session_keys(dialect_311, sk, bytes(10, 0), cipher_id::none,
                                     signing_algorithm::aes_cmac)
                     .has_value());
    EXPECT_FALSE(derive_session_keys(dialect_300, {}, {}, cipher_id::none,
                                     signing_algorithm::aes_cmac)
                     .has_value());
}

TEST(smb2_kdf, smb300_microsoft_example_all_keys) {
    // Microsoft's published SMB 3.0 example (Open Specifications blog, "Encryption in SMB 3.0:
    // a protocol perspective").
    auto keys = derive_session_keys(dialect_300, hex("b4546771b515f766a86735532dd6c4f0"), {},
                                    cipher_id::aes128_ccm, signing_algorithm::aes_cmac);
    ASSERT_TRUE(keys);
    EXPECT_EQ(to_hex(keys->signing.key.span()), "f773cd23c18fd1e08ee510cada7cf852");
    EXPECT_EQ(to_hex(keys->client_to_server.key.span()), "261b72350558f2e9dcf613070383edbf");
    EXPECT_EQ(to_hex(keys->server_to_client.key.span()), "8fe2b57ec34d2db5b1a9727f526bbdb5");
    EXPECT_EQ(keys->application.size(), 16u);
}
