// C706 12.6 connection-oriented PDU encodings; MS-RPCE 2.2.2 extensions (negotiate_ack,
// fault flags).
#include "rpc/pdu.hpp"

#include <fmt/format.h>

namespace smbkit::rpc {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

uuid read_uuid(reader& r) {
    uuid u;
    u.time_low = r.u32();
    u.time_mid = r.u16();
    u.time_hi_and_version = r.u16();
    byte_span node = r.take(8);
    if (node.size() == 8) std::copy(node.begin(), node.end(), u.node.begin());
    return u;
}

void write_uuid(writer& w, const uuid& u) {
    w.u32le(u.time_low);
    w.u16le(u.time_mid);
    w.u16le(u.time_hi_and_version);
    w.put(byte_span(u.node.data(), u.node.size()));
}

syntax_id read_syntax(reader& r) {
    syntax_id s;
    s.id = read_uuid(r);
    s.version = r.u32();
    return s;
}

void write_syntax(writer& w, const syntax_id& s) {
    write_uuid(w, s.id);
    w.u32le(s.version);
}

result<bind_body> decode_bind(reader& r) {
    bind_body b;
    b.max_xmit_frag = r.u16();
    b.max_recv_frag = r.u16();
    b.assoc_group_id = r.u32();
    std::uint8_t n = r.u8();
    r.skip(3);
    for (std::uint8_t i = 0; i < n && r.ok(); ++i) {
        context_element c;
        c.context_id = r.u16();
        std::uint8_t nts = r.u8();
        r.skip(1);
        c.abstract_syntax = read_syntax(r);
        for (std::uint8_t j = 0; j < nts && r.ok(); ++j)
            c.transfer_syntaxes.push_back(read_syntax(r));
        b.contexts.push_back(std::move(c));
    }
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return b;
}

result<bind_ack_body> decode_bind_ack(reader& r) {
    bind_ack_body b;
    b.max_xmit_frag = r.u16();
    b.max_recv_frag = r.u16();
    b.assoc_group_id = r.u32();
    std::uint16_t len = r.u16();
    byte_span addr = r.take(len);
    if (!addr.empty() && addr.back() == 0) addr = addr.first(addr.size() - 1);
    b.secondary_address.assign(addr.begin(), addr.end());
    r.align(4);
    std::uint8_t n = r.u8();
    r.skip(3);
    for (std::uint8_t i = 0; i < n && r.ok(); ++i) {
        context_result c;
        c.result = static_cast<context_result_code>(r.u16());
        c.reason = r.u16();
        c.transfer_syntax = read_syntax(r);
        b.results.push_back(c);
    }
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return b;
}

result<bind_nak_body> decode_bind_nak(reader& r) {
    bind_nak_body b;
    b.reason = static_cast<bind_nak_reason>(r.u16());
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    b.versions.clear();
    // The version list is absent from some implementations' naks; tolerate that.
    if (r.remaining() >= 1) {
        std::uint8_t n = r.u8();
        for (std::uint8_t i = 0; i < n && r.ok(); ++i) {
            std::uint8_t major = r.u8();
            std::uint8_t minor = r.u8();
            if (r.ok()) b.versions.emplace_back(major, minor);
        }
    }
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return b;
}

}  // namespace

std::optional<uuid> parse_uuid(std::string_view text) {
    // 8-4-4-4-12
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
        text[23] != '-')
        return std::nullopt;
    std::array<std::uint8_t, 16> raw{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        int hi = hex_digit(text[i]);
        int lo = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
        if (hi < 0 || lo < 0) return std::nullopt;
        raw[n++] = static_cast<std::uint8_t>(hi << 4 | lo);
        ++i;
    }
    uuid u;
    u.time_low = std::uint32_t(raw[0]) << 24 | std::uint32_t(raw[1]) << 16 |
                 std::uint32_t(raw[2]) << 8 | raw[3];
    u.time_mid = static_cast<std::uint16_t>(raw[4] << 8 | raw[5]);
    u.time_hi_and_version = static_cast<std::uint16_t>(raw[6] << 8 | raw[7]);
    std::copy(raw.begin() + 8, raw.end(), u.node.begin());
    return u;
}

std::string to_string(const uuid& u) {
    return fmt::format("{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                       u.time_low, u.time_mid, u.time_hi_and_version, u.node[0], u.node[1],
                       u.node[2], u.node[3], u.node[4], u.node[5], u.node[6], u.node[7]);
}

syntax_id make_syntax(std::string_view uuid_text, std::uint16_t major, std::uint16_t minor) {
    return syntax_id{parse_uuid(uuid_text).value_or(uuid{}),
                     static_cast<std::uint32_t>(major) | static_cast<std::uint32_t>(minor) << 16};
}

const syntax_id& ndr20_syntax() {
    static const syntax_id s = make_syntax("8a885d04-1ceb-11c9-9fe8-08002b104860", 2);
    return s;
}

const syntax_id& ndr64_syntax() {
    static const syntax_id s = make_syntax("71710533-beba-4937-8319-b5dbef9ccc36", 1);
    return s;
}

// MS-RPCE 3.3.1.5.3: 6cb71c2c-9812-4540-XXXX-000000000000, XXXX the feature bitmask in
// little-endian order; version 1.0.
bool is_bind_time_feature_syntax(const syntax_id& s) {
    return s.id.time_low == 0x6cb71c2c && s.id.time_mid == 0x9812 &&
           s.id.time_hi_and_version == 0x4540 && s.id.node[2] == 0 && s.id.node[3] == 0 &&
           s.id.node[4] == 0 && s.id.node[5] == 0 && s.id.node[6] == 0 && s.id.node[7] == 0;
}

std::uint16_t bind_time_features(const syntax_id& s) {
    return static_cast<std::uint16_t>(s.id.node[0] | s.id.node[1] << 8);
}

result<header> decode_header(byte_span data) {
    if (data.size() < header_size) return fail(ntstatus::invalid_parameter);
    header h;
    h.rpc_vers = data[0];
    h.rpc_vers_minor = data[1];
    h.type = static_cast<ptype>(data[2]);
    h.flags = data[3];
    std::copy(data.begin() + 4, data.begin() + 8, h.drep.begin());
    reader r(data.subspan(8, 8), h.little_endian() ? byte_order::little : byte_order::big);
    h.frag_length = r.u16();
    h.auth_length = r.u16();
    h.call_id = r.u32();
    // C706 12.6.3.1: major version 5; minor 0 and 1 are both in use (Windows sends 0 or 1).
    if (h.rpc_vers != 5 || h.rpc_vers_minor > 1) return fail(ntstatus::not_supported);
    std::uint32_t trailer = h.auth_length ? sec_trailer_size + h.auth_length : 0;
    if (h.frag_length < header_size + trailer) return fail(ntstatus::invalid_parameter);
    return h;
}

result<pdu> decode_pdu(byte_span data) {
    auto h = decode_header(data);
    if (!h) return fail(h.error());
    if (data.size() < h->frag_length) return fail(ntstatus::invalid_parameter);
    pdu p;
    p.hdr = *h;
    std::size_t body_end = h->frag_length;
    if (h->auth_length) {
        body_end -= sec_trailer_size + h->auth_length;
        p.auth = data.subspan(h->frag_length - h->auth_length, h->auth_length);
    }
    byte_order order = h->little_endian() ? byte_order::little : byte_order::big;
    // The body reader spans the PDU from its first byte so that align() counts from there.
    reader whole(data.first(body_end), order);
    whole.skip(header_size);
    reader& r = whole;

    switch (h->type) {
        case ptype::bind:
        case ptype::alter_context: {
            auto b = decode_bind(r);
            if (!b) return fail(b.error());
            p.body = std::move(*b);
            break;
        }
        case ptype::bind_ack:
        case ptype::alter_context_resp: {
            auto b = decode_bind_ack(r);
            if (!b) return fail(b.error());
            p.body = std::move(*b);
            break;
        }
        case ptype::bind_nak: {
            auto b = decode_bind_nak(r);
            if (!b) return fail(b.error());
            p.body = std::move(*b);
            break;
        }
        case ptype::request: {
            request_body b;
            b.alloc_hint = r.u32();
            b.context_id = r.u16();
            b.opnum = r.u16();
            if (h->flags & pfc_object_uuid) b.object = read_uuid(r);
            if (!r.ok()) return fail(ntstatus::invalid_parameter);
            b.stub = r.take(r.remaining());
            p.body = b;
            break;
        }
        case ptype::response: {
            response_body b;
            b.alloc_hint = r.u32();
            b.context_id = r.u16();
            b.cancel_count = r.u8();
            r.skip(1);
            if (!r.ok()) return fail(ntstatus::invalid_parameter);
            b.stub = r.take(r.remaining());
            p.body = b;
            break;
        }
        case ptype::fault: {
            fault_body b;
            b.alloc_hint = r.u32();
            b.context_id = r.u16();
            b.cancel_count = r.u8();
            r.skip(1);
            b.status = r.u32();
            if (!r.ok()) return fail(ntstatus::invalid_parameter);
            p.body = b;
            break;
        }
        default:
            break;
    }
    return p;
}

bytes encode_pdu(const pdu& p) {
    writer w;
    w.u8(p.hdr.rpc_vers);
    w.u8(p.hdr.rpc_vers_minor);
    w.u8(static_cast<std::uint8_t>(p.hdr.type));
    w.u8(p.hdr.flags);
    w.u8(drep_little_endian);
    w.zeros(3);
    w.u16le(0);  // frag_length, patched below
    w.u16le(0);  // auth_length
    w.u32le(p.hdr.call_id);

    if (auto* b = std::get_if<bind_body>(&p.body)) {
        w.u16le(b->max_xmit_frag);
        w.u16le(b->max_recv_frag);
        w.u32le(b->assoc_group_id);
        w.u8(static_cast<std::uint8_t>(b->contexts.size()));
        w.zeros(3);
        for (const auto& c : b->contexts) {
            w.u16le(c.context_id);
            w.u8(static_cast<std::uint8_t>(c.transfer_syntaxes.size()));
            w.u8(0);
            write_syntax(w, c.abstract_syntax);
            for (const auto& t : c.transfer_syntaxes) write_syntax(w, t);
        }
    } else if (auto* a = std::get_if<bind_ack_body>(&p.body)) {
        w.u16le(a->max_xmit_frag);
        w.u16le(a->max_recv_frag);
        w.u32le(a->assoc_group_id);
        if (a->secondary_address.empty()) {
            w.u16le(0);
        } else {
            w.u16le(static_cast<std::uint16_t>(a->secondary_address.size() + 1));
            w.put(a->secondary_address);
            w.u8(0);
        }
        w.align(4);
        w.u8(static_cast<std::uint8_t>(a->results.size()));
        w.zeros(3);
        for (const auto& c : a->results) {
            w.u16le(static_cast<std::uint16_t>(c.result));
            w.u16le(c.reason);
            write_syntax(w, c.transfer_syntax);
        }
    } else if (auto* n = std::get_if<bind_nak_body>(&p.body)) {
        w.u16le(static_cast<std::uint16_t>(n->reason));
        w.u8(static_cast<std::uint8_t>(n->versions.size()));
        for (auto [major, minor] : n->versions) {
            w.u8(major);
            w.u8(minor);
        }
        w.align(4);
    } else if (auto* q = std::get_if<request_body>(&p.body)) {
        w.u32le(q->alloc_hint);
        w.u16le(q->context_id);
        w.u16le(q->opnum);
        if (q->object) write_uuid(w, *q->object);
        w.put(q->stub);
    } else if (auto* s = std::get_if<response_body>(&p.body)) {
        w.u32le(s->alloc_hint);
        w.u16le(s->context_id);
        w.u8(s->cancel_count);
        w.u8(0);
        w.put(s->stub);
    } else if (auto* f = std::get_if<fault_body>(&p.body)) {
        w.u32le(f->alloc_hint);
        w.u16le(f->context_id);
        w.u8(f->cancel_count);
        w.u8(0);  // MS-RPCE fault flags: no extended error information
        w.u32le(f->status);
        w.u32le(0);
    }
    w.patch_u16(8, static_cast<std::uint16_t>(w.size()));
    return w.take();
}

}  // namespace smbkit::rpc
