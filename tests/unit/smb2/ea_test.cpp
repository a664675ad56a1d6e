// MS-FSCC 2.4.15 EA lists and the FileFullEaInformation query answer (smb2/fscc/ea.hpp).
#include <gtest/gtest.h>

#include "smb2/fscc/ea.hpp"

namespace smbkit::smb2::fscc {
namespace {

namespace qf = ea_query_flags;

bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

bytes encoded(const std::vector<full_ea>& l) {
    writer w;
    encode_full_ea_list(w, l);
    return w.take();
}

void put32(bytes& v, std::size_t at, std::uint32_t x) {
    for (int i = 0; i < 4; ++i) v[at + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

const std::vector<full_ea> two{{0, "EAONE", b("VALUE1")}, {0, "SECONDEA", b("ValueTwo")}};

TEST(smb2_ea, ListRoundTripAndWireLayout) {
    bytes w = encoded(two);
    // 8 + 5 + 1 + 6 = 20 (already aligned), then 8 + 8 + 1 + 8 = 25 unpadded.
    ASSERT_EQ(w.size(), 45u);
    EXPECT_EQ(w[0], 20);  // NextEntryOffset of the first
    EXPECT_EQ(w[5], 5);   // EaNameLength
    EXPECT_EQ(w[6], 6);   // EaValueLength
    EXPECT_EQ(w[8 + 5], 0);
    EXPECT_EQ(full_ea_list_size(two), 45u);
    EXPECT_EQ(full_ea_list_size({}), 0u);
    auto d = decode_full_ea_list(w);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, two);
    // Padding between entries: "a"/"1" is 11 bytes, the next starts at 12.
    std::vector<full_ea> odd{{file_need_ea, "a", b("1")}, {0, "b", b("22")}};
    bytes o = encoded(odd);
    EXPECT_EQ(o[0], 12);
    EXPECT_EQ(o.size(), 12u + 12u);
    EXPECT_EQ(full_ea_list_size(odd), 24u);
    EXPECT_EQ(*decode_full_ea_list(o), odd);
    EXPECT_TRUE(decode_full_ea_list({})->empty());
}

TEST(smb2_ea, MalformedListsAreInconsistent) {
    const bytes good = encoded(two);
    auto status = [](const bytes& v) {
        auto r = decode_full_ea_list(v);
        return r ? std::string("ok") : ntstatus_string(r.error());
    };
    const std::string bad = "STATUS_EA_LIST_INCONSISTENT";
    // Every proper prefix is cut inside an entry or leaves the chain pointing past the end.
    for (std::size_t n = 1; n < good.size(); ++n)
        EXPECT_EQ(status(bytes(good.begin(), good.begin() + n)), bad) << n;
    // NextEntryOffset must be exactly the aligned entry size (IoCheckEaBufferValidity).
    for (std::uint32_t next : {4u, 16u, 19u, 22u, 24u, 0xFFFFFFFCu, 0x80000000u}) {
        bytes v = good;
        put32(v, 0, next);
        EXPECT_EQ(status(v), bad) << next;
    }
    // An offset that lands exactly on the end leaves an empty entry.
    bytes ends = good;
    ends.resize(20);
    EXPECT_EQ(status(ends), bad);
    // An unterminated name.
    bytes unterminated = good;
    unterminated[8 + 5] = 'X';
    EXPECT_EQ(status(unterminated), bad);
    // A value running past the end, and a name that does.
    bytes long_value = good;
    long_value[20 + 6] = 0xFF;
    EXPECT_EQ(status(long_value), bad);
    bytes long_name = good;
    long_name[20 + 5] = 200;
    EXPECT_EQ(status(long_name), bad);
    // Bytes after the last entry are ignored, as Windows ignores them.
    bytes trailing = good;
    trailing.push_back(0xAA);
    EXPECT_EQ(status(trailing), "ok");
    // A header alone, shorter than a header.
    EXPECT_EQ(status(bytes(7, 0)), bad);
    EXPECT_EQ(status(bytes(8, 0)), bad);  // name length 0 but no terminator
    EXPECT_EQ(status(bytes(9, 0)), "ok");  // an empty name: for the name rules to refuse
}

TEST(smb2_ea, GetListsDecodeAndRefuseBadChains) {
    std::vector<std::string> names{"EAONE", "x", "SECONDEA"};
    writer w;
    encode_get_ea_list(w, names);
    bytes v = w.take();
    auto d = decode_get_ea_list(v);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, names);
    for (std::size_t n = 1; n < v.size(); ++n) {
        auto r = decode_get_ea_list(byte_span(v.data(), n));
        ASSERT_FALSE(r) << n;
        EXPECT_EQ(r.error(), ntstatus::ea_list_inconsistent);
    }
    bytes unaligned = v;
    put32(unaligned, 0, 13);
    EXPECT_FALSE(decode_get_ea_list(unaligned));
    bytes inside = v;
    put32(inside, 0, 4);
    EXPECT_FALSE(decode_get_ea_list(inside));
    bytes no_nul = v;
    no_nul[5 + 5] = 'Z';
    EXPECT_FALSE(decode_get_ea_list(no_nul));
}

TEST(smb2_ea, NameRules) {
    EXPECT_TRUE(is_valid_ea_name("EAONE"));
    EXPECT_TRUE(is_valid_ea_name("with space.and-dots_~!@#$%^&()"));
    EXPECT_TRUE(is_valid_ea_name(std::string(255, 'n')));
    EXPECT_FALSE(is_valid_ea_name(std::string(256, 'n')));
    EXPECT_FALSE(is_valid_ea_name(""));
    for (char c : std::string("\"*+,/:;<=>?[\\]|"))
        EXPECT_FALSE(is_valid_ea_name(std::string("TEST_") + c)) << c;
    for (int c = 1; c < 0x20; ++c)
        EXPECT_FALSE(is_valid_ea_name(std::string("TEST_") + static_cast<char>(c))) << c;
    EXPECT_FALSE(is_valid_ea_name(std::string("a\0b", 3)));
    EXPECT_TRUE(ea_names_equal("NewEA", "NEWEA"));
    EXPECT_FALSE(ea_names_equal("NewEA", "NewEB"));
    EXPECT_FALSE(ea_names_equal("a", "ab"));
}

std::vector<full_ea> answer_list(const ea_answer& a) {
    auto d = decode_full_ea_list(a.output);
    EXPECT_TRUE(d);
    return d ? *d : std::vector<full_ea>{};
}

TEST(smb2_ea, ScanReturnsWhatFitsAndResumes) {
    const std::vector<full_ea> three{{0, "A", b("1111")}, {0, "BB", b("22")}, {0, "CCC", b("3")}};
    ea_query q;
    q.max_output = 65536;
    auto all = answer_ea_query(three, q, 0);
    EXPECT_EQ(all.status, ntstatus::success);
    EXPECT_EQ(answer_list(all), three);
    EXPECT_EQ(all.output.size(), full_ea_list_size(three));
    EXPECT_EQ(all.next_position, 3u);
    // Resuming at the end: no more; restarting: all again.
    EXPECT_EQ(answer_ea_query(three, q, 3).status, ntstatus::no_more_eas);
    q.flags = qf::restart_scan;
    EXPECT_EQ(answer_ea_query(three, q, 3).status, ntstatus::success);

    // Room for two entries: the first two and BUFFER_OVERFLOW, then the rest.
    q.flags = 0;
    q.max_output = 16 + 14;  // "A" entry padded to 16, "BB" is 8 + 2 + 1 + 2 = 13
    auto part = answer_ea_query(three, q, 0);
    EXPECT_EQ(part.status, ntstatus::buffer_overflow);
    ASSERT_EQ(answer_list(part).size(), 2u);
    EXPECT_EQ(part.next_position, 2u);
    auto rest = answer_ea_query(three, q, part.next_position);
    EXPECT_EQ(rest.status, ntstatus::success);
    ASSERT_EQ(answer_list(rest).size(), 1u);
    EXPECT_EQ(answer_list(rest)[0].name, "CCC");

    // Not even one: BUFFER_TOO_SMALL and the position stays.
    q.max_output = 13;
    auto none = answer_ea_query(three, q, 0);
    EXPECT_EQ(none.status, ntstatus::buffer_too_small);
    EXPECT_TRUE(none.output.empty());
    EXPECT_EQ(none.next_position, 0u);

    // One at a time.
    q.max_output = 65536;
    q.flags = qf::return_single_entry;
    std::uint32_t pos = 0;
    for (const auto& want : three) {
        auto one = answer_ea_query(three, q, pos);
        EXPECT_EQ(one.status, ntstatus::success);
        ASSERT_EQ(answer_list(one).size(), 1u);
        EXPECT_EQ(answer_list(one)[0], want);
        pos = one.next_position;
    }
    EXPECT_EQ(answer_ea_query(three, q, pos).status, ntstatus::no_more_eas);
    EXPECT_EQ(answer_ea_query({}, q, 0).status, ntstatus::no_eas_on_file);
}

TEST(smb2_ea, IndexSpecified) {
    const std::vector<full_ea> three{{0, "A", b("1")}, {0, "B", b("2")}, {0, "C", b("3")}};
    ea_query q;
    q.max_output = 65536;
    q.flags = qf::index_specified | qf::return_single_entry;
    q.index = 2;
    auto second = answer_ea_query(three, q, 0);
    EXPECT_EQ(second.status, ntstatus::success);
    ASSERT_EQ(answer_list(second).size(), 1u);
    EXPECT_EQ(answer_list(second)[0].name, "B");
    EXPECT_EQ(second.next_position, 2u);
    q.index = 4;  // just past the last
    EXPECT_EQ(answer_ea_query(three, q, 0).status, ntstatus::no_more_eas);
    q.index = 5;
    EXPECT_EQ(answer_ea_query(three, q, 0).status, ntstatus::nonexistent_ea_entry);
    q.index = 0;
    EXPECT_EQ(answer_ea_query(three, q, 0).status, ntstatus::nonexistent_ea_entry);
    q.index = 1;
    EXPECT_EQ(answer_ea_query({}, q, 0).status, ntstatus::nonexistent_ea_entry);
}

TEST(smb2_ea, GetListPicksNamedEas) {
    const std::vector<full_ea> eas{{0, "EAONE", b("VALUE1")}, {0, "SecondEA", b("ValueTwo")}};
    ea_query q;
    q.max_output = 65536;
    writer g;
    encode_get_ea_list(g, std::vector<std::string>{"secondea", "missing", "SECONDEA"});
    q.get_list = g.take();
    auto a = answer_ea_query(eas, q, 0);
    EXPECT_EQ(a.status, ntstatus::success);
    auto l = answer_list(a);
    ASSERT_EQ(l.size(), 2u);  // the repeated name once
    EXPECT_EQ(l[0], eas[1]);  // the stored spelling
    EXPECT_EQ(l[1].name, "missing");
    EXPECT_TRUE(l[1].value.empty());
    // A file without EAs still answers a named query, with empty values.
    EXPECT_EQ(answer_ea_query({}, q, 0).status, ntstatus::success);
    // Not all fit: BUFFER_OVERFLOW and nothing.
    q.max_output = 30;
    auto over = answer_ea_query(eas, q, 0);
    EXPECT_EQ(over.status, ntstatus::buffer_overflow);
    EXPECT_TRUE(over.output.empty());
    // A single entry.
    q.max_output = 65536;
    q.flags = qf::return_single_entry;
    EXPECT_EQ(answer_list(answer_ea_query(eas, q, 0)).size(), 1u);
    // Bad names and bad lists.
    q.flags = 0;
    writer bad;
    encode_get_ea_list(bad, std::vector<std::string>{"ok", "no:colon"});
    q.get_list = bad.take();
    EXPECT_EQ(answer_ea_query(eas, q, 0).status, ntstatus::invalid_ea_name);
    q.get_list = bytes{1, 0, 0, 0, 9};
    EXPECT_EQ(answer_ea_query(eas, q, 0).status, ntstatus::ea_list_inconsistent);
}

}  // namespace
}  // namespace smbkit::smb2::fscc
