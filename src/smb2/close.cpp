// MS-SMB2 2.2.15, 2.2.16, 2.2.17
#include "smb2/close.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<close_request> close_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    close_request c;
    c.flags = r->u16();
    r->u32();
    c.id = wire::read_file_id(*r);
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return c;
}

void close_request::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(flags);
    w.u32(0);
    wire::write_file_id(w, id);
}

result<close_response> close_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    close_response c;
    c.flags = r->u16();
    r->u32();
    c.creation_time = r->u64();
    c.last_access_time = r->u64();
    c.last_write_time = r->u64();
    c.change_time = r->u64();
    c.allocation_size = r->u64();
    c.end_of_file = r->u64();
    c.file_attributes = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return c;
}

void close_response::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(flags);
    w.u32(0);
    w.u64(creation_time);
    w.u64(last_access_time);
    w.u64(last_write_time);
    w.u64(change_time);
    w.u64(allocation_size);
    w.u64(end_of_file);
    w.u32(file_attributes);
}

result<flush_request> flush_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    r->u16();
    r->u32();
    flush_request f{wire::read_file_id(*r)};
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return f;
}

void flush_request::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(0);
    w.u32(0);
    wire::write_file_id(w, id);
}

}  // namespace smbkit::smb2
