#include "client/netbios/targets.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <charconv>
#include <set>

namespace smbkit::client::netbios {
namespace {

using address_v4 = asio::ip::address_v4;

std::expected<address_v4, std::string> parse_address(std::string_view s) {
    std::error_code ec;
    auto a = asio::ip::make_address_v4(std::string(s), ec);
    if (ec) return std::unexpected("'" + std::string(s) + "' is not an IPv4 address");
    return a;
}

std::expected<unsigned, std::string> parse_number(std::string_view s, unsigned max) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v > max)
        return std::unexpected("'" + std::string(s) + "' is not a number up to " + std::to_string(max));
    return v;
}

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

// [first, last] as 32-bit host-order numbers.
std::expected<std::pair<std::uint32_t, std::uint32_t>, std::string> parse_one(std::string_view item) {
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
        auto base = parse_address(item.substr(0, slash));
        if (!base) return std::unexpected(base.error());
        auto bits = parse_number(item.substr(slash + 1), 32);
        if (!bits) return std::unexpected(bits.error());
        std::uint32_t mask = *bits == 0 ? 0 : ~std::uint32_t{0} << (32 - *bits);
        std::uint32_t net = base->to_uint() & mask;
        std::uint32_t bcast = net | ~mask;
        if (*bits < 31) return std::pair{net + 1, bcast - 1};
        return std::pair{net, bcast};
    }
    if (auto dash = item.find('-'); dash != std::string_view::npos) {
        auto first = parse_address(item.substr(0, dash));
        if (!first) return std::unexpected(first.error());
        auto rest = item.substr(dash + 1);
        std::uint32_t last;
        if (rest.find('.') != std::string_view::npos) {
            auto a = parse_address(rest);
            if (!a) return std::unexpected(a.error());
            last = a->to_uint();
        } else {
            auto octet = parse_number(rest, 255);
            if (!octet) return std::unexpected(octet.error());
            last = (first->to_uint() & 0xFFFFFF00u) | *octet;
        }
        if (last < first->to_uint())
            return std::unexpected("range '" + std::string(item) + "' ends before it starts");
        return std::pair{first->to_uint(), last};
    }
    auto a = parse_address(item);
    if (!a) return std::unexpected(a.error());
    return std::pair{a->to_uint(), a->to_uint()};
}

}  // namespace

std::expected<std::vector<address_v4>, std::string> parse_targets(std::string_view spec,
                                                                  std::size_t limit) {
    std::vector<address_v4> out;
    std::set<std::uint32_t> seen;
    std::size_t start = 0;
    while (start <= spec.size()) {
        auto comma = spec.find(',', start);
        if (comma == std::string_view::npos) comma = spec.size();
        auto item = trim(spec.substr(start, comma - start));
        start = comma + 1;
        if (item.empty()) continue;
        auto range = parse_one(item);
        if (!range) return std::unexpected(range.error());
        std::uint64_t count = std::uint64_t{range->second} - range->first + 1;
        if (count + out.size() > limit)
            return std::unexpected("too many addresses (" + std::to_string(count + out.size()) +
                                   "; at most " + std::to_string(limit) + ")");
        for (std::uint64_t v = range->first; v <= range->second; ++v)
            if (seen.insert(static_cast<std::uint32_t>(v)).second)
                out.emplace_back(static_cast<std::uint32_t>(v));
    }
    if (out.empty()) return std::unexpected("no addresses in '" + std::string(spec) + "'");
    return out;
}

std::vector<address_v4> interface_broadcasts() {
    std::vector<address_v4> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (auto* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
        if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK) ||
            !(i->ifa_flags & IFF_BROADCAST) || !i->ifa_broadaddr)
            continue;
        auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_broadaddr);
        address_v4 a(ntohl(sin->sin_addr.s_addr));
        bool dup = false;
        for (const auto& o : out) dup = dup || o == a;
        if (!dup) out.push_back(a);
    }
    freeifaddrs(list);
    return out;
}

}  // namespace smbkit::client::netbios
