// MS-SMB2 2.2.2
#include "smb2/error.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<error_response> error_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    std::uint8_t count = r->u8();
    r->u8();
    std::uint32_t byte_count = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    // ByteCount 0 still sends one byte of ErrorData, but a peer may leave it off.
    auto data = wire::buffer(message, r->offset(), byte_count, r->offset());
    if (!data) return fail(data.error());
    error_response e;
    if (count == 0) {
        e.data.assign(data->begin(), data->end());
        return e;
    }
    reader d(*data);
    for (unsigned i = 0; i < count; ++i) {
        d.align(8);
        std::uint32_t len = d.u32();
        error_context c;
        c.error_id = d.u32();
        auto body = d.take(len);
        if (!d.ok()) return fail(ntstatus::invalid_parameter);
        c.data.assign(body.begin(), body.end());
        e.contexts.push_back(std::move(c));
    }
    return e;
}

void error_response::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(static_cast<std::uint8_t>(contexts.size()));
    w.u8(0);
    auto count_at = w.size();
    w.u32(0);
    auto data_at = w.size();
    if (contexts.empty()) {
        w.put(data);
    } else {
        for (std::size_t i = 0; i < contexts.size(); ++i) {
            if (i) while ((w.size() - data_at) % 8) w.u8(0);
            w.u32(static_cast<std::uint32_t>(contexts[i].data.size()));
            w.u32(contexts[i].error_id);
            w.put(contexts[i].data);
        }
    }
    w.patch_u32(count_at, static_cast<std::uint32_t>(w.size() - data_at));
    wire::finish(w, start, structure_size);
}

namespace {
constexpr std::uint32_t symlink_error_tag = 0x4C4D5953;
constexpr std::uint32_t reparse_tag_symlink = 0xA000000C;
}  // namespace

result<symlink_error> symlink_error::decode(byte_span error_data) {
    reader r(error_data);
    std::uint32_t length = r.u32();
    if (!r.ok() || !in_bounds(4, length, error_data.size()))
        return fail(ntstatus::invalid_parameter);
    reader s(error_data.subspan(4, length));
    if (s.u32() != symlink_error_tag || s.u32() != reparse_tag_symlink)
        return fail(ntstatus::invalid_parameter);
    s.u16();  // ReparseDataLength
    symlink_error e;
    e.unparsed_path_length = s.u16();
    std::uint16_t sub_off = s.u16(), sub_len = s.u16(), print_off = s.u16(),
                  print_len = s.u16();
    e.flags = s.u32();
    if (!s.ok()) return fail(ntstatus::invalid_parameter);
    byte_span path = error_data.subspan(4 + s.offset(), length - s.offset());
    if (!in_bounds(sub_off, sub_len, path.size()) || !in_bounds(print_off, print_len, path.size()))
        return fail(ntstatus::invalid_parameter);
    auto sub = wire::name(path.subspan(sub_off, sub_len));
    auto print = wire::name(path.subspan(print_off, print_len));
    if (!sub || !print) return fail(ntstatus::invalid_parameter);
    e.substitute_name = std::move(*sub);
    e.print_name = std::move(*print);
    return e;
}

bytes symlink_error::encode() const {
    bytes sub = wire::utf16(substitute_name), print = wire::utf16(print_name);
    writer w;
    w.u32(0);  // SymLinkLength, patched
    w.u32(symlink_error_tag);
    w.u32(reparse_tag_symlink);
    w.u16(static_cast<std::uint16_t>(12 + sub.size() + print.size()));
    w.u16(unparsed_path_length);
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(sub.size()));
    w.u16(static_cast<std::uint16_t>(sub.size()));
    w.u16(static_cast<std::uint16_t>(print.size()));
    w.u32(flags);
    w.put(sub);
    w.put(print);
    w.patch_u32(0, static_cast<std::uint32_t>(w.size() - 4));
    return w.take();
}

bytes buffer_too_small_data(std::uint32_t required) {
    writer w;
    w.u32(required);
    return w.take();
}

}  // namespace smbkit::smb2
