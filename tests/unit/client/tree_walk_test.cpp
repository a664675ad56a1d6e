#include "client/tree_walk.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "client/transfer.hpp"

using namespace smbkit;
using namespace smbkit::client;
namespace fs = std::filesystem;

namespace {

smb2::fscc::directory_entry entry(std::string name, bool dir, std::uint64_t size = 0,
                                  std::uint32_t extra_attributes = 0) {
    smb2::fscc::directory_entry e;
    e.name = std::move(name);
    e.file_attributes = (dir ? smb2::file_attribute::directory : smb2::file_attribute::archive) | extra_attributes;
    e.end_of_file = size;
    e.last_write_time = 133000000000000000ULL;
    return e;
}

std::vector<std::string> paths(const std::vector<tree_entry>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.path);
    return out;
}

std::vector<std::string> paths(const std::vector<tree_problem>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.path);
    return out;
}

// A fresh folder under the test's temporary directory, removed afterwards.
class tree_walk_local : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/tree_walk_test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        root_ = tmpl;
    }
    void TearDown() override { fs::remove_all(root_); }
    void write(const std::string& rel, std::string_view content) {
        fs::create_directories((root_ / rel).parent_path());
        std::ofstream(root_ / rel) << content;
    }
    fs::path root_;
};

}  // namespace

TEST(tree_walk, local_names_from_a_server) {
    for (const char* ok : {"a", "a b.txt", "Grüße", "日本語.txt", "...", ".hidden", "x..y", "a:b"})
        EXPECT_TRUE(safe_local_name(ok)) << ok;
    for (std::string bad : {std::string(""), std::string("."), std::string(".."), std::string("a/b"),
                            std::string("/etc"), std::string("..\\x"), std::string("a\\b"),
                            std::string("a\0b", 3), std::string("/")})
        EXPECT_FALSE(safe_local_name(bad)) << bad;
}

TEST(tree_walk, remote_names_from_local_files) {
    for (const char* ok : {"a", "a b.txt", "Grüße", "файл", "emoji 😀"}) EXPECT_TRUE(safe_remote_name(ok)) << ok;
    for (std::string bad : {std::string(".."), std::string("a:stream"), std::string("a\\b"), std::string("a/b"),
                            std::string("tab\there"), std::string("nl\n"), std::string("bad\xff utf8")})
        EXPECT_FALSE(safe_remote_name(bad)) << bad;
}

TEST(tree_walk, path_helpers) {
    EXPECT_EQ(join_path("", "a"), "a");
    EXPECT_EQ(join_path("a/b", "c"), "a/b/c");
    EXPECT_EQ(join_path("a", ""), "a");
    EXPECT_EQ(last_component("a/b/c"), "c");
    EXPECT_EQ(last_component("dir/"), "dir");
    EXPECT_EQ(last_component("file"), "file");
    EXPECT_EQ(last_component("/"), "");
}

TEST(tree_walk, plans_a_listing_in_name_order) {
    tree_plan plan;
    auto subdirs = plan_remote_listing(plan, "top", {entry("b.txt", false, 10), entry("sub", true),
                                                     entry("a.txt", false, 5), entry(".", true),
                                                     entry("..", true)},
                                       0);
    EXPECT_EQ(subdirs, std::vector<std::string>{"top/sub"});
    EXPECT_EQ(paths(plan.files), (std::vector<std::string>{"top/a.txt", "top/b.txt"}));
    EXPECT_EQ(paths(plan.dirs), std::vector<std::string>{"top/sub"});
    EXPECT_EQ(plan.total_bytes(), 15u);
    EXPECT_EQ(plan.files[0].last_write_time, 133000000000000000ULL);
    EXPECT_TRUE(plan.failed.empty());
}

TEST(tree_walk, a_hostile_listing_cannot_name_a_path_outside) {
    tree_plan plan;
    auto subdirs = plan_remote_listing(
        plan, "",
        {entry("..", true), entry("../../etc", true), entry("../evil.txt", false), entry("/etc/passwd", false),
         entry("a\\..\\..\\b", false), entry(std::string("x\0y", 3), false), entry("", false),
         entry("fine.txt", false, 3), entry("\x1b[2Jterm", false)},
        0);
    EXPECT_TRUE(subdirs.empty());
    EXPECT_EQ(paths(plan.files), (std::vector<std::string>{"\x1b[2Jterm", "fine.txt"}));
    EXPECT_EQ(plan.failed.size(), 6u);
    for (const auto& f : plan.failed) {
        EXPECT_EQ(f.err.kind, error_kind::malformed);
        EXPECT_EQ(f.err.message.find('\0'), std::string::npos);
    }
}

TEST(tree_walk, skips_server_links_and_stops_at_the_depth_limit) {
    tree_plan plan;
    auto subdirs = plan_remote_listing(plan, "d", {entry("junction", true, 0, smb2::file_attribute::reparse_point),
                                                   entry("linked.txt", false, 4, smb2::file_attribute::reparse_point)},
                                       0);
    EXPECT_TRUE(subdirs.empty());
    EXPECT_EQ(paths(plan.skipped), std::vector<std::string>{"d/junction"});
    EXPECT_EQ(paths(plan.files), std::vector<std::string>{"d/linked.txt"});

    tree_plan deep;
    EXPECT_TRUE(plan_remote_listing(deep, "x", {entry("loop", true)}, max_tree_depth).empty());
    EXPECT_EQ(paths(deep.failed), std::vector<std::string>{"x/loop"});
    EXPECT_EQ(plan_remote_listing(deep, "x", {entry("ok", true)}, max_tree_depth - 1).size(), 1u);
}

TEST_F(tree_walk_local, walks_a_local_tree_parents_first) {
    write("a.txt", "aaa");
    write("sub/b.txt", "bb");
    write("sub/deeper/c d.txt", "c");
    fs::create_directories(root_ / "empty");
    auto plan = walk_local(root_, false);
    EXPECT_EQ(paths(plan.dirs), (std::vector<std::string>{"empty", "sub", "sub/deeper"}));
    EXPECT_EQ(paths(plan.files), (std::vector<std::string>{"a.txt", "sub/b.txt", "sub/deeper/c d.txt"}));
    EXPECT_EQ(plan.total_bytes(), 6u);
    EXPECT_TRUE(plan.skipped.empty());
    EXPECT_TRUE(plan.failed.empty());
    EXPECT_GT(plan.files[0].last_write_time, 0u);
}

TEST_F(tree_walk_local, local_links_are_skipped_unless_followed_and_never_loop) {
    write("tree/real.txt", "r");
    write("outside/secret.txt", "s");
    fs::create_symlink(root_ / "outside", root_ / "tree" / "out");
    fs::create_symlink(root_ / "outside" / "secret.txt", root_ / "tree" / "file-link");
    fs::create_symlink(root_ / "tree", root_ / "tree" / "loop");
    fs::create_symlink(root_ / "nowhere", root_ / "tree" / "dangling");
    ASSERT_EQ(::mkfifo((root_ / "tree" / "fifo").c_str(), 0600), 0);

    auto plan = walk_local(root_ / "tree", false);
    EXPECT_EQ(paths(plan.files), std::vector<std::string>{"real.txt"});
    EXPECT_TRUE(plan.dirs.empty());
    EXPECT_EQ(paths(plan.skipped), (std::vector<std::string>{"dangling", "fifo", "file-link", "loop", "out"}));

    auto followed = walk_local(root_ / "tree", true);
    EXPECT_EQ(paths(followed.files), (std::vector<std::string>{"file-link", "out/secret.txt", "real.txt"}));
    EXPECT_EQ(paths(followed.dirs), std::vector<std::string>{"out"});
    EXPECT_EQ(paths(followed.skipped), (std::vector<std::string>{"dangling", "fifo", "loop"}));
}

TEST_F(tree_walk_local, local_names_smb_cannot_carry_fail) {
    write("ok.txt", "1");
    write("a:b", "2");
    write("back\\slash", "3");
    auto plan = walk_local(root_, false);
    EXPECT_EQ(paths(plan.files), std::vector<std::string>{"ok.txt"});
    EXPECT_EQ(paths(plan.failed), (std::vector<std::string>{"a:b", "back\\slash"}));
}

TEST_F(tree_walk_local, a_missing_root_fails_as_local_io) {
    auto plan = walk_local(root_ / "nope", false);
    ASSERT_EQ(plan.failed.size(), 1u);
    EXPECT_TRUE(is_local_error(plan.failed[0].err));
}

TEST_F(tree_walk_local, opens_and_makes_folders_beneath_without_links) {
    int root = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(root, 0);
    int fd = open_dir_beneath(root, "x/y/z", true);
    ASSERT_GE(fd, 0);
    ::close(fd);
    EXPECT_TRUE(fs::is_directory(root_ / "x" / "y" / "z"));
    fd = open_dir_beneath(root, "x/y", false);
    EXPECT_GE(fd, 0);
    ::close(fd);
    EXPECT_EQ(open_dir_beneath(root, "missing", false), -ENOENT);
    EXPECT_EQ(open_dir_beneath(root, "../escape", true), -EINVAL);
    EXPECT_EQ(open_dir_beneath(root, "x/../../escape", true), -EINVAL);
    EXPECT_FALSE(fs::exists(root_.parent_path() / "escape"));

    // A link planted where a folder is expected is refused, never followed.
    fs::create_directories(root_ / "elsewhere");
    fs::create_symlink(root_ / "elsewhere", root_ / "x" / "link");
    EXPECT_LT(open_dir_beneath(root, "x/link/new", true), 0);
    EXPECT_FALSE(fs::exists(root_ / "elsewhere" / "new"));
    fd = open_dir_beneath(root, "", false);
    EXPECT_GE(fd, 0);
    ::close(fd);
    ::close(root);
}

TEST(transfer, local_errors_are_told_apart_from_the_network) {
    EXPECT_TRUE(is_local_error(local_error("local write", ENOSPC)));
    EXPECT_EQ(local_error("local write", ENOSPC).status, ntstatus::disk_full);
    EXPECT_TRUE(is_local_error(local_error("cannot create", EACCES)));
    EXPECT_NE(local_error("cannot create", EACCES).message.find("Permission denied"), std::string::npos);
    EXPECT_FALSE(is_local_error(error::transport("connection reset")));
    EXPECT_FALSE(is_local_error(error::from_status(ntstatus::disk_full)));
    EXPECT_FALSE(is_local_error(error::malformed("bad reply")));
}

TEST(tree_walk, a_name_listed_twice_is_copied_once) {
    tree_plan plan;
    plan_remote_listing(plan, "", {entry("same", false, 1), entry("same", true), entry("other", false, 2)}, 0);
    EXPECT_EQ(paths(plan.files), (std::vector<std::string>{"other", "same"}));
    EXPECT_EQ(paths(plan.failed), std::vector<std::string>{"same"});
    EXPECT_TRUE(plan.dirs.empty());
}
