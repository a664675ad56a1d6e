#pragma once
// Shared checks for the SMB2 message codecs: StructureSize, variable buffers located by
// offset/length pairs relative to the SMB2 header, UTF-16LE names. Internal to src/smb2.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2::wire {

inline constexpr std::size_t header_size = 64;

// A reader over the whole message positioned just after the body's StructureSize, once the
// StructureSize matches and the fixed part of the body (StructureSize rounded down to even;
// the odd byte counts the first byte of a variable buffer that may be absent) is present.
result<reader> open_body(byte_span message, std::uint16_t structure_size);

// The buffer [offset, offset + length) of the message. A zero length yields an empty span
// whatever the offset; otherwise the buffer must start at or after `min_offset` (the end of
// the fixed part) and end inside the message.
result<byte_span> buffer(byte_span message, std::uint64_t offset, std::uint64_t length,
                         std::uint64_t min_offset);

// True when two non-empty ranges share a byte.
constexpr bool overlaps(std::uint64_t a_off, std::uint64_t a_len, std::uint64_t b_off,
                        std::uint64_t b_len) {
    if (a_len == 0 || b_len == 0) return false;
    return a_off < b_off + b_len && b_off < a_off + a_len;
}

// UTF-16LE → UTF-8 for names; invalid UTF-16 is STATUS_OBJECT_NAME_INVALID.
result<std::string> name(byte_span utf16le);
// UTF-8 → UTF-16LE; text that is not valid UTF-8 encodes as nothing (callers build names
// from strings they decoded or validated).
bytes utf16(std::string_view utf8);

// Starts a body: remembers where it begins and writes StructureSize.
std::size_t begin(writer& w, std::uint16_t structure_size);
// Odd StructureSizes count one byte of the variable part; when nothing variable was written,
// that byte is sent as a zero as Windows and Samba do.
void finish(writer& w, std::size_t body_start, std::uint16_t structure_size);

// Reads a 16-byte GUID / fixed array.
template <class Array> Array fixed(reader& r) {
    Array a{};
    auto s = r.take(a.size());
    if (s.size() == a.size())
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = s[i];
    return a;
}

inline file_id read_file_id(reader& r) {
    file_id f;
    f.persistent = r.u64();
    f.volatile_id = r.u64();
    return f;
}

inline void write_file_id(writer& w, const file_id& f) {
    w.u64(f.persistent);
    w.u64(f.volatile_id);
}

}  // namespace smbkit::smb2::wire
