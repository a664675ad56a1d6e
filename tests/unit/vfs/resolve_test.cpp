// Nothing a client names may resolve outside the share root.
#include <unistd.h>

#include "vfs/resolve.hpp"
#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

class escape_test : public vfs_test {
protected:
    void SetUp() override {
        vfs_test::SetUp();
        std::ofstream(outer_ + "/secret") << "outside";
        put("file", "inside");
        mkdir_in("dir");
        mkdir_in("dir/sub");
        ASSERT_EQ(symlink("/etc", on_disk("link_etc").c_str()), 0);
        ASSERT_EQ(symlink("../secret", on_disk("link_up").c_str()), 0);
        ASSERT_EQ(symlink("../../secret", on_disk("dir/link_up2").c_str()), 0);
        ASSERT_EQ(symlink("../file", on_disk("dir/link_in").c_str()), 0);
        ASSERT_EQ(symlink("sub", on_disk("dir/link_sub").c_str()), 0);
        ASSERT_EQ(symlink((root_ + "/file").c_str(), on_disk("abs_in").c_str()), 0);
        ASSERT_EQ(symlink("loop2", on_disk("loop1").c_str()), 0);
        ASSERT_EQ(symlink("loop1", on_disk("loop2").c_str()), 0);
        ASSERT_EQ(symlink("../newfile", on_disk("dangling_out").c_str()), 0);
        ASSERT_EQ(symlink("..", on_disk("dir/sub/up").c_str()), 0);
        ASSERT_EQ(symlink("../..", on_disk("dir/up2").c_str()), 0);
    }
    void TearDown() override {
        detail::force_resolve_fallback(false);
        vfs_test::TearDown();
    }
    std::string st(const std::string& p, disposition d = disposition::open,
                   std::uint32_t acc = access::read_data) {
        return status_name(open(p, d, acc));
    }
    std::string read_all(const std::string& p) {
        auto o = open(p, disposition::open);
        if (!o) return ntstatus_string(o.error());
        std::string buf(64, '\0');
        auto n = o->file->read(0, std::span(reinterpret_cast<std::uint8_t*>(buf.data()),
                                            buf.size()));
        if (!n) return ntstatus_string(n.error());
        buf.resize(*n);
        return buf;
    }
};

TEST_F(escape_test, DotDotNeverClimbsOut) {
    EXPECT_EQ(st(".."), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(st("..\\secret"), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(st("dir\\..\\..\\secret"), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(read_all("dir/../file"), "inside");  // resolved by name, inside the share
    EXPECT_EQ(st("..\\newfile", disposition::create), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_FALSE(std::filesystem::exists(outer_ + "/newfile"));
}

TEST_F(escape_test, AbsolutePathsStayInside) {
    EXPECT_EQ(st("/etc/passwd"), "STATUS_OBJECT_PATH_NOT_FOUND");
    EXPECT_EQ(st("\\etc\\passwd"), "STATUS_OBJECT_PATH_NOT_FOUND");
    EXPECT_EQ(read_all("\\file"), "inside");
    EXPECT_EQ(st("C:\\secret"), "STATUS_OBJECT_NAME_INVALID");
}

TEST_F(escape_test, SymlinksOutsideRefused) {
    EXPECT_EQ(st("link_etc"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("link_etc\\passwd"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("link_up"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("dir\\link_up2"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("dir\\up2\\secret"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("abs_in"), "STATUS_ACCESS_DENIED");  // absolute targets are never followed
    EXPECT_EQ(st("link_up", disposition::overwrite_if, access::write_data), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(slurp(outer_ + "/secret"), "outside");
    EXPECT_EQ(st("dangling_out", disposition::open_if, access::write_data),
              "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("dangling_out", disposition::create, access::write_data),
              "STATUS_ACCESS_DENIED");
    EXPECT_FALSE(std::filesystem::exists(outer_ + "/newfile"));
    EXPECT_EQ(status_of(share_->stat("link_etc")), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(share_->stat("link_etc\\passwd")), "STATUS_ACCESS_DENIED");
}

TEST_F(escape_test, SymlinkLoop) {
    EXPECT_EQ(st("loop1"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("loop1\\x"), "STATUS_ACCESS_DENIED");
}

TEST_F(escape_test, SymlinksInsideFollowed) {
    EXPECT_EQ(read_all("dir\\link_in"), "inside");
    EXPECT_EQ(st("dir\\link_sub", disposition::open, access::read_data), "STATUS_SUCCESS");
    EXPECT_EQ(st("dir\\link_sub\\new", disposition::create, access::write_data), "STATUS_SUCCESS");
    EXPECT_TRUE(exists("dir/sub/new"));
    EXPECT_EQ(read_all("dir\\sub\\up\\link_in"), "inside");
}

TEST_F(escape_test, SymlinksNotFollowedWhenDisabled) {
    share_options o;
    o.follow_symlinks = false;
    auto s = make_share(o);
    EXPECT_EQ(status_name(open(s, "dir\\link_in", disposition::open)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "dir\\link_sub\\x", disposition::create)),
              "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "file", disposition::open)), "STATUS_SUCCESS");
}

TEST_F(escape_test, FallbackWalkRefusesEverySymlink) {
    detail::force_resolve_fallback(true);
    EXPECT_EQ(st("link_etc\\passwd"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("link_up"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("dir\\up2\\secret"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("loop1"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(st("dir\\link_in"), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(read_all("file"), "inside");
    EXPECT_EQ(st("dir\\sub\\made", disposition::create, access::write_data), "STATUS_SUCCESS");
    EXPECT_TRUE(exists("dir/sub/made"));
    EXPECT_EQ(st("dir\\link_sub\\x", disposition::create, access::write_data),
              "STATUS_ACCESS_DENIED");
}

TEST_F(escape_test, NulAndStreams) {
    EXPECT_EQ(st(std::string("file\0/../../secret", 18)), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(read_all("file::$DATA"), "inside");
    EXPECT_EQ(read_all("FILE::$Data"), "inside");  // case-insensitive share by default
    EXPECT_EQ(st("file:evil"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(st("file:evil:$DATA"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(st("new:evil", disposition::create), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_FALSE(exists("new:evil"));
    EXPECT_FALSE(exists("new"));
}

TEST_F(escape_test, TrailingDotsAndSpacesAreOrdinaryNames) {
    for (const char* n : {"name.", "name ", "...", ".. ", " ..", ". "}) {
        auto o = open(n, disposition::create, access::write_data);
        ASSERT_TRUE(o) << n << ": " << status_name(o);
        EXPECT_TRUE(exists(n)) << n;
        EXPECT_EQ(o->file->path(), n);
    }
    EXPECT_FALSE(std::filesystem::exists(outer_ + "/ "));
}

TEST_F(escape_test, LongNames) {
    EXPECT_EQ(st(std::string(256, 'a'), disposition::create), "STATUS_NAME_TOO_LONG");
    EXPECT_EQ(st(std::string(255, 'a'), disposition::create), "STATUS_SUCCESS");
}

TEST_F(escape_test, SpecialFilesRefused) {
    ASSERT_EQ(mkfifo(on_disk("fifo").c_str(), 0644), 0);
    EXPECT_EQ(st("fifo"), "STATUS_ACCESS_DENIED");  // and did not block
}

}  // namespace
}  // namespace smbkit::vfs::testing
