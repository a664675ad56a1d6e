#pragma once
// SMB2/SMB3 message signing, key derivation, transform encryption and the 3.1.1 preauth
// integrity hash. The dialect is passed as its wire value (0x0202, 0x0210, 0x0300, 0x0302,
// 0x0311) so that this layer does not depend on smb2/.

#include <array>
#include <cstdint>
#include <span>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "crypto/primitives.hpp"
#include "crypto/secret.hpp"

namespace smbkit::crypto {

inline constexpr std::uint16_t dialect_202 = 0x0202;
inline constexpr std::uint16_t dialect_210 = 0x0210;
inline constexpr std::uint16_t dialect_300 = 0x0300;
inline constexpr std::uint16_t dialect_302 = 0x0302;
inline constexpr std::uint16_t dialect_311 = 0x0311;

// MS-SMB2 2.2.3.1.7 SigningAlgorithmId values.
enum class signing_algorithm : std::uint16_t { hmac_sha256 = 0, aes_cmac = 1, aes_gmac = 2 };
// MS-SMB2 2.2.3.1.2 CipherId values (0 = no encryption negotiated).
enum class cipher_id : std::uint16_t {
    none = 0,
    aes128_ccm = 1,
    aes128_gcm = 2,
    aes256_ccm = 3,
    aes256_gcm = 4,
};

// Key length in bytes of a cipher (16 or 32; 0 for none).
std::size_t cipher_key_size(cipher_id c);
// The signing algorithm a dialect implies when none was negotiated: HMAC-SHA256 for 2.x,
// AES-CMAC for 3.x (3.1.1 without SMB2_SIGNING_CAPABILITIES also uses AES-CMAC).
signing_algorithm default_signing_algorithm(std::uint16_t dialect);

struct signing_key {
    signing_algorithm algorithm = signing_algorithm::hmac_sha256;
    secret key;  // 16 bytes
};
struct cipher_key {
    cipher_id cipher = cipher_id::none;
    secret key;  // 16 or 32 bytes
};

// Every key of one session, MS-SMB2 3.2.5.3 (client) / 3.3.5.5 (server) with the KDF of
// 3.1.4.2. "client_to_server" is the key the client encrypts with and the server decrypts with
// (ServerIn / SMBC2SCipherKey); "server_to_client" the reverse (ServerOut / SMBS2CCipherKey).
struct session_keys {
    signing_key signing;
    cipher_key client_to_server;
    cipher_key server_to_client;
    secret application;  // SMB2APP/SmbRpc or SMBAppKey
};

// session_key: the GSS session key (for NTLMSSP the 16-byte exported session key).
// preauth_hash: the session's PreauthIntegrityHashValue (64 bytes) for 3.1.1, ignored before.
// cipher: the negotiated cipher (3.0/3.0.2 always use AES-128-CCM when encrypting; pass
// none to derive no encryption keys). signing: the negotiated signing algorithm (3.1.1).
// For 2.x the signing key is the session key itself (first 16 bytes, zero-padded).
// For AES-256 ciphers the KDF takes the full session key and L = 256 (MS-SMB2 3.3.5.5.3).
result<session_keys> derive_session_keys(std::uint16_t dialect, byte_span session_key,
                                         byte_span preauth_hash, cipher_id cipher,
                                         signing_algorithm signing);

// ---- Signing, MS-SMB2 3.1.4.1 -------------------------------------------------------------
// `message` is one SMB2 message: the 64-byte header and its body up to NextCommand (or the
// end), padding included. The Signature field (bytes 48..63) is treated as zero whatever it
// holds. For AES-GMAC the nonce is MessageId (header bytes 24..31) followed by four bytes whose
// bit 0 is set for a server-to-client message (SMB2_FLAGS_SERVER_TO_REDIR) and bit 1 for a
// CANCEL request; both are read from the header, so the caller passes nothing more.
// invalid_parameter when the message is shorter than a header or the key has a bad size.
result<std::array<std::uint8_t, 16>> compute_signature(const signing_key& key, byte_span message);
// Writes the signature into bytes 48..63 (set SMB2_FLAGS_SIGNED in the header first: the flag
// is covered by the signature).
result<void> sign_message(const signing_key& key, std::span<std::uint8_t> message);
// True when the Signature field holds the right signature; compared in constant time.
bool verify_signature(const signing_key& key, byte_span message);

// ---- Encryption, MS-SMB2 2.2.41 / 3.1.4.3 -----------------------------------------------------
inline constexpr std::size_t transform_header_size = 52;
inline constexpr std::uint32_t transform_protocol_id = 0x424D53FD;  // 0xFD 'S' 'M' 'B'

// Builds a whole transform message: the 52-byte TRANSFORM_HEADER (random nonce of 11 bytes for
// CCM or 12 for GCM, zero-padded to 16; Flags/EncryptionAlgorithm = 1) then the ciphertext of
// `plaintext` (one SMB2 message or a whole compound chain). The AAD is header bytes 20..51.
result<bytes> encrypt_message(const cipher_key& key, std::uint64_t session_id,
                              byte_span plaintext);
// The same with a caller-chosen nonce (tests; a client/server must never reuse one).
result<bytes> encrypt_message_with_nonce(const cipher_key& key, std::uint64_t session_id,
                                         byte_span nonce, byte_span plaintext);

struct transform_header {
    std::array<std::uint8_t, 16> signature{};
    std::array<std::uint8_t, 16> nonce{};
    std::uint32_t original_message_size = 0;
    std::uint16_t flags = 0;
    std::uint64_t session_id = 0;
};
// Reads the 52-byte header (checks ProtocolId and that the message holds
// OriginalMessageSize bytes after it); invalid_parameter otherwise.
result<transform_header> parse_transform_header(byte_span message);
// Decrypts a whole transform message (header + ciphertext) and returns the plaintext;
// invalid_parameter for a malformed header, access_denied when authentication fails.
result<bytes> decrypt_message(const cipher_key& key, byte_span message);

// ---- Preauth integrity, MS-SMB2 3.2.5.2 / 3.3.5.4 -----------------------------------------
// H(0) = 64 zero bytes; H(i) = SHA-512(H(i-1) || message). Copy the connection's value into
// each session at its first SESSION_SETUP request, then chain that session's requests and
// responses (every response but the final SUCCESS one).
class preauth_hash {
public:
    preauth_hash() { value_.fill(0); }
    void update(byte_span message);
    byte_span value() const { return {value_.data(), value_.size()}; }
    const digest64& digest() const { return value_; }

private:
    digest64 value_;
};

}  // namespace smbkit::crypto
