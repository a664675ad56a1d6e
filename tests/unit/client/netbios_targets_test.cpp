#include "client/netbios/targets.hpp"

#include <gtest/gtest.h>

using smbkit::client::netbios::parse_targets;

namespace {
std::vector<std::string> strs(const std::vector<asio::ip::address_v4>& v) {
    std::vector<std::string> out;
    for (const auto& a : v) out.push_back(a.to_string());
    return out;
}
}  // namespace

TEST(netbios_targets, single_address) {
    auto t = parse_targets("127.0.1.7");
    ASSERT_TRUE(t);
    EXPECT_EQ(strs(*t), std::vector<std::string>{"127.0.1.7"});
}

TEST(netbios_targets, last_octet_range) {
    auto t = parse_targets("127.0.1.1-254");
    ASSERT_TRUE(t);
    ASSERT_EQ(t->size(), 254u);
    EXPECT_EQ(t->front().to_string(), "127.0.1.1");
    EXPECT_EQ(t->back().to_string(), "127.0.1.254");
}

TEST(netbios_targets, full_range_across_octets) {
    auto t = parse_targets("127.0.1.250-127.0.2.3");
    ASSERT_TRUE(t);
    EXPECT_EQ(strs(*t), (std::vector<std::string>{"127.0.1.250", "127.0.1.251", "127.0.1.252",
                                                  "127.0.1.253", "127.0.1.254", "127.0.1.255",
                                                  "127.0.2.0", "127.0.2.1", "127.0.2.2",
                                                  "127.0.2.3"}));
}

TEST(netbios_targets, cidr_skips_network_and_broadcast) {
    auto t = parse_targets("127.0.1.77/24");
    ASSERT_TRUE(t);
    ASSERT_EQ(t->size(), 254u);
    EXPECT_EQ(t->front().to_string(), "127.0.1.1");
    EXPECT_EQ(t->back().to_string(), "127.0.1.254");
    auto p2p = parse_targets("127.0.1.4/31");
    ASSERT_TRUE(p2p);
    EXPECT_EQ(strs(*p2p), (std::vector<std::string>{"127.0.1.4", "127.0.1.5"}));
    auto host = parse_targets("127.0.1.9/32");
    ASSERT_TRUE(host);
    EXPECT_EQ(strs(*host), std::vector<std::string>{"127.0.1.9"});
}

TEST(netbios_targets, lists_dedupe_and_keep_order) {
    auto t = parse_targets("127.0.1.9, 127.0.1.3-4,127.0.1.9");
    ASSERT_TRUE(t);
    EXPECT_EQ(strs(*t), (std::vector<std::string>{"127.0.1.9", "127.0.1.3", "127.0.1.4"}));
}

TEST(netbios_targets, errors) {
    EXPECT_FALSE(parse_targets(""));
    EXPECT_FALSE(parse_targets("localhost"));
    EXPECT_FALSE(parse_targets("127.0.1.5-3"));
    EXPECT_FALSE(parse_targets("127.0.1.5-256"));
    EXPECT_FALSE(parse_targets("127.0.1.0/33"));
    EXPECT_FALSE(parse_targets("127.0.1.0/x"));
    EXPECT_FALSE(parse_targets("127.0.1.300"));
    EXPECT_FALSE(parse_targets("127.0.0.0/8"));                // 16M > default limit
    EXPECT_TRUE(parse_targets("127.0.0.0/16"));                // 65534
    EXPECT_FALSE(parse_targets("127.0.1.0/24", 100));
    auto e = parse_targets("127.0.1.5-3");
    EXPECT_NE(e.error().find("ends before"), std::string::npos);
}
