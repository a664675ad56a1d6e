// Which addresses FSCTL_QUERY_NETWORK_INTERFACE_INFO announces (MS-SMB2 3.3.5.15.11).
#include <gtest/gtest.h>

#include "server/net_interfaces.hpp"

namespace smbkit::server {
namespace {

host_address host(std::string dev, std::uint32_t index, const char* addr, unsigned prefix,
                  bool loopback = false, bool up = true) {
    return {std::move(dev), index, asio::ip::make_address(addr), prefix, loopback, up};
}

std::vector<host_address> sample_host() {
    return {host("lo", 1, "127.0.0.1", 8, true),
            host("eth0", 2, "192.0.2.10", 24),
            host("eth0", 2, "192.0.2.11", 24),
            host("eth1", 3, "198.51.100.5", 24, false, false),  // down
            host("lo", 1, "::1", 128, true),
            host("eth0", 2, "fe80::1", 64),
            host("eth0", 2, "2001:db8::10", 64)};
}

std::uint64_t speeds(const std::string& dev) {
    return dev == "eth0" ? 10'000'000'000ull : default_link_speed;
}

std::string text(const smb2::network_interface_info& n) {
    asio::ip::address a;
    if (n.ipv6) {
        asio::ip::address_v6::bytes_type b;
        std::copy(n.address.begin(), n.address.end(), b.begin());
        a = asio::ip::address_v6(b);
    } else {
        a = asio::ip::address_v4({n.address[0], n.address[1], n.address[2], n.address[3]});
    }
    return std::to_string(n.if_index) + " " + a.to_string();
}

std::vector<std::string> texts(const std::vector<smb2::network_interface_info>& v) {
    std::vector<std::string> out;
    for (const auto& n : v) out.push_back(text(n));
    return out;
}

TEST(net_interfaces, ipv4_wildcard_lists_up_non_loopback_ipv4) {
    auto v = announced_interfaces({asio::ip::make_address("0.0.0.0")}, sample_host(), speeds);
    EXPECT_EQ(texts(v), (std::vector<std::string>{"2 192.0.2.10", "2 192.0.2.11"}));
    for (const auto& n : v) {
        EXPECT_EQ(n.link_speed, 10'000'000'000ull);
        EXPECT_EQ(n.capability, 0u);
        EXPECT_EQ(n.port, 0);
    }
}

TEST(net_interfaces, ipv6_wildcard_adds_global_ipv6_but_not_link_local) {
    auto v = announced_interfaces({asio::ip::make_address("::")}, sample_host(), speeds);
    EXPECT_EQ(texts(v),
              (std::vector<std::string>{"2 192.0.2.10", "2 192.0.2.11", "2 2001:db8::10"}));
    EXPECT_TRUE(v[2].ipv6);
}

TEST(net_interfaces, loopback_only_when_nothing_else) {
    std::vector<host_address> h{host("lo", 1, "127.0.0.1", 8, true),
                                host("eth0", 2, "192.0.2.10", 24, false, false)};
    auto v = announced_interfaces({}, h, speeds);
    EXPECT_EQ(texts(v), (std::vector<std::string>{"1 127.0.0.1"}));
    EXPECT_EQ(v[0].link_speed, default_link_speed);
}

TEST(net_interfaces, bound_addresses_take_their_interface_index) {
    auto v = announced_interfaces(
        {asio::ip::make_address("127.0.3.4"), asio::ip::make_address("192.0.2.11"),
         asio::ip::make_address("2001:db8::10"), asio::ip::make_address("127.0.3.4")},
        sample_host(), speeds);
    EXPECT_EQ(texts(v),
              (std::vector<std::string>{"1 127.0.3.4", "2 192.0.2.11", "2 2001:db8::10"}));
    EXPECT_EQ(v[0].link_speed, default_link_speed);
    EXPECT_EQ(v[1].link_speed, 10'000'000'000ull);
}

TEST(net_interfaces, address_on_no_interface_is_left_out) {
    auto v = announced_interfaces({asio::ip::make_address("203.0.113.9")}, sample_host(), speeds);
    EXPECT_TRUE(v.empty());
    std::vector<host_address> no_index{host("eth9", 0, "203.0.113.9", 24)};
    EXPECT_TRUE(announced_interfaces({asio::ip::make_address("203.0.113.9")}, no_index, speeds)
                    .empty());
}

TEST(net_interfaces, this_host_has_loopback) {
    // Every Linux host has lo with 127.0.0.1/8, so a loopback listener is always announced.
    auto v = announced_interfaces({asio::ip::make_address("127.0.8.1")});
    ASSERT_EQ(v.size(), 1u);
    EXPECT_NE(v[0].if_index, 0u);
    EXPECT_EQ(v[0].address[3], 1);
    EXPECT_GT(v[0].link_speed, 0u);
}

TEST(net_interfaces, unknown_device_speed_is_the_default) {
    EXPECT_EQ(link_speed_of("no-such-device0"), default_link_speed);
    EXPECT_EQ(link_speed_of("../../etc"), default_link_speed);
    EXPECT_EQ(link_speed_of("lo"), default_link_speed);  // loopback reports no speed
}

}  // namespace
}  // namespace smbkit::server
