#include "crypto/primitives.hpp"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>
#include <algorithm>
#include <cstdio>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

namespace smbkit::crypto {
namespace {

// MD4 and RC4 live in the legacy provider; loading it makes the default provider implicit
// no more, so both are loaded explicitly, once, and kept for the life of the process.
// The handles stay reachable for the whole process (leak checkers see them as such).
OSSL_PROVIDER* default_provider = nullptr;
OSSL_PROVIDER* legacy_provider = nullptr;

void load_providers() {
    static std::once_flag once;
    std::call_once(once, [] {
        default_provider = OSSL_PROVIDER_load(nullptr, "default");
        legacy_provider = OSSL_PROVIDER_load(nullptr, "legacy");
        // Registered after OpenSSL's own exit handler, so it runs first and OpenSSL's
        // cleanup then finds nothing of ours left.
        std::atexit([] {
            if (legacy_provider) OSSL_PROVIDER_unload(legacy_provider);
            if (default_provider) OSSL_PROVIDER_unload(default_provider);
            legacy_provider = default_provider = nullptr;
        });
    });
}

[[noreturn]] void crypto_abort(const char* what) {
    std::fprintf(stderr, "smbkit: OpenSSL failure in %s\n", what);
    std::abort();
}

struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct cipher_ctx_free {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct mac_ctx_free {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
struct mac_free {
    void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct md_free {
    void operator()(EVP_MD* m) const { EVP_MD_free(m); }
};
struct cipher_free {
    void operator()(EVP_CIPHER* c) const { EVP_CIPHER_free(c); }
};
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_free>;
using cipher_ctx_ptr = std::unique_ptr<EVP_CIPHER_CTX, cipher_ctx_free>;
using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, mac_ctx_free>;

// Fetched algorithms are cached: fetching is slow and they are immutable and thread-safe.
const EVP_MD* fetch_md(const char* name) {
    load_providers();
    static std::mutex mu;
    static std::vector<std::pair<std::string, std::unique_ptr<EVP_MD, md_free>>> cache;
    std::lock_guard lock(mu);
    for (auto& [n, m] : cache)
        if (n == name) return m.get();
    EVP_MD* m = EVP_MD_fetch(nullptr, name, nullptr);
    if (!m) crypto_abort(name);
    cache.emplace_back(name, std::unique_ptr<EVP_MD, md_free>(m));
    return m;
}

const EVP_CIPHER* fetch_cipher(const char* name) {
    load_providers();
    static std::mutex mu;
    static std::vector<std::pair<std::string, std::unique_ptr<EVP_CIPHER, cipher_free>>> cache;
    std::lock_guard lock(mu);
    for (auto& [n, c] : cache)
        if (n == name) return c.get();
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
    if (!c) crypto_abort(name);
    cache.emplace_back(name, std::unique_ptr<EVP_CIPHER, cipher_free>(c));
    return c;
}

EVP_MAC* fetch_mac(const char* name) {
    load_providers();
    static std::mutex mu;
    static std::vector<std::pair<std::string, std::unique_ptr<EVP_MAC, mac_free>>> cache;
    std::lock_guard lock(mu);
    for (auto& [n, m] : cache)
        if (n == name) return m.get();
    EVP_MAC* m = EVP_MAC_fetch(nullptr, name, nullptr);
    if (!m) crypto_abort(name);
    cache.emplace_back(name, std::unique_ptr<EVP_MAC, mac_free>(m));
    return m;
}

template <std::size_t N> std::array<std::uint8_t, N> digest(const char* name, parts data) {
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    std::array<std::uint8_t, N> out{};
    unsigned len = 0;
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), fetch_md(name), nullptr) != 1)
        crypto_abort(name);
    for (auto p : data)
        if (!p.empty() && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) != 1)
            crypto_abort(name);
    if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 || len != N) crypto_abort(name);
    return out;
}

// HMAC and CMAC through EVP_MAC; `param_name`/`param_value` select the digest or cipher.
bool mac(const char* mac_name, const char* param_name, const char* param_value, byte_span key,
         parts data, std::uint8_t* out, std::size_t out_len) {
    mac_ctx_ptr ctx(EVP_MAC_CTX_new(fetch_mac(mac_name)));
    if (!ctx) crypto_abort(mac_name);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(param_name, const_cast<char*>(param_value), 0),
        OSSL_PARAM_construct_end(),
    };
    static const std::uint8_t empty_key[1] = {0};
    const std::uint8_t* k = key.empty() ? empty_key : key.data();
    if (EVP_MAC_init(ctx.get(), k, key.size(), params) != 1) return false;
    for (auto p : data)
        if (!p.empty() && EVP_MAC_update(ctx.get(), p.data(), p.size()) != 1) return false;
    std::size_t len = 0;
    if (EVP_MAC_final(ctx.get(), out, &len, out_len) != 1 || len != out_len) return false;
    return true;
}

}  // namespace

digest16 md4(parts data) { return digest<16>("MD4", data); }
digest16 md5(parts data) { return digest<16>("MD5", data); }
digest32 sha256(parts data) { return digest<32>("SHA256", data); }
digest64 sha512(parts data) { return digest<64>("SHA512", data); }

struct hasher::impl {
    md_ctx_ptr ctx;
    const EVP_MD* md = nullptr;
};

hasher::hasher(algorithm a) : p_(std::make_unique<impl>()) {
    p_->md = fetch_md(a == algorithm::sha256 ? "SHA256" : "SHA512");
    p_->ctx.reset(EVP_MD_CTX_new());
    reset();
}
hasher::~hasher() = default;
hasher::hasher(hasher&&) noexcept = default;
hasher& hasher::operator=(hasher&&) noexcept = default;

void hasher::reset() {
    if (!p_->ctx || EVP_DigestInit_ex2(p_->ctx.get(), p_->md, nullptr) != 1)
        crypto_abort("digest init");
}
void hasher::update(byte_span data) {
    if (!data.empty() && EVP_DigestUpdate(p_->ctx.get(), data.data(), data.size()) != 1)
        crypto_abort("digest update");
}
bytes hasher::final() {
    bytes out(EVP_MD_get_size(p_->md));
    unsigned len = 0;
    if (EVP_DigestFinal_ex(p_->ctx.get(), out.data(), &len) != 1) crypto_abort("digest final");
    out.resize(len);
    return out;
}

digest16 hmac_md5(byte_span key, parts data) {
    digest16 out{};
    if (!mac("HMAC", OSSL_MAC_PARAM_DIGEST, "MD5", key, data, out.data(), out.size()))
        crypto_abort("HMAC-MD5");
    return out;
}

digest32 hmac_sha256(byte_span key, parts data) {
    digest32 out{};
    if (!mac("HMAC", OSSL_MAC_PARAM_DIGEST, "SHA256", key, data, out.data(), out.size()))
        crypto_abort("HMAC-SHA256");
    return out;
}

result<digest16> aes_cmac(byte_span key, parts data) {
    const char* cipher = key.size() == 16 ? "AES-128-CBC" : key.size() == 32 ? "AES-256-CBC" : nullptr;
    if (!cipher) return fail(ntstatus::invalid_parameter);
    digest16 out{};
    if (!mac("CMAC", OSSL_MAC_PARAM_CIPHER, cipher, key, data, out.data(), out.size()))
        return fail(ntstatus::internal_error);
    return out;
}

result<digest16> aes_gmac(byte_span key, byte_span nonce12, parts data) {
    const char* name = key.size() == 16 ? "AES-128-GCM" : key.size() == 32 ? "AES-256-GCM" : nullptr;
    if (!name || nonce12.size() != 12) return fail(ntstatus::invalid_parameter);
    cipher_ctx_ptr ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), fetch_cipher(name), key.data(), nonce12.data(),
                                    nullptr) != 1)
        return fail(ntstatus::internal_error);
    for (auto p : data)
        if (!p.empty() &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, p.data(), static_cast<int>(p.size())) != 1)
            return fail(ntstatus::internal_error);
    std::uint8_t dummy[16];
    digest16 tag{};
    if (EVP_EncryptFinal_ex(ctx.get(), dummy, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, 16, tag.data()) != 1)
        return fail(ntstatus::internal_error);
    return tag;
}

struct rc4::impl {
    cipher_ctx_ptr ctx;
};

rc4::rc4(byte_span key) : p_(std::make_unique<impl>()) {
    p_->ctx.reset(EVP_CIPHER_CTX_new());
    const EVP_CIPHER* c = fetch_cipher("RC4");
    unsigned key_len = static_cast<unsigned>(key.size());
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_KEYLEN, &key_len),
        OSSL_PARAM_construct_end(),
    };
    if (!p_->ctx || EVP_EncryptInit_ex2(p_->ctx.get(), c, nullptr, nullptr, params) != 1 ||
        EVP_EncryptInit_ex2(p_->ctx.get(), nullptr, key.data(), nullptr, nullptr) != 1)
        crypto_abort("RC4 init");
}
rc4::~rc4() = default;
rc4::rc4(rc4&&) noexcept = default;
rc4& rc4::operator=(rc4&&) noexcept = default;

void rc4::apply_inplace(std::span<std::uint8_t> data) {
    if (data.empty()) return;
    int len = 0;
    if (EVP_EncryptUpdate(p_->ctx.get(), data.data(), &len, data.data(),
                          static_cast<int>(data.size())) != 1 ||
        static_cast<std::size_t>(len) != data.size())
        crypto_abort("RC4");
}

bytes rc4::apply(byte_span data) {
    bytes out(data.begin(), data.end());
    apply_inplace(out);
    return out;
}

bytes rc4_once(byte_span key, byte_span data) { return rc4(key).apply(data); }

namespace {
const char* aead_name(aead mode, std::size_t key_len) {
    if (mode == aead::aes_ccm)
        return key_len == 16 ? "AES-128-CCM" : key_len == 32 ? "AES-256-CCM" : nullptr;
    return key_len == 16 ? "AES-128-GCM" : key_len == 32 ? "AES-256-GCM" : nullptr;
}
bool nonce_ok(aead mode, std::size_t n) {
    return mode == aead::aes_ccm ? (n >= 7 && n <= 13) : (n >= 1 && n <= 64);
}
}  // namespace

result<sealed> aead_encrypt(aead mode, byte_span key, byte_span nonce, byte_span aad,
                            byte_span plaintext) {
    const char* name = aead_name(mode, key.size());
    if (!name || !nonce_ok(mode, nonce.size()) || plaintext.size() > 0x7fffffff ||
        aad.size() > 0x7fffffff)
        return fail(ntstatus::invalid_parameter);
    cipher_ctx_ptr ctx(EVP_CIPHER_CTX_new());
    EVP_CIPHER_CTX* c = ctx.get();
    int len = 0;
    if (!c || EVP_EncryptInit_ex2(c, fetch_cipher(name), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(nonce.size()),
                            nullptr) != 1)
        return fail(ntstatus::internal_error);
    if (mode == aead::aes_ccm && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, nullptr) != 1)
        return fail(ntstatus::internal_error);
    if (EVP_EncryptInit_ex2(c, nullptr, key.data(), nonce.data(), nullptr) != 1)
        return fail(ntstatus::internal_error);
    // CCM needs the total plaintext length before any AAD.
    if (mode == aead::aes_ccm &&
        EVP_EncryptUpdate(c, nullptr, &len, nullptr, static_cast<int>(plaintext.size())) != 1)
        return fail(ntstatus::internal_error);
    if (!aad.empty() &&
        EVP_EncryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
        return fail(ntstatus::internal_error);
    sealed out;
    out.ciphertext.resize(plaintext.size());
    std::uint8_t empty = 0;
    std::uint8_t* dst = out.ciphertext.empty() ? &empty : out.ciphertext.data();
    const std::uint8_t* src = plaintext.empty() ? &empty : plaintext.data();
    int total = 0;
    if (mode == aead::aes_ccm || !plaintext.empty()) {
        if (EVP_EncryptUpdate(c, dst, &len, src, static_cast<int>(plaintext.size())) != 1)
            return fail(ntstatus::internal_error);
        total = len;
    }
    std::uint8_t tail[16];
    if (EVP_EncryptFinal_ex(c, tail, &len) != 1) return fail(ntstatus::internal_error);
    if (static_cast<std::size_t>(total) != plaintext.size())
        return fail(ntstatus::internal_error);
    if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, out.tag.data()) != 1)
        return fail(ntstatus::internal_error);
    return out;
}

result<bytes> aead_decrypt(aead mode, byte_span key, byte_span nonce, byte_span aad,
                           byte_span ciphertext, byte_span tag16) {
    const char* name = aead_name(mode, key.size());
    if (!name || !nonce_ok(mode, nonce.size()) || tag16.size() != 16 ||
        ciphertext.size() > 0x7fffffff || aad.size() > 0x7fffffff)
        return fail(ntstatus::invalid_parameter);
    cipher_ctx_ptr ctx(EVP_CIPHER_CTX_new());
    EVP_CIPHER_CTX* c = ctx.get();
    int len = 0;
    std::uint8_t tag[16];
    std::memcpy(tag, tag16.data(), 16);
    if (!c || EVP_DecryptInit_ex2(c, fetch_cipher(name), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(nonce.size()),
                            nullptr) != 1)
        return fail(ntstatus::internal_error);
    if (mode == aead::aes_ccm && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, tag) != 1)
        return fail(ntstatus::internal_error);
    if (EVP_DecryptInit_ex2(c, nullptr, key.data(), nonce.data(), nullptr) != 1)
        return fail(ntstatus::internal_error);
    if (mode == aead::aes_ccm &&
        EVP_DecryptUpdate(c, nullptr, &len, nullptr, static_cast<int>(ciphertext.size())) != 1)
        return fail(ntstatus::internal_error);
    if (!aad.empty() &&
        EVP_DecryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
        return fail(ntstatus::internal_error);
    bytes out(ciphertext.size());
    std::uint8_t empty = 0;
    std::uint8_t* dst = out.empty() ? &empty : out.data();
    const std::uint8_t* src = ciphertext.empty() ? &empty : ciphertext.data();
    if (mode == aead::aes_ccm) {
        // CCM verifies the tag inside this single update call.
        if (EVP_DecryptUpdate(c, dst, &len, src, static_cast<int>(ciphertext.size())) != 1) {
            OPENSSL_cleanse(out.data(), out.size());
            return fail(ntstatus::access_denied);
        }
        return out;
    }
    if (!ciphertext.empty() &&
        EVP_DecryptUpdate(c, dst, &len, src, static_cast<int>(ciphertext.size())) != 1)
        return fail(ntstatus::internal_error);
    if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, tag) != 1)
        return fail(ntstatus::internal_error);
    std::uint8_t tail[16];
    if (EVP_DecryptFinal_ex(c, tail, &len) != 1) {
        OPENSSL_cleanse(out.data(), out.size());
        return fail(ntstatus::access_denied);
    }
    return out;
}

secret kdf_counter_hmac_sha256(byte_span key, byte_span label, byte_span context,
                               std::uint32_t bits) {
    std::size_t want = bits / 8;
    secret out(want);
    std::uint8_t length_be[4] = {static_cast<std::uint8_t>(bits >> 24),
                                 static_cast<std::uint8_t>(bits >> 16),
                                 static_cast<std::uint8_t>(bits >> 8),
                                 static_cast<std::uint8_t>(bits)};
    static const std::uint8_t zero[1] = {0};
    std::size_t done = 0;
    for (std::uint32_t i = 1; done < want; ++i) {
        std::uint8_t counter_be[4] = {static_cast<std::uint8_t>(i >> 24),
                                      static_cast<std::uint8_t>(i >> 16),
                                      static_cast<std::uint8_t>(i >> 8),
                                      static_cast<std::uint8_t>(i)};
        auto block = hmac_sha256(key, {counter_be, label, zero, context, length_be});
        std::size_t n = std::min(block.size(), want - done);
        std::memcpy(out.mutable_span().data() + done, block.data(), n);
        OPENSSL_cleanse(block.data(), block.size());
        done += n;
    }
    return out;
}

void random_fill(std::span<std::uint8_t> out) {
    load_providers();
    if (out.empty()) return;
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) crypto_abort("RAND_bytes");
}

bytes random_bytes(std::size_t n) {
    bytes out(n);
    random_fill(out);
    return out;
}

bool equal_ct(byte_span a, byte_span b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace smbkit::crypto
