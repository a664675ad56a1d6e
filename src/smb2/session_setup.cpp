// MS-SMB2 2.2.5, 2.2.6
#include "smb2/session_setup.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<session_setup_request> session_setup_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    session_setup_request s;
    s.flags = r->u8();
    s.security_mode = r->u8();
    s.capabilities = r->u32();
    s.channel = r->u32();
    std::uint16_t off = r->u16();
    std::uint16_t len = r->u16();
    s.previous_session_id = r->u64();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto buf = wire::buffer(message, off, len, r->offset());
    if (!buf) return fail(buf.error());
    s.security_buffer.assign(buf->begin(), buf->end());
    return s;
}

void session_setup_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(flags);
    w.u8(security_mode);
    w.u32(capabilities);
    w.u32(channel);
    auto off_at = w.size();
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(security_buffer.size()));
    w.u64(previous_session_id);
    w.patch_u16(off_at, static_cast<std::uint16_t>(w.size()));
    w.put(security_buffer);
    wire::finish(w, start, structure_size);
}

result<session_setup_response> session_setup_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    session_setup_response s;
    s.session_flags = r->u16();
    std::uint16_t off = r->u16();
    std::uint16_t len = r->u16();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto buf = wire::buffer(message, off, len, r->offset());
    if (!buf) return fail(buf.error());
    s.security_buffer.assign(buf->begin(), buf->end());
    return s;
}

void session_setup_response::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u16(session_flags);
    auto off_at = w.size();
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(security_buffer.size()));
    w.patch_u16(off_at, static_cast<std::uint16_t>(w.size()));
    w.put(security_buffer);
    wire::finish(w, start, structure_size);
}

}  // namespace smbkit::smb2
