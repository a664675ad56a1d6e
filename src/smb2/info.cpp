// MS-SMB2 2.2.37, 2.2.39, 2.2.40
#include "smb2/info.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<query_info_request> query_info_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    query_info_request q;
    q.info_type = r->u8();
    q.file_info_class = r->u8();
    q.output_buffer_length = r->u32();
    std::uint16_t in_off = r->u16();
    r->u16();
    std::uint32_t in_len = r->u32();
    q.additional_information = r->u32();
    q.flags = r->u32();
    q.id = wire::read_file_id(*r);
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto in = wire::buffer(message, in_off, in_len, r->offset());
    if (!in) return fail(in.error());
    q.input.assign(in->begin(), in->end());
    return q;
}

void query_info_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(info_type);
    w.u8(file_info_class);
    w.u32(output_buffer_length);
    auto in_at = w.size();
    w.u16(0);
    w.u16(0);
    w.u32(static_cast<std::uint32_t>(input.size()));
    w.u32(additional_information);
    w.u32(flags);
    wire::write_file_id(w, id);
    // An empty input buffer has offset 0, as Samba sends it.
    if (!input.empty()) w.patch_u16(in_at, static_cast<std::uint16_t>(w.size()));
    w.put(input);
    wire::finish(w, start, structure_size);
}

result<set_info_request> set_info_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    set_info_request s;
    s.info_type = r->u8();
    s.file_info_class = r->u8();
    std::uint32_t len = r->u32();
    std::uint16_t off = r->u16();
    r->u16();
    s.additional_information = r->u32();
    s.id = wire::read_file_id(*r);
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto buf = wire::buffer(message, off, len, r->offset());
    if (!buf) return fail(buf.error());
    s.buffer.assign(buf->begin(), buf->end());
    return s;
}

void set_info_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(info_type);
    w.u8(file_info_class);
    w.u32(static_cast<std::uint32_t>(buffer.size()));
    auto off_at = w.size();
    w.u16(0);
    w.u16(0);
    w.u32(additional_information);
    wire::write_file_id(w, id);
    w.patch_u16(off_at, static_cast<std::uint16_t>(w.size()));
    w.put(buffer);
    wire::finish(w, start, structure_size);
}

result<set_info_response> set_info_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    return set_info_response{};
}

void set_info_response::encode(writer& w) const { w.u16(structure_size); }

}  // namespace smbkit::smb2
