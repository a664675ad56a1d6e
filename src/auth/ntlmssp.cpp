// MS-NLMP 2.2.1.1 NEGOTIATE_MESSAGE, 2.2.1.2 CHALLENGE_MESSAGE, 2.2.1.3 AUTHENTICATE_MESSAGE,
// 2.2.2.1 AV_PAIR, 2.2.2.10 VERSION.
#include "auth/ntlmssp.hpp"

#include <algorithm>
#include <cstring>

#include "core/utf16.hpp"

namespace smbkit::auth {
namespace {

constexpr std::uint8_t signature[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

struct field {
    std::uint16_t len = 0;
    std::uint32_t offset = 0;
};

field read_field(reader& r) {
    field f;
    f.len = r.u16();
    r.u16();  // MaxLen: ignored, as Windows does
    f.offset = r.u32();
    return f;
}

// The bytes a field points at; fails the reader when they lie outside the message.
byte_span field_bytes(reader& r, const field& f) {
    if (f.len == 0) return {};
    return r.slice(f.offset, f.len);
}

// OEM strings: ASCII in practice; other bytes are taken as Latin-1 so the result is always
// valid UTF-8.
std::string oem_to_utf8(byte_span b) {
    std::string s;
    for (auto c : b) {
        if (c < 0x80) {
            s.push_back(static_cast<char>(c));
        } else {
            s.push_back(static_cast<char>(0xC0 | (c >> 6)));
            s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return s;
}

std::optional<std::string> read_string(reader& r, const field& f, bool unicode) {
    auto b = field_bytes(r, f);
    if (!r.ok()) return std::nullopt;
    if (!unicode) return oem_to_utf8(b);
    if (b.size() % 2) return std::nullopt;
    return utf16le_to_utf8(b);
}

bytes string_bytes(std::string_view s, bool unicode) {
    if (unicode) {
        auto u = utf8_to_utf16le(s);
        return u ? *u : bytes{};
    }
    return bytes(s.begin(), s.end());
}

std::optional<ntlm_version> read_version(reader& r) {
    ntlm_version v;
    v.major = r.u8();
    v.minor = r.u8();
    v.build = r.u16();
    r.skip(3);
    v.revision = r.u8();
    if (!r.ok()) return std::nullopt;
    return v;
}

void write_version(writer& w, const ntlm_version& v) {
    w.u8(v.major);
    w.u8(v.minor);
    w.u16(v.build);
    w.zeros(3);
    w.u8(v.revision);
}

// Lays out variable fields: the header is written with placeholder fields, then each payload
// is appended and its field patched.
class payload_writer {
public:
    explicit payload_writer(writer& w) : w_(w) {}
    std::size_t placeholder() {
        std::size_t at = w_.size();
        w_.zeros(8);
        return at;
    }
    void fill(std::size_t at, byte_span data) {
        w_.patch_u16(at, static_cast<std::uint16_t>(data.size()));
        w_.patch_u16(at + 2, static_cast<std::uint16_t>(data.size()));
        w_.patch_u32(at + 4, static_cast<std::uint32_t>(w_.size()));
        w_.put(data);
    }

private:
    writer& w_;
};

bool check_header(reader& r, ntlm_message_type type) {
    auto sig = r.take(8);
    if (!r.ok() || std::memcmp(sig.data(), signature, 8) != 0) return false;
    return r.u32() == static_cast<std::uint32_t>(type) && r.ok();
}

// The lowest offset of a non-empty payload field: where the fixed part must end.
std::uint64_t payload_start(std::initializer_list<field> fields, std::size_t size) {
    std::uint64_t start = size;
    for (const auto& f : fields)
        if (f.len) start = std::min<std::uint64_t>(start, f.offset);
    return start;
}

}  // namespace

const av_pair* target_info::find(av_id id) const {
    for (const auto& p : pairs)
        if (p.id == id) return &p;
    return nullptr;
}

std::optional<std::string> target_info::name(av_id id) const {
    auto p = find(id);
    if (!p || p->value.size() % 2) return std::nullopt;
    return utf16le_to_utf8(p->value);
}

std::optional<std::uint64_t> target_info::timestamp() const {
    auto p = find(av_id::timestamp);
    if (!p || p->value.size() != 8) return std::nullopt;
    reader r(p->value);
    return r.u64();
}

std::optional<std::uint32_t> target_info::flags() const {
    auto p = find(av_id::flags);
    if (!p || p->value.size() != 4) return std::nullopt;
    reader r(p->value);
    return r.u32();
}

void target_info::set(av_id id, bytes value) {
    for (auto& p : pairs)
        if (p.id == id) {
            p.value = std::move(value);
            return;
        }
    pairs.push_back({id, std::move(value)});
}

void target_info::set_name(av_id id, std::string_view utf8) {
    set(id, string_bytes(utf8, true));
}

void target_info::set_timestamp(std::uint64_t filetime) {
    writer w;
    w.u64(filetime);
    set(av_id::timestamp, w.take());
}

void target_info::set_flags(std::uint32_t f) {
    writer w;
    w.u32(f);
    set(av_id::flags, w.take());
}

result<target_info> target_info::decode(byte_span data) {
    target_info t;
    reader r(data);
    while (true) {
        auto id = static_cast<av_id>(r.u16());
        std::uint16_t len = r.u16();
        auto value = r.take(len);
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        if (id == av_id::eol) return t;  // anything after MsvAvEOL is padding
        t.pairs.push_back({id, bytes(value.begin(), value.end())});
        if (t.pairs.size() > 64) return fail(ntstatus::invalid_parameter);
    }
}

bytes target_info::encode() const {
    writer w;
    for (const auto& p : pairs) {
        if (p.id == av_id::eol) continue;
        w.u16(static_cast<std::uint16_t>(p.id));
        w.u16(static_cast<std::uint16_t>(p.value.size()));
        w.put(p.value);
    }
    w.u32(0);  // MsvAvEOL, length 0
    return w.take();
}

result<ntlm_message_type> ntlm_type(byte_span message) {
    reader r(message);
    auto sig = r.take(8);
    std::uint32_t type = r.u32();
    if (!r.ok() || std::memcmp(sig.data(), signature, 8) != 0 || type < 1 || type > 3)
        return fail(ntstatus::invalid_parameter);
    return static_cast<ntlm_message_type>(type);
}

bool is_ntlmssp(byte_span message) {
    return message.size() >= 8 && std::memcmp(message.data(), signature, 8) == 0;
}

result<negotiate_message> decode_negotiate(byte_span message) {
    reader r(message);
    if (!check_header(r, ntlm_message_type::negotiate)) return fail(ntstatus::invalid_parameter);
    negotiate_message m;
    m.flags = r.u32();
    // Very old clients send only the first 16 bytes.
    if (r.at_end()) return m;
    field domain = read_field(r);
    field workstation = read_field(r);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    if ((m.flags & ntlm_flag::negotiate_version) &&
        payload_start({domain, workstation}, message.size()) >= 40) {
        m.version = read_version(r);
        if (!m.version) return fail(ntstatus::invalid_parameter);
    }
    // The NEGOTIATE's strings are OEM whatever the flags say.
    if (m.flags & ntlm_flag::negotiate_oem_domain_supplied) {
        auto s = read_string(r, domain, false);
        if (!s) return fail(ntstatus::invalid_parameter);
        m.domain = *s;
    }
    if (m.flags & ntlm_flag::negotiate_oem_workstation_supplied) {
        auto s = read_string(r, workstation, false);
        if (!s) return fail(ntstatus::invalid_parameter);
        m.workstation = *s;
    }
    return m;
}

bytes encode(const negotiate_message& m) {
    writer w;
    w.put(byte_span(signature, 8));
    w.u32(static_cast<std::uint32_t>(ntlm_message_type::negotiate));
    std::uint32_t flags = m.flags;
    if (!m.domain.empty()) flags |= ntlm_flag::negotiate_oem_domain_supplied;
    if (!m.workstation.empty()) flags |= ntlm_flag::negotiate_oem_workstation_supplied;
    if (m.version) flags |= ntlm_flag::negotiate_version;
    w.u32(flags);
    payload_writer p(w);
    auto domain = p.placeholder();
    auto workstation = p.placeholder();
    if (m.version) write_version(w, *m.version);
    p.fill(domain, string_bytes(m.domain, false));
    p.fill(workstation, string_bytes(m.workstation, false));
    return w.take();
}

result<challenge_message> decode_challenge(byte_span message) {
    reader r(message);
    if (!check_header(r, ntlm_message_type::challenge)) return fail(ntstatus::invalid_parameter);
    challenge_message m;
    field target_name = read_field(r);
    m.flags = r.u32();
    auto chal = r.take(8);
    r.skip(8);  // Reserved
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    std::memcpy(m.server_challenge.data(), chal.data(), 8);
    field info;
    if (!r.at_end()) info = read_field(r);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    if ((m.flags & ntlm_flag::negotiate_version) &&
        payload_start({target_name, info}, message.size()) >= 56) {
        m.version = read_version(r);
        if (!m.version) return fail(ntstatus::invalid_parameter);
    }
    auto name = read_string(r, target_name, m.flags & ntlm_flag::negotiate_unicode);
    if (!name) return fail(ntstatus::invalid_parameter);
    m.target_name = *name;
    auto ti = field_bytes(r, info);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    m.target_info.assign(ti.begin(), ti.end());
    return m;
}

bytes encode(const challenge_message& m) {
    writer w;
    w.put(byte_span(signature, 8));
    w.u32(static_cast<std::uint32_t>(ntlm_message_type::challenge));
    payload_writer p(w);
    auto target_name = p.placeholder();
    std::uint32_t flags = m.flags;
    if (m.version) flags |= ntlm_flag::negotiate_version;
    if (!m.target_info.empty()) flags |= ntlm_flag::negotiate_target_info;
    w.u32(flags);
    w.put(m.server_challenge);
    w.zeros(8);
    auto info = p.placeholder();
    if (m.version) write_version(w, *m.version);
    p.fill(target_name, string_bytes(m.target_name, flags & ntlm_flag::negotiate_unicode));
    p.fill(info, m.target_info);
    return w.take();
}

result<authenticate_message> decode_authenticate(byte_span message) {
    reader r(message);
    if (!check_header(r, ntlm_message_type::authenticate))
        return fail(ntstatus::invalid_parameter);
    authenticate_message m;
    field lm = read_field(r);
    field nt = read_field(r);
    field domain = read_field(r);
    field user = read_field(r);
    field workstation = read_field(r);
    field key;
    if (r.remaining() >= 12) {
        key = read_field(r);
        m.flags = r.u32();
    } else {
        // Pre-NT4 layout without key and flags: OEM strings, no version.
        m.flags = ntlm_flag::negotiate_oem;
    }
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    auto start = payload_start({lm, nt, domain, user, workstation, key}, message.size());
    if ((m.flags & ntlm_flag::negotiate_version) && start >= 72) {
        m.version = read_version(r);
        if (!m.version) return fail(ntstatus::invalid_parameter);
        if (start >= 88) {
            auto mic = r.take(16);
            if (!r.ok()) return fail(ntstatus::invalid_parameter);
            std::array<std::uint8_t, 16> v{};
            std::memcpy(v.data(), mic.data(), 16);
            m.mic = v;
        }
    }
    bool unicode = m.flags & ntlm_flag::negotiate_unicode;
    auto take = [&](const field& f) {
        auto b = field_bytes(r, f);
        return bytes(b.begin(), b.end());
    };
    m.lm_response = take(lm);
    m.nt_response = take(nt);
    m.encrypted_random_session_key = take(key);
    auto d = read_string(r, domain, unicode);
    auto u = read_string(r, user, unicode);
    auto ws = read_string(r, workstation, unicode);
    if (!r.ok() || !d || !u || !ws) return fail(ntstatus::invalid_parameter);
    m.domain = *d;
    m.user = *u;
    m.workstation = *ws;
    return m;
}

bytes encode(const authenticate_message& m) {
    writer w;
    w.put(byte_span(signature, 8));
    w.u32(static_cast<std::uint32_t>(ntlm_message_type::authenticate));
    payload_writer p(w);
    auto lm = p.placeholder();
    auto nt = p.placeholder();
    auto domain = p.placeholder();
    auto user = p.placeholder();
    auto workstation = p.placeholder();
    auto key = p.placeholder();
    std::uint32_t flags = m.flags;
    if (m.version || m.mic) flags |= ntlm_flag::negotiate_version;
    w.u32(flags);
    if (m.version || m.mic) write_version(w, m.version.value_or(ntlm_version{}));
    if (m.mic) w.put(*m.mic);
    bool unicode = flags & ntlm_flag::negotiate_unicode;
    p.fill(domain, string_bytes(m.domain, unicode));
    p.fill(user, string_bytes(m.user, unicode));
    p.fill(workstation, string_bytes(m.workstation, unicode));
    p.fill(lm, m.lm_response);
    p.fill(nt, m.nt_response);
    p.fill(key, m.encrypted_random_session_key);
    return w.take();
}

}  // namespace smbkit::auth
