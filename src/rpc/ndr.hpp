#pragma once
// NDR 2.0 marshalling (C706 chapter 14; MS-RPCE 2.2.5 for the Windows profile), little-endian
// only. Alignment counts from the start of the stub, which is where these cursors start.
// Pointers follow C706 14.3.10: a unique or full pointer is a 4-byte referent id (0 = null)
// and the pointee follows later, after the structure that embeds it ("deferred"); callers
// order the writes the way the IDL does (scalars of a structure first, then its buffers).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::rpc {

class ndr_writer {
public:
    void u8(std::uint8_t v) { w_.u8(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void align(std::size_t n) { w_.align(n); }

    // Unique pointer: a fresh referent id, or 0 when absent.
    void unique_ptr(bool present);
    // Full pointer: the same key always gets the same id; true when this is the first time
    // (the caller then marshals the pointee, otherwise it must not).
    bool full_ptr(const void* key);

    // [string] wchar_t*: max_count, offset 0, actual_count, UTF-16LE with the terminating NUL
    // (C706 14.3.4.2 conformant and varying string). Text that is not valid UTF-8 is written
    // as an empty string.
    void wstring(std::string_view utf8);
    // A unique pointer to a [string] wchar_t*, written in one go where no deferral applies
    // (top-level parameters). Embedded pointers use unique_ptr() now and wstring() later.
    void unique_wstring(const std::optional<std::string>& s);
    // [size_is(n)] unsigned char*: conformance then the bytes.
    void conformant_bytes(byte_span b);

    std::size_t size() const { return w_.size(); }
    bytes take() { return w_.take(); }

private:
    writer w_;
    std::uint32_t next_referent_ = 0x00020000;
    std::map<const void*, std::uint32_t> full_;
};

class ndr_reader {
public:
    explicit ndr_reader(byte_span stub) : r_(stub) {}

    bool ok() const { return r_.ok(); }
    void fail() { r_.fail(); }
    std::size_t offset() const { return r_.offset(); }
    std::size_t remaining() const { return r_.remaining(); }
    bool at_end() const { return r_.at_end(); }

    std::uint8_t u8() { return r_.u8(); }
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    void align(std::size_t n);

    // A pointer's referent id; 0 is null.
    std::uint32_t ptr() { return u32(); }
    // Full pointer: the referent id and whether its pointee follows (first sighting).
    std::pair<std::uint32_t, bool> full_ptr();

    // [string] wchar_t* (see ndr_writer::wstring). Fails on offset != 0, actual > max,
    // actual == 0 or invalid UTF-16. The value ends at the first NUL, as the C string the IDL
    // declares; a string sent without a terminator (impacket does) is taken as it is.
    std::optional<std::string> wstring();
    // Top-level [unique, string] wchar_t*: nullopt for a null pointer; `ok()` tells a null
    // pointer from a bad string.
    std::optional<std::string> unique_wstring();
    // A conformance (array max_count), checked to leave room for `count * min_element_size`
    // bytes so that a hostile count cannot make the caller allocate gigabytes.
    std::uint32_t conformance(std::size_t min_element_size);
    // [size_is(n)] byte array body (conformance already read).
    byte_span bytes_of(std::size_t n) { return r_.take(n); }

private:
    reader r_;
    std::set<std::uint32_t> full_seen_;
};

}  // namespace smbkit::rpc
