#include "netbios/nbns/message.hpp"

#include <gtest/gtest.h>

#include "netbios/nbns/packets.hpp"
#include "unit/netbios/nbns_vectors.hpp"

using namespace smbkit;
using namespace smbkit::nbns;

namespace {

bytes hex(std::string_view h) {
    bool ok = false;
    auto b = from_hex(h, &ok);
    EXPECT_TRUE(ok);
    return b;
}

const nbns_vectors::vector& vec(std::string_view capture, int frame) {
    for (const auto& v : nbns_vectors::all)
        if (v.capture == capture && v.frame == frame) return v;
    ADD_FAILURE() << capture << " frame " << frame;
    return nbns_vectors::all[0];
}

message decoded(std::string_view capture, int frame) {
    auto m = decode(hex(vec(capture, frame).hex));
    EXPECT_TRUE(m) << capture << " frame " << frame;
    return m ? *m : message{};
}

}  // namespace

TEST(nbns_captures, every_packet_decodes_and_re_encodes_byte_for_byte) {
    for (const auto& v : nbns_vectors::all) {
        SCOPED_TRACE(std::string(v.capture) + " frame " + std::to_string(v.frame));
        auto wire = hex(v.hex);
        auto m = decode(wire);
        ASSERT_TRUE(m);
        EXPECT_TRUE(classify(*m));
        EXPECT_EQ(to_hex(encode(*m)), to_hex(wire));
    }
}

TEST(nbns_captures, unicast_query_and_positive_response) {
    auto q = decoded("nbns-query-unicast.pcapng", 1);
    EXPECT_EQ(q.transaction_id, 0x70b1);
    EXPECT_FALSE(q.response);
    EXPECT_EQ(q.opcode, opcode::query);
    EXPECT_FALSE(q.broadcast);
    EXPECT_FALSE(q.recursion_desired);
    ASSERT_EQ(q.questions.size(), 1u);
    EXPECT_EQ(q.questions[0].name.to_string(), "PEER8<00>");
    EXPECT_EQ(q.questions[0].type, 0x20);
    EXPECT_EQ(*classify(q), packet_kind::name_query_request);

    auto r = decoded("nbns-query-unicast.pcapng", 2);
    EXPECT_TRUE(r.response);
    EXPECT_TRUE(r.authoritative);
    EXPECT_TRUE(r.recursion_desired);
    EXPECT_TRUE(r.recursion_available);
    EXPECT_EQ(r.rcode, 0);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].ttl, 259200u);
    const auto* addrs = r.answers[0].addresses();
    ASSERT_TRUE(addrs);
    ASSERT_EQ(addrs->size(), 1u);
    EXPECT_FALSE((*addrs)[0].group);
    EXPECT_EQ((*addrs)[0].ont, node_type::b);  // nmbd answers as a B node
    EXPECT_EQ((*addrs)[0].ip, (std::array<std::uint8_t, 4>{127, 0, 0, 8}));
    EXPECT_EQ(*classify(r), packet_kind::positive_query_response);
}

TEST(nbns_captures, group_query_response_has_group_flag) {
    auto r = decoded("nbns-query-group.pcapng", 2);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].name.to_string(), "PEERWG<00>");
    const auto* addrs = r.answers[0].addresses();
    ASSERT_TRUE(addrs && addrs->size() == 1);
    EXPECT_TRUE((*addrs)[0].group);
    EXPECT_EQ((*addrs)[0].flags(), 0x8000);
}

TEST(nbns_captures, broadcast_registrations_use_a_pointer_for_the_additional_record) {
    auto m = decoded("nbns-status.pcapng", 4);
    EXPECT_EQ(m.opcode, opcode::registration);
    EXPECT_TRUE(m.broadcast);
    EXPECT_TRUE(m.recursion_desired);
    ASSERT_EQ(m.additional.size(), 1u);
    EXPECT_EQ(m.additional[0].name, m.questions[0].name);
    EXPECT_EQ(m.additional[0].name.to_string(), "PEERWG<00>");
    EXPECT_EQ(m.additional[0].ttl, 0u);  // nmbd's broadcast registrations carry TTL 0
    auto a = first_address(m);
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->group);
    EXPECT_EQ(*classify(m), packet_kind::registration_request);
    auto wire = hex(vec("nbns-status.pcapng", 4).hex);
    EXPECT_EQ(wire[12 + 34 + 4], 0xC0);  // after the question name, type and class
    EXPECT_EQ(wire[12 + 34 + 4 + 1], 0x0C);
    auto browse = decoded("nbns-status.pcapng", 6);
    EXPECT_EQ(browse.questions[0].name.to_string(), "PEERWG<1d>");
    EXPECT_TRUE(browse.broadcast);
}

TEST(nbns_captures, node_status_response_name_table) {
    for (auto [cap, frame] : {std::pair{"nbns-status.pcapng", 8}, std::pair{"nbns-nbtscan.pcapng", 2}}) {
        auto req = decoded(cap, frame - 1);
        EXPECT_EQ(*classify(req), packet_kind::node_status_request);
        EXPECT_TRUE(req.questions[0].name.is_wildcard());
        auto m = decoded(cap, frame);
        EXPECT_EQ(*classify(m), packet_kind::node_status_response);
        ASSERT_EQ(m.answers.size(), 1u);
        const auto* st = m.answers[0].status();
        ASSERT_TRUE(st);
        ASSERT_EQ(st->names.size(), 5u);
        const char* names[] = {"PEER8", "PEER8", "PEER8", "PEERWG", "PEERWG"};
        std::uint8_t suffixes[] = {0x00, 0x03, 0x20, 0x00, 0x1e};
        bool groups[] = {false, false, false, true, true};
        for (int i = 0; i < 5; ++i) {
            EXPECT_EQ(st->names[i].name(), names[i]);
            EXPECT_EQ(st->names[i].suffix(), suffixes[i]);
            EXPECT_EQ(st->names[i].flags.group, groups[i]);
            EXPECT_TRUE(st->names[i].flags.active);
            EXPECT_FALSE(st->names[i].flags.permanent);
            EXPECT_EQ(st->names[i].flags.ont, node_type::b);
        }
        EXPECT_EQ(st->statistics_length, statistics_size);
        EXPECT_TRUE(st->trailing.empty());
        EXPECT_EQ(st->mac(), "00:00:00:00:00:00");
    }
    // nbtscan sets B on its unicast status request; nmblookup -A does not.
    EXPECT_TRUE(decoded("nbns-nbtscan.pcapng", 1).broadcast);
    EXPECT_FALSE(decoded("nbns-status.pcapng", 7).broadcast);
}

TEST(nbns_message, header_flags_word) {
    message m;
    m.response = true;
    m.opcode = opcode::registration;
    m.authoritative = true;
    m.recursion_desired = true;
    m.recursion_available = true;
    m.rcode = 7;
    EXPECT_EQ(m.flags(), 0xAD87);
    m = message{};
    m.opcode = opcode::multihomed_registration;
    m.broadcast = true;
    m.truncated = true;
    EXPECT_EQ(m.flags(), 0x7A10);
}

TEST(nbns_message, name_flags_and_nb_flags_bits) {
    auto f = name_flags::from_value(0x8400);
    EXPECT_TRUE(f.group);
    EXPECT_TRUE(f.active);
    EXPECT_EQ(f.ont, node_type::b);
    auto all = name_flags::from_value(0xFE00);
    EXPECT_TRUE(all.group && all.deregister && all.conflict && all.active && all.permanent);
    EXPECT_EQ(all.ont, node_type::h);
    EXPECT_EQ(all.value(), 0xFE00);
    auto p = name_flags::from_value(0x3000);
    EXPECT_EQ(p.ont, node_type::p);
    EXPECT_TRUE(p.deregister);
    EXPECT_FALSE(p.group);
    auto m = name_flags::from_value(0x4800);
    EXPECT_EQ(m.ont, node_type::m);
    EXPECT_TRUE(m.conflict);
    for (std::uint32_t v = 0; v <= 0xFFFF; v += 0x0101)
        EXPECT_EQ(name_flags::from_value(static_cast<std::uint16_t>(v)).value(), v);
    auto a = nb_address::from_flags(0xE000, {10, 0, 0, 1});
    EXPECT_TRUE(a.group);
    EXPECT_EQ(a.ont, node_type::h);
    EXPECT_EQ(a.flags(), 0xE000);
    EXPECT_STREQ(node_type_name(node_type::m), "M");
}

TEST(nbns_message, statistics_block_round_trips_every_field) {
    node_status st;
    st.names.push_back({});
    st.names[0].raw.fill(' ');
    st.names[0].raw[0] = 'X';
    st.names[0].flags.permanent = true;
    auto& s = st.statistics;
    s.unit_id = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    s.jumpers = 1;
    s.test_result = 2;
    s.version_number = 0x0302;
    s.period_of_statistics = 4;
    s.number_of_crcs = 5;
    s.number_alignment_errors = 6;
    s.number_of_collisions = 7;
    s.number_send_aborts = 8;
    s.number_good_sends = 0x01020304;
    s.number_good_receives = 0x05060708;
    s.number_retransmits = 9;
    s.number_no_resource_conditions = 10;
    s.number_free_command_blocks = 11;
    s.total_number_command_blocks = 12;
    s.max_total_number_command_blocks = 13;
    s.number_pending_sessions = 14;
    s.max_number_pending_sessions = 15;
    s.max_total_sessions_possible = 16;
    s.session_data_packet_size = 17;
    auto name = smbkit::netbios::netbios_name::wildcard();
    auto m = make_node_status_response(0x1234, name, st);
    auto wire = encode(m);
    // header 12 + name 34 + type/class/ttl/rdlength 10 + 1 + 18 + 46
    EXPECT_EQ(wire.size(), 12u + 34 + 10 + 1 + 18 + 46);
    auto back = decode(wire);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, m);
    EXPECT_EQ(back->answers[0].status()->mac(), "52:54:00:12:34:56");
}

TEST(nbns_message, short_and_padded_statistics_are_kept) {
    // Some stacks send only the unit ID; others pad the RDATA.
    for (std::size_t stats : {std::size_t{0}, std::size_t{6}, std::size_t{46}, std::size_t{52}}) {
        node_status st;
        st.names.resize(2);
        st.statistics.unit_id = {1, 2, 3, 4, 5, 6};
        if (stats < 6) st.statistics.unit_id = {};
        st.statistics_length = std::min(stats, statistics_size);
        if (stats > statistics_size) st.trailing.assign(stats - statistics_size, 0xAA);
        auto m = make_node_status_response(1, smbkit::netbios::netbios_name::wildcard(), st);
        auto wire = encode(m);
        EXPECT_EQ(wire.size(), 12u + 34 + 10 + 1 + 36 + stats);
        auto back = decode(wire);
        ASSERT_TRUE(back) << stats;
        EXPECT_EQ(*back, m) << stats;
        EXPECT_EQ(encode(*back), wire);
    }
}

TEST(nbns_malformed, every_truncation_of_every_capture_is_an_error) {
    for (const auto& v : nbns_vectors::all) {
        auto wire = hex(v.hex);
        for (std::size_t len = 0; len < wire.size(); ++len) {
            bytes cut(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(len));
            EXPECT_FALSE(decode(cut)) << v.capture << " frame " << v.frame << " len " << len;
        }
    }
}

TEST(nbns_malformed, counts_larger_than_the_packet) {
    auto wire = hex(vec("nbns-query-unicast.pcapng", 1).hex);
    for (int field = 0; field < 4; ++field) {
        auto bad = wire;
        bad[4 + 2 * field] = 0xFF;
        bad[5 + 2 * field] = 0xFF;
        EXPECT_FALSE(decode(bad)) << field;
        bad[4 + 2 * field] = 0;
        bad[5 + 2 * field] = field == 0 ? 2 : 1;
        EXPECT_FALSE(decode(bad)) << field;
    }
}

TEST(nbns_malformed, unknown_opcodes) {
    auto wire = hex(vec("nbns-query-unicast.pcapng", 1).hex);
    for (int op = 0; op < 16; ++op) {
        auto w = wire;
        w[2] = static_cast<std::uint8_t>((w[2] & 0x87) | (op << 3));
        EXPECT_EQ(decode(w).has_value(), is_known_opcode(static_cast<std::uint8_t>(op))) << op;
    }
    EXPECT_FALSE(is_known_opcode(1));
    EXPECT_FALSE(is_known_opcode(0xA));
}

TEST(nbns_malformed, bad_label_length_and_pointer_loop) {
    auto wire = hex(vec("nbns-query-unicast.pcapng", 1).hex);
    auto w = wire;
    w[12] = 31;  // first label must be the 32-character encoding
    EXPECT_FALSE(decode(w));
    w = wire;
    w[12] = 0x80;  // reserved label type
    EXPECT_FALSE(decode(w));
    w = wire;
    w[12] = 0xC0;
    w[13] = 0x0C;  // question name points at itself
    EXPECT_FALSE(decode(w));
    w = wire;
    w[13] = 'Z';  // not a half-ASCII character
    EXPECT_FALSE(decode(w));
    // The registration's pointer redirected to itself.
    auto reg = hex(vec("nbns-status.pcapng", 1).hex);
    reg[12 + 38 + 1] = static_cast<std::uint8_t>(12 + 38);
    EXPECT_FALSE(decode(reg));
}

TEST(nbns_malformed, rdlength_past_the_end_and_name_count_too_large) {
    auto wire = hex(vec("nbns-query-unicast.pcapng", 2).hex);
    auto w = wire;
    w[w.size() - 7] = 7;  // RDLENGTH 6 -> 7
    EXPECT_FALSE(decode(w));
    auto st = hex(vec("nbns-nbtscan.pcapng", 2).hex);
    std::size_t num_names = 12 + 34 + 10;
    EXPECT_EQ(st[num_names], 5);
    st[num_names] = 10;  // 10 * 18 > RDLENGTH
    EXPECT_FALSE(decode(st));
}

TEST(nbns_message, trailing_bytes_are_ignored) {
    auto wire = hex(vec("nbns-query-unicast.pcapng", 1).hex);
    wire.push_back(0);
    wire.push_back(0);
    auto m = decode(wire);
    ASSERT_TRUE(m);
    EXPECT_EQ(encode(*m).size(), wire.size() - 2);
}

TEST(nbns_message, describe_line) {
    auto m = decoded("nbns-query-unicast.pcapng", 2);
    EXPECT_EQ(describe(m), "query response PEER8<00> id=0x70b1 AA RD RA");
}
