// MS-SMB2 2.2.19, 2.2.20, 2.2.21, 2.2.22
#include "smb2/read_write.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<read_request> read_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    read_request q;
    q.padding = r->u8();
    q.flags = r->u8();
    q.length = r->u32();
    q.offset = r->u64();
    q.id = wire::read_file_id(*r);
    q.minimum_count = r->u32();
    q.channel = r->u32();
    q.remaining_bytes = r->u32();
    std::uint16_t info_off = r->u16();
    std::uint16_t info_len = r->u16();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto info = wire::buffer(message, info_off, info_len, r->offset());
    if (!info) return fail(info.error());
    q.channel_info.assign(info->begin(), info->end());
    return q;
}

void read_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(padding);
    w.u8(flags);
    w.u32(length);
    w.u64(offset);
    wire::write_file_id(w, id);
    w.u32(minimum_count);
    w.u32(channel);
    w.u32(remaining_bytes);
    auto info_at = w.size();
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(channel_info.size()));
    if (!channel_info.empty()) {
        w.patch_u16(info_at, static_cast<std::uint16_t>(w.size()));
        w.put(channel_info);
    }
    wire::finish(w, start, structure_size);
}

namespace {

struct read_response_fields {
    std::uint32_t data_remaining = 0;
    std::uint32_t flags = 0;
    byte_span data;
};

result<read_response_fields> decode_read_response(byte_span message) {
    auto r = wire::open_body(message, read_response::structure_size);
    if (!r) return fail(r.error());
    read_response_fields s;
    std::uint8_t off = r->u8();
    r->u8();
    std::uint32_t len = r->u32();
    s.data_remaining = r->u32();
    s.flags = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto data = wire::buffer(message, off, len, r->offset());
    if (!data) return fail(data.error());
    s.data = *data;
    return s;
}

}  // namespace

result<read_response> read_response::decode(byte_span message) {
    auto f = decode_read_response(message);
    if (!f) return fail(f.error());
    read_response s;
    s.data_remaining = f->data_remaining;
    s.flags = f->flags;
    s.data.assign(f->data.begin(), f->data.end());
    return s;
}

result<byte_span> read_response::decode_data(byte_span message) {
    auto f = decode_read_response(message);
    if (!f) return fail(f.error());
    return f->data;
}

void read_response::encode_prefix(writer& w, std::uint32_t data_length, std::uint32_t remaining) {
    w.u16(structure_size);
    w.u8(static_cast<std::uint8_t>(w.size() + 14));
    w.u8(0);
    w.u32(data_length);
    w.u32(remaining);
    w.u32(0);
}

void read_response::encode(writer& w) const {
    auto start = w.size();
    w.u16(structure_size);
    w.u8(static_cast<std::uint8_t>(start + 16));
    w.u8(0);
    w.u32(static_cast<std::uint32_t>(data.size()));
    w.u32(data_remaining);
    w.u32(flags);
    w.put(data);
    wire::finish(w, start, structure_size);
}

result<write_request> write_request::decode(byte_span message) {
    auto v = decode_view(message);
    if (!v) return fail(v.error());
    write_request q;
    q.offset = v->offset;
    q.id = v->id;
    q.channel = v->channel;
    q.remaining_bytes = v->remaining_bytes;
    q.flags = v->flags;
    q.data.assign(v->data.begin(), v->data.end());
    q.channel_info.assign(v->channel_info.begin(), v->channel_info.end());
    return q;
}

result<write_request_view> write_request::decode_view(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    write_request_view q;
    std::uint16_t data_off = r->u16();
    std::uint32_t data_len = r->u32();
    q.offset = r->u64();
    q.id = wire::read_file_id(*r);
    q.channel = r->u32();
    q.remaining_bytes = r->u32();
    std::uint16_t info_off = r->u16();
    std::uint16_t info_len = r->u16();
    q.flags = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    if (wire::overlaps(data_off, data_len, info_off, info_len))
        return fail(ntstatus::invalid_parameter);
    auto data = wire::buffer(message, data_off, data_len, r->offset());
    if (!data) return fail(data.error());
    auto info = wire::buffer(message, info_off, info_len, r->offset());
    if (!info) return fail(info.error());
    q.data = *data;
    q.channel_info = *info;
    return q;
}

void write_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    auto data_at = w.size();
    w.u16(0);
    w.u32(static_cast<std::uint32_t>(data.size()));
    w.u64(offset);
    wire::write_file_id(w, id);
    w.u32(channel);
    w.u32(remaining_bytes);
    auto info_at = w.size();
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(channel_info.size()));
    w.u32(flags);
    w.patch_u16(data_at, static_cast<std::uint16_t>(w.size()));
    w.put(data);
    if (!channel_info.empty()) {
        w.patch_u16(info_at, static_cast<std::uint16_t>(w.size()));
        w.put(channel_info);
    }
    wire::finish(w, start, structure_size);
}

result<write_response> write_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    write_response s;
    r->u16();
    s.count = r->u32();
    s.remaining = r->u32();
    r->u16();
    r->u16();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return s;
}

void write_response::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(0);
    w.u32(count);
    w.u32(remaining);
    w.u16(0);
    w.u16(0);
}

}  // namespace smbkit::smb2
