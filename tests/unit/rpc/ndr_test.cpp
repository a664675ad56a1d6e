// NDR 2.0 primitives: C706 14.2.2 alignment, 14.3.4.2 strings, 14.3.10 pointers.
#include "rpc/ndr.hpp"

#include <gtest/gtest.h>

namespace smbkit::rpc {
namespace {

TEST(ndr, scalars_align_to_their_size_from_the_stub_start) {
    ndr_writer w;
    w.u8(1);
    w.u32(2);  // 3 bytes of padding
    w.u8(3);
    w.u16(4);  // 1 byte
    w.u64(5);  // 4 bytes to offset 16
    EXPECT_EQ(to_hex(w.take()),
              "01000000020000000300040000000000"
              "0500000000000000");

    bytes in = from_hex(
        "01000000020000000300040000000000"
        "0500000000000000");
    ndr_reader r(in);
    EXPECT_EQ(r.u8(), 1);
    EXPECT_EQ(r.u32(), 2u);
    EXPECT_EQ(r.u8(), 3);
    EXPECT_EQ(r.u16(), 4);
    EXPECT_EQ(r.u64(), 5u);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(r.u8(), 0);
    EXPECT_FALSE(r.ok());
}

TEST(ndr, alignment_padding_past_the_end_fails_the_next_read) {
    bytes in = from_hex("0100");
    ndr_reader r(in);
    r.u8();
    EXPECT_EQ(r.u32(), 0u);
    EXPECT_FALSE(r.ok());
}

TEST(ndr, conformant_varying_wide_string) {
    ndr_writer w;
    w.wstring("ab");
    w.u32(7);  // aligned after the 6-byte string body
    EXPECT_EQ(to_hex(w.take()),
              "03000000"
              "00000000"
              "03000000"
              "610062000000"
              "0000"
              "07000000");
    ndr_writer e;
    e.wstring("");
    EXPECT_EQ(to_hex(e.take()),
              "01000000"
              "00000000"
              "01000000"
              "0000");
}

TEST(ndr, wide_string_non_ascii_round_trip) {
    ndr_writer w;
    w.wstring("Ünïcødé 日本 𝄞");
    bytes b = w.take();
    ndr_reader r(b);
    EXPECT_EQ(r.wstring(), "Ünïcødé 日本 𝄞");
    EXPECT_TRUE(r.ok());
}

TEST(ndr, wide_string_reader_rejects_bad_forms) {
    auto read = [](std::string_view h) {
        bytes b = from_hex(h);
        ndr_reader r(b);
        auto s = r.wstring();
        return std::make_pair(s, r.ok());
    };
    EXPECT_EQ(read("030000000000000003000000610062000000").first, "ab");
    // max 2 < actual 3
    EXPECT_FALSE(read("020000000000000003000000610062000000").second);
    // offset 1
    EXPECT_FALSE(read("030000000100000002000000620000000000").second);
    // no terminator: impacket sends names so; taken as they are
    EXPECT_EQ(read("020000000000000002000000610062000000").first, "ab");
    EXPECT_EQ(read("010000000000000001000000610000").first, "a");
    // actual 0
    EXPECT_FALSE(read("010000000000000000000000").second);
    // actual longer than the data
    EXPECT_FALSE(read("ffffff7f00000000ffffff7f61006200").second);
    // unpaired surrogate
    EXPECT_FALSE(read("02000000000000000200000000d80000").second);
    // embedded NUL: "a\0b" is the C string "a"; impacket's ten NULs are ""
    EXPECT_EQ(read("04000000000000000400000061000000620000000000").first, "a");
    EXPECT_EQ(read("0a000000000000000a0000000000000000000000000000000000000000000000").first, "");
}

TEST(ndr, unique_pointers_take_fresh_referent_ids) {
    ndr_writer w;
    w.unique_ptr(true);
    w.unique_ptr(false);
    w.unique_ptr(true);
    EXPECT_EQ(to_hex(w.take()),
              "00000200"
              "00000000"
              "04000200");
}

TEST(ndr, unique_wide_string_top_level) {
    ndr_writer w;
    w.unique_wstring(std::string("x"));
    w.unique_wstring(std::nullopt);
    bytes b = w.take();
    EXPECT_EQ(to_hex(b),
              "00000200"
              "02000000"
              "00000000"
              "02000000"
              "78000000"
              "00000000");
    ndr_reader r(b);
    EXPECT_EQ(r.unique_wstring(), "x");
    EXPECT_EQ(r.unique_wstring(), std::nullopt);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.at_end());
}

TEST(ndr, full_pointers_alias_by_identity) {
    int a = 0, b = 0;
    ndr_writer w;
    EXPECT_TRUE(w.full_ptr(&a));
    EXPECT_TRUE(w.full_ptr(&b));
    EXPECT_FALSE(w.full_ptr(&a));
    EXPECT_FALSE(w.full_ptr(nullptr));
    bytes out = w.take();
    EXPECT_EQ(to_hex(out),
              "00000200"
              "04000200"
              "00000200"
              "00000000");

    ndr_reader r(out);
    EXPECT_EQ(r.full_ptr(), std::make_pair(0x20000u, true));
    EXPECT_EQ(r.full_ptr(), std::make_pair(0x20004u, true));
    EXPECT_EQ(r.full_ptr(), std::make_pair(0x20000u, false));
    EXPECT_EQ(r.full_ptr(), std::make_pair(0u, false));
}

TEST(ndr, conformance_is_bounded_by_the_data) {
    bytes b = from_hex("ffffffff00000000");
    ndr_reader r(b);
    EXPECT_EQ(r.conformance(1), 0u);
    EXPECT_FALSE(r.ok());

    bytes c = from_hex("0400000001020304");
    ndr_reader ok(c);
    EXPECT_EQ(ok.conformance(1), 4u);
    EXPECT_EQ(ok.bytes_of(4).size(), 4u);
    EXPECT_TRUE(ok.ok());
}

TEST(ndr, conformant_bytes) {
    ndr_writer w;
    w.u8(9);
    bytes payload{1, 2, 3};
    w.conformant_bytes(payload);
    EXPECT_EQ(to_hex(w.take()),
              "09000000"
              "03000000"
              "010203");
}

}  // namespace
}  // namespace smbkit::rpc
