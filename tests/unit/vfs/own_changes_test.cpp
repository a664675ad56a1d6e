// vfs/own_changes: the server's own attribute changes of files it creates.
#include "vfs/own_changes.hpp"

#include <gtest/gtest.h>

namespace smbkit::vfs {
namespace {

TEST(own_changes, counts_each_announced_change_per_file) {
    own_changes c;
    EXPECT_EQ(c.count(1, 10), 0u);
    c.expect(1, 10);
    c.expect(1, 10);
    c.expect(2, 10);  // another device: another file
    EXPECT_EQ(c.count(1, 10), 2u);
    EXPECT_EQ(c.count(2, 10), 1u);
    EXPECT_EQ(c.count(1, 11), 0u);
}

TEST(own_changes, holds_a_bounded_number_of_files) {
    own_changes c;
    for (std::uint64_t ino = 0; ino < own_changes::max_files + 100; ++ino) c.expect(1, ino);
    std::size_t known = 0;
    for (std::uint64_t ino = 0; ino < own_changes::max_files + 100; ++ino)
        known += c.count(1, ino) != 0;
    EXPECT_LE(known, own_changes::max_files);
    EXPECT_EQ(c.count(1, own_changes::max_files + 99), 1u);  // the newest is kept
}

}  // namespace
}  // namespace smbkit::vfs
