// MS-SMB2 2.2.9, 2.2.9.1, 2.2.9.2, 2.2.10
#include "smb2/tree_connect.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

namespace {
constexpr std::size_t body_at = wire::header_size;
constexpr std::size_t extension_at = body_at + 8;
constexpr std::size_t extension_size = 16;
}  // namespace

std::string tree_connect_request::share_name() const {
    auto pos = path.find_last_of('\\');
    return pos == std::string::npos ? path : path.substr(pos + 1);
}

result<tree_connect_request> tree_connect_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    tree_connect_request t;
    t.flags = r->u16();
    std::uint16_t off = r->u16();
    std::uint16_t len = r->u16();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    if (!t.has_extension()) {
        auto p = wire::buffer(message, off, len, r->offset());
        if (!p) return fail(p.error());
        auto name = wire::name(*p);
        if (!name) return fail(name.error());
        t.path = std::move(*name);
        return t;
    }
    reader e(message);
    e.seek(extension_at);
    std::uint32_t ctx_off = e.u32();
    std::uint16_t ctx_count = e.u16();
    e.skip(10);
    if (!e.ok()) return fail(ntstatus::invalid_parameter);
    auto p = wire::buffer(message, extension_at + std::uint64_t{off}, len,
                          extension_at + extension_size);
    if (!p) return fail(p.error());
    auto name = wire::name(*p);
    if (!name) return fail(name.error());
    t.path = std::move(*name);
    if (ctx_count) {
        std::uint64_t at = body_at + std::uint64_t{ctx_off};
        if (at < extension_at + extension_size + len || at > message.size())
            return fail(ntstatus::invalid_parameter);
        reader c(message);
        c.seek(at);
        for (unsigned i = 0; i < ctx_count; ++i) {
            if (i) c.align(8);
            tree_connect_context ctx;
            ctx.type = c.u16();
            std::uint16_t dlen = c.u16();
            c.u32();
            auto data = c.take(dlen);
            if (!c.ok()) return fail(ntstatus::invalid_parameter);
            ctx.data.assign(data.begin(), data.end());
            t.contexts.push_back(std::move(ctx));
        }
    }
    return t;
}

void tree_connect_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u16(flags);
    auto off_at = w.size();
    w.u16(0);
    bytes p = wire::utf16(path);
    w.u16(static_cast<std::uint16_t>(p.size()));
    if (!has_extension()) {
        w.patch_u16(off_at, static_cast<std::uint16_t>(w.size()));
        w.put(p);
        wire::finish(w, start, structure_size);
        return;
    }
    auto ext = w.size();
    w.u32(0);
    w.u16(static_cast<std::uint16_t>(contexts.size()));
    w.zeros(10);
    w.patch_u16(off_at, static_cast<std::uint16_t>(w.size() - ext));
    w.put(p);
    if (!contexts.empty()) {
        w.align(8);
        w.patch_u32(ext, static_cast<std::uint32_t>(w.size() - start));
        for (std::size_t i = 0; i < contexts.size(); ++i) {
            if (i) w.align(8);
            w.u16(contexts[i].type);
            w.u16(static_cast<std::uint16_t>(contexts[i].data.size()));
            w.u32(0);
            w.put(contexts[i].data);
        }
    }
}

result<tree_connect_response> tree_connect_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    tree_connect_response t;
    t.share_type = r->u8();
    r->u8();
    t.share_flags = r->u32();
    t.capabilities = r->u32();
    t.maximal_access = r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return t;
}

void tree_connect_response::encode(writer& w) const {
    w.u16(structure_size);
    w.u8(share_type);
    w.u8(0);
    w.u32(share_flags);
    w.u32(capabilities);
    w.u32(maximal_access);
}

}  // namespace smbkit::smb2
