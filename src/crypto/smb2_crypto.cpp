// MS-SMB2 3.1.4.1 (signing), 3.1.4.2 (KDF), 3.1.4.3 (encryption), 2.2.41 (TRANSFORM_HEADER),
// 3.2.5.3 / 3.3.5.5 (session keys), 3.2.5.2 / 3.3.5.4 (preauth integrity).
#include "crypto/smb2_crypto.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace smbkit::crypto {
namespace {

constexpr std::size_t header_size = 64;
constexpr std::size_t signature_offset = 48;
constexpr std::uint32_t flag_server_to_redir = 0x00000001;
constexpr std::uint16_t command_cancel = 0x000C;

// A label or context with its terminating NUL, as the spec's strings include it.
byte_span cstr(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size() + 1};
}

std::uint16_t le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

bool is_aead_cipher(cipher_id c) { return cipher_key_size(c) != 0; }
aead aead_mode(cipher_id c) {
    return (c == cipher_id::aes128_ccm || c == cipher_id::aes256_ccm) ? aead::aes_ccm
                                                                      : aead::aes_gcm;
}
std::size_t nonce_size(cipher_id c) { return aead_mode(c) == aead::aes_ccm ? 11 : 12; }

}  // namespace

std::size_t cipher_key_size(cipher_id c) {
    switch (c) {
    case cipher_id::aes128_ccm:
    case cipher_id::aes128_gcm: return 16;
    case cipher_id::aes256_ccm:
    case cipher_id::aes256_gcm: return 32;
    default: return 0;
    }
}

signing_algorithm default_signing_algorithm(std::uint16_t dialect) {
    return dialect >= dialect_300 ? signing_algorithm::aes_cmac : signing_algorithm::hmac_sha256;
}

result<session_keys> derive_session_keys(std::uint16_t dialect, byte_span session_key,
                                         byte_span preauth_hash, cipher_id cipher,
                                         signing_algorithm signing) {
    if (session_key.empty()) return fail(ntstatus::invalid_parameter);
    if (cipher != cipher_id::none && !is_aead_cipher(cipher))
        return fail(ntstatus::invalid_parameter);
    session_keys out;
    out.signing.algorithm = signing;
    // The session key is used as 16 bytes, zero-padded or truncated (MS-SMB2 3.2.5.3.1).
    std::uint8_t key16[16] = {};
    std::memcpy(key16, session_key.data(), std::min<std::size_t>(16, session_key.size()));
    byte_span k16(key16, 16);

    if (dialect < dialect_300) {
        out.signing.key = secret(k16);
        std::memset(key16, 0, sizeof key16);
        return out;
    }
    bool v311 = dialect >= dialect_311;
    if (v311 && preauth_hash.size() != 64) return fail(ntstatus::invalid_parameter);
    // AES-256 ciphers take the full session key and L = 256 (MS-SMB2 3.3.5.5.3).
    bool wide = cipher_key_size(cipher) == 32;
    byte_span cipher_source = wide ? session_key : k16;
    std::uint32_t cipher_bits = wide ? 256 : 128;

    if (v311) {
        out.signing.key = kdf_counter_hmac_sha256(k16, cstr("SMBSigningKey"), preauth_hash, 128);
        out.application = kdf_counter_hmac_sha256(k16, cstr("SMBAppKey"), preauth_hash, 128);
        if (cipher != cipher_id::none) {
            out.client_to_server = {cipher, kdf_counter_hmac_sha256(
                                                cipher_source, cstr("SMBC2SCipherKey"),
                                                preauth_hash, cipher_bits)};
            out.server_to_client = {cipher, kdf_counter_hmac_sha256(
                                                cipher_source, cstr("SMBS2CCipherKey"),
                                                preauth_hash, cipher_bits)};
        }
    } else {
        out.signing.key =
            kdf_counter_hmac_sha256(k16, cstr("SMB2AESCMAC"), cstr("SmbSign"), 128);
        out.application = kdf_counter_hmac_sha256(k16, cstr("SMB2APP"), cstr("SmbRpc"), 128);
        if (cipher != cipher_id::none) {
            out.client_to_server = {cipher, kdf_counter_hmac_sha256(cipher_source,
                                                                    cstr("SMB2AESCCM"),
                                                                    cstr("ServerIn "), cipher_bits)};
            out.server_to_client = {cipher, kdf_counter_hmac_sha256(cipher_source,
                                                                    cstr("SMB2AESCCM"),
                                                                    cstr("ServerOut"), cipher_bits)};
        }
    }
    std::memset(key16, 0, sizeof key16);
    return out;
}

result<std::array<std::uint8_t, 16>> compute_signature(const signing_key& key, byte_span message) {
    if (message.size() < header_size || key.key.size() != 16)
        return fail(ntstatus::invalid_parameter);
    static const std::uint8_t zero_sig[16] = {};
    byte_span before = message.first(signature_offset);
    byte_span after = message.subspan(signature_offset + 16);
    std::array<std::uint8_t, 16> sig{};
    switch (key.algorithm) {
    case signing_algorithm::hmac_sha256: {
        auto full = hmac_sha256(key.key.span(), {before, zero_sig, after});
        std::memcpy(sig.data(), full.data(), 16);
        return sig;
    }
    case signing_algorithm::aes_cmac: return aes_cmac(key.key.span(), {before, zero_sig, after});
    case signing_algorithm::aes_gmac: {
        std::uint8_t nonce[12] = {};
        std::memcpy(nonce, message.data() + 24, 8);  // MessageId
        std::uint32_t flags = le32(message.data() + 16);
        std::uint16_t command = le16(message.data() + 12);
        bool server = (flags & flag_server_to_redir) != 0;
        bool cancel = command == command_cancel && !server;
        nonce[8] = static_cast<std::uint8_t>((server ? 1 : 0) | (cancel ? 2 : 0));
        return aes_gmac(key.key.span(), nonce, {before, zero_sig, after});
    }
    }
    return fail(ntstatus::invalid_parameter);
}

result<void> sign_message(const signing_key& key, std::span<std::uint8_t> message) {
    auto sig = compute_signature(key, message);
    if (!sig) return fail(sig.error());
    std::memcpy(message.data() + signature_offset, sig->data(), 16);
    return {};
}

bool verify_signature(const signing_key& key, byte_span message) {
    auto sig = compute_signature(key, message);
    if (!sig) return false;
    return equal_ct(*sig, message.subspan(signature_offset, 16));
}

result<bytes> encrypt_message_with_nonce(const cipher_key& key, std::uint64_t session_id,
                                         byte_span nonce, byte_span plaintext) {
    if (!is_aead_cipher(key.cipher) || key.key.size() != cipher_key_size(key.cipher) ||
        nonce.size() != nonce_size(key.cipher) || plaintext.size() > 0xFFFFFFFFu)
        return fail(ntstatus::invalid_parameter);
    writer w;
    w.u32(transform_protocol_id);
    w.zeros(16);  // Signature, filled in below
    w.put(nonce);
    w.zeros(16 - nonce.size());
    w.u32(static_cast<std::uint32_t>(plaintext.size()));
    w.u16(0);  // Reserved
    w.u16(1);  // Flags (3.1.1: Encrypted) / EncryptionAlgorithm (3.0: AES-128-CCM)
    w.u64(session_id);
    bytes out = w.take();
    auto sealed_msg = aead_encrypt(aead_mode(key.cipher), key.key.span(), nonce,
                                   byte_span(out).subspan(20, 32), plaintext);
    if (!sealed_msg) return fail(ntstatus::encryption_failed);
    std::memcpy(out.data() + 4, sealed_msg->tag.data(), 16);
    out.insert(out.end(), sealed_msg->ciphertext.begin(), sealed_msg->ciphertext.end());
    return out;
}

result<bytes> encrypt_message(const cipher_key& key, std::uint64_t session_id,
                              byte_span plaintext) {
    if (!is_aead_cipher(key.cipher)) return fail(ntstatus::invalid_parameter);
    std::uint8_t nonce[12];
    std::size_t n = nonce_size(key.cipher);
    random_fill(std::span(nonce, n));
    return encrypt_message_with_nonce(key, session_id, byte_span(nonce, n), plaintext);
}

result<transform_header> parse_transform_header(byte_span message) {
    reader r(message);
    transform_header h;
    if (r.u32() != transform_protocol_id) return fail(ntstatus::invalid_parameter);
    auto sig = r.take(16);
    auto nonce = r.take(16);
    h.original_message_size = r.u32();
    r.u16();  // Reserved
    h.flags = r.u16();
    h.session_id = r.u64();
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    std::memcpy(h.signature.data(), sig.data(), 16);
    std::memcpy(h.nonce.data(), nonce.data(), 16);
    if (h.original_message_size == 0 ||
        !in_bounds(transform_header_size, h.original_message_size, message.size()))
        return fail(ntstatus::invalid_parameter);
    return h;
}

result<bytes> decrypt_message(const cipher_key& key, byte_span message) {
    if (!is_aead_cipher(key.cipher) || key.key.size() != cipher_key_size(key.cipher))
        return fail(ntstatus::invalid_parameter);
    auto h = parse_transform_header(message);
    if (!h) return fail(h.error());
    if (h->flags != 1) return fail(ntstatus::invalid_parameter);
    auto ciphertext = message.subspan(transform_header_size, h->original_message_size);
    return aead_decrypt(aead_mode(key.cipher), key.key.span(),
                        byte_span(h->nonce.data(), nonce_size(key.cipher)),
                        message.subspan(20, 32), ciphertext, h->signature);
}

void preauth_hash::update(byte_span message) { value_ = sha512({value_, message}); }

}  // namespace smbkit::crypto
