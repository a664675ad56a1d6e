// Lease codecs: the RqLs create context v1/v2 (MS-SMB2 2.2.13.2.8, 2.2.13.2.10, 2.2.14.2.10,
// 2.2.14.2.11), the lease break notification (2.2.23.2), acknowledgment (2.2.24.2) and
// response (2.2.25.2): round trips, the layout on the wire, and bad input.
#include <gtest/gtest.h>

#include "smb2/create_context.hpp"
#include "smb2/header.hpp"
#include "smb2/oplock_break.hpp"

namespace smbkit::smb2 {
namespace {

lease_key key_of(std::uint8_t seed) {
    lease_key k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed + i);
    return k;
}

template <class T> bytes message(const T& body) {
    writer w;
    header h;
    h.cmd = command::oplock_break;
    h.flags = flags::server_to_redir;
    h.message_id = UINT64_MAX;
    h.encode(w);
    body.encode(w);
    return w.take();
}

TEST(lease_context, v1_is_32_bytes_and_round_trips) {
    lease l;
    l.key = key_of(1);
    l.state = lease_state::read_caching | lease_state::write_caching;
    auto c = l.to_context();
    EXPECT_EQ(c.name, "RqLs");
    ASSERT_EQ(c.data.size(), 32u);
    EXPECT_EQ(c.data[0], 1);
    EXPECT_EQ(c.data[16], 0x05);  // LeaseState
    auto back = lease::parse(c.data);
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->v2);
    EXPECT_EQ(*back, l);
}

TEST(lease_context, v2_is_52_bytes_with_parent_key_and_epoch) {
    lease l;
    l.v2 = true;
    l.key = key_of(7);
    l.state = lease_state::read_caching | lease_state::handle_caching;
    l.flags = lease_flags::parent_lease_key_set;
    l.parent_key = key_of(100);
    l.epoch = 0x1234;
    auto c = l.to_context();
    ASSERT_EQ(c.data.size(), 52u);
    EXPECT_EQ(c.data[48], 0x34);
    EXPECT_EQ(c.data[49], 0x12);
    EXPECT_EQ(c.data[32], 100);
    auto back = lease::parse(c.data);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, l);
}

TEST(lease_context, other_sizes_are_refused) {
    for (std::size_t n : {0u, 16u, 31u, 33u, 51u, 53u, 64u})
        EXPECT_EQ(lease::parse(bytes(n)).error(), ntstatus::invalid_parameter) << n;
}

TEST(lease_break, notification_round_trips_and_is_classified) {
    lease_break_notification n;
    n.new_epoch = 3;
    n.flags = lease_flags::ack_required;
    n.lease_key = key_of(9);
    n.current_lease_state = 7;
    n.new_lease_state = 3;
    auto m = message(n);
    ASSERT_EQ(m.size(), 64u + 44u);
    EXPECT_EQ(m[64], 44);  // StructureSize
    EXPECT_EQ(*classify_oplock_break(m), oplock_break_kind::lease_notification);
    auto back = lease_break_notification::decode(m);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, n);
}

TEST(lease_break, acknowledgment_round_trips_and_is_classified) {
    lease_break_ack a;
    a.lease_key = key_of(42);
    a.lease_state = lease_state::read_caching;
    auto m = message(a);
    ASSERT_EQ(m.size(), 64u + 36u);
    EXPECT_EQ(*classify_oplock_break(m), oplock_break_kind::lease_ack);
    auto back = lease_break_ack::decode(m);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, a);
    // The response shares the layout.
    lease_break_response r = a;
    EXPECT_EQ(message(r), m);
}

TEST(lease_break, truncated_and_mislabelled_messages_are_refused) {
    lease_break_ack a;
    a.lease_key = key_of(5);
    auto m = message(a);
    for (std::size_t cut = 0; cut < m.size(); ++cut) {
        byte_span part(m.data(), cut);
        EXPECT_FALSE(lease_break_ack::decode(part)) << cut;
    }
    // A 36-byte body read as a 44-byte notification, or as an oplock break, does not decode.
    EXPECT_FALSE(lease_break_notification::decode(m));
    EXPECT_FALSE(oplock_break::decode(m));
    auto bad = m;
    bad[64] = 40;
    EXPECT_FALSE(classify_oplock_break(bad));
    EXPECT_FALSE(classify_oplock_break(byte_span(m.data(), 10)));
}

}  // namespace
}  // namespace smbkit::smb2
