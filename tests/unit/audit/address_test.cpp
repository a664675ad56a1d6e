#include "audit/address.hpp"

#include <gtest/gtest.h>

using namespace smbkit::audit;

TEST(address, parse_and_format) {
    EXPECT_EQ(parse_ipv4("127.0.0.1"), 0x7F000001u);
    EXPECT_EQ(format_ipv4(0xC0A80101), "192.168.1.1");
    for (auto bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.x", "01.2.3.4", "1..2.3",
                     " 1.2.3.4", "1.2.3.4 "})
        EXPECT_FALSE(parse_ipv4(bad)) << bad;
}

TEST(address, scopes) {
    struct row {
        const char* ip;
        address_scope scope;
        bool lan;
    } rows[] = {
        {"127.0.0.1", address_scope::loopback, true},
        {"127.255.255.254", address_scope::loopback, true},
        {"10.1.2.3", address_scope::private_lan, true},
        {"172.16.0.1", address_scope::private_lan, true},
        {"172.31.255.255", address_scope::private_lan, true},
        {"172.32.0.1", address_scope::public_internet, false},
        {"172.15.255.255", address_scope::public_internet, false},
        {"192.168.0.10", address_scope::private_lan, true},
        {"192.169.0.10", address_scope::public_internet, false},
        {"169.254.10.1", address_scope::link_local, true},
        {"100.64.0.1", address_scope::shared_cgnat, false},
        {"100.128.0.1", address_scope::public_internet, false},
        {"8.8.8.8", address_scope::public_internet, false},
        {"224.0.0.251", address_scope::multicast, false},
        {"0.1.2.3", address_scope::reserved, false},
        {"192.0.2.7", address_scope::reserved, false},
        {"255.255.255.255", address_scope::reserved, false},
    };
    for (const auto& r : rows) {
        auto a = parse_ipv4(r.ip);
        ASSERT_TRUE(a) << r.ip;
        EXPECT_EQ(classify(*a), r.scope) << r.ip;
        EXPECT_EQ(is_lan(classify(*a)), r.lan) << r.ip;
    }
}
