#include "server/net_interfaces.hpp"

#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <map>

namespace smbkit::server {
namespace {

std::vector<std::uint8_t> address_bytes(const asio::ip::address& a) {
    if (a.is_v4()) {
        auto b = a.to_v4().to_bytes();
        return {b.begin(), b.end()};
    }
    auto b = a.to_v6().to_bytes();
    return {b.begin(), b.end()};
}

// True when the first `prefix` bits of both addresses (of one family) agree.
bool same_subnet(const asio::ip::address& a, const asio::ip::address& b, unsigned prefix) {
    if (a.is_v4() != b.is_v4()) return false;
    auto x = address_bytes(a), y = address_bytes(b);
    prefix = std::min<unsigned>(prefix, static_cast<unsigned>(x.size() * 8));
    for (unsigned i = 0; i < prefix; ++i) {
        unsigned byte = i / 8, bit = 7 - i % 8;
        if (((x[byte] >> bit) & 1) != ((y[byte] >> bit) & 1)) return false;
    }
    return true;
}

bool is_link_local(const asio::ip::address& a) { return a.is_v6() && a.to_v6().is_link_local(); }

smb2::network_interface_info entry_of(const asio::ip::address& a, std::uint32_t if_index,
                                      std::uint64_t speed) {
    smb2::network_interface_info n;
    n.if_index = if_index;
    n.capability = 0;
    n.link_speed = speed;
    n.ipv6 = a.is_v6();
    auto b = address_bytes(a);
    std::copy(b.begin(), b.end(), n.address.begin());
    return n;
}

unsigned prefix_of(const sockaddr* mask) {
    if (!mask) return 0;
    unsigned bits = 0;
    if (mask->sa_family == AF_INET) {
        const auto* m = reinterpret_cast<const sockaddr_in*>(mask);
        bits = static_cast<unsigned>(std::popcount(m->sin_addr.s_addr));
    } else if (mask->sa_family == AF_INET6) {
        const auto* m = reinterpret_cast<const sockaddr_in6*>(mask);
        for (auto byte : m->sin6_addr.s6_addr) bits += static_cast<unsigned>(std::popcount(byte));
    }
    return bits;
}

}  // namespace

std::vector<host_address> probe_host_addresses() {
    std::vector<host_address> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    std::map<std::string, std::array<std::uint8_t, 6>> macs;
    for (auto* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_PACKET) continue;
        const auto* ll = reinterpret_cast<const sockaddr_ll*>(i->ifa_addr);
        std::array<std::uint8_t, 6> mac{};
        if (ll->sll_halen == 6) std::memcpy(mac.data(), ll->sll_addr, 6);
        macs[i->ifa_name] = mac;
    }
    for (auto* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr) continue;
        host_address h;
        if (i->ifa_addr->sa_family == AF_INET) {
            const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
            asio::ip::address_v4::bytes_type b;
            std::memcpy(b.data(), &sin->sin_addr, 4);
            h.address = asio::ip::address_v4(b);
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
            asio::ip::address_v6::bytes_type b;
            std::memcpy(b.data(), &sin6->sin6_addr, 16);
            h.address = asio::ip::address_v6(b, sin6->sin6_scope_id);
        } else {
            continue;
        }
        h.device = i->ifa_name;
        h.if_index = if_nametoindex(i->ifa_name);
        h.prefix = prefix_of(i->ifa_netmask);
        h.has_mask = i->ifa_netmask != nullptr;
        h.loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
        h.up = (i->ifa_flags & IFF_UP) != 0;
        h.running = (i->ifa_flags & IFF_RUNNING) != 0;
        if (auto m = macs.find(h.device); m != macs.end() && !h.loopback) h.mac = m->second;
        out.push_back(std::move(h));
    }
    freeifaddrs(list);
    return out;
}

std::uint64_t link_speed_of(const std::string& device) {
    // The device name comes from the kernel, but keep the path inside /sys/class/net anyway.
    if (device.empty() || device.find('/') != std::string::npos || device[0] == '.')
        return default_link_speed;
    std::ifstream in("/sys/class/net/" + device + "/speed");
    long long mbits = -1;
    // Reading fails with EINVAL for links that do not report a speed (loopback, a down link);
    // virtual links report -1.
    if (!(in >> mbits) || mbits <= 0) return default_link_speed;
    return static_cast<std::uint64_t>(mbits) * 1'000'000;
}

std::vector<smb2::network_interface_info> announced_interfaces(
    const std::vector<asio::ip::address>& listening, const std::vector<host_address>& host,
    const std::function<std::uint64_t(const std::string&)>& speed_of) {
    std::vector<smb2::network_interface_info> out;
    auto already = [&](const asio::ip::address& a) {
        auto b = address_bytes(a);
        return std::any_of(out.begin(), out.end(), [&](const auto& n) {
            return n.ipv6 == a.is_v6() && std::equal(b.begin(), b.end(), n.address.begin());
        });
    };

    bool any_v4 = listening.empty(), any_v6 = listening.empty();
    for (const auto& l : listening) {
        if (!l.is_unspecified()) continue;
        any_v4 = true;
        any_v6 = any_v6 || l.is_v6();
    }

    if (any_v4 || any_v6) {
        auto pick = [&](bool loopback) {
            for (const auto& h : host) {
                if (!h.up || !h.running || h.if_index == 0 || h.loopback != loopback) continue;
                if (h.address.is_v4() ? !any_v4 : !any_v6) continue;
                if (is_link_local(h.address) || h.address.is_unspecified()) continue;
                if (already(h.address)) continue;
                out.push_back(entry_of(h.address, h.if_index, speed_of(h.device)));
            }
        };
        pick(false);
        if (out.empty()) pick(true);
    }

    for (const auto& l : listening) {
        if (l.is_unspecified() || already(l)) continue;
        const host_address* best = nullptr;
        for (const auto& h : host) {
            if (h.if_index == 0) continue;
            if (h.address == l) {
                best = &h;
                break;
            }
            if (!best && same_subnet(h.address, l, h.prefix)) best = &h;
        }
        if (best) out.push_back(entry_of(l, best->if_index, speed_of(best->device)));
    }
    return out;
}

std::vector<smb2::network_interface_info> announced_interfaces(
    const std::vector<asio::ip::address>& listening) {
    return announced_interfaces(listening, probe_host_addresses(), link_speed_of);
}

}  // namespace smbkit::server
