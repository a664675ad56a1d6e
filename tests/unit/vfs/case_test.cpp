// Case-insensitive lookup (smb.conf `case sensitive = no/auto`) and the sensitive mode.
#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

using case_test = vfs_test;

TEST_F(case_test, InsensitiveFindsEntriesInAnyCase) {
    mkdir_in("Sub");
    put("Sub/Hello.TXT", "hi");
    auto h = must_open("sub\\hello.txt", disposition::open);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->path(), "Sub\\Hello.TXT");  // the on-disk spelling
    EXPECT_EQ(status_name(open("SUB\\HELLO.TXT", disposition::create, rw)),
              "STATUS_OBJECT_NAME_COLLISION");
    auto again = open("sub\\HELLO.txt", disposition::open_if, rw);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->action, create_action::opened);
    // New names inside an existing directory keep the directory's spelling.
    auto n = open("SUB\\New.txt", disposition::create, rw);
    ASSERT_TRUE(n);
    EXPECT_TRUE(exists("Sub/New.txt"));
    EXPECT_EQ(n->file->path(), "Sub\\New.txt");
    EXPECT_EQ(share_->stat("sUb\\hElLo.TxT")->end_of_file, 2u);
    // Non-ASCII letters fold too.
    put("\xc3\x89t\xc3\xa9", "x");  // Été
    EXPECT_EQ(status_name(open("\xc3\xa9T\xc3\x89", disposition::open)), "STATUS_SUCCESS");
}

TEST_F(case_test, ExactNameWinsOverOtherCases) {
    put("abc", "lower");
    put("ABC", "upper");
    auto h = must_open("ABC", disposition::open);
    EXPECT_EQ(h->path(), "ABC");
    auto l = must_open("abc", disposition::open);
    EXPECT_EQ(l->path(), "abc");
    auto m = must_open("Abc", disposition::open);  // first in byte order
    EXPECT_EQ(m->path(), "ABC");
}

TEST_F(case_test, SensitiveModeIsExact) {
    put("Hello", "x");
    share_options o;
    o.case_handling = case_mode::sensitive;
    auto s = make_share(o);
    EXPECT_EQ(status_name(open(s, "hello", disposition::open)), "STATUS_OBJECT_NAME_NOT_FOUND");
    EXPECT_EQ(status_name(open(s, "Hello", disposition::open)), "STATUS_SUCCESS");
    EXPECT_EQ(status_name(open(s, "HELLO", disposition::create, rw)), "STATUS_SUCCESS");
    EXPECT_TRUE(exists("HELLO"));
    EXPECT_TRUE(exists("Hello"));
}

}  // namespace
}  // namespace smbkit::vfs::testing
