#include "core/utf16.hpp"

#include <cstdint>

namespace smbkit {
namespace {

// Decodes one code point from UTF-8; returns false on malformed or overlong input.
bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp) {
    auto b = static_cast<unsigned char>(s[i]);
    int extra;
    if (b < 0x80) {
        cp = b;
        extra = 0;
    } else if ((b & 0xE0) == 0xC0) {
        cp = b & 0x1F;
        extra = 1;
    } else if ((b & 0xF0) == 0xE0) {
        cp = b & 0x0F;
        extra = 2;
    } else if ((b & 0xF8) == 0xF0) {
        cp = b & 0x07;
        extra = 3;
    } else {
        return false;
    }
    if (i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return false;
        cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr char32_t min_for[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
    return true;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

char32_t upper(char32_t cp) {
    if (cp >= 'a' && cp <= 'z') return cp - 32;
    if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) return cp - 32;
    if (cp == 0xFF) return 0x178;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 &&
        cp != 0x17F) {
        bool odd_is_lower = !((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E));
        if (odd_is_lower ? (cp & 1) : !(cp & 1)) return cp - 1;
        return cp;
    }
    if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) return cp - 32;
    if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
    return cp;
}

}  // namespace

std::optional<bytes> utf8_to_utf16le(std::string_view utf8) {
    bytes out;
    out.reserve(utf8.size() * 2);
    std::size_t i = 0;
    while (i < utf8.size()) {
        char32_t cp;
        if (!next_code_point(utf8, i, cp)) return std::nullopt;
        auto put = [&](std::uint16_t u) {
            out.push_back(static_cast<std::uint8_t>(u));
            out.push_back(static_cast<std::uint8_t>(u >> 8));
        };
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(static_cast<std::uint16_t>(0xD800 | (cp >> 10)));
            put(static_cast<std::uint16_t>(0xDC00 | (cp & 0x3FF)));
        } else {
            put(static_cast<std::uint16_t>(cp));
        }
    }
    return out;
}

std::optional<std::string> utf16le_to_utf8(byte_span in) {
    if (in.size() % 2) return std::nullopt;
    std::string out;
    out.reserve(in.size() / 2);
    for (std::size_t i = 0; i < in.size(); i += 2) {
        char32_t u = in[i] | (in[i + 1] << 8);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= in.size()) return std::nullopt;
            char32_t lo = in[i + 2] | (in[i + 3] << 8);
            if (lo < 0xDC00 || lo > 0xDFFF) return std::nullopt;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return std::nullopt;
        }
        append_utf8(out, u);
    }
    return out;
}

std::string upper_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t cp;
        std::size_t start = i;
        if (!next_code_point(s, i, cp)) {
            out.push_back(s[start]);
            i = start + 1;
            continue;
        }
        append_utf8(out, upper(cp));
    }
    return out;
}

bool iequals_utf8(std::string_view a, std::string_view b) { return upper_utf8(a) == upper_utf8(b); }

}  // namespace smbkit
