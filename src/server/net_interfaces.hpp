#pragma once
// The network interfaces the SMB server announces in its FSCTL_QUERY_NETWORK_INTERFACE_INFO
// answer (MS-SMB2 3.3.5.15.11): the addresses it listens on, or every usable address of the
// host when it listens on a wildcard address. Discovery (getifaddrs, sysfs) is kept apart
// from the choice so the choice can be tested with made-up hosts.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "smb2/ioctl.hpp"

namespace smbkit::server {

// One address of a kernel interface, as getifaddrs(3) reports it. The one walk of the
// host's interfaces: the name service takes its IPv4 ones from here too.
struct host_address {
    std::string device;  // "eth0"
    std::uint32_t if_index = 0;
    asio::ip::address address;
    unsigned prefix = 0;  // netmask length
    bool loopback = false;
    bool up = true;       // IFF_UP
    bool running = true;  // IFF_RUNNING
    bool has_mask = true;               // getifaddrs gave a netmask
    std::array<std::uint8_t, 6> mac{};  // zeros for loopback and when unknown
};

// What the SMB server says when the kernel does not know a link's speed (loopback, virtual
// links, a down link): 1 Gbit/s, as Samba assumes.
inline constexpr std::uint64_t default_link_speed = 1'000'000'000;

std::vector<host_address> probe_host_addresses();
// /sys/class/net/DEVICE/speed (Mbit/s) in bit/s; default_link_speed when unknown.
std::uint64_t link_speed_of(const std::string& device);

// The entries to announce, in the host's interface order:
// - listening on a wildcard (or on nothing known): every address of every interface that is
//   up and has an index, IPv4 for 0.0.0.0, IPv4 and IPv6 for ::; loopback only when nothing
//   else is left; IPv6 link-local addresses are left out (a client elsewhere cannot use them
//   without its own zone index);
// - listening on given addresses: those, each with the index of the interface whose subnet
//   holds it (127.0.3.4 belongs to lo through 127.0.0.1/8); an address no interface holds is
//   left out, since MS-SMB2 forbids IfIndex 0.
// Capability stays 0: neither RSS nor RDMA is offered by this server.
std::vector<smb2::network_interface_info> announced_interfaces(
    const std::vector<asio::ip::address>& listening, const std::vector<host_address>& host,
    const std::function<std::uint64_t(const std::string&)>& speed_of);

// The same for this host (blocking: reads getifaddrs and sysfs).
std::vector<smb2::network_interface_info> announced_interfaces(
    const std::vector<asio::ip::address>& listening);

}  // namespace smbkit::server
