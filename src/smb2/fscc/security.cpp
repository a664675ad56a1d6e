// MS-DTYP 2.4.2.2, 2.4.4, 2.4.5, 2.4.6
#include "smb2/fscc/security.hpp"

#include <charconv>

namespace smbkit::smb2::fscc {

namespace {

constexpr auto bad = ntstatus::invalid_security_descr;

std::uint64_t authority_value(const std::array<std::uint8_t, 6>& a) {
    std::uint64_t v = 0;
    for (auto b : a) v = (v << 8) | b;
    return v;
}

result<acl> decode_acl(byte_span data) {
    reader r(data);
    acl a;
    a.revision = r.u8();
    r.u8();
    std::uint16_t size = r.u16();
    std::uint16_t count = r.u16();
    r.u16();
    // ACL_REVISION (2), ACL_REVISION3 (3, as smbcacls writes) or ACL_REVISION_DS (4): what
    // Windows' RtlValidAcl takes (MIN_ACL_REVISION to MAX_ACL_REVISION).
    if (!r.ok() || size < 8 || size > data.size() || a.revision < 2 || a.revision > 4)
        return fail(bad);
    byte_span body = data.subspan(8, size - 8);
    std::size_t at = 0;
    for (unsigned i = 0; i < count; ++i) {
        reader h(body.subspan(at));
        ace e;
        e.type = h.u8();
        e.flags = h.u8();
        std::uint16_t ace_size = h.u16();
        if (!h.ok() || ace_size < 4 || !in_bounds(at, ace_size, body.size())) return fail(bad);
        byte_span ace_body = body.subspan(at + 4, ace_size - 4);
        if (e.is_basic()) {
            reader b(ace_body);
            e.mask = b.u32();
            if (!b.ok()) return fail(bad);
            auto s = sid::decode(ace_body.subspan(4));
            if (!s) return fail(bad);
            e.trustee = std::move(*s);
        } else {
            e.other_body.assign(ace_body.begin(), ace_body.end());
        }
        a.aces.push_back(std::move(e));
        at += ace_size;
    }
    return a;
}

void encode_acl(writer& w, const acl& a) {
    std::size_t start = w.size();
    w.u8(a.revision);
    w.u8(0);
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(a.aces.size()));
    w.u16(0);
    for (const auto& e : a.aces) {
        std::size_t ace_start = w.size();
        w.u8(e.type);
        w.u8(e.flags);
        w.u16(0);
        if (e.is_basic()) {
            w.u32(e.mask);
            e.trustee.encode(w);
        } else {
            w.put(e.other_body);
        }
        w.patch_u16(ace_start + 2, static_cast<std::uint16_t>(w.size() - ace_start));
    }
    w.patch_u16(start + 2, static_cast<std::uint16_t>(w.size() - start));
}

}  // namespace

std::string sid::to_string() const {
    std::string s = "S-" + std::to_string(revision) + "-";
    std::uint64_t auth = authority_value(authority);
    if (auth >= (1ull << 32)) {
        static constexpr char digits[] = "0123456789ABCDEF";
        s += "0x";
        for (auto b : authority) {
            s += digits[b >> 4];
            s += digits[b & 15];
        }
    } else {
        s += std::to_string(auth);
    }
    for (auto v : sub_authorities) s += "-" + std::to_string(v);
    return s;
}

std::optional<sid> sid::parse(std::string_view text) {
    if (text.size() < 2 || (text[0] != 'S' && text[0] != 's') || text[1] != '-')
        return std::nullopt;
    text.remove_prefix(2);
    std::vector<std::uint64_t> parts;
    while (!text.empty()) {
        auto dash = text.find('-');
        auto part = text.substr(0, dash);
        // The authority is written in hex (0x...) when it does not fit 32 bits.
        int base = 10;
        if (parts.size() == 1 && part.size() > 2 && part[0] == '0' &&
            (part[1] == 'x' || part[1] == 'X')) {
            part.remove_prefix(2);
            base = 16;
        }
        std::uint64_t v = 0;
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v, base);
        if (ec != std::errc{} || p != part.data() + part.size() || part.empty())
            return std::nullopt;
        parts.push_back(v);
        if (dash == std::string_view::npos) break;
        text.remove_prefix(dash + 1);
        if (text.empty()) return std::nullopt;
    }
    if (parts.size() < 2 || parts.size() > 17 || parts[0] > 255 || parts[1] >= (1ull << 48))
        return std::nullopt;
    sid s;
    s.revision = static_cast<std::uint8_t>(parts[0]);
    for (int i = 0; i < 6; ++i)
        s.authority[i] = static_cast<std::uint8_t>(parts[1] >> (8 * (5 - i)));
    for (std::size_t i = 2; i < parts.size(); ++i) {
        if (parts[i] > 0xFFFFFFFFull) return std::nullopt;
        s.sub_authorities.push_back(static_cast<std::uint32_t>(parts[i]));
    }
    return s;
}

result<sid> sid::decode(byte_span data) {
    reader r(data);
    sid s;
    s.revision = r.u8();
    std::uint8_t count = r.u8();
    auto auth = r.take(6);
    if (!r.ok() || s.revision != 1 || count > 15) return fail(bad);
    std::copy(auth.begin(), auth.end(), s.authority.begin());
    if (r.remaining() < std::size_t{count} * 4) return fail(bad);
    for (unsigned i = 0; i < count; ++i) s.sub_authorities.push_back(r.u32());
    return s;
}

void sid::encode(writer& w) const {
    w.u8(revision);
    w.u8(static_cast<std::uint8_t>(sub_authorities.size()));
    w.put(authority);
    for (auto v : sub_authorities) w.u32(v);
}

std::size_t acl::size() const {
    std::size_t n = 8;
    for (const auto& e : aces) n += 4 + (e.is_basic() ? 4 + e.trustee.size() : e.other_body.size());
    return n;
}

result<security_descriptor> security_descriptor::decode(byte_span data) {
    reader r(data);
    std::uint8_t revision = r.u8();
    r.u8();
    security_descriptor sd;
    sd.control = r.u16();
    std::uint32_t owner = r.u32(), group = r.u32(), sacl = r.u32(), dacl = r.u32();
    if (!r.ok() || revision != 1 || !(sd.control & sd_control::self_relative)) return fail(bad);
    auto part = [&](std::uint32_t off) -> result<byte_span> {
        if (off < 20 || off >= data.size()) return fail(bad);
        return data.subspan(off);
    };
    if (owner) {
        auto p = part(owner);
        if (!p) return fail(bad);
        auto s = sid::decode(*p);
        if (!s) return fail(bad);
        sd.owner = std::move(*s);
    }
    if (group) {
        auto p = part(group);
        if (!p) return fail(bad);
        auto s = sid::decode(*p);
        if (!s) return fail(bad);
        sd.group = std::move(*s);
    }
    if (sacl && (sd.control & sd_control::sacl_present)) {
        auto p = part(sacl);
        if (!p) return fail(bad);
        auto a = decode_acl(*p);
        if (!a) return fail(bad);
        sd.sacl = std::move(*a);
    }
    if (dacl && (sd.control & sd_control::dacl_present)) {
        auto p = part(dacl);
        if (!p) return fail(bad);
        auto a = decode_acl(*p);
        if (!a) return fail(bad);
        sd.dacl = std::move(*a);
    }
    return sd;
}

void security_descriptor::encode(writer& w) const {
    std::size_t start = w.size();
    std::uint16_t c = control | sd_control::self_relative;
    if (dacl) c |= sd_control::dacl_present;
    if (sacl) c |= sd_control::sacl_present;
    w.u8(1);
    w.u8(0);
    w.u16(c);
    w.zeros(16);
    auto place = [&](std::size_t field) {
        w.patch_u32(start + field, static_cast<std::uint32_t>(w.size() - start));
    };
    if (owner) {
        place(4);
        owner->encode(w);
    }
    if (group) {
        place(8);
        group->encode(w);
    }
    if (sacl) {
        place(12);
        encode_acl(w, *sacl);
    }
    if (dacl) {
        place(16);
        encode_acl(w, *dacl);
    }
}

bytes security_descriptor::encode() const {
    writer w;
    encode(w);
    return w.take();
}

sid world_sid() { return sid{1, {0, 0, 0, 0, 0, 1}, {0}}; }
sid builtin_administrators_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {32, 544}}; }
sid creator_owner_sid() { return sid{1, {0, 0, 0, 0, 0, 3}, {0}}; }
sid creator_group_sid() { return sid{1, {0, 0, 0, 0, 0, 3}, {1}}; }
sid owner_rights_sid() { return sid{1, {0, 0, 0, 0, 0, 3}, {4}}; }
sid network_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {2}}; }
sid anonymous_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {7}}; }
sid authenticated_users_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {11}}; }
sid local_system_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {18}}; }
sid builtin_users_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {32, 545}}; }
sid builtin_guests_sid() { return sid{1, {0, 0, 0, 0, 0, 5}, {32, 546}}; }
sid unix_user_sid(std::uint32_t uid) { return sid{1, {0, 0, 0, 0, 0, 22}, {1, uid}}; }
sid unix_group_sid(std::uint32_t gid) { return sid{1, {0, 0, 0, 0, 0, 22}, {2, gid}}; }

}  // namespace smbkit::smb2::fscc
