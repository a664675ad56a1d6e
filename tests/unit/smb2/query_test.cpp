// QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO, SET_INFO, OPLOCK_BREAK.
#include "smb2/change_notify.hpp"
#include "smb2/info.hpp"
#include "smb2/oplock_break.hpp"
#include "smb2/query_directory.hpp"
#include "smb2/simple.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::test;

TEST(smb2_query_directory, round_trips) {
    query_directory_request q;
    q.flags = query_directory_flags::restart_scans;
    q.id = {9, 10};
    q.pattern = "*";
    q.output_buffer_length = 65536;
    expect_round_trip(q);
    q.pattern.clear();
    expect_round_trip(q);
    query_directory_response r{bytes(104, 3)};
    expect_round_trip(r);
    expect_round_trip(query_directory_response{});
}

TEST(smb2_query_directory, decodes_and_reencodes_captures) {
    int n = 0;
    for (const auto& m : messages_of(command::query_directory, false)) {
        auto d = query_directory_request::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_FALSE(d->pattern.empty());
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::query_directory, true)) {
        if (status_of(m.data) == ntstatus::no_more_files) continue;
        auto d = query_directory_response::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_FALSE(d->output.empty());
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 15);
}

TEST(smb2_query_directory, malformed) {
    query_directory_request q;
    q.pattern = "*.txt";
    auto wire = encode_message(q);
    expect_truncations_fail<query_directory_request>(wire);
    EXPECT_FALSE(query_directory_request::decode(patched16(wire, 64, 32)));
    EXPECT_FALSE(query_directory_request::decode(patched16(wire, 64 + 26, 0xFFFF)));
    EXPECT_FALSE(query_directory_request::decode(patched16(wire, 64 + 24, 90)));
    auto bad = wire;
    bad[97] = 0xDC;
    EXPECT_EQ(query_directory_request::decode(bad).error(), ntstatus::object_name_invalid);
    query_directory_response r{bytes(4, 1)};
    auto rw = encode_message(r);
    expect_truncations_fail<query_directory_response>(rw);
    EXPECT_FALSE(query_directory_response::decode(patched32(rw, 68, 0xFFFFFFFF)));
    EXPECT_FALSE(query_directory_response::decode(patched16(rw, 66, 0)));
    EXPECT_FALSE(query_directory_response::decode(patched16(rw, 64, 8)));
}

TEST(smb2_change_notify, round_trips) {
    change_notify_request c;
    c.flags = change_notify_flags::watch_tree;
    c.output_buffer_length = 4096;
    c.id = {1, 2};
    c.completion_filter = notify_filter::file_name | notify_filter::dir_name;
    expect_round_trip(c);
    auto cw = encode_message(c);
    expect_truncations_fail<change_notify_request>(cw);
    EXPECT_FALSE(change_notify_request::decode(patched16(cw, 64, 33)));
    std::vector<file_notify_information> list{{notify_action::added, "a.txt"},
                                              {notify_action::renamed_old_name, "b"},
                                              {notify_action::renamed_new_name, "ç"}};
    auto out = encode_notify_information(list);
    auto back = decode_notify_information(out);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, list);
    EXPECT_EQ(out[0] % 4, 0);
    EXPECT_FALSE(decode_notify_information(patched32(out, 0, 0xFFFFFFFC)));
    EXPECT_FALSE(decode_notify_information(patched32(out, 0, 6)));
    EXPECT_FALSE(decode_notify_information(patched32(out, 8, 0xFFFFFFFF)));
    expect_round_trip(change_notify_response{out});
}

TEST(smb2_query_info, round_trips) {
    query_info_request q;
    q.info_type = info_type::security;
    q.output_buffer_length = 4096;
    q.additional_information = security_information::owner | security_information::dacl;
    q.id = {4, 5};
    expect_round_trip(q);
    q.info_type = info_type::file;
    q.file_info_class = file_info_class::full_ea;
    q.input = bytes{0, 0, 0, 0, 1, 'a', 0, 0};
    q.flags = query_info_flags::restart_scan;
    expect_round_trip(q);
    expect_round_trip(query_info_response{bytes(24, 1)});
    set_info_request s;
    s.file_info_class = file_info_class::end_of_file;
    s.buffer = bytes(8, 0);
    s.id = {1, 1};
    expect_round_trip(s);
    expect_round_trip(set_info_response{});
    auto sr = encode_message(set_info_response{});
    EXPECT_EQ(sr.size(), header_size + 2);
    expect_truncations_fail<set_info_response>(sr);
    EXPECT_FALSE(set_info_response::decode(patched16(sr, 64, 4)));
}

TEST(smb2_query_info, decodes_and_reencodes_captures) {
    int n = 0;
    for (const auto& m : messages_of(command::query_info, false)) {
        auto d = query_info_request::decode(m.data);
        ASSERT_TRUE(d);
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::query_info, true)) {
        auto d = query_info_response::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_FALSE(d->output.empty());
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 10);
}

TEST(smb2_query_info, malformed) {
    query_info_request q;
    q.input = bytes(8, 1);
    auto wire = encode_message(q);
    expect_truncations_fail<query_info_request>(wire);
    EXPECT_FALSE(query_info_request::decode(patched16(wire, 64, 40)));
    EXPECT_FALSE(query_info_request::decode(patched32(wire, 64 + 12, 0xFFFFFFFF)));
    EXPECT_FALSE(query_info_request::decode(patched16(wire, 64 + 8, 0xFFFF)));
    EXPECT_FALSE(query_info_request::decode(patched16(wire, 64 + 8, 64)));
    set_info_request s;
    s.buffer = bytes(40, 2);
    auto sw = encode_message(s);
    expect_truncations_fail<set_info_request>(sw);
    EXPECT_FALSE(set_info_request::decode(patched16(sw, 64, 32)));
    EXPECT_FALSE(set_info_request::decode(patched32(sw, 64 + 4, 0xFFFFFFFF)));
    EXPECT_FALSE(set_info_request::decode(patched16(sw, 64 + 8, 0xFFFF)));
    EXPECT_FALSE(set_info_request::decode(patched16(sw, 64 + 8, 80)));
}

TEST(smb2_oplock_break, all_forms_round_trip_and_classify) {
    oplock_break o{oplock_level::level_ii, {1, 2}};
    expect_round_trip(o);
    lease_break_notification n;
    n.new_epoch = 2;
    n.flags = lease_flags::ack_required;
    n.lease_key[0] = 0xAA;
    n.current_lease_state = lease_state::read_caching | lease_state::write_caching;
    n.new_lease_state = lease_state::read_caching;
    expect_round_trip(n);
    lease_break_ack a;
    a.lease_key[0] = 0xAA;
    a.lease_state = lease_state::read_caching;
    expect_round_trip(a);
    EXPECT_EQ(*classify_oplock_break(encode_message(o)), oplock_break_kind::oplock);
    EXPECT_EQ(*classify_oplock_break(encode_message(n)), oplock_break_kind::lease_notification);
    EXPECT_EQ(*classify_oplock_break(encode_message(a)), oplock_break_kind::lease_ack);
    auto ow = encode_message(o);
    EXPECT_FALSE(classify_oplock_break(patched16(ow, 64, 25)));
    EXPECT_FALSE(classify_oplock_break(byte_span(ow).first(65)));
    expect_truncations_fail<oplock_break>(ow);
    expect_truncations_fail<lease_break_notification>(encode_message(n));
    expect_truncations_fail<lease_break_ack>(encode_message(a));
    EXPECT_FALSE(lease_break_ack::decode(ow));
    EXPECT_FALSE(oplock_break::decode(encode_message(a)));
}
