#pragma once
// The IPv4 interfaces the name service works on, from smb.conf's `interfaces` (Samba syntax:
// an interface name such as "lo" or "eth*", an address, ADDR/PREFIX or ADDR/MASK). Each one
// has the unicast address the service binds to and the broadcast address of its subnet
// (127.255.255.255 for 127.0.2.5/8), and the MAC a node status response reports.

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace smbkit::server::name_service {

using ipv4 = std::array<std::uint8_t, 4>;  // network order

std::string to_string(const ipv4& ip);
std::expected<ipv4, std::string> parse_ipv4(const std::string& text);
std::uint32_t to_u32(const ipv4& ip);  // host order
ipv4 from_u32(std::uint32_t v);

struct interface_address {
    std::string device;  // kernel interface ("lo", "eth0"); empty when none matches
    ipv4 address{};
    ipv4 netmask{};
    ipv4 broadcast{};
    std::array<std::uint8_t, 6> mac{};  // zeros for loopback and when unknown
    bool loopback = false;
    bool contains(const ipv4& ip) const;
};

// One IPv4 address of a kernel interface, as getifaddrs(3) reports it.
struct probed_interface {
    std::string device;
    ipv4 address{};
    ipv4 netmask{};
    std::array<std::uint8_t, 6> mac{};
    bool loopback = false;
    bool up = true;
};

std::vector<probed_interface> probe_interfaces();

// Resolves the `interfaces` list against the probed interfaces. An empty list means every
// non-loopback interface that is up (loopback only when there is nothing else), as Samba
// does. Duplicates are dropped; a token that matches nothing is an error.
std::expected<std::vector<interface_address>, std::string> resolve_interfaces(
    const std::vector<std::string>& tokens, const std::vector<probed_interface>& probed);

}  // namespace smbkit::server::name_service
