#pragma once
// Address ranges as nbtscan takes them, and the broadcast addresses of this host.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <asio/ip/address_v4.hpp>

namespace smbkit::client::netbios {

// "127.0.1.7", "127.0.1.1-254" (last octet range), "127.0.1.1-127.0.2.9" (full range),
// "127.0.1.0/24" (CIDR: the network and broadcast addresses are left out below /31), or a
// comma-separated list of those. Refuses ranges larger than `limit` addresses. Duplicates are
// removed; order is kept.
std::expected<std::vector<asio::ip::address_v4>, std::string> parse_targets(
    std::string_view spec, std::size_t limit = 65536);

// The broadcast address of every IPv4 interface that is up, is not loopback and has one
// (getifaddrs); empty when there is none.
std::vector<asio::ip::address_v4> interface_broadcasts();

}  // namespace smbkit::client::netbios
