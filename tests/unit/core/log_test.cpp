#include "core/log.hpp"

#include <gtest/gtest.h>

using namespace smbkit;
using namespace std::chrono_literals;

TEST(rate_limiter, allows_one_line_per_interval_and_counts_the_rest) {
    log::rate_limiter limiter(1s);
    auto t0 = std::chrono::steady_clock::now();
    std::uint64_t suppressed = 99;
    EXPECT_TRUE(limiter.allow(suppressed, t0));
    EXPECT_EQ(suppressed, 0u);
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.allow(suppressed, t0 + 100ms * i));
    EXPECT_FALSE(limiter.allow(suppressed, t0 + 999ms));
    EXPECT_TRUE(limiter.allow(suppressed, t0 + 1000ms));
    EXPECT_EQ(suppressed, 6u);
    EXPECT_TRUE(limiter.allow(suppressed, t0 + 2500ms));
    EXPECT_EQ(suppressed, 0u);
}
