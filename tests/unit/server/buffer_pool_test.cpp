// server/buffer_pool: recycling of large message buffers and received frames.
#include "server/buffer_pool.hpp"

#include <gtest/gtest.h>

namespace smbkit::server {
namespace {

TEST(buffer_pool, small_buffers_are_not_kept) {
    buffer_pool p;
    p.give(bytes(100, 1));
    EXPECT_EQ(p.held_count(), 0u);
    EXPECT_EQ(p.take(100).size(), 100u);
}

TEST(buffer_pool, a_large_buffer_comes_back_with_the_size_asked) {
    buffer_pool p;
    bytes b(1 << 20, 7);
    const auto* data = b.data();
    p.give(std::move(b));
    EXPECT_EQ(p.held_count(), 1u);
    EXPECT_GE(p.held_bytes(), 1u << 20);
    auto again = p.take((1 << 20) - 10);
    EXPECT_EQ(again.data(), data);  // the same memory, not a new allocation
    EXPECT_EQ(again.size(), (1u << 20) - 10);
    EXPECT_EQ(p.held_count(), 0u);
    EXPECT_EQ(p.held_bytes(), 0u);
}

TEST(buffer_pool, picks_a_buffer_that_fits_and_grows_one_that_does_not) {
    buffer_pool p;
    p.give(bytes(128 * 1024));
    p.give(bytes(2 << 20));
    p.give(bytes(1 << 20));
    auto b = p.take(900 * 1024);
    EXPECT_GE(b.capacity(), 900u * 1024);
    EXPECT_LT(b.capacity(), 2u << 20);  // the 1 MiB one, not the 2 MiB one
    auto big = p.take(4 << 20);          // none fits: the largest grows
    EXPECT_EQ(big.size(), 4u << 20);
    EXPECT_EQ(p.held_count(), 1u);
}

TEST(buffer_pool, among_equal_buffers_the_last_given_back_comes_first) {
    // The most recently used buffer is the one still in the CPU cache.
    buffer_pool p;
    std::vector<const std::uint8_t*> given;
    for (int i = 0; i < 4; ++i) {
        bytes b(1 << 20);
        given.push_back(b.data());
        p.give(std::move(b));
    }
    auto a = p.take(1 << 20);
    EXPECT_EQ(a.data(), given[3]);
    p.give(std::move(a));
    auto again = p.take(1 << 20);
    EXPECT_EQ(again.data(), given[3]);
    auto next = p.take(1 << 20);
    EXPECT_EQ(next.data(), given[2]);
}

TEST(buffer_pool, holds_a_bounded_amount) {
    buffer_pool p;
    for (int i = 0; i < 100; ++i) p.give(bytes(4 << 20));
    EXPECT_LE(p.held_bytes(), buffer_pool::max_total);
    EXPECT_LE(p.held_count(), buffer_pool::max_count);
    EXPECT_GT(p.held_count(), 0u);
}

TEST(buffer_pool, frames_are_recycled_without_their_old_contents_being_copied) {
    frame_pool p;
    uninit_bytes f(256 * 1024);
    f[0] = 42;
    const auto* data = f.data();
    p.give(std::move(f));
    auto again = p.take(200 * 1024);
    EXPECT_EQ(again.data(), data);
    EXPECT_EQ(again.size(), 200u * 1024);
    EXPECT_EQ(again[0], 42);  // not zeroed: the socket overwrites it
    p.give(std::move(again));
    auto bigger = p.take(1 << 20);  // too small to reuse: a buffer of the new size
    EXPECT_EQ(bigger.size(), 1u << 20);
    EXPECT_EQ(p.held_count(), 0u);
}

}  // namespace
}  // namespace smbkit::server
