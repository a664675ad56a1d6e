#include "vfs/dos_attrib.hpp"

#include <gtest/gtest.h>

namespace smbkit::vfs {
namespace {

TEST(DosAttrib, EncodesSambaVersion5) {
    dos_attrib a;
    a.attributes = 0x20;
    a.creation_time = 0x01d9e2f3a4b5c6d7ULL;
    auto blob = encode_dos_attrib(a);
    // "" attrib_hex, pad, version 5, level 5, valid ATTRIB|CREATE_TIME, attrib, NTTIME.
    EXPECT_EQ(to_hex(blob), "0000" "0500" "05000000" "11000000" "20000000" "d7c6b5a4f3e2d901");
    auto back = decode_dos_attrib(blob);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->attributes, 0x20u);
    EXPECT_EQ(back->creation_time, 0x01d9e2f3a4b5c6d7ULL);
}

TEST(DosAttrib, ChangeTimeTrailsTheVersion5Fields) {
    dos_attrib a;
    a.attributes = 0x20;
    a.creation_time = 0x01d9e2f3a4b5c6d7ULL;
    a.change_time = 0x0102030405060708ULL;
    a.change_time_mtime = 0x1112131415161718ULL;
    auto blob = encode_dos_attrib(a);
    // The Samba v5 blob unchanged, then ChangeTime and the mtime it holds for.
    EXPECT_EQ(to_hex(blob), "0000" "0500" "05000000" "11000000" "20000000" "d7c6b5a4f3e2d901"
                            "0807060504030201" "1817161514131211");
    auto back = decode_dos_attrib(blob);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->creation_time, 0x01d9e2f3a4b5c6d7ULL);
    EXPECT_EQ(back->change_time, 0x0102030405060708ULL);
    EXPECT_EQ(back->change_time_mtime, 0x1112131415161718ULL);
    // Without it (as Samba writes), no ChangeTime.
    a.change_time.reset();
    back = decode_dos_attrib(encode_dos_attrib(a));
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->change_time);
}

TEST(DosAttrib, ValidFlagsRespected) {
    dos_attrib a;
    a.attributes = 0x2;
    auto back = decode_dos_attrib(encode_dos_attrib(a));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->attributes, 0x2u);
    EXPECT_FALSE(back->creation_time);
}

TEST(DosAttrib, DecodesVersion3WithHexString) {
    // "0x21\0", pad to 2, version 3, level 3, attrib, ea_size, size, alloc, create, change
    auto blob = from_hex("30783231" "00" "00" "0300" "03000000" "21000000" "00000000"
                         "0000000000000000" "0000000000000000" "0807060504030201"
                         "0000000000000000");
    auto d = decode_dos_attrib(blob);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->attributes, 0x21u);
    EXPECT_EQ(d->creation_time, 0x0102030405060708ULL);
}

TEST(DosAttrib, DecodesVersion4) {
    auto blob = from_hex("0000" "0400" "04000000" "11000000" "02000000" "1111111111111111"
                         "0807060504030201");
    auto d = decode_dos_attrib(blob);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->attributes, 0x2u);
    EXPECT_EQ(d->creation_time, 0x0102030405060708ULL);
}

TEST(DosAttrib, RejectsGarbage) {
    EXPECT_FALSE(decode_dos_attrib({}));
    EXPECT_FALSE(decode_dos_attrib(from_hex("0000050005000000110000")));  // truncated
    EXPECT_FALSE(decode_dos_attrib(from_hex("0000" "0600" "06000000" "00000000")));
    EXPECT_FALSE(decode_dos_attrib(from_hex("0000" "0500" "04000000" "0000000000000000")));
    EXPECT_FALSE(decode_dos_attrib(from_hex("41414141")));  // unterminated string
}

}  // namespace
}  // namespace smbkit::vfs
