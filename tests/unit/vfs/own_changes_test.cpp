// vfs/own_changes: the server's own attribute changes of files it creates.
#include "vfs/own_changes.hpp"

#include <gtest/gtest.h>

namespace smbkit::vfs {
namespace {

TEST(own_changes, counts_each_announced_change_per_file) {
    own_changes c;
    const auto start = own_changes::clock::now();
    EXPECT_EQ(c.count_since(1, 10, start), 0u);
    c.expect(1, 10);
    c.expect(1, 10);
    c.expect(2, 10);  // another device: another file
    EXPECT_EQ(c.count_since(1, 10, start), 2u);
    EXPECT_EQ(c.count_since(2, 10, start), 1u);
    EXPECT_EQ(c.count_since(1, 11, start), 0u);
}

TEST(own_changes, a_later_watch_does_not_count_earlier_changes) {
    own_changes c;
    const auto start = own_changes::clock::now();
    c.expect(1, 10);
    const auto later = own_changes::clock::now() + std::chrono::milliseconds(1);
    EXPECT_EQ(c.count_since(1, 10, start), 1u);
    EXPECT_EQ(c.count_since(1, 10, later), 0u);
}

TEST(own_changes, holds_a_bounded_number_of_files) {
    own_changes c;
    const auto start = own_changes::clock::now();
    for (std::uint64_t ino = 0; ino < own_changes::max_files + 100; ++ino) c.expect(1, ino);
    std::size_t known = 0;
    for (std::uint64_t ino = 0; ino < own_changes::max_files + 100; ++ino)
        known += c.count_since(1, ino, start) != 0;
    EXPECT_LE(known, own_changes::max_files);
    EXPECT_EQ(c.count_since(1, own_changes::max_files + 99, start), 1u);  // the newest is kept
}

}  // namespace
}  // namespace smbkit::vfs
