// MS-SMB2 2.2.23.1, 2.2.23.2, 2.2.24.1, 2.2.24.2, 2.2.25.1, 2.2.25.2
#include "smb2/oplock_break.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<oplock_break> oplock_break::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    oplock_break o;
    o.oplock_level = r->u8();
    r->u8();
    r->u32();
    o.id = wire::read_file_id(*r);
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return o;
}

void oplock_break::encode(writer& w) const {
    w.u16(structure_size);
    w.u8(oplock_level);
    w.u8(0);
    w.u32(0);
    wire::write_file_id(w, id);
}

result<lease_break_notification> lease_break_notification::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    lease_break_notification n;
    n.new_epoch = r->u16();
    n.flags = r->u32();
    n.lease_key = wire::fixed<std::array<std::uint8_t, 16>>(*r);
    n.current_lease_state = r->u32();
    n.new_lease_state = r->u32();
    n.break_reason = r->u32();
    n.access_mask_hint = r->u32();
    n.share_mask_hint = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return n;
}

void lease_break_notification::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(new_epoch);
    w.u32(flags);
    w.put(lease_key);
    w.u32(current_lease_state);
    w.u32(new_lease_state);
    w.u32(break_reason);
    w.u32(access_mask_hint);
    w.u32(share_mask_hint);
}

result<lease_break_ack> lease_break_ack::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    lease_break_ack a;
    r->u16();
    a.flags = r->u32();
    a.lease_key = wire::fixed<std::array<std::uint8_t, 16>>(*r);
    a.lease_state = r->u32();
    a.lease_duration = r->u64();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return a;
}

void lease_break_ack::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(0);
    w.u32(flags);
    w.put(lease_key);
    w.u32(lease_state);
    w.u64(lease_duration);
}

result<oplock_break_kind> classify_oplock_break(byte_span message) {
    reader r(message);
    r.seek(wire::header_size);
    switch (r.u16()) {
        case oplock_break::structure_size: return oplock_break_kind::oplock;
        case lease_break_notification::structure_size:
            return oplock_break_kind::lease_notification;
        case lease_break_ack::structure_size: return oplock_break_kind::lease_ack;
        default: return fail(ntstatus::invalid_parameter);
    }
}

}  // namespace smbkit::smb2
