#include "core/utf16.hpp"

#include <gtest/gtest.h>

using namespace smbkit;

TEST(utf16, ascii_and_bmp_and_astral_round_trip) {
    for (std::string s : {"", "hello", "Grüße", "файл", "日本語", "emoji 😀 end"}) {
        auto u = utf8_to_utf16le(s);
        ASSERT_TRUE(u) << s;
        auto back = utf16le_to_utf8(*u);
        ASSERT_TRUE(back) << s;
        EXPECT_EQ(*back, s);
    }
    auto u = utf8_to_utf16le("A😀");
    EXPECT_EQ(to_hex(*u), "41003dd800de");
}

TEST(utf16, rejects_invalid_input) {
    EXPECT_FALSE(utf16le_to_utf8(bytes{0x41}));                    // odd length
    EXPECT_FALSE(utf16le_to_utf8(bytes{0x3d, 0xd8}));              // lone high surrogate
    EXPECT_FALSE(utf16le_to_utf8(bytes{0x00, 0xde, 0x41, 0x00}));  // lone low surrogate
    EXPECT_FALSE(utf8_to_utf16le("\xff"));
    EXPECT_FALSE(utf8_to_utf16le("\xc0\x80"));      // overlong NUL
    EXPECT_FALSE(utf8_to_utf16le("\xed\xa0\x80"));  // encoded surrogate
    EXPECT_FALSE(utf8_to_utf16le("\xe6\x97"));      // truncated
}

TEST(utf16, case_insensitive_compare) {
    EXPECT_TRUE(iequals_utf8("Readme.TXT", "README.txt"));
    EXPECT_TRUE(iequals_utf8("straße", "STRAßE"));
    EXPECT_TRUE(iequals_utf8("Файл", "ФАЙЛ"));
    EXPECT_TRUE(iequals_utf8("ÿ", "Ÿ"));
    EXPECT_FALSE(iequals_utf8("a", "b"));
    EXPECT_EQ(upper_utf8("abcé"), "ABCÉ");
}
