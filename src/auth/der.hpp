#pragma once
// A small DER reader/writer (ITU-T X.690), enough for SPNEGO and the GSS-API framing:
// definite lengths only (up to 4 length octets), single-byte tags (low tag numbers), checked
// against the enclosing element at every step.

#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.hpp"

namespace smbkit::auth::der {

inline constexpr std::uint8_t tag_integer = 0x02;
inline constexpr std::uint8_t tag_bit_string = 0x03;
inline constexpr std::uint8_t tag_octet_string = 0x04;
inline constexpr std::uint8_t tag_oid = 0x06;
inline constexpr std::uint8_t tag_enumerated = 0x0A;
inline constexpr std::uint8_t tag_general_string = 0x1B;
inline constexpr std::uint8_t tag_sequence = 0x30;
constexpr std::uint8_t context(unsigned n) { return static_cast<std::uint8_t>(0xA0 | n); }
constexpr std::uint8_t application(unsigned n) { return static_cast<std::uint8_t>(0x60 | n); }

struct element {
    std::uint8_t tag = 0;
    byte_span content;
    byte_span raw;  // tag, length and content
};

class reader {
public:
    explicit reader(byte_span data) : data_(data) {}
    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == data_.size(); }
    std::size_t offset() const { return pos_; }
    // The next element's tag without consuming it; nullopt at the end or on error.
    std::optional<std::uint8_t> peek_tag() const;
    // The next element; nullopt (and failed) when it is malformed or overruns.
    std::optional<element> next();
    // The next element, which must carry `tag`.
    std::optional<element> expect(std::uint8_t tag);

private:
    byte_span data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

// Writes tag, length, content.
void write(bytes& out, std::uint8_t tag, byte_span content);
bytes wrap(std::uint8_t tag, byte_span content);

// OIDs as their DER content octets.
bytes encode_oid(std::string_view dotted);  // "1.3.6.1.5.5.2"; empty on a bad string
std::optional<std::string> decode_oid(byte_span content);

}  // namespace smbkit::auth::der
