// MS-SMB2 2.2.3, 2.2.3.1, 2.2.4
#include "smb2/negotiate.hpp"

#include <algorithm>

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

namespace {

// Reads `count` contexts starting at `offset` of the message, each 8-byte aligned from the
// header start.
result<std::vector<negotiate_context>> read_contexts(byte_span message, std::uint64_t offset,
                                                     std::uint16_t count,
                                                     std::uint64_t min_offset) {
    std::vector<negotiate_context> out;
    if (count == 0) return out;
    if (offset < min_offset || offset % 8 != 0 || offset > message.size())
        return fail(ntstatus::invalid_parameter);
    reader r(message);
    r.seek(offset);
    for (unsigned i = 0; i < count; ++i) {
        if (i) r.align(8);
        negotiate_context c;
        c.type = r.u16();
        std::uint16_t len = r.u16();
        r.u32();  // Reserved
        auto data = r.take(len);
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        c.data.assign(data.begin(), data.end());
        out.push_back(std::move(c));
    }
    return out;
}

void write_contexts(writer& w, const std::vector<negotiate_context>& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i) w.align(8);
        w.u16(list[i].type);
        w.u16(static_cast<std::uint16_t>(list[i].data.size()));
        w.u32(0);
        w.put(list[i].data);
    }
}

result<std::vector<std::uint16_t>> read_u16_list(reader& r, std::size_t count) {
    std::vector<std::uint16_t> v;
    if (count * 2 > r.remaining()) return fail(ntstatus::invalid_parameter);
    for (std::size_t i = 0; i < count; ++i) v.push_back(r.u16());
    return v;
}

negotiate_context make(std::uint16_t type, writer& w) { return {type, w.take()}; }

}  // namespace

const negotiate_context* find_context(const std::vector<negotiate_context>& list,
                                      std::uint16_t type) {
    for (const auto& c : list)
        if (c.type == type) return &c;
    return nullptr;
}

result<preauth_integrity_capabilities> preauth_integrity_capabilities::parse(byte_span data) {
    reader r(data);
    std::uint16_t count = r.u16();
    std::uint16_t salt_len = r.u16();
    if (!r.ok() || count == 0) return fail(ntstatus::invalid_parameter);
    preauth_integrity_capabilities p;
    auto algs = read_u16_list(r, count);
    if (!algs) return fail(algs.error());
    p.hash_algorithms = std::move(*algs);
    auto salt = r.take(salt_len);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    p.salt.assign(salt.begin(), salt.end());
    return p;
}

negotiate_context preauth_integrity_capabilities::to_context() const {
    writer w;
    w.u16(static_cast<std::uint16_t>(hash_algorithms.size()));
    w.u16(static_cast<std::uint16_t>(salt.size()));
    for (auto a : hash_algorithms) w.u16(a);
    w.put(salt);
    return make(negotiate_context_type::preauth_integrity_capabilities, w);
}

result<encryption_capabilities> encryption_capabilities::parse(byte_span data) {
    reader r(data);
    std::uint16_t count = r.u16();
    if (!r.ok() || count == 0) return fail(ntstatus::invalid_parameter);
    auto v = read_u16_list(r, count);
    if (!v) return fail(v.error());
    return encryption_capabilities{std::move(*v)};
}

negotiate_context encryption_capabilities::to_context() const {
    writer w;
    w.u16(static_cast<std::uint16_t>(ciphers.size()));
    for (auto c : ciphers) w.u16(c);
    return make(negotiate_context_type::encryption_capabilities, w);
}

result<compression_capabilities> compression_capabilities::parse(byte_span data) {
    reader r(data);
    std::uint16_t count = r.u16();
    r.u16();  // Padding
    compression_capabilities c;
    c.flags = r.u32();
    if (!r.ok() || count == 0) return fail(ntstatus::invalid_parameter);
    auto v = read_u16_list(r, count);
    if (!v) return fail(v.error());
    c.algorithms = std::move(*v);
    return c;
}

negotiate_context compression_capabilities::to_context() const {
    writer w;
    w.u16(static_cast<std::uint16_t>(algorithms.size()));
    w.u16(0);
    w.u32(flags);
    for (auto a : algorithms) w.u16(a);
    return make(negotiate_context_type::compression_capabilities, w);
}

result<netname_context> netname_context::parse(byte_span data) {
    auto n = wire::name(data);
    if (!n) return fail(ntstatus::invalid_parameter);
    // Some clients count a terminating NUL in the length.
    while (!n->empty() && n->back() == '\0') n->pop_back();
    return netname_context{std::move(*n)};
}

negotiate_context netname_context::to_context() const {
    return {negotiate_context_type::netname_negotiate_context_id, wire::utf16(net_name)};
}

result<transport_capabilities> transport_capabilities::parse(byte_span data) {
    reader r(data);
    transport_capabilities t{r.u32()};
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return t;
}

negotiate_context transport_capabilities::to_context() const {
    writer w;
    w.u32(flags);
    return make(negotiate_context_type::transport_capabilities, w);
}

result<rdma_transform_capabilities> rdma_transform_capabilities::parse(byte_span data) {
    reader r(data);
    std::uint16_t count = r.u16();
    r.u16();
    r.u32();
    if (!r.ok() || count == 0) return fail(ntstatus::invalid_parameter);
    auto v = read_u16_list(r, count);
    if (!v) return fail(v.error());
    return rdma_transform_capabilities{std::move(*v)};
}

negotiate_context rdma_transform_capabilities::to_context() const {
    writer w;
    w.u16(static_cast<std::uint16_t>(transforms.size()));
    w.u16(0);
    w.u32(0);
    for (auto t : transforms) w.u16(t);
    return make(negotiate_context_type::rdma_transform_capabilities, w);
}

result<signing_capabilities> signing_capabilities::parse(byte_span data) {
    reader r(data);
    std::uint16_t count = r.u16();
    if (!r.ok() || count == 0) return fail(ntstatus::invalid_parameter);
    auto v = read_u16_list(r, count);
    if (!v) return fail(v.error());
    return signing_capabilities{std::move(*v)};
}

negotiate_context signing_capabilities::to_context() const {
    writer w;
    w.u16(static_cast<std::uint16_t>(algorithms.size()));
    for (auto a : algorithms) w.u16(a);
    return make(negotiate_context_type::signing_capabilities, w);
}

bool negotiate_request::offers(std::uint16_t d) const {
    return std::find(dialects.begin(), dialects.end(), d) != dialects.end();
}

result<negotiate_request> negotiate_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    negotiate_request n;
    std::uint16_t count = r->u16();
    n.security_mode = r->u16();
    r->u16();  // Reserved
    n.capabilities = r->u32();
    n.client_guid = wire::fixed<guid>(*r);
    auto tail_at = r->offset();
    std::uint32_t ctx_offset = r->u32();
    std::uint16_t ctx_count = r->u16();
    r->u16();
    if (count == 0) return fail(ntstatus::invalid_parameter);
    auto list = read_u16_list(*r, count);
    if (!list || !r->ok()) return fail(ntstatus::invalid_parameter);
    n.dialects = std::move(*list);
    if (n.offers(dialect::smb3_1_1)) {
        auto ctx = read_contexts(message, ctx_offset, ctx_count, r->offset());
        if (!ctx) return fail(ctx.error());
        n.contexts = std::move(*ctx);
    } else {
        reader t(message);
        t.seek(tail_at);
        n.client_start_time = t.u64();
    }
    return n;
}

void negotiate_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u16(static_cast<std::uint16_t>(dialects.size()));
    w.u16(security_mode);
    w.u16(0);
    w.u32(capabilities);
    w.put(client_guid);
    bool v311 = offers(dialect::smb3_1_1);
    auto tail_at = w.size();
    if (v311) {
        w.u32(0);
        w.u16(static_cast<std::uint16_t>(contexts.size()));
        w.u16(0);
    } else {
        w.u64(client_start_time);
    }
    for (auto d : dialects) w.u16(d);
    if (v311 && !contexts.empty()) {
        w.align(8);
        w.patch_u32(tail_at, static_cast<std::uint32_t>(w.size()));
        write_contexts(w, contexts);
    }
    wire::finish(w, start, structure_size);
}

result<negotiate_response> negotiate_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    negotiate_response n;
    n.security_mode = r->u16();
    n.dialect_revision = r->u16();
    std::uint16_t ctx_count = r->u16();
    n.server_guid = wire::fixed<guid>(*r);
    n.capabilities = r->u32();
    n.max_transact_size = r->u32();
    n.max_read_size = r->u32();
    n.max_write_size = r->u32();
    n.system_time = r->u64();
    n.server_start_time = r->u64();
    std::uint16_t sec_off = r->u16();
    std::uint16_t sec_len = r->u16();
    std::uint32_t ctx_offset = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto sec = wire::buffer(message, sec_off, sec_len, r->offset());
    if (!sec) return fail(sec.error());
    n.security_buffer.assign(sec->begin(), sec->end());
    if (n.dialect_revision == dialect::smb3_1_1) {
        std::uint64_t min = sec_len ? std::uint64_t{sec_off} + sec_len : r->offset();
        auto ctx = read_contexts(message, ctx_offset, ctx_count, min);
        if (!ctx) return fail(ctx.error());
        n.contexts = std::move(*ctx);
    }
    return n;
}

void negotiate_response::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u16(security_mode);
    w.u16(dialect_revision);
    w.u16(static_cast<std::uint16_t>(contexts.size()));
    w.put(server_guid);
    w.u32(capabilities);
    w.u32(max_transact_size);
    w.u32(max_read_size);
    w.u32(max_write_size);
    w.u64(system_time);
    w.u64(server_start_time);
    auto sec_at = w.size();
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(security_buffer.size()));
    auto ctx_at = w.size();
    w.u32(0);
    w.patch_u16(sec_at, static_cast<std::uint16_t>(w.size()));
    w.put(security_buffer);
    if (!contexts.empty()) {
        w.align(8);
        w.patch_u32(ctx_at, static_cast<std::uint32_t>(w.size()));
        write_contexts(w, contexts);
    }
    wire::finish(w, start, structure_size);
}

}  // namespace smbkit::smb2
