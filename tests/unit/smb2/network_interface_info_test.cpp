// MS-SMB2 2.2.32.5 NETWORK_INTERFACE_INFO: the exact bytes of each entry (Next, IfIndex,
// Capability, Reserved, LinkSpeed, then a 128-byte SOCKADDR_STORAGE, 2.2.32.5.1).
#include <gtest/gtest.h>

#include "smb2/ioctl.hpp"

namespace smbkit::smb2 {
namespace {

std::uint32_t u32_at(const bytes& b, std::size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t(b[at + 3]) << 24);
}
std::uint64_t u64_at(const bytes& b, std::size_t at) {
    return u32_at(b, at) | (std::uint64_t(u32_at(b, at + 4)) << 32);
}
bool zero_from(const bytes& b, std::size_t from, std::size_t to) {
    for (auto i = from; i < to; ++i)
        if (b[i]) return false;
    return true;
}

network_interface_info v4(std::uint32_t index, std::uint8_t last) {
    network_interface_info n;
    n.if_index = index;
    n.link_speed = 1'000'000'000;
    n.address = {192, 0, 2, last};
    return n;
}

TEST(network_interface_info, ipv4_entry_layout) {
    auto n = v4(7, 10);
    n.capability = interface_capability::rss_capable;
    n.port = 445;  // a server announces 0, but the field must land in network order
    auto b = encode_network_interfaces({n});
    ASSERT_EQ(b.size(), 152u);
    EXPECT_EQ(u32_at(b, 0), 0u);  // Next: last entry
    EXPECT_EQ(u32_at(b, 4), 7u);  // IfIndex
    EXPECT_EQ(u32_at(b, 8), 1u);  // Capability
    EXPECT_EQ(u32_at(b, 12), 0u);  // Reserved
    EXPECT_EQ(u64_at(b, 16), 1'000'000'000u);
    EXPECT_EQ(b[24], 0x02);  // Family AF_INET, little-endian
    EXPECT_EQ(b[25], 0x00);
    EXPECT_EQ(b[26], 0x01);  // Port 445 big-endian
    EXPECT_EQ(b[27], 0xBD);
    EXPECT_EQ(b[28], 192);
    EXPECT_EQ(b[29], 0);
    EXPECT_EQ(b[30], 2);
    EXPECT_EQ(b[31], 10);
    EXPECT_TRUE(zero_from(b, 32, 152));  // rest of SOCKADDR_STORAGE
}

TEST(network_interface_info, ipv6_entry_layout) {
    network_interface_info n;
    n.if_index = 3;
    n.ipv6 = true;
    n.link_speed = 25'000'000'000ull;
    n.address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
    n.flow_info = 0x11223344;
    n.scope_id = 5;
    auto b = encode_network_interfaces({n});
    ASSERT_EQ(b.size(), 152u);
    EXPECT_EQ(u64_at(b, 16), 25'000'000'000ull);
    EXPECT_EQ(b[24], 0x17);  // AF_INET6 as Windows numbers it
    EXPECT_EQ(b[25], 0x00);
    EXPECT_EQ(u32_at(b, 28), 0x11223344u);  // FlowInfo
    EXPECT_EQ(b[32], 0x20);
    EXPECT_EQ(b[33], 0x01);
    EXPECT_EQ(b[47], 0x42);
    EXPECT_EQ(u32_at(b, 48), 5u);  // ScopeId
    EXPECT_TRUE(zero_from(b, 52, 152));
    auto d = decode_network_interfaces(b);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 1u);
    EXPECT_EQ((*d)[0], n);
}

TEST(network_interface_info, next_offsets_chain_entries) {
    auto b = encode_network_interfaces({v4(1, 1), v4(1, 2), v4(2, 3)});
    ASSERT_EQ(b.size(), 3u * 152);
    EXPECT_EQ(u32_at(b, 0), 152u);
    EXPECT_EQ(u32_at(b, 152), 152u);
    EXPECT_EQ(u32_at(b, 304), 0u);
    EXPECT_EQ(u32_at(b, 304 + 4), 2u);
    EXPECT_EQ(b[304 + 31], 3);
    auto d = decode_network_interfaces(b);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 3u);
    EXPECT_EQ((*d)[1], v4(1, 2));
}

TEST(network_interface_info, empty_list_is_empty_output) {
    EXPECT_TRUE(encode_network_interfaces({}).empty());
    auto d = decode_network_interfaces({});
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->empty());
}

TEST(network_interface_info, decode_rejects_bad_next) {
    auto b = encode_network_interfaces({v4(1, 1), v4(1, 2)});
    auto bad = b;
    bad[0] = 100;  // shorter than an entry
    EXPECT_FALSE(decode_network_interfaces(bad));
    bad = b;
    bad[0] = 153;  // not 8-byte aligned
    EXPECT_FALSE(decode_network_interfaces(bad));
    bad = b;
    bad[1] = 1;  // 152 + 256: past the end
    EXPECT_FALSE(decode_network_interfaces(bad));
    b.pop_back();
    EXPECT_FALSE(decode_network_interfaces(b));
}

}  // namespace
}  // namespace smbkit::smb2
