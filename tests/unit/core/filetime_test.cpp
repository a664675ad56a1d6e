#include "core/filetime.hpp"

#include <gtest/gtest.h>

using namespace smbkit;

TEST(filetime, unix_epoch_and_a_known_date) {
    EXPECT_EQ(filetime_from_timespec({0, 0}), filetime_unix_epoch);
    // 2026-11-26 17:17:48 UTC = 1795713468 s since 1970.
    timespec ts{1795713468, 123456789};
    auto ft = filetime_from_timespec(ts);
    EXPECT_EQ(ft, 1795713468ULL * 10000000ULL + filetime_unix_epoch + 1234567);
    EXPECT_EQ(filetime_text(ft), "2026-11-26 17:17:48");
    EXPECT_EQ(filetime_iso(ft), "2026-11-26T17:17:48Z");
    auto back = filetime_to_timespec(ft);
    EXPECT_EQ(back.tv_sec, 1795713468);
    EXPECT_EQ(back.tv_nsec, 123456700);  // 100 ns resolution
}

TEST(filetime, a_wire_value) {
    EXPECT_EQ(filetime_iso(0x01dc5ed3a1c5e2a0ULL), "2025-11-26T12:53:15Z");
}

TEST(filetime, unknown_times_have_no_text) {
    EXPECT_EQ(filetime_text(0), "");
    EXPECT_EQ(filetime_iso(0), "");
    EXPECT_EQ(filetime_iso(filetime_unix_epoch - 1), "");
    EXPECT_EQ(filetime_iso(filetime_unix_epoch), "1970-01-01T00:00:00Z");
}

TEST(filetime, clamps_instead_of_wrapping) {
    EXPECT_EQ(filetime_from_timespec({-11644473601LL, 0}), 0u);
    EXPECT_EQ(filetime_from_timespec({-11644473600LL, 0}), 0u);
    EXPECT_EQ(filetime_from_timespec({-11644473600LL, 500}), 5u);
    EXPECT_EQ(filetime_from_timespec({INT64_MAX / 2, 0}), UINT64_MAX);
    auto before_1970 = filetime_to_timespec(filetime_unix_epoch - filetime_per_second);
    EXPECT_EQ(before_1970.tv_sec, -1);
    EXPECT_EQ(filetime_to_timespec(0).tv_sec, -11644473600LL);
}

TEST(filetime, now_is_after_2020) {
    EXPECT_GT(filetime_now(), filetime_from_timespec({1577836800, 0}));
}
