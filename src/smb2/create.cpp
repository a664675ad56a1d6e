// MS-SMB2 2.2.13, 2.2.14
#include "smb2/create.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

namespace {

result<std::vector<create_context>> contexts_at(byte_span message, std::uint32_t off,
                                                std::uint32_t len, std::uint64_t min) {
    if (len == 0) return std::vector<create_context>{};
    if (off % 8 != 0) return fail(ntstatus::invalid_parameter);
    auto buf = wire::buffer(message, off, len, min);
    if (!buf) return fail(buf.error());
    return decode_create_contexts(*buf);
}

}  // namespace

result<create_request> create_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    create_request c;
    c.security_flags = r->u8();
    c.requested_oplock_level = r->u8();
    c.impersonation_level = r->u32();
    c.smb_create_flags = r->u64();
    c.reserved = r->u64();
    c.desired_access = r->u32();
    c.file_attributes = r->u32();
    c.share_access = r->u32();
    c.create_disposition = r->u32();
    c.create_options = r->u32();
    std::uint16_t name_off = r->u16();
    std::uint16_t name_len = r->u16();
    std::uint32_t ctx_off = r->u32();
    std::uint32_t ctx_len = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    std::uint64_t fixed_end = r->offset();
    if (wire::overlaps(name_off, name_len, ctx_off, ctx_len))
        return fail(ntstatus::invalid_parameter);
    auto name = wire::buffer(message, name_off, name_len, fixed_end);
    if (!name) return fail(name.error());
    auto text = wire::name(*name);
    if (!text) return fail(text.error());
    c.name = std::move(*text);
    auto ctx = contexts_at(message, ctx_off, ctx_len, fixed_end);
    if (!ctx) return fail(ctx.error());
    c.contexts = std::move(*ctx);
    return c;
}

void create_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(security_flags);
    w.u8(requested_oplock_level);
    w.u32(impersonation_level);
    w.u64(smb_create_flags);
    w.u64(reserved);
    w.u32(desired_access);
    w.u32(file_attributes);
    w.u32(share_access);
    w.u32(create_disposition);
    w.u32(create_options);
    auto name_at = w.size();
    bytes n = wire::utf16(name);
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(n.size()));
    auto ctx_at = w.size();
    w.u32(0);
    w.u32(0);
    w.patch_u16(name_at, static_cast<std::uint16_t>(w.size()));
    w.put(n);
    if (!contexts.empty()) {
        w.align(8);
        auto list_start = w.size();
        encode_create_contexts(w, contexts);
        w.patch_u32(ctx_at, static_cast<std::uint32_t>(list_start));
        w.patch_u32(ctx_at + 4, static_cast<std::uint32_t>(w.size() - list_start));
    }
    wire::finish(w, start, structure_size);
}

result<create_response> create_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    create_response c;
    c.oplock_level = r->u8();
    c.flags = r->u8();
    c.create_action = r->u32();
    c.creation_time = r->u64();
    c.last_access_time = r->u64();
    c.last_write_time = r->u64();
    c.change_time = r->u64();
    c.allocation_size = r->u64();
    c.end_of_file = r->u64();
    c.file_attributes = r->u32();
    r->u32();
    c.id = wire::read_file_id(*r);
    std::uint32_t ctx_off = r->u32();
    std::uint32_t ctx_len = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto ctx = contexts_at(message, ctx_off, ctx_len, r->offset());
    if (!ctx) return fail(ctx.error());
    c.contexts = std::move(*ctx);
    return c;
}

void create_response::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u8(oplock_level);
    w.u8(flags);
    w.u32(create_action);
    w.u64(creation_time);
    w.u64(last_access_time);
    w.u64(last_write_time);
    w.u64(change_time);
    w.u64(allocation_size);
    w.u64(end_of_file);
    w.u32(file_attributes);
    w.u32(0);
    wire::write_file_id(w, id);
    auto ctx_at = w.size();
    w.u32(0);
    w.u32(0);
    if (!contexts.empty()) {
        w.align(8);
        auto list_start = w.size();
        encode_create_contexts(w, contexts);
        w.patch_u32(ctx_at, static_cast<std::uint32_t>(list_start));
        w.patch_u32(ctx_at + 4, static_cast<std::uint32_t>(w.size() - list_start));
    }
    // No pad byte after the fixed part when there are no contexts: Samba sends 88 bytes.
    (void)start;
}

}  // namespace smbkit::smb2
