#pragma once
// Key material that is wiped (OPENSSL_cleanse) when it goes away: on destruction, on
// assignment and on clear(). Copies are explicit so that keys are not duplicated by accident.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"

namespace smbkit::crypto {

class secret {
public:
    secret() = default;
    explicit secret(byte_span b) : v_(b.begin(), b.end()) {}
    explicit secret(std::size_t n) : v_(n, 0) {}
    ~secret() { clear(); }
    secret(secret&& o) noexcept : v_(std::move(o.v_)) { o.v_.clear(); }
    secret& operator=(secret&& o) noexcept;
    secret(const secret&) = delete;
    secret& operator=(const secret&) = delete;
    secret copy() const { return secret(span()); }

    byte_span span() const { return {v_.data(), v_.size()}; }
    std::span<std::uint8_t> mutable_span() { return {v_.data(), v_.size()}; }
    const std::uint8_t* data() const { return v_.data(); }
    std::size_t size() const { return v_.size(); }
    bool empty() const { return v_.empty(); }
    // The first n bytes (or all when shorter), as a new secret.
    secret prefix(std::size_t n) const;
    void clear();

private:
    std::vector<std::uint8_t> v_;
};

}  // namespace smbkit::crypto
