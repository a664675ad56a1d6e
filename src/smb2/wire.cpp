#include "smb2/wire.hpp"

#include "core/utf16.hpp"

namespace smbkit::smb2::wire {

result<reader> open_body(byte_span message, std::uint16_t structure_size) {
    std::uint64_t fixed = structure_size & ~std::uint16_t{1};
    if (!in_bounds(header_size, fixed, message.size()) || fixed < 2)
        return fail(ntstatus::invalid_parameter);
    reader r(message);
    r.seek(header_size);
    if (r.u16() != structure_size) return fail(ntstatus::invalid_parameter);
    return r;
}

result<byte_span> buffer(byte_span message, std::uint64_t offset, std::uint64_t length,
                         std::uint64_t min_offset) {
    if (length == 0) return byte_span{};
    if (offset < min_offset || !in_bounds(offset, length, message.size()))
        return fail(ntstatus::invalid_parameter);
    return message.subspan(offset, length);
}

result<std::string> name(byte_span utf16le) {
    auto s = utf16le_to_utf8(utf16le);
    if (!s) return fail(ntstatus::object_name_invalid);
    return std::move(*s);
}

bytes utf16(std::string_view utf8) { return utf8_to_utf16le(utf8).value_or(bytes{}); }

std::size_t begin(writer& w, std::uint16_t structure_size) {
    std::size_t start = w.size();
    w.u16(structure_size);
    return start;
}

void finish(writer& w, std::size_t body_start, std::uint16_t structure_size) {
    if ((structure_size & 1) && w.size() - body_start < structure_size) w.u8(0);
}

}  // namespace smbkit::smb2::wire
