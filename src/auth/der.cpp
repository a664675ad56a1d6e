// ITU-T X.690 DER: the subset SPNEGO needs.
#include "auth/der.hpp"

#include <charconv>

namespace smbkit::auth::der {

std::optional<std::uint8_t> reader::peek_tag() const {
    if (!ok_ || pos_ >= data_.size()) return std::nullopt;
    return data_[pos_];
}

std::optional<element> reader::next() {
    if (!ok_ || pos_ >= data_.size()) {
        ok_ = false;
        return std::nullopt;
    }
    std::size_t p = pos_;
    std::uint8_t tag = data_[p++];
    // High tag numbers (multi-byte tags) never occur in SPNEGO.
    if ((tag & 0x1F) == 0x1F || p >= data_.size()) {
        ok_ = false;
        return std::nullopt;
    }
    std::uint8_t first = data_[p++];
    std::uint64_t len = 0;
    if (first < 0x80) {
        len = first;
    } else {
        unsigned n = first & 0x7F;
        // 0x80 is the indefinite form, which DER forbids; more than 4 octets is absurd here.
        if (n == 0 || n > 4 || !in_bounds(p, n, data_.size())) {
            ok_ = false;
            return std::nullopt;
        }
        for (unsigned i = 0; i < n; ++i) len = (len << 8) | data_[p++];
    }
    if (!in_bounds(p, len, data_.size())) {
        ok_ = false;
        return std::nullopt;
    }
    element e;
    e.tag = tag;
    e.content = data_.subspan(p, len);
    e.raw = data_.subspan(pos_, p + len - pos_);
    pos_ = p + len;
    return e;
}

std::optional<element> reader::expect(std::uint8_t tag) {
    auto t = peek_tag();
    if (!t || *t != tag) {
        ok_ = false;
        return std::nullopt;
    }
    return next();
}

void write(bytes& out, std::uint8_t tag, byte_span content) {
    out.push_back(tag);
    std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        std::uint8_t len_bytes[4];
        int k = 0;
        for (std::size_t v = n; v; v >>= 8) len_bytes[k++] = static_cast<std::uint8_t>(v);
        out.push_back(static_cast<std::uint8_t>(0x80 | k));
        while (k) out.push_back(len_bytes[--k]);
    }
    out.insert(out.end(), content.begin(), content.end());
}

bytes wrap(std::uint8_t tag, byte_span content) {
    bytes out;
    out.reserve(content.size() + 6);
    write(out, tag, content);
    return out;
}

bytes encode_oid(std::string_view dotted) {
    std::vector<std::uint64_t> arcs;
    std::size_t i = 0;
    while (i <= dotted.size()) {
        auto dot = dotted.find('.', i);
        if (dot == std::string_view::npos) dot = dotted.size();
        std::uint64_t v = 0;
        auto part = dotted.substr(i, dot - i);
        auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size()) return {};
        arcs.push_back(v);
        i = dot + 1;
    }
    if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) return {};
    bytes out;
    auto put = [&](std::uint64_t v) {
        std::uint8_t tmp[10];
        int k = 0;
        do {
            tmp[k++] = static_cast<std::uint8_t>(v & 0x7F);
            v >>= 7;
        } while (v);
        while (k > 1) out.push_back(static_cast<std::uint8_t>(tmp[--k] | 0x80));
        out.push_back(tmp[0]);
    };
    put(arcs[0] * 40 + arcs[1]);
    for (std::size_t j = 2; j < arcs.size(); ++j) put(arcs[j]);
    return out;
}

std::optional<std::string> decode_oid(byte_span content) {
    if (content.empty() || content.size() > 64) return std::nullopt;
    std::string s;
    std::uint64_t v = 0;
    bool first = true;
    for (std::size_t i = 0; i < content.size(); ++i) {
        if (v == 0 && content[i] == 0x80) return std::nullopt;  // non-minimal encoding
        v = (v << 7) | (content[i] & 0x7F);
        if (v > (1ull << 56)) return std::nullopt;
        if (content[i] & 0x80) {
            if (i + 1 == content.size()) return std::nullopt;
            continue;
        }
        if (first) {
            std::uint64_t a = v < 40 ? 0 : v < 80 ? 1 : 2;
            s = std::to_string(a) + "." + std::to_string(v - a * 40);
            first = false;
        } else {
            s += "." + std::to_string(v);
        }
        v = 0;
    }
    return s;
}

}  // namespace smbkit::auth::der
