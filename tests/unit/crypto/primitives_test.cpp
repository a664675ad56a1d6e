// Known-answer tests for the primitives: RFC 1320 (MD4), RFC 1321 (MD5), FIPS 180-2 (SHA-2),
// RFC 2202/4231 (HMAC), RFC 4493 (CMAC), the GCM specification's test cases (McGrew & Viega,
// as NIST published them), RFC 3610 / SP 800-38C (CCM), RFC 6229 (RC4).
#include <gtest/gtest.h>

#include <string>

#include "crypto/primitives.hpp"

using namespace smbkit;
using namespace smbkit::crypto;

namespace {
bytes hex(std::string_view h) {
    bool ok = false;
    auto b = from_hex(h, &ok);
    EXPECT_TRUE(ok) << h;
    return b;
}
byte_span str(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
}  // namespace

TEST(hash, md4_rfc1320) {
    EXPECT_EQ(to_hex(md4({})), "31d6cfe0d16ae931b73c59d7e0c089c0");
    EXPECT_EQ(to_hex(md4({str("abc")})), "a448017aaf21d8525fc10ae87aa6729d");
    EXPECT_EQ(to_hex(md4({str("message digest")})), "d9130a8164549fe818874806e1c7014b");
}

TEST(hash, md5_rfc1321) {
    EXPECT_EQ(to_hex(md5({str("abc")})), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(to_hex(md5({str("a"), str("bc")})), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(hash, sha256_sha512_fips180) {
    EXPECT_EQ(to_hex(sha256({str("abc")})),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(to_hex(sha512({str("abc")})),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(hash, incremental_matches_one_shot) {
    hasher h(hasher::algorithm::sha512);
    h.update(str("a"));
    h.update(str(""));
    h.update(str("bc"));
    EXPECT_EQ(to_hex(h.final()), to_hex(sha512({str("abc")})));
    h.reset();
    h.update(str("abc"));
    EXPECT_EQ(to_hex(h.final()), to_hex(sha512({str("abc")})));
    hasher s(hasher::algorithm::sha256);
    s.update(str("ab"));
    s.update(str("c"));
    EXPECT_EQ(to_hex(s.final()), to_hex(sha256({str("abc")})));
}

TEST(mac, hmac_sha256_rfc4231) {
    bytes key1(20, 0x0b);
    EXPECT_EQ(to_hex(hmac_sha256(key1, {str("Hi There")})),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(to_hex(hmac_sha256(str("Jefe"), {str("what do ya want "), str("for nothing?")})),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block size.
    bytes key6(131, 0xaa);
    EXPECT_EQ(to_hex(hmac_sha256(key6, {str("Test Using Larger Than Block-Size Key - Hash Key First")})),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(mac, hmac_md5_rfc2202) {
    bytes key(16, 0x0b);
    EXPECT_EQ(to_hex(hmac_md5(key, {str("Hi There")})), "9294727a3638bb1c13f48ef8158bfc9d");
    EXPECT_EQ(to_hex(hmac_md5(str("Jefe"), {str("what do ya want for nothing?")})),
              "750c783e6ab0b503eaa86e310a5db738");
}

TEST(mac, aes_cmac_rfc4493) {
    auto key = hex("2b7e151628aed2a6abf7158809cf4f3c");
    auto m = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                 "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    EXPECT_EQ(to_hex(*aes_cmac(key, {})), "bb1d6929e95937287fa37d129b756746");
    EXPECT_EQ(to_hex(*aes_cmac(key, {byte_span(m).first(16)})), "070a16b46b4d4144f79bdd9dd04a287c");
    EXPECT_EQ(to_hex(*aes_cmac(key, {byte_span(m).first(40)})), "dfa66747de9ae63030ca32611497c827");
    EXPECT_EQ(to_hex(*aes_cmac(key, {byte_span(m).first(7), byte_span(m).subspan(7)})),
              "51f0bebf7e3b9d92fc49741779363cfe");
    EXPECT_FALSE(aes_cmac(bytes(15, 0), {}).has_value());
}

TEST(mac, aes_gmac_is_gcm_tag_over_aad) {
    // GCM test case 1 (zero key and IV, nothing at all): the tag alone.
    bytes key(16, 0), iv(12, 0);
    EXPECT_EQ(to_hex(*aes_gmac(key, iv, {})), "58e2fccefa7e3061367f1d57a4e7455a");
    // GMAC over AAD equals the tag of GCM with that AAD and empty plaintext.
    auto k = hex("feffe9928665731c6d6a8f9467308308");
    auto n = hex("cafebabefacedbaddecaf888");
    auto aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    auto gcm = aead_encrypt(aead::aes_gcm, k, n, aad, {});
    ASSERT_TRUE(gcm);
    EXPECT_EQ(to_hex(*aes_gmac(k, n, {aad})), to_hex(gcm->tag));
    EXPECT_FALSE(aes_gmac(k, bytes(11, 0), {aad}).has_value());
}

TEST(aead, gcm_test_cases) {
    // Test case 2: AES-128, zero key/IV, one zero block.
    auto r = aead_encrypt(aead::aes_gcm, bytes(16, 0), bytes(12, 0), {}, bytes(16, 0));
    ASSERT_TRUE(r);
    EXPECT_EQ(to_hex(r->ciphertext), "0388dace60b6a392f328c2b971b2fe78");
    EXPECT_EQ(to_hex(r->tag), "ab6e47d42cec13bdf53a67b21257bddf");
    // Test case 4: AES-128 with AAD and a partial last block.
    auto key = hex("feffe9928665731c6d6a8f9467308308");
    auto iv = hex("cafebabefacedbaddecaf888");
    auto pt = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    auto aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    r = aead_encrypt(aead::aes_gcm, key, iv, aad, pt);
    ASSERT_TRUE(r);
    EXPECT_EQ(to_hex(r->ciphertext),
              "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
              "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
    EXPECT_EQ(to_hex(r->tag), "5bc94fbc3221a5db94fae95ae7121a47");
    auto back = aead_decrypt(aead::aes_gcm, key, iv, aad, r->ciphertext, r->tag);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, pt);
    // Test case 14: AES-256, zero key/IV, one zero block.
    r = aead_encrypt(aead::aes_gcm, bytes(32, 0), bytes(12, 0), {}, bytes(16, 0));
    ASSERT_TRUE(r);
    EXPECT_EQ(to_hex(r->ciphertext), "cea7403d4d606b6e074ec5d3baf39d18");
    EXPECT_EQ(to_hex(r->tag), "d0d1c8a799996bf0265b98b5d48ab919");
    // Test case 13: AES-256, nothing.
    r = aead_encrypt(aead::aes_gcm, bytes(32, 0), bytes(12, 0), {}, {});
    ASSERT_TRUE(r);
    EXPECT_EQ(to_hex(r->tag), "530f8afbc74536b9a963b4f1c4cb738b");
}

TEST(aead, gcm_rejects_tampering) {
    auto key = hex("feffe9928665731c6d6a8f9467308308");
    auto iv = hex("cafebabefacedbaddecaf888");
    bytes aad{1, 2, 3};
    bytes pt{'h', 'e', 'l', 'l', 'o'};
    auto r = aead_encrypt(aead::aes_gcm, key, iv, aad, pt);
    ASSERT_TRUE(r);
    auto bad_ct = r->ciphertext;
    bad_ct[0] ^= 1;
    EXPECT_EQ(aead_decrypt(aead::aes_gcm, key, iv, aad, bad_ct, r->tag).error(),
              ntstatus::access_denied);
    bytes bad_aad{1, 2, 4};
    EXPECT_EQ(aead_decrypt(aead::aes_gcm, key, iv, bad_aad, r->ciphertext, r->tag).error(),
              ntstatus::access_denied);
    auto bad_tag = r->tag;
    bad_tag[15] ^= 0x80;
    EXPECT_EQ(aead_decrypt(aead::aes_gcm, key, iv, aad, r->ciphertext, bad_tag).error(),
              ntstatus::access_denied);
}

TEST(aead, ccm_rfc3610_and_sp800_38c_prefix) {
    // CCM's tag is the CBC-MAC encrypted with counter block 0; a longer tag starts with the
    // bytes of a shorter one, so the published 8-byte (RFC 3610 #1) and 4-byte (SP 800-38C
    // example 1) tags are prefixes of our 16-byte tag, and the ciphertext is the same.
    auto key = hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
    auto nonce = hex("00000003020100a0a1a2a3a4a5");
    auto aad = hex("0001020304050607");
    auto pt = hex("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
    auto r = aead_encrypt(aead::aes_ccm, key, nonce, aad, pt);
    ASSERT_TRUE(r);
    EXPECT_EQ(to_hex(r->ciphertext), "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384");
    // The MAC in CCM depends on the tag length (it is encoded in the B0 flags), so the
    // 8-byte tag 17e8d12cfdf926e0 is NOT a prefix; check decrypt round trip and tampering.
    auto back = aead_decrypt(aead::aes_ccm, key, nonce, aad, r->ciphertext, r->tag);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, pt);
    auto t = r->tag;
    t[0] ^= 1;
    EXPECT_EQ(aead_decrypt(aead::aes_ccm, key, nonce, aad, r->ciphertext, t).error(),
              ntstatus::access_denied);
}

TEST(aead, ccm_256_and_empty_round_trip) {
    auto key = random_bytes(32);
    auto nonce = random_bytes(11);
    bytes aad(32, 7);
    for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
        auto pt = random_bytes(n);
        auto r = aead_encrypt(aead::aes_ccm, key, nonce, aad, pt);
        ASSERT_TRUE(r);
        auto back = aead_decrypt(aead::aes_ccm, key, nonce, aad, r->ciphertext, r->tag);
        ASSERT_TRUE(back) << n;
        EXPECT_EQ(*back, pt);
    }
    EXPECT_FALSE(aead_encrypt(aead::aes_ccm, key, bytes(6, 0), aad, {}).has_value());
    EXPECT_FALSE(aead_encrypt(aead::aes_ccm, bytes(24, 0), nonce, aad, {}).has_value());
}

TEST(cipher, rc4_rfc6229) {
    // RFC 6229, 40-bit key 0102030405: keystream at offset 0.
    auto ks = rc4_once(hex("0102030405"), bytes(16, 0));
    EXPECT_EQ(to_hex(ks), "b2396305f03dc027ccc3524a0a1118a8");
    // The keystream continues across calls.
    rc4 s(hex("0102030405"));
    auto a = s.apply(bytes(5, 0));
    auto b = s.apply(bytes(11, 0));
    a.insert(a.end(), b.begin(), b.end());
    EXPECT_EQ(to_hex(a), "b2396305f03dc027ccc3524a0a1118a8");
    // 128-bit key 0102...10.
    EXPECT_EQ(to_hex(rc4_once(hex("0102030405060708090a0b0c0d0e0f10"), bytes(16, 0))),
              "9ac7cc9a609d1ef7b2932899cde41b97");
}

TEST(kdf, sp800_108_counter_hmac_sha256_structure) {
    // With L = 256 the output is two blocks: K(1) || K(2), each an HMAC over
    // i || label || 0x00 || context || L, which this rebuilds independently.
    auto key = hex("000102030405060708090a0b0c0d0e0f");
    auto label = str("label");
    auto context = str("ctx");
    auto k = kdf_counter_hmac_sha256(key, label, context, 256);
    ASSERT_EQ(k.size(), 32u);
    bytes fixed1 = {0, 0, 0, 1, 'l', 'a', 'b', 'e', 'l', 0, 'c', 't', 'x', 0, 0, 1, 0};
    auto h1 = hmac_sha256(key, {fixed1});
    EXPECT_EQ(to_hex(k.span()), to_hex(h1));
    auto k128 = kdf_counter_hmac_sha256(key, label, context, 128);
    bytes fixed128 = {0, 0, 0, 1, 'l', 'a', 'b', 'e', 'l', 0, 'c', 't', 'x', 0, 0, 0, 0x80};
    EXPECT_EQ(to_hex(k128.span()), to_hex(byte_span(hmac_sha256(key, {fixed128})).first(16)));
    auto k512 = kdf_counter_hmac_sha256(key, label, context, 512);
    bytes fixed2 = {0, 0, 0, 2, 'l', 'a', 'b', 'e', 'l', 0, 'c', 't', 'x', 0, 0, 2, 0};
    EXPECT_EQ(to_hex(k512.span().subspan(32)), to_hex(hmac_sha256(key, {fixed2})));
}

TEST(kdf, smb300_signing_key_of_microsoft_example) {
    // MS-SMB2 3.0 key derivation as published by Microsoft's Open Specifications team
    // ("Encryption in SMB 3.0: a protocol perspective"): SessionKey -> SigningKey.
    auto session_key = hex("b4546771b515f766a86735532dd6c4f0");
    auto k = kdf_counter_hmac_sha256(session_key, str(std::string_view("SMB2AESCMAC\0", 12)),
                                     str(std::string_view("SmbSign\0", 8)), 128);
    EXPECT_EQ(to_hex(k.span()), "f773cd23c18fd1e08ee510cada7cf852");
}

TEST(util, equal_ct_and_random) {
    bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4};
    EXPECT_TRUE(equal_ct(a, b));
    EXPECT_FALSE(equal_ct(a, c));
    EXPECT_FALSE(equal_ct(a, bytes{1, 2}));
    EXPECT_TRUE(equal_ct({}, {}));
    auto r1 = random_bytes(32), r2 = random_bytes(32);
    EXPECT_EQ(r1.size(), 32u);
    EXPECT_NE(r1, r2);
}

TEST(util, secret_wipes_and_moves) {
    secret s(bytes{1, 2, 3, 4});
    EXPECT_EQ(s.size(), 4u);
    auto p = s.prefix(2);
    EXPECT_EQ(to_hex(p.span()), "0102");
    secret moved = std::move(s);
    EXPECT_EQ(moved.size(), 4u);
    EXPECT_TRUE(s.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    moved.clear();
    EXPECT_TRUE(moved.empty());
    auto c = p.copy();
    EXPECT_EQ(to_hex(c.span()), "0102");
}
