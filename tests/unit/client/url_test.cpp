#include "client/tree.hpp"
#include "client/url.hpp"

#include <gtest/gtest.h>

using namespace smbkit::client;

TEST(url, forms) {
    auto u = parse_url("//127.0.0.1:4445/data/dir/file.txt");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host, "127.0.0.1");
    EXPECT_EQ(u->port, 4445);
    EXPECT_EQ(u->share, "data");
    EXPECT_EQ(u->path, "dir/file.txt");
    EXPECT_EQ(u->unc(), "\\\\127.0.0.1\\data");
    auto w = parse_url("\\\\HOST\\share\\a\\b\\");
    ASSERT_TRUE(w);
    EXPECT_EQ(w->host, "HOST");
    EXPECT_FALSE(w->port);
    EXPECT_EQ(w->path, "a/b");
    auto s = parse_url("smb://host");
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->share.empty());
    auto v6 = parse_url("//[::1]:445/x");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->to_string(), "//::1:445/x");
}

TEST(url, rejects_bad_forms) {
    std::string why;
    for (auto bad : {"host/share", "//", "///share", "//h:0/s", "//h:70000/s", "//h:12x/s", "//[::1/s"}) {
        EXPECT_FALSE(parse_url(bad, &why)) << bad;
        EXPECT_FALSE(why.empty());
    }
}

TEST(user, forms) {
    auto a = parse_user("DOM\\bob%secret%x");
    EXPECT_EQ(a.domain, "DOM");
    EXPECT_EQ(a.user, "bob");
    EXPECT_EQ(a.password, "secret%x");
    auto b = parse_user("alice@corp");
    EXPECT_EQ(b.user, "alice");
    EXPECT_EQ(b.domain, "corp");
    EXPECT_FALSE(b.password);
    auto c = parse_user("peer%");
    EXPECT_EQ(c.user, "peer");
    EXPECT_EQ(c.password, "");
}

TEST(wire_path, separators) {
    EXPECT_EQ(wire_path("/a//b/c/"), "a\\b\\c");
    EXPECT_EQ(wire_path("a\\b"), "a\\b");
    EXPECT_EQ(wire_path(""), "");
}
