#include "server/name_service/interfaces.hpp"

#include <arpa/inet.h>
#include <fnmatch.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "server/net_interfaces.hpp"

namespace smbkit::server::name_service {

std::string to_string(const ipv4& ip) {
    return std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) +
           "." + std::to_string(ip[3]);
}

std::expected<ipv4, std::string> parse_ipv4(const std::string& text) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
        return std::unexpected("'" + text + "' is not an IPv4 address");
    ipv4 ip;
    std::memcpy(ip.data(), &a.s_addr, 4);
    return ip;
}

std::uint32_t to_u32(const ipv4& ip) {
    return (std::uint32_t{ip[0]} << 24) | (std::uint32_t{ip[1]} << 16) |
           (std::uint32_t{ip[2]} << 8) | ip[3];
}

ipv4 from_u32(std::uint32_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

bool interface_address::contains(const ipv4& ip) const {
    auto m = to_u32(netmask);
    return (to_u32(ip) & m) == (to_u32(address) & m);
}

std::vector<probed_interface> probe_interfaces() {
    std::vector<probed_interface> out;
    for (const auto& h : probe_host_addresses()) {
        if (!h.address.is_v4() || !h.has_mask) continue;
        probed_interface p;
        p.device = h.device;
        p.address = h.address.to_v4().to_bytes();
        p.netmask = from_u32(h.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - h.prefix));
        p.loopback = h.loopback;
        p.up = h.up;
        p.mac = h.mac;
        out.push_back(p);
    }
    return out;
}

namespace {

interface_address make(const ipv4& address, const ipv4& netmask,
                       const std::vector<probed_interface>& probed) {
    interface_address a;
    a.address = address;
    a.netmask = netmask;
    a.broadcast = from_u32(to_u32(address) | ~to_u32(netmask));
    // The kernel interface the address lives on: an exact match, else the one whose subnet
    // holds it (127.0.2.5 is answered by lo's 127.0.0.0/8 without being configured on it).
    const probed_interface* best = nullptr;
    for (const auto& p : probed)
        if (p.address == address) best = &p;
    if (!best) {
        for (const auto& p : probed) {
            auto m = to_u32(p.netmask);
            if ((to_u32(p.address) & m) == (to_u32(address) & m)) {
                best = &p;
                break;
            }
        }
    }
    if (best) {
        a.device = best->device;
        a.mac = best->mac;
        a.loopback = best->loopback;
    }
    if ((to_u32(address) >> 24) == 127) a.loopback = true;
    if (a.loopback) a.mac = {};
    return a;
}

std::expected<ipv4, std::string> parse_mask(const std::string& text) {
    if (text.find('.') != std::string::npos) {
        auto m = parse_ipv4(text);
        if (!m) return m;
        auto v = to_u32(*m);
        if (v != 0 && (~v & (~v + 1)) != 0)  // ones then zeros only
            return std::unexpected("'" + text + "' is not a netmask");
        return m;
    }
    int prefix = -1;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), prefix);
    if (ec != std::errc{} || p != text.data() + text.size() || prefix < 0 || prefix > 32)
        return std::unexpected("'" + text + "' is not a prefix length or netmask");
    return from_u32(prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix));
}

}  // namespace

std::expected<std::vector<interface_address>, std::string> resolve_interfaces(
    const std::vector<std::string>& tokens, const std::vector<probed_interface>& probed) {
    std::vector<interface_address> out;
    auto add = [&](interface_address a) {
        for (const auto& o : out)
            if (o.address == a.address) return;
        out.push_back(a);
    };
    if (tokens.empty()) {
        for (const auto& p : probed)
            if (p.up && !p.loopback) add(make(p.address, p.netmask, probed));
        if (out.empty())
            for (const auto& p : probed)
                if (p.up) add(make(p.address, p.netmask, probed));
        if (out.empty()) return std::unexpected("no IPv4 interface is up");
        return out;
    }
    for (const auto& token : tokens) {
        if (auto slash = token.find('/'); slash != std::string::npos) {
            auto addr = parse_ipv4(token.substr(0, slash));
            if (!addr) return std::unexpected("interfaces: " + addr.error());
            auto mask = parse_mask(token.substr(slash + 1));
            if (!mask) return std::unexpected("interfaces: " + mask.error());
            add(make(*addr, *mask, probed));
            continue;
        }
        if (auto addr = parse_ipv4(token)) {
            bool found = false;
            for (const auto& p : probed)
                if (p.address == *addr) {
                    add(make(p.address, p.netmask, probed));
                    found = true;
                }
            if (!found)
                return std::unexpected("interfaces: " + token +
                                       " is not the address of an interface; give ADDR/PREFIX");
            continue;
        }
        bool found = false;
        for (const auto& p : probed)
            if (fnmatch(token.c_str(), p.device.c_str(), 0) == 0) {
                add(make(p.address, p.netmask, probed));
                found = true;
            }
        if (!found)
            return std::unexpected("interfaces: no interface named '" + token +
                                   "' has an IPv4 address");
    }
    return out;
}

}  // namespace smbkit::server::name_service
