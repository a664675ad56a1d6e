#pragma once
// Bounds-checked byte cursor and growable writer. Every read is checked; a failed read
// returns zero, leaves the cursor where it was and marks the reader failed for good, so a
// decoder can read a whole structure and test ok() once at the end.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace smbkit {

enum class byte_order { little, big };

using bytes = std::vector<std::uint8_t>;
using byte_span = std::span<const std::uint8_t>;

// True when [offset, offset + length) lies within a buffer of `size` bytes. 64-bit
// arithmetic, so wire values near UINT32_MAX cannot wrap.
constexpr bool in_bounds(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
    return offset <= size && length <= size - offset;
}

class reader {
public:
    explicit reader(byte_span data, byte_order order = byte_order::little)
        : data_(data), order_(order) {}

    bool ok() const { return ok_; }
    void fail() { ok_ = false; }
    std::size_t offset() const { return pos_; }
    std::size_t size() const { return data_.size(); }
    std::size_t remaining() const { return data_.size() - pos_; }
    bool at_end() const { return pos_ == data_.size(); }
    byte_span data() const { return data_; }
    byte_order order() const { return order_; }

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    std::uint16_t u16be();
    std::uint32_t u32be();
    std::uint16_t u16le();
    std::uint32_t u32le();
    std::uint64_t u64le();

    // The next n bytes, or an empty span (and failure) when fewer remain.
    byte_span take(std::size_t n);
    bool skip(std::size_t n);
    // Moves to an absolute offset; offset == size() is allowed (end of data).
    bool seek(std::size_t offset);
    // Skips forward to the next multiple of `alignment` from the start of the data; running
    // off the end is not an error when nothing more is read.
    void align(std::size_t alignment);

    // A reader over [offset, offset + length) of this reader's data, with the same byte order;
    // a failed reader when the range does not fit (and this reader is marked failed too).
    reader sub(std::uint64_t offset, std::uint64_t length);
    // Bytes at an absolute range, or an empty span and failure.
    byte_span slice(std::uint64_t offset, std::uint64_t length);

private:
    template <class T> T read(byte_order order);

    byte_span data_;
    std::size_t pos_ = 0;
    byte_order order_;
    bool ok_ = true;
};

class writer {
public:
    explicit writer(byte_order order = byte_order::little) : order_(order) {}

    void u8(std::uint8_t v) { buf_.push_back(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void u16be(std::uint16_t v);
    void u32be(std::uint32_t v);
    void u16le(std::uint16_t v);
    void u32le(std::uint32_t v);
    void u64le(std::uint64_t v);
    void put(byte_span b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
    void put(std::string_view s) { buf_.insert(buf_.end(), s.begin(), s.end()); }
    void zeros(std::size_t n) { buf_.insert(buf_.end(), n, 0); }
    // Pads with zeros to the next multiple of `alignment` from the start of the buffer.
    void align(std::size_t alignment);

    // Overwrite a value already written, at an absolute offset (for lengths and offsets
    // known only later). Out-of-range patches are a programming error and are ignored.
    void patch_u16(std::size_t offset, std::uint16_t v);
    void patch_u32(std::size_t offset, std::uint32_t v);
    void patch_u16be(std::size_t offset, std::uint16_t v);

    std::size_t size() const { return buf_.size(); }
    const bytes& data() const { return buf_; }
    bytes& data() { return buf_; }
    bytes take() { return std::move(buf_); }

private:
    template <class T> void write(T v, byte_order order);
    template <class T> void patch(std::size_t offset, T v, byte_order order);

    bytes buf_;
    byte_order order_;
};

// Lower-case hex of a byte range, and back (nullopt-free: bad input yields an empty vector
// and `ok` false).
std::string to_hex(byte_span b);
bytes from_hex(std::string_view hex, bool* ok = nullptr);

}  // namespace smbkit
