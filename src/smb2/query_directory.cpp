// MS-SMB2 2.2.33, 2.2.34, 2.2.36, 2.2.38
#include "smb2/query_directory.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<query_directory_request> query_directory_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    query_directory_request q;
    q.file_information_class = r->u8();
    q.flags = r->u8();
    q.file_index = r->u32();
    q.id = wire::read_file_id(*r);
    std::uint16_t name_off = r->u16();
    std::uint16_t name_len = r->u16();
    q.output_buffer_length = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto name = wire::buffer(message, name_off, name_len, r->offset());
    if (!name) return fail(name.error());
    auto text = wire::name(*name);
    if (!text) return fail(text.error());
    q.pattern = std::move(*text);
    return q;
}

void query_directory_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(file_information_class);
    w.u8(flags);
    w.u32(file_index);
    wire::write_file_id(w, id);
    auto name_at = w.size();
    bytes n = wire::utf16(pattern);
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(n.size()));
    w.u32(output_buffer_length);
    if (!n.empty()) w.patch_u16(name_at, static_cast<std::uint16_t>(w.size()));
    w.put(n);
    wire::finish(w, start, structure_size);
}

template <int Tag>
result<output_buffer_response<Tag>> output_buffer_response<Tag>::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    std::uint16_t off = r->u16();
    std::uint32_t len = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto out = wire::buffer(message, off, len, r->offset());
    if (!out) return fail(out.error());
    return output_buffer_response{bytes(out->begin(), out->end())};
}

template <int Tag> void output_buffer_response<Tag>::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    auto off_at = w.size();
    w.u16(0);
    w.u32(static_cast<std::uint32_t>(output.size()));
    w.patch_u16(off_at, static_cast<std::uint16_t>(w.size()));
    w.put(output);
    wire::finish(w, start, structure_size);
}

template struct output_buffer_response<0>;
template struct output_buffer_response<1>;
template struct output_buffer_response<2>;

}  // namespace smbkit::smb2
