#include "audit/address.hpp"

#include <charconv>

namespace smbkit::audit {
namespace {
constexpr bool in(std::uint32_t a, std::uint32_t net, int prefix) {
    std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (a & mask) == (net & mask);
}
constexpr std::uint32_t ip(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return std::uint32_t{a} << 24 | std::uint32_t{b} << 16 | std::uint32_t{c} << 8 | d;
}
}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
    std::uint32_t out = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (text.empty() || text.front() != '.') return std::nullopt;
            text.remove_prefix(1);
        }
        if (text.empty() || !(text.front() >= '0' && text.front() <= '9')) return std::nullopt;
        unsigned v = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        std::size_t used = static_cast<std::size_t>(ptr - text.data());
        if (ec != std::errc{} || v > 255 || used > 3 || (used > 1 && text.front() == '0'))
            return std::nullopt;
        text.remove_prefix(used);
        out = out << 8 | v;
    }
    if (!text.empty()) return std::nullopt;
    return out;
}

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

address_scope classify(std::uint32_t a) {
    if (in(a, ip(127, 0, 0, 0), 8)) return address_scope::loopback;
    if (in(a, ip(10, 0, 0, 0), 8) || in(a, ip(172, 16, 0, 0), 12) ||
        in(a, ip(192, 168, 0, 0), 16))
        return address_scope::private_lan;
    if (in(a, ip(169, 254, 0, 0), 16)) return address_scope::link_local;
    if (in(a, ip(100, 64, 0, 0), 10)) return address_scope::shared_cgnat;
    if (in(a, ip(224, 0, 0, 0), 4)) return address_scope::multicast;
    if (in(a, ip(0, 0, 0, 0), 8) || in(a, ip(240, 0, 0, 0), 4) || in(a, ip(192, 0, 2, 0), 24) ||
        in(a, ip(198, 51, 100, 0), 24) || in(a, ip(203, 0, 113, 0), 24) ||
        in(a, ip(198, 18, 0, 0), 15))
        return address_scope::reserved;
    return address_scope::public_internet;
}

std::string_view scope_name(address_scope s) {
    switch (s) {
        case address_scope::loopback: return "loopback";
        case address_scope::private_lan: return "private";
        case address_scope::link_local: return "link-local";
        case address_scope::shared_cgnat: return "carrier-grade NAT";
        case address_scope::multicast: return "multicast";
        case address_scope::reserved: return "reserved";
        case address_scope::public_internet: return "public";
    }
    return "unknown";
}

bool is_lan(address_scope s) {
    return s == address_scope::loopback || s == address_scope::private_lan ||
           s == address_scope::link_local;
}

}  // namespace smbkit::audit
