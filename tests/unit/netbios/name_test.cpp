#include "netbios/name.hpp"

#include <gtest/gtest.h>

using namespace smbkit;
using namespace smbkit::netbios;

namespace {
bytes encoded(const netbios_name& n) {
    writer w(byte_order::big);
    write_name(w, n);
    return w.take();
}
}  // namespace

TEST(netbios_name, make_pads_with_spaces_and_upper_cases) {
    auto n = netbios_name::make("peer8", 0x20);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->name(), "PEER8");
    EXPECT_EQ(n->suffix(), 0x20);
    EXPECT_EQ(n->raw[5], ' ');
    EXPECT_EQ(n->raw[14], ' ');
    EXPECT_EQ(n->to_string(), "PEER8<20>");
}

TEST(netbios_name, upper_casing_leaves_oem_bytes_alone) {
    auto n = netbios_name::make("ab\xe9z", 0x00);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->raw[0], 'A');
    EXPECT_EQ(n->raw[1], 'B');
    EXPECT_EQ(n->raw[2], 0xe9);
    EXPECT_EQ(n->raw[3], 'Z');
}

TEST(netbios_name, rejects_empty_long_and_nul) {
    EXPECT_FALSE(netbios_name::make("", 0x20));
    EXPECT_FALSE(netbios_name::make("ABCDEFGHIJKLMNOP", 0x20));  // 16 bytes
    EXPECT_TRUE(netbios_name::make("ABCDEFGHIJKLMNO", 0x20));    // 15 bytes
    EXPECT_FALSE(netbios_name::make(std::string_view("A\0B", 3), 0x20));
}

TEST(netbios_name, wildcard_is_star_and_nuls) {
    auto w = netbios_name::wildcard();
    EXPECT_TRUE(w.is_wildcard());
    EXPECT_EQ(w.raw[0], '*');
    for (int i = 1; i < 16; ++i) EXPECT_EQ(w.raw[i], 0) << i;
    EXPECT_EQ(first_level_encode(w.raw), "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    auto star = netbios_name::make("*", 0);
    ASSERT_TRUE(star);
    EXPECT_EQ(*star, w);
}

TEST(netbios_name, msbrowse_raw) {
    auto n = netbios_name::make_raw("\x01\x02__MSBROWSE__\x02", 0x01);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->raw[0], 1);
    EXPECT_EQ(n->raw[14], 2);
    EXPECT_EQ(n->suffix(), 1);
    EXPECT_EQ(n->to_string(), "\\x01\\x02__MSBROWSE__\\x02<01>");
}

TEST(netbios_name, parse_forms) {
    auto a = netbios_name::parse("peerwg#1c");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->name(), "PEERWG");
    EXPECT_EQ(a->suffix(), 0x1c);
    auto b = netbios_name::parse("PEER8<00>");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->suffix(), 0);
    auto c = netbios_name::parse("PEER8");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->suffix(), 0x20);
    auto d = netbios_name::parse("PEER8", 0x00);
    EXPECT_EQ(d->suffix(), 0x00);
    EXPECT_FALSE(netbios_name::parse("PEER8#zz"));
    EXPECT_FALSE(netbios_name::parse("PEER8#123"));
    EXPECT_FALSE(netbios_name::parse("#20"));
}

TEST(first_level, rfc1001_example_and_round_trip) {
    // RFC 1001 14.1: "FRED" + spaces, suffix 0x20 encodes as EGFCEFEE + CA... + CA.
    auto n = netbios_name::make("FRED", 0x20);
    ASSERT_TRUE(n);
    EXPECT_EQ(first_level_encode(n->raw), "EGFCEFEECACACACACACACACACACACACA");
    auto back = first_level_decode("EGFCEFEECACACACACACACACACACACACA");
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, n->raw);
    for (int b = 0; b < 256; ++b) {
        std::array<std::uint8_t, 16> raw{};
        raw.fill(static_cast<std::uint8_t>(b));
        auto d = first_level_decode(first_level_encode(raw));
        ASSERT_TRUE(d);
        EXPECT_EQ(*d, raw);
    }
}

TEST(first_level, rejects_bad_characters_and_lengths) {
    EXPECT_FALSE(first_level_decode("EGFCEFEECACACACACACACACACACACAC"));    // 31
    EXPECT_FALSE(first_level_decode("EGFCEFEECACACACACACACACACACACACAC"));  // 33
    EXPECT_FALSE(first_level_decode("QGFCEFEECACACACACACACACACACACACA"));   // Q > P
    EXPECT_FALSE(first_level_decode("@GFCEFEECACACACACACACACACACACACA"));
    EXPECT_FALSE(first_level_decode("1GFCEFEECACACACACACACACACACACACA"));
    EXPECT_TRUE(first_level_decode("egfcefeecacacacacacacacacacacaca"));  // lower case accepted
}

TEST(second_level, name_with_scope_round_trips) {
    auto n = netbios_name::make("peer8", 0x20, "corp.example");
    ASSERT_TRUE(n);
    auto wire = encoded(*n);
    ASSERT_EQ(wire.size(), 1u + 32 + 1 + 4 + 1 + 7 + 1);
    EXPECT_EQ(wire[0], 32);
    EXPECT_EQ(wire[33], 4);
    EXPECT_EQ(wire.back(), 0);
    reader r(wire, byte_order::big);
    auto back = read_name(r);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, *n);
    EXPECT_EQ(back->scope, "corp.example");
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(back->to_string(), "PEER8<20>.corp.example");
}

TEST(second_level, bad_scopes_rejected) {
    EXPECT_FALSE(netbios_name::make("A", 0, "bad..scope"));
    EXPECT_FALSE(netbios_name::make("A", 0, ".x"));
    EXPECT_FALSE(netbios_name::make("A", 0, std::string(64, 'x')));
    EXPECT_TRUE(netbios_name::make("A", 0, std::string(63, 'x')));
    std::string big;
    for (int i = 0; i < 4; ++i) big += std::string(60, 'a') + ".";
    big.pop_back();
    EXPECT_FALSE(netbios_name::make("A", 0, big));  // > 255 encoded
}

TEST(second_level, compression_pointer_followed) {
    auto n = netbios_name::make("PEER8", 0x00);
    bytes wire = encoded(*n);
    std::size_t first = wire.size();
    wire.push_back(0xC0);
    wire.push_back(0x00);
    reader r(wire, byte_order::big);
    ASSERT_TRUE(r.seek(first));
    auto back = read_name(r);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, *n);
    EXPECT_TRUE(r.at_end());
}

TEST(second_level, pointer_loops_and_forward_pointers_rejected) {
    bytes self{0xC0, 0x00};  // points at itself
    reader r1(self, byte_order::big);
    EXPECT_FALSE(read_name(r1));
    bytes forward{0xC0, 0x02, 0x00};
    reader r2(forward, byte_order::big);
    EXPECT_FALSE(read_name(r2));
    // A label then a pointer back into that same label run: loops unless refused.
    bytes inner{0x01, 'A', 0xC0, 0x00};
    reader r3(inner, byte_order::big);
    EXPECT_FALSE(read_domain_name(r3));
    // Two pointers bouncing: 4 -> 0 -> 2 (inside the segment that started at 0).
    bytes bounce{0x01, 'A', 0xC0, 0x01, 0xC0, 0x00};
    reader r4(bounce, byte_order::big);
    ASSERT_TRUE(r4.seek(4));
    EXPECT_FALSE(read_domain_name(r4));
}

TEST(second_level, truncations_and_reserved_label_types) {
    auto n = netbios_name::make("PEER8", 0x00);
    bytes wire = encoded(*n);
    for (std::size_t len = 0; len < wire.size(); ++len) {
        bytes cut(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(len));
        reader r(cut, byte_order::big);
        EXPECT_FALSE(read_name(r)) << len;
    }
    bytes reserved{0x40, 0x00};
    reader r(reserved, byte_order::big);
    EXPECT_FALSE(read_domain_name(r));
    bytes first_label_short{0x03, 'A', 'B', 'C', 0x00};  // a DNS name, not a NetBIOS name
    reader r2(first_label_short, byte_order::big);
    EXPECT_FALSE(read_name(r2));
    reader r3(first_label_short, byte_order::big);
    auto dn = read_domain_name(r3);
    ASSERT_TRUE(dn);
    EXPECT_EQ(dn->to_string(), "ABC");
}

TEST(second_level, total_length_bounded) {
    bytes wire;
    for (int i = 0; i < 5; ++i) {
        wire.push_back(60);
        wire.insert(wire.end(), 60, 'a');
    }
    wire.push_back(0);
    reader r(wire, byte_order::big);
    EXPECT_FALSE(read_domain_name(r));  // 305 bytes > 255
}

TEST(compressor, repeated_name_becomes_pointer) {
    auto n = netbios_name::make("PEER8", 0x20);
    writer w(byte_order::big);
    w.zeros(12);
    name_compressor c;
    c.write(w, *n);
    auto after_first = w.size();
    c.write(w, *n);
    EXPECT_EQ(w.size(), after_first + 2);
    EXPECT_EQ(w.data()[after_first], 0xC0);
    EXPECT_EQ(w.data()[after_first + 1], 12);
    auto other = netbios_name::make("PEER8", 0x00);
    c.write(w, *other);
    EXPECT_EQ(w.size(), after_first + 2 + 34);
}
