// NDR 2.0 primitives: C706 14.2 (alignment), 14.3.4 (strings), 14.3.3 (conformant arrays),
// 14.3.10-12 (pointers).
#include "rpc/ndr.hpp"

#include "core/utf16.hpp"

namespace smbkit::rpc {

void ndr_writer::u16(std::uint16_t v) {
    w_.align(2);
    w_.u16le(v);
}

void ndr_writer::u32(std::uint32_t v) {
    w_.align(4);
    w_.u32le(v);
}

void ndr_writer::u64(std::uint64_t v) {
    w_.align(8);
    w_.u64le(v);
}

void ndr_writer::unique_ptr(bool present) {
    if (!present) {
        u32(0);
        return;
    }
    u32(next_referent_);
    next_referent_ += 4;
}

bool ndr_writer::full_ptr(const void* key) {
    if (!key) {
        u32(0);
        return false;
    }
    auto [it, fresh] = full_.try_emplace(key, next_referent_);
    if (fresh) next_referent_ += 4;
    u32(it->second);
    return fresh;
}

void ndr_writer::wstring(std::string_view utf8) {
    bytes units = utf8_to_utf16le(utf8).value_or(bytes{});
    auto count = static_cast<std::uint32_t>(units.size() / 2 + 1);
    u32(count);
    u32(0);
    u32(count);
    w_.put(units);
    w_.u16le(0);
}

void ndr_writer::unique_wstring(const std::optional<std::string>& s) {
    unique_ptr(s.has_value());
    if (s) wstring(*s);
}

void ndr_writer::conformant_bytes(byte_span b) {
    u32(static_cast<std::uint32_t>(b.size()));
    w_.put(b);
}

void ndr_reader::align(std::size_t n) { r_.align(n); }

std::uint16_t ndr_reader::u16() {
    r_.align(2);
    return r_.u16le();
}

std::uint32_t ndr_reader::u32() {
    r_.align(4);
    return r_.u32le();
}

std::uint64_t ndr_reader::u64() {
    r_.align(8);
    return r_.u64le();
}

std::pair<std::uint32_t, bool> ndr_reader::full_ptr() {
    std::uint32_t id = u32();
    if (id == 0 || !ok()) return {id, false};
    return {id, full_seen_.insert(id).second};
}

std::optional<std::string> ndr_reader::wstring() {
    std::uint32_t max = u32();
    std::uint32_t offset = u32();
    std::uint32_t actual = u32();
    if (!ok() || offset != 0 || actual > max || actual == 0 ||
        std::uint64_t(actual) * 2 > r_.remaining()) {
        r_.fail();
        return std::nullopt;
    }
    byte_span units = r_.take(std::size_t(actual) * 2);
    // [string] requires the terminator, but impacket's helpers (hNetrShareGetInfo and
    // friends) send names without one unless the caller appends it; accept both forms.
    if (units[units.size() - 2] == 0 && units[units.size() - 1] == 0)
        units = units.first(units.size() - 2);
    auto text = utf16le_to_utf8(units);
    if (!text) {
        r_.fail();
        return std::nullopt;
    }
    // The server routine sees a wchar_t*: it ends at the first NUL, as on Windows. impacket's
    // hNetrWkstaGetInfo sends ten NULs as the server name.
    if (auto nul = text->find('\0'); nul != std::string::npos) text->resize(nul);
    return text;
}

std::optional<std::string> ndr_reader::unique_wstring() {
    if (ptr() == 0) return std::nullopt;
    return wstring();
}

std::uint32_t ndr_reader::conformance(std::size_t min_element_size) {
    std::uint32_t n = u32();
    if (ok() && std::uint64_t(n) * min_element_size > r_.remaining()) r_.fail();
    return ok() ? n : 0;
}

}  // namespace smbkit::rpc
