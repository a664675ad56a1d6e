// RFC 1001 14.1-14.2, RFC 1002 4.1, RFC 1035 4.1.4.
#include "netbios/name.hpp"

#include <cstdio>

namespace smbkit::netbios {
namespace {

constexpr int max_pointers = 32;

result<std::string> check_scope(std::string_view scope) {
    if (scope.empty()) return std::string();
    std::string s(scope);
    std::size_t start = 0;
    std::size_t total = 1 + 32;
    while (start <= s.size()) {
        auto dot = s.find('.', start);
        if (dot == std::string::npos) dot = s.size();
        auto len = dot - start;
        if (len == 0 || len > max_label_length) return fail(ntstatus::object_name_invalid);
        total += 1 + len;
        start = dot + 1;
    }
    if (total + 1 > max_encoded_name_length) return fail(ntstatus::object_name_invalid);
    if (s.find('\0') != std::string::npos) return fail(ntstatus::object_name_invalid);
    return s;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

result<std::uint8_t> parse_suffix(std::string_view hex) {
    if (hex.empty() || hex.size() > 2) return fail(ntstatus::object_name_invalid);
    int v = 0;
    for (char c : hex) {
        int h = hex_value(c);
        if (h < 0) return fail(ntstatus::object_name_invalid);
        v = v * 16 + h;
    }
    return static_cast<std::uint8_t>(v);
}

}  // namespace

std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string printable(std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

result<netbios_name> netbios_name::make_raw(std::string_view name, std::uint8_t suffix,
                                            std::string_view scope, char pad) {
    if (name.empty() || name.size() > name_length - 1) return fail(ntstatus::object_name_invalid);
    auto sc = check_scope(scope);
    if (!sc) return fail(sc.error());
    netbios_name n;
    n.raw.fill(static_cast<std::uint8_t>(pad));
    for (std::size_t i = 0; i < name.size(); ++i) n.raw[i] = static_cast<std::uint8_t>(name[i]);
    n.raw[15] = suffix;
    n.scope = std::move(*sc);
    return n;
}

result<netbios_name> netbios_name::make(std::string_view name, std::uint8_t suffix,
                                        std::string_view scope) {
    if (name.find('\0') != std::string_view::npos) return fail(ntstatus::object_name_invalid);
    if (name == "*") {
        auto n = make_raw("*", suffix, scope, '\0');
        return n;
    }
    return make_raw(upper_ascii(name), suffix, scope, ' ');
}

netbios_name netbios_name::wildcard(std::string_view scope) {
    netbios_name n;
    n.raw[0] = '*';
    if (auto sc = check_scope(scope)) n.scope = std::move(*sc);
    return n;
}

result<netbios_name> netbios_name::parse(std::string_view text, std::uint8_t default_suffix,
                                         std::string_view scope) {
    std::uint8_t suffix = default_suffix;
    std::string_view name = text;
    if (auto hash = text.rfind('#'); hash != std::string_view::npos) {
        auto s = parse_suffix(text.substr(hash + 1));
        if (!s) return fail(s.error());
        suffix = *s;
        name = text.substr(0, hash);
    } else if (text.size() >= 4 && text.back() == '>' && text[text.size() - 4] == '<') {
        auto s = parse_suffix(text.substr(text.size() - 3, 2));
        if (!s) return fail(s.error());
        suffix = *s;
        name = text.substr(0, text.size() - 4);
    }
    return make(name, suffix, scope);
}

std::string netbios_name::name() const {
    std::size_t end = 15;
    while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == 0)) --end;
    return std::string(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(end));
}

std::string netbios_name::to_string() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<%02x>", suffix());
    std::string out = printable(name()) + buf;
    if (!scope.empty()) out += "." + scope;
    return out;
}

std::string first_level_encode(const std::array<std::uint8_t, name_length>& raw) {
    std::string out;
    out.reserve(32);
    for (auto b : raw) {
        out.push_back(static_cast<char>('A' + (b >> 4)));
        out.push_back(static_cast<char>('A' + (b & 0x0f)));
    }
    return out;
}

result<std::array<std::uint8_t, name_length>> first_level_decode(std::string_view encoded) {
    if (encoded.size() != 2 * name_length) return fail(ntstatus::object_name_invalid);
    std::array<std::uint8_t, name_length> raw{};
    for (std::size_t i = 0; i < name_length; ++i) {
        // RFC 1001 14.1 only ever produces 'A'..'P'; some stacks send lower case, which
        // Samba accepts too, so both are read.
        int hi = encoded[2 * i] & ~0x20, lo = encoded[2 * i + 1] & ~0x20;
        if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') return fail(ntstatus::object_name_invalid);
        raw[i] = static_cast<std::uint8_t>(((hi - 'A') << 4) | (lo - 'A'));
    }
    return raw;
}

std::string domain_name::to_string() const {
    std::string out;
    for (const auto& l : labels) {
        if (!out.empty()) out.push_back('.');
        out += printable(l);
    }
    return out;
}

result<domain_name> read_domain_name(reader& r) {
    if (!r.ok()) return fail(ntstatus::invalid_network_response);
    auto data = r.data();
    std::size_t pos = r.offset();
    std::size_t segment_start = pos;  // where the current run of labels began
    std::size_t end_in_place = 0;     // where the reader continues after the name
    bool jumped = false;
    int pointers = 0;
    std::size_t total = 0;
    domain_name out;
    for (;;) {
        if (pos >= data.size()) return fail(ntstatus::invalid_network_response);
        std::uint8_t len = data[pos];
        if ((len & 0xC0) == 0xC0) {
            if (pos + 1 >= data.size()) return fail(ntstatus::invalid_network_response);
            std::size_t target = static_cast<std::size_t>((len & 0x3F) << 8) | data[pos + 1];
            // Strictly before the start of the run holding this pointer: each jump moves to
            // a smaller offset, so a chain of pointers cannot loop.
            if (target >= segment_start || ++pointers > max_pointers)
                return fail(ntstatus::invalid_network_response);
            if (!jumped) end_in_place = pos + 2;
            jumped = true;
            pos = segment_start = target;
            continue;
        }
        if ((len & 0xC0) != 0) return fail(ntstatus::invalid_network_response);  // 01/10: reserved
        if (len == 0) {
            if (!jumped) end_in_place = pos + 1;
            break;
        }
        if (!in_bounds(pos + 1, len, data.size())) return fail(ntstatus::invalid_network_response);
        total += 1 + len;
        if (total + 1 > max_encoded_name_length) return fail(ntstatus::invalid_network_response);
        out.labels.emplace_back(reinterpret_cast<const char*>(data.data() + pos + 1), len);
        pos += 1 + len;
    }
    if (!r.seek(end_in_place)) return fail(ntstatus::invalid_network_response);
    return out;
}

result<netbios_name> read_name(reader& r) {
    auto dn = read_domain_name(r);
    if (!dn) return fail(dn.error());
    if (dn->labels.empty()) return fail(ntstatus::invalid_network_response);
    auto raw = first_level_decode(dn->labels[0]);
    if (!raw) return fail(ntstatus::invalid_network_response);
    netbios_name n;
    n.raw = *raw;
    for (std::size_t i = 1; i < dn->labels.size(); ++i) {
        // The scope is kept as dotted text, so a label holding a dot could not be written
        // back as it came; no real scope has one.
        if (dn->labels[i].find('.') != std::string::npos)
            return fail(ntstatus::invalid_network_response);
        if (i > 1) n.scope.push_back('.');
        n.scope += dn->labels[i];
    }
    return n;
}

std::vector<std::string> name_labels(const netbios_name& name) {
    std::vector<std::string> labels{first_level_encode(name.raw)};
    std::size_t start = 0;
    while (!name.scope.empty() && start <= name.scope.size()) {
        auto dot = name.scope.find('.', start);
        if (dot == std::string::npos) dot = name.scope.size();
        labels.push_back(name.scope.substr(start, dot - start));
        start = dot + 1;
    }
    return labels;
}

namespace {
void put_labels(writer& w, const std::vector<std::string>& labels, std::size_t from) {
    for (std::size_t i = from; i < labels.size(); ++i) {
        // A label read from the wire is 1..63 bytes; one built from a scope string was checked
        // when the name was made. Anything else is clipped rather than written malformed.
        auto len = std::min(labels[i].size(), max_label_length);
        w.u8(static_cast<std::uint8_t>(len));
        w.put(std::string_view(labels[i]).substr(0, len));
    }
}
}  // namespace

void write_name(writer& w, const netbios_name& name) {
    put_labels(w, name_labels(name), 0);
    w.u8(0);
}

void name_compressor::write_labels(writer& w, const std::vector<std::string>& labels) {
    std::string key;
    for (const auto& l : labels) {
        key.push_back(static_cast<char>(l.size()));
        key += l;
    }
    if (auto it = offsets_.find(key); it != offsets_.end() && !labels.empty()) {
        w.u16be(static_cast<std::uint16_t>(0xC000 | it->second));
        return;
    }
    if (w.size() < 0x3FFF && !labels.empty()) offsets_.emplace(key, w.size());
    put_labels(w, labels, 0);
    w.u8(0);
}

void name_compressor::write(writer& w, const netbios_name& name) {
    write_labels(w, name_labels(name));
}

void name_compressor::write(writer& w, const domain_name& name) { write_labels(w, name.labels); }

}  // namespace smbkit::netbios
