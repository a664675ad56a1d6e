#include "vfs/path.hpp"

#include <gtest/gtest.h>

namespace smbkit::vfs {
namespace {

std::string status_of(std::string_view p) {
    auto r = parse_client_path(p);
    return r ? "ok:" + r->relative() : ntstatus_string(r.error());
}

TEST(ClientPath, Accepted) {
    EXPECT_EQ(status_of(""), "ok:");
    EXPECT_EQ(status_of("\\"), "ok:");
    EXPECT_EQ(status_of("a"), "ok:a");
    EXPECT_EQ(status_of("a\\b\\c.txt"), "ok:a/b/c.txt");
    EXPECT_EQ(status_of("a/b"), "ok:a/b");
    EXPECT_EQ(status_of("\\a\\b"), "ok:a/b");       // leading separator: still share-relative
    EXPECT_EQ(status_of("/etc/passwd"), "ok:etc/passwd");
    EXPECT_EQ(status_of("dir\\"), "ok:dir");
    EXPECT_EQ(status_of("name."), "ok:name.");      // trailing dot kept
    EXPECT_EQ(status_of("name "), "ok:name ");      // trailing space kept
    EXPECT_EQ(status_of("..."), "ok:...");
    EXPECT_EQ(status_of(".. "), "ok:.. ");
    EXPECT_EQ(status_of(".hidden"), "ok:.hidden");
    EXPECT_EQ(status_of("\xc3\xa9t\xc3\xa9"), "ok:\xc3\xa9t\xc3\xa9");
    EXPECT_EQ(status_of("file::$DATA"), "ok:file");
    EXPECT_EQ(status_of("d\\file::$data"), "ok:d/file");
    auto r = parse_client_path("a\\b");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->windows(), "a\\b");
}

TEST(ClientPath, DotDotRemovesTheComponentBeforeIt) {
    EXPECT_EQ(status_of("a/../b"), "ok:b");
    EXPECT_EQ(status_of("a\\b\\..\\c"), "ok:a/c");
    EXPECT_EQ(status_of("a\\.."), "ok:");  // the share root
    EXPECT_EQ(status_of("a\\b\\..\\..\\c\\"), "ok:c");
    EXPECT_EQ(status_of("a\\..\\b\\..\\*"), "STATUS_OBJECT_NAME_INVALID");
}

TEST(ClientPath, Refused) {
    EXPECT_EQ(status_of(".."), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(status_of("..\\secret"), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(status_of("a\\..\\..\\etc\\passwd"), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(status_of("a\\b\\..\\..\\.."), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(status_of("a\\..\\..\\a"), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(status_of("."), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("a\\.\\b"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("a\\\\b"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of(std::string("a\0b", 3)), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of(std::string("a\\\0", 3)), "STATUS_OBJECT_NAME_INVALID");
    for (const char* bad : {"a*", "a?", "a<", "a>", "a|", "a\"", "a\x01", "a\x1f", "a\tb"})
        EXPECT_EQ(status_of(bad), "STATUS_OBJECT_NAME_INVALID") << bad;
    EXPECT_EQ(status_of("file:stream"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("file:stream:$DATA"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("file:$DATA"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("::$DATA"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("dir::$DATA\\file"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("C:\\Windows"), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of("\xff\xfe"), "STATUS_OBJECT_NAME_INVALID");   // not UTF-8
    EXPECT_EQ(status_of("\xc0\xae\xc0\xae"), "STATUS_OBJECT_NAME_INVALID");  // overlong ".."
    EXPECT_EQ(status_of(std::string(256, 'x')), "STATUS_NAME_TOO_LONG");
    EXPECT_EQ(status_of(std::string(255, 'x')), "ok:" + std::string(255, 'x'));
    std::string deep;
    for (int i = 0; i < 500; ++i) deep += "abcdefgh\\";
    EXPECT_EQ(status_of(deep), "STATUS_NAME_TOO_LONG");
}

TEST(ClientPath, RandomInputNeverEscapes) {
    // Whatever comes in, what comes out is a list of plain components.
    std::uint32_t x = 12345;
    const char alphabet[] = {'a', '.', '\\', '/', ':', '\0', '*', ' ', '$', 'D', '\xc3', '\xa9',
                             '\xff', '<', '"'};
    for (int round = 0; round < 20000; ++round) {
        std::string p;
        int len = static_cast<int>(x % 12);
        for (int i = 0; i < len; ++i) {
            x = x * 1103515245 + 12345;
            p.push_back(alphabet[(x >> 16) % sizeof alphabet]);
        }
        x = x * 1103515245 + 12345;
        auto r = parse_client_path(p);
        if (!r) continue;
        for (const auto& c : r->components) {
            EXPECT_TRUE(is_valid_component(c)) << p;
            EXPECT_NE(c, "..");
            EXPECT_EQ(c.find_first_of(std::string("/\\:\0", 4)), std::string::npos) << p;
        }
    }
}

TEST(ClientPath, ValidComponent) {
    EXPECT_TRUE(is_valid_component("a.txt"));
    EXPECT_FALSE(is_valid_component("a:b"));
    EXPECT_FALSE(is_valid_component("a\\b"));
    EXPECT_FALSE(is_valid_component(""));
    EXPECT_FALSE(is_valid_component(".."));
    EXPECT_FALSE(is_valid_component("\xff"));
}

}  // namespace
}  // namespace smbkit::vfs
