#include "core/log.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace smbkit;

TEST(rate_limiter, allows_one_line_per_interval_and_counts_the_rest) {
    log::rate_limiter limiter(std::chrono::milliseconds(50));
    std::uint64_t suppressed = 99;
    EXPECT_TRUE(limiter.allow(suppressed));
    EXPECT_EQ(suppressed, 0u);
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.allow(suppressed));
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    EXPECT_TRUE(limiter.allow(suppressed));
    EXPECT_EQ(suppressed, 5u);
}
