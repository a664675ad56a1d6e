// smb.conf name-handling options of a share, from the text to what the vfs backend is told.
#include <gtest/gtest.h>

#include "config/settings.hpp"
#include "server/server_config.hpp"

namespace smbkit::server {
namespace {

std::expected<server_config, std::string> load(const std::string& text) {
    auto conf = config::smb_conf::parse(text);
    EXPECT_TRUE(conf);
    auto g = config::read_global(*conf);
    EXPECT_TRUE(g);
    return load_server_config(*conf, *g);
}

TEST(share_options, samba_defaults) {
    auto c = load("[s]\npath = /srv/s\n");
    ASSERT_TRUE(c) << c.error();
    auto o = vfs_options(*c->find_share("s"), true);
    EXPECT_EQ(o.root, "/srv/s");
    EXPECT_TRUE(o.read_only);
    EXPECT_EQ(o.case_handling, vfs::case_mode::insensitive);
    EXPECT_TRUE(o.follow_symlinks);
    EXPECT_TRUE(o.hide_dot_files);
    EXPECT_TRUE(o.hide_files.empty());
    EXPECT_TRUE(o.veto_files.empty());
}

TEST(share_options, every_option_reaches_the_backend) {
    auto c = load(
        "[s]\npath = /srv/s\ncase sensitive = yes\nfollow symlinks = no\n"
        "hide dot files = no\nhide files = /*.log/Desktop.ini/\n"
        "veto files = /*.secret/.DS_Store/My Private/\n");
    ASSERT_TRUE(c) << c.error();
    const auto* s = c->find_share("s");
    EXPECT_TRUE(s->case_sensitive);
    auto o = vfs_options(*s, false);
    EXPECT_FALSE(o.read_only);
    EXPECT_EQ(o.case_handling, vfs::case_mode::sensitive);
    EXPECT_FALSE(o.follow_symlinks);
    EXPECT_FALSE(o.hide_dot_files);
    EXPECT_EQ(o.hide_files, (std::vector<std::string>{"*.log", "Desktop.ini"}));
    EXPECT_EQ(o.veto_files, (std::vector<std::string>{"*.secret", ".DS_Store", "My Private"}));
}

TEST(share_options, global_section_gives_share_defaults) {
    auto c = load(
        "[global]\nveto files = /*.tmp/\nfollow symlinks = no\n"
        "[a]\npath = /a\n[b]\npath = /b\nveto files = /x/\nfollow symlinks = yes\n");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->find_share("a")->veto_files, std::vector<std::string>{"*.tmp"});
    EXPECT_FALSE(c->find_share("a")->follow_symlinks);
    EXPECT_EQ(c->find_share("b")->veto_files, std::vector<std::string>{"x"});
    EXPECT_TRUE(c->find_share("b")->follow_symlinks);
}

TEST(share_options, case_sensitive_values) {
    for (auto [text, want] : {std::pair{"auto", false}, {"default", false}, {"no", false},
                              {"yes", true}, {"True", true}}) {
        auto c = load(std::string("[s]\npath = /s\ncase sensitive = ") + text + "\n");
        ASSERT_TRUE(c) << text << ": " << c.error();
        EXPECT_EQ(c->find_share("s")->case_sensitive, want) << text;
    }
    auto synonym = load("[s]\npath = /s\ncasesignames = yes\n");
    ASSERT_TRUE(synonym);
    EXPECT_TRUE(synonym->find_share("s")->case_sensitive);
    auto bad = load("[s]\npath = /s\ncase sensitive = sometimes\n");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("case sensitive"), std::string::npos);
}

}  // namespace
}  // namespace smbkit::server
