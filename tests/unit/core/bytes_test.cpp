#include "core/bytes.hpp"

#include <gtest/gtest.h>

using namespace smbkit;

TEST(reader, reads_little_and_big_endian) {
    bytes data{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};
    reader r(data);
    EXPECT_EQ(r.u16(), 0x0201);
    EXPECT_EQ(r.u16be(), 0x0304);
    EXPECT_EQ(r.u32(), 0x08070605u);
    EXPECT_EQ(r.u8(), 0x09);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.remaining(), 1u);
    reader be(data, byte_order::big);
    EXPECT_EQ(be.u32(), 0x01020304u);
    EXPECT_EQ(be.u16le(), 0x0605);
}

TEST(reader, failed_read_is_sticky_and_does_not_advance) {
    bytes data{0xff, 0xee, 0xdd};
    reader r(data);
    EXPECT_EQ(r.u32(), 0u);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.offset(), 0u);
    EXPECT_EQ(r.u8(), 0u);  // even though a byte remains, the reader stays failed
    EXPECT_FALSE(r.ok());
}

TEST(reader, take_skip_seek_bounds) {
    bytes data(8, 0xab);
    reader r(data);
    EXPECT_EQ(r.take(8).size(), 8u);
    EXPECT_TRUE(r.at_end());
    EXPECT_TRUE(r.seek(8));
    EXPECT_FALSE(r.seek(9));
    EXPECT_FALSE(r.ok());
    reader r2(data);
    EXPECT_FALSE(r2.skip(9));
    EXPECT_TRUE(r2.take(1).empty());
}

TEST(reader, sub_and_slice_reject_ranges_that_wrap) {
    bytes data(16, 1);
    reader r(data);
    auto s = r.sub(4, 8);
    EXPECT_TRUE(s.ok());
    EXPECT_EQ(s.size(), 8u);
    EXPECT_TRUE(r.slice(0, 16).size() == 16);
    reader r2(data);
    auto bad = r2.sub(0xFFFFFFFFFFFFFFF0ull, 0x20);
    EXPECT_FALSE(bad.ok());
    EXPECT_FALSE(r2.ok());
    reader r3(data);
    EXPECT_TRUE(r3.slice(8, 0xFFFFFFFFFFFFFFFFull).empty());
    EXPECT_FALSE(r3.ok());
}

TEST(in_bounds, edges) {
    EXPECT_TRUE(in_bounds(0, 0, 0));
    EXPECT_TRUE(in_bounds(10, 0, 10));
    EXPECT_FALSE(in_bounds(11, 0, 10));
    EXPECT_TRUE(in_bounds(2, 8, 10));
    EXPECT_FALSE(in_bounds(3, 8, 10));
    EXPECT_FALSE(in_bounds(UINT64_MAX, 2, 10));
}

TEST(reader, align_from_start) {
    bytes data(10, 0);
    reader r(data);
    r.u8();
    r.align(8);
    EXPECT_EQ(r.offset(), 8u);
    r.u8();
    r.align(8);
    EXPECT_EQ(r.offset(), 10u);  // clamps at the end
    EXPECT_TRUE(r.ok());
}

TEST(writer, writes_patches_and_aligns) {
    writer w;
    w.u16(0x0201);
    w.u32be(0x03040506);
    auto at = w.size();
    w.u32(0);
    w.patch_u32(at, 0xdeadbeef);
    w.u8(1);
    w.align(8);
    EXPECT_EQ(to_hex(w.data()), "010203040506efbeadde010000000000");
    EXPECT_EQ(w.size() % 8, 0u);
    writer b(byte_order::big);
    b.u16(0x1234);
    b.u64le(1);
    EXPECT_EQ(to_hex(b.data()), "12340100000000000000");
}

TEST(hex, round_trip_and_rejects_bad_digits) {
    bool ok = false;
    auto b = from_hex("00 ff:10\nAb", &ok);
    EXPECT_TRUE(ok);
    EXPECT_EQ(to_hex(b), "00ff10ab");
    from_hex("0g", &ok);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(from_hex("abc", &ok).empty());
    EXPECT_FALSE(ok);
}

TEST(reader, every_truncation_of_a_structure_fails_cleanly) {
    bytes data{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (std::size_t n = 0; n < data.size(); ++n) {
        reader r(byte_span(data).first(n));
        r.u8();
        r.u16();
        r.u32();
        r.u64();
        EXPECT_FALSE(r.ok()) << n;
    }
    reader full(data);
    full.u8();
    full.u16();
    full.u32();
    full.u64();
    EXPECT_TRUE(full.ok());
}
