// The B-node name table: registration, conflict, defence and release (RFC 1001 15.2).
#include <gtest/gtest.h>

#include "server/name_service/name_table.hpp"

using namespace smbkit;
using namespace smbkit::server::name_service;
using std::chrono::milliseconds;

namespace {

netbios::netbios_name nm(const char* s, std::uint8_t suffix) {
    return *netbios::netbios_name::make(s, suffix);
}

steady_time t0() { return steady_time{} + std::chrono::hours(1); }

// Runs the registration to completion: three broadcasts 250 ms apart, then active.
void register_all(name_table& t) {
    for (int i = 0; i <= bcast_retry_count; ++i) t.tick(t0() + bcast_retry_timeout * i);
}

}  // namespace

TEST(NameServiceTable, RegistersWithThreeBroadcastsThenActive) {
    name_table t;
    ASSERT_TRUE(t.add(nm("KIT5", 0x20), false, false, t0()));
    EXPECT_EQ(t.next_deadline(), t0());
    EXPECT_EQ(t.tick(t0()).size(), 1u);
    EXPECT_TRUE(t.tick(t0() + milliseconds(100)).empty());  // not due yet
    EXPECT_EQ(t.tick(t0() + milliseconds(250)).size(), 1u);
    EXPECT_EQ(t.tick(t0() + milliseconds(500)).size(), 1u);
    EXPECT_EQ(t.find(nm("KIT5", 0x20))->state, name_state::registering);
    EXPECT_EQ(t.find_active(nm("KIT5", 0x20)), nullptr);
    EXPECT_TRUE(t.tick(t0() + milliseconds(750)).empty());
    EXPECT_EQ(t.find(nm("KIT5", 0x20))->state, name_state::active);
    EXPECT_NE(t.find_active(nm("KIT5", 0x20)), nullptr);
    EXPECT_FALSE(t.next_deadline().has_value());
}

TEST(NameServiceTable, DuplicateAddIsIgnored) {
    name_table t;
    EXPECT_TRUE(t.add(nm("KIT5", 0x00), false, true, t0()));
    EXPECT_FALSE(t.add(nm("KIT5", 0x00), false, true, t0()));
    EXPECT_EQ(t.names().size(), 1u);
}

TEST(NameServiceTable, NegativeResponseWhileRegisteringIsConflict) {
    name_table t;
    t.add(nm("KIT5", 0x00), false, true, t0());
    t.tick(t0());
    EXPECT_TRUE(t.mark_conflict(nm("KIT5", 0x00), "ACT_ERR from 127.0.2.9"));
    EXPECT_EQ(t.find(nm("KIT5", 0x00))->state, name_state::conflict);
    // No more broadcasts, never becomes active, never defended.
    EXPECT_TRUE(t.tick(t0() + milliseconds(250)).empty());
    EXPECT_TRUE(t.tick(t0() + milliseconds(2000)).empty());
    EXPECT_EQ(t.find_active(nm("KIT5", 0x00)), nullptr);
    EXPECT_EQ(t.on_registration_request(nm("KIT5", 0x00), false), defence::none);
    EXPECT_EQ(t.find(nm("KIT5", 0x00))->conflict_reason, "ACT_ERR from 127.0.2.9");
}

TEST(NameServiceTable, DefendsActiveUniqueNames) {
    name_table t;
    t.add(nm("KIT5", 0x20), false, false, t0());
    t.add(nm("KITWG", 0x00), true, false, t0());
    // While registering nothing is defended.
    EXPECT_EQ(t.on_registration_request(nm("KIT5", 0x20), false), defence::none);
    register_all(t);
    EXPECT_EQ(t.on_registration_request(nm("KIT5", 0x20), false), defence::refuse);
    EXPECT_EQ(t.on_registration_request(nm("KIT5", 0x20), true), defence::refuse);
    // A group is shared with other members, but cannot become unique.
    EXPECT_EQ(t.on_registration_request(nm("KITWG", 0x00), true), defence::none);
    EXPECT_EQ(t.on_registration_request(nm("KITWG", 0x00), false), defence::refuse);
    // Not ours.
    EXPECT_EQ(t.on_registration_request(nm("OTHER", 0x20), false), defence::none);
}

TEST(NameServiceTable, ConflictDemandOnActiveName) {
    name_table t;
    t.add(nm("KIT5", 0x20), false, false, t0());
    register_all(t);
    EXPECT_TRUE(t.mark_conflict(nm("KIT5", 0x20), "conflict demand"));
    EXPECT_EQ(t.find_active(nm("KIT5", 0x20)), nullptr);
    EXPECT_FALSE(t.mark_conflict(nm("KIT5", 0x20), "again"));  // already
    EXPECT_FALSE(t.mark_conflict(nm("NOTOURS", 0x20), "x"));
}

TEST(NameServiceTable, ReleaseAllOnShutdown) {
    name_table t;
    t.add(nm("KIT5", 0x00), false, true, t0());
    t.add(nm("KIT5", 0x20), false, false, t0());
    t.add(nm("KIT5", 0x03), false, false, t0());
    register_all(t);
    t.mark_conflict(nm("KIT5", 0x03), "x");
    t.add(nm("LATE", 0x20), false, false, t0() + std::chrono::seconds(5));  // still registering
    auto released = t.release_all();
    EXPECT_EQ(released.size(), 3u);  // the conflicted name was never ours to release
    EXPECT_EQ(t.find(nm("KIT5", 0x00))->state, name_state::released);
    EXPECT_EQ(t.find(nm("LATE", 0x20))->state, name_state::released);
    EXPECT_EQ(t.find(nm("KIT5", 0x03))->state, name_state::conflict);
    EXPECT_EQ(t.find_active(nm("KIT5", 0x00)), nullptr);
    EXPECT_FALSE(t.next_deadline().has_value());
    // A released name can be registered again.
    EXPECT_TRUE(t.add(nm("KIT5", 0x00), false, true, t0()));
    EXPECT_EQ(t.find(nm("KIT5", 0x00))->state, name_state::registering);
}
