#include "core/bytes.hpp"

#include <string>

namespace smbkit {

template <class T> T reader::read(byte_order order) {
    if (!ok_ || remaining() < sizeof(T)) {
        ok_ = false;
        return 0;
    }
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        std::size_t shift = order == byte_order::little ? i : sizeof(T) - 1 - i;
        v |= static_cast<T>(static_cast<T>(data_[pos_ + i]) << (8 * shift));
    }
    pos_ += sizeof(T);
    return v;
}

std::uint8_t reader::u8() { return read<std::uint8_t>(order_); }
std::uint16_t reader::u16() { return read<std::uint16_t>(order_); }
std::uint32_t reader::u32() { return read<std::uint32_t>(order_); }
std::uint64_t reader::u64() { return read<std::uint64_t>(order_); }
std::uint16_t reader::u16be() { return read<std::uint16_t>(byte_order::big); }
std::uint32_t reader::u32be() { return read<std::uint32_t>(byte_order::big); }
std::uint16_t reader::u16le() { return read<std::uint16_t>(byte_order::little); }
std::uint32_t reader::u32le() { return read<std::uint32_t>(byte_order::little); }
std::uint64_t reader::u64le() { return read<std::uint64_t>(byte_order::little); }

byte_span reader::take(std::size_t n) {
    if (!ok_ || remaining() < n) {
        ok_ = false;
        return {};
    }
    byte_span out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
}

bool reader::skip(std::size_t n) {
    if (!ok_ || remaining() < n) {
        ok_ = false;
        return false;
    }
    pos_ += n;
    return true;
}

bool reader::seek(std::size_t offset) {
    if (!ok_ || offset > data_.size()) {
        ok_ = false;
        return false;
    }
    pos_ = offset;
    return true;
}

void reader::align(std::size_t alignment) {
    if (alignment == 0) return;
    std::size_t pad = (alignment - pos_ % alignment) % alignment;
    pos_ = pad > remaining() ? data_.size() : pos_ + pad;
}

reader reader::sub(std::uint64_t offset, std::uint64_t length) {
    if (!ok_ || !in_bounds(offset, length, data_.size())) {
        ok_ = false;
        reader bad({}, order_);
        bad.fail();
        return bad;
    }
    return reader(data_.subspan(offset, length), order_);
}

byte_span reader::slice(std::uint64_t offset, std::uint64_t length) {
    if (!ok_ || !in_bounds(offset, length, data_.size())) {
        ok_ = false;
        return {};
    }
    return data_.subspan(offset, length);
}

template <class T> void writer::write(T v, byte_order order) {
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        std::size_t shift = order == byte_order::little ? i : sizeof(T) - 1 - i;
        buf_.push_back(static_cast<std::uint8_t>(v >> (8 * shift)));
    }
}

template <class T> void writer::patch(std::size_t offset, T v, byte_order order) {
    if (!in_bounds(offset, sizeof(T), buf_.size())) return;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        std::size_t shift = order == byte_order::little ? i : sizeof(T) - 1 - i;
        buf_[offset + i] = static_cast<std::uint8_t>(v >> (8 * shift));
    }
}

void writer::u16(std::uint16_t v) { write(v, order_); }
void writer::u32(std::uint32_t v) { write(v, order_); }
void writer::u64(std::uint64_t v) { write(v, order_); }
void writer::u16be(std::uint16_t v) { write(v, byte_order::big); }
void writer::u32be(std::uint32_t v) { write(v, byte_order::big); }
void writer::u16le(std::uint16_t v) { write(v, byte_order::little); }
void writer::u32le(std::uint32_t v) { write(v, byte_order::little); }
void writer::u64le(std::uint64_t v) { write(v, byte_order::little); }

void writer::align(std::size_t alignment) {
    if (alignment == 0) return;
    zeros((alignment - buf_.size() % alignment) % alignment);
}

void writer::patch_u16(std::size_t offset, std::uint16_t v) { patch(offset, v, order_); }
void writer::patch_u32(std::size_t offset, std::uint32_t v) { patch(offset, v, order_); }
void writer::patch_u16be(std::size_t offset, std::uint16_t v) { patch(offset, v, byte_order::big); }

std::string to_hex(byte_span b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(b.size() * 2);
    for (auto c : b) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

bytes from_hex(std::string_view hex, bool* ok) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    bytes out;
    int hi = -1;
    for (char c : hex) {
        if (c == ' ' || c == ':' || c == '\n' || c == '\t') continue;
        int n = nibble(c);
        if (n < 0) {
            if (ok) *ok = false;
            return {};
        }
        if (hi < 0) {
            hi = n;
        } else {
            out.push_back(static_cast<std::uint8_t>(hi << 4 | n));
            hi = -1;
        }
    }
    if (ok) *ok = hi < 0;
    if (hi >= 0) return {};
    return out;
}

}  // namespace smbkit
