// `interfaces` in Samba's forms, resolved against probed kernel interfaces.
#include <gtest/gtest.h>

#include "server/name_service/interfaces.hpp"

using namespace smbkit::server::name_service;

namespace {

ipv4 ip(const char* s) { return *parse_ipv4(s); }

std::vector<probed_interface> probed() {
    probed_interface lo{"lo", ip("127.0.0.1"), ip("255.0.0.0"), {}, true, true};
    probed_interface eth{"eth0", ip("192.168.7.10"), ip("255.255.255.0"),
                         {0x52, 0x54, 0x00, 0x12, 0x34, 0x56}, false, true};
    probed_interface eth1{"eth1", ip("10.1.2.3"), ip("255.255.0.0"),
                          {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef}, false, true};
    return {lo, eth, eth1};
}

}  // namespace

TEST(NameServiceInterfaces, AddressWithPrefixOnLoopback) {
    auto r = resolve_interfaces({"127.0.2.5/8"}, probed());
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->size(), 1u);
    const auto& i = (*r)[0];
    EXPECT_EQ(i.address, ip("127.0.2.5"));
    EXPECT_EQ(i.netmask, ip("255.0.0.0"));
    EXPECT_EQ(i.broadcast, ip("127.255.255.255"));
    EXPECT_EQ(i.device, "lo");
    EXPECT_TRUE(i.loopback);
    EXPECT_EQ(i.mac, (std::array<std::uint8_t, 6>{}));
    EXPECT_TRUE(i.contains(ip("127.9.9.9")));
    EXPECT_FALSE(i.contains(ip("128.0.0.1")));
}

TEST(NameServiceInterfaces, AddressWithMaskTakesTheMacOfItsInterface) {
    auto r = resolve_interfaces({"192.168.7.10/255.255.255.0"}, probed());
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ((*r)[0].broadcast, ip("192.168.7.255"));
    EXPECT_EQ((*r)[0].device, "eth0");
    EXPECT_EQ((*r)[0].mac[5], 0x56);
    EXPECT_FALSE((*r)[0].loopback);
}

TEST(NameServiceInterfaces, NamesGlobsAndAddresses) {
    auto r = resolve_interfaces({"eth*"}, probed());
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->size(), 2u);
    EXPECT_EQ((*r)[1].broadcast, ip("10.1.255.255"));
    r = resolve_interfaces({"lo", "10.1.2.3", "lo"}, probed());  // duplicates dropped
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->size(), 2u);
    EXPECT_EQ((*r)[0].address, ip("127.0.0.1"));
    EXPECT_EQ((*r)[1].netmask, ip("255.255.0.0"));
}

TEST(NameServiceInterfaces, DefaultIsEveryNonLoopbackInterface) {
    auto r = resolve_interfaces({}, probed());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 2u);
    for (const auto& i : *r) EXPECT_FALSE(i.loopback);
    // With nothing else, loopback.
    r = resolve_interfaces({}, {probed()[0]});
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)[0].address, ip("127.0.0.1"));
}

TEST(NameServiceInterfaces, Errors) {
    EXPECT_FALSE(resolve_interfaces({"127.0.2.5/33"}, probed()));
    EXPECT_FALSE(resolve_interfaces({"127.0.2.5/255.0.255.0"}, probed()));  // not contiguous
    EXPECT_FALSE(resolve_interfaces({"300.0.0.1/8"}, probed()));
    EXPECT_FALSE(resolve_interfaces({"wlan9"}, probed()));
    EXPECT_FALSE(resolve_interfaces({"192.168.99.1"}, probed()));  // not ours, no mask
    EXPECT_FALSE(resolve_interfaces({"127.0.2.5/"}, probed()));
}
