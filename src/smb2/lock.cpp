// MS-SMB2 2.2.26
#include "smb2/lock.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<lock_request> lock_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    lock_request l;
    std::uint16_t count = r->u16();
    std::uint32_t seq = r->u32();
    l.lock_sequence_number = static_cast<std::uint8_t>(seq & 0xF);
    l.lock_sequence_index = seq >> 4;
    l.id = wire::read_file_id(*r);
    if (!r->ok() || count == 0) return fail(ntstatus::invalid_parameter);
    if (std::uint64_t{count} * 24 > r->remaining()) return fail(ntstatus::invalid_parameter);
    l.locks.reserve(count);
    for (unsigned i = 0; i < count; ++i) {
        lock_element e;
        e.offset = r->u64();
        e.length = r->u64();
        e.flags = r->u32();
        r->u32();
        l.locks.push_back(e);
    }
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return l;
}

void lock_request::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(static_cast<std::uint16_t>(locks.size()));
    w.u32((lock_sequence_index << 4) | (lock_sequence_number & 0xF));
    wire::write_file_id(w, id);
    for (const auto& e : locks) {
        w.u64(e.offset);
        w.u64(e.length);
        w.u32(e.flags);
        w.u32(0);
    }
}

}  // namespace smbkit::smb2
