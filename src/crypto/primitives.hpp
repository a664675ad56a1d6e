#pragma once
// Hashes, MACs, ciphers and the KDF that SMB2/SMB3 and NTLMSSP use, all through OpenSSL 3 EVP.
// MD4 and RC4 come from the legacy provider, loaded once on first use (the default provider
// stays loaded). Functions that cannot fail for valid sizes return values; those whose key or
// nonce size depends on input return result<> (invalid_parameter for a bad size).

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "crypto/secret.hpp"

namespace smbkit::crypto {

using digest16 = std::array<std::uint8_t, 16>;
using digest32 = std::array<std::uint8_t, 32>;
using digest64 = std::array<std::uint8_t, 64>;
// Several byte ranges fed to a hash or MAC one after another, as if concatenated.
using parts = std::initializer_list<byte_span>;

// One-shot hashes.
digest16 md4(parts data);
digest16 md5(parts data);
digest32 sha256(parts data);
digest64 sha512(parts data);

// Incremental SHA-512 (the SMB 3.1.1 preauth integrity hash) and SHA-256.
class hasher {
public:
    enum class algorithm { sha256, sha512 };
    explicit hasher(algorithm a);
    ~hasher();
    hasher(hasher&&) noexcept;
    hasher& operator=(hasher&&) noexcept;
    void update(byte_span data);
    // The digest (32 or 64 bytes); the hasher can be updated no further until reset().
    bytes final();
    void reset();

private:
    struct impl;
    std::unique_ptr<impl> p_;
};

// MACs. Keys of any length (HMAC); 16 bytes (CMAC, GMAC-128) or 32 bytes (GMAC-256).
digest16 hmac_md5(byte_span key, parts data);
digest32 hmac_sha256(byte_span key, parts data);
result<digest16> aes_cmac(byte_span key, parts data);
// AES-GMAC: AES-GCM with empty plaintext, `data` as AAD; nonce 12 bytes.
result<digest16> aes_gmac(byte_span key, byte_span nonce12, parts data);

// RC4 as NTLMSSP uses it: a keystream that continues across calls (sealing) or one-shot
// (key exchange).
class rc4 {
public:
    explicit rc4(byte_span key);
    ~rc4();
    rc4(rc4&&) noexcept;
    rc4& operator=(rc4&&) noexcept;
    bytes apply(byte_span data);
    void apply_inplace(std::span<std::uint8_t> data);

private:
    struct impl;
    std::unique_ptr<impl> p_;
};
bytes rc4_once(byte_span key, byte_span data);

// AEAD with a 16-byte tag. Key 16 (AES-128) or 32 (AES-256) bytes; nonce 11 bytes for CCM
// (as SMB3 uses it), 12 for GCM (any 7..13 for CCM, any non-empty for GCM are accepted).
enum class aead { aes_ccm, aes_gcm };
struct sealed {
    bytes ciphertext;
    std::array<std::uint8_t, 16> tag{};
};
result<sealed> aead_encrypt(aead mode, byte_span key, byte_span nonce, byte_span aad,
                            byte_span plaintext);
// Plaintext, or access_denied when the tag does not match (nothing of the plaintext is
// returned then).
result<bytes> aead_decrypt(aead mode, byte_span key, byte_span nonce, byte_span aad,
                           byte_span ciphertext, byte_span tag16);

// NIST SP 800-108 KDF in counter mode with HMAC-SHA256, r = 32, as MS-SMB2 3.1.4.2 uses it:
// K(1) = HMAC-SHA256(key, i=1 (BE32) || label || 0x00 || context || L (BE32)); `label` and
// `context` are passed exactly as their bytes on the wire (callers include any trailing NUL).
// L is the output length in bits (128 or 256; any multiple of 8 up to 256*32 works).
secret kdf_counter_hmac_sha256(byte_span key, byte_span label, byte_span context,
                               std::uint32_t bits);

// Cryptographically secure random bytes (RAND_bytes); aborts if the generator fails, since
// no caller could continue safely.
void random_fill(std::span<std::uint8_t> out);
bytes random_bytes(std::size_t n);

// Constant-time comparison; false when lengths differ (the length itself is not secret).
bool equal_ct(byte_span a, byte_span b);

}  // namespace smbkit::crypto
