#pragma once
// Where an IPv4 address sits, for judging exposure: the seed grades 139/445 reachable from
// outside the LAN as HIGH, so the audit must tell LAN addresses from the rest.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smbkit::audit {

enum class address_scope {
    loopback,     // 127.0.0.0/8
    private_lan,  // RFC 1918: 10/8, 172.16/12, 192.168/16
    link_local,   // 169.254/16
    shared_cgnat, // RFC 6598: 100.64/10 (carrier NAT: not the customer's LAN)
    multicast,    // 224/4
    reserved,     // 0/8, 240/4, 255.255.255.255, documentation ranges
    public_internet,
};

std::optional<std::uint32_t> parse_ipv4(std::string_view text);  // host order
std::string format_ipv4(std::uint32_t address);
address_scope classify(std::uint32_t address);
std::string_view scope_name(address_scope s);
// LAN scopes: loopback, private, link-local. Everything else is "outside the LAN".
bool is_lan(address_scope s);

}  // namespace smbkit::audit
