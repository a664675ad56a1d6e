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

TEST(log_level, samba_numbers_and_spdlog_names) {
    using spdlog::level::level_enum;
    EXPECT_EQ(log::level_from_text("0"), level_enum::warn);
    EXPECT_EQ(log::level_from_text("1"), level_enum::info);
    EXPECT_EQ(log::level_from_text(" 2 "), level_enum::info);
    EXPECT_EQ(log::level_from_text("3 auth:5 passdb:10"), level_enum::debug);
    EXPECT_EQ(log::level_from_text("10"), level_enum::trace);
    EXPECT_EQ(log::level_from_text("100000"), level_enum::trace);
    EXPECT_EQ(log::level_from_text("debug"), level_enum::debug);
    EXPECT_EQ(log::level_from_text("warning"), level_enum::warn);
    EXPECT_EQ(log::level_from_text("warn"), level_enum::warn);
    EXPECT_EQ(log::level_from_text("error"), level_enum::err);
    EXPECT_EQ(log::level_from_text("err"), level_enum::err);
    EXPECT_EQ(log::level_from_text("critical"), level_enum::critical);
    EXPECT_EQ(log::level_from_text("off"), level_enum::off);
    EXPECT_FALSE(log::level_from_text(""));
    EXPECT_FALSE(log::level_from_text("-1"));
    EXPECT_FALSE(log::level_from_text("verbose"));
}

TEST(log_level, the_command_line_wins_over_the_configuration) {
    log::init("warn", false);
    EXPECT_TRUE(log::apply_config_level("5"));
    EXPECT_EQ(spdlog::get_level(), spdlog::level::debug);
    log::init("error", true);
    EXPECT_TRUE(log::apply_config_level("10"));
    EXPECT_EQ(spdlog::get_level(), spdlog::level::err);
    EXPECT_FALSE(log::apply_config_level("nonsense"));
    log::init("warn", false);
}
