#include "crypto/secret.hpp"

#include <algorithm>

#include <openssl/crypto.h>

namespace smbkit::crypto {

secret& secret::operator=(secret&& o) noexcept {
    if (this != &o) {
        clear();
        v_ = std::move(o.v_);
        o.v_.clear();
    }
    return *this;
}

secret secret::prefix(std::size_t n) const {
    return secret(span().first(std::min(n, v_.size())));
}

void secret::clear() {
    if (!v_.empty()) OPENSSL_cleanse(v_.data(), v_.size());
    v_.clear();
}

}  // namespace smbkit::crypto
