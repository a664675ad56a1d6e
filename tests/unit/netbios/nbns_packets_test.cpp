#include "netbios/nbns/packets.hpp"

#include <gtest/gtest.h>

using namespace smbkit;
using namespace smbkit::nbns;
using smbkit::netbios::netbios_name;

namespace {

netbios_name nm(std::string_view s, std::uint8_t suffix) { return *netbios_name::make(s, suffix); }

nb_address addr(std::uint8_t last, bool group = false, node_type t = node_type::b) {
    nb_address a;
    a.group = group;
    a.ont = t;
    a.ip = {127, 0, 1, last};
    return a;
}

// Encodes, decodes, compares, and returns the decoded message's kind.
packet_kind round_trip(const message& m) {
    auto wire = encode(m);
    auto back = decode(wire);
    EXPECT_TRUE(back);
    if (!back) return packet_kind::wack;
    EXPECT_EQ(*back, m);
    EXPECT_EQ(encode(*back), wire);
    auto k = classify(*back);
    EXPECT_TRUE(k);
    return k ? *k : packet_kind::wack;
}

}  // namespace

TEST(nbns_packets, name_query_request_4_2_12) {
    auto m = make_name_query(7, nm("host", 0x20), true, false);
    EXPECT_EQ(m.flags(), 0x0010);
    EXPECT_EQ(round_trip(m), packet_kind::name_query_request);
    auto u = make_name_query(8, nm("host", 0x20), false, true);
    EXPECT_EQ(u.flags(), 0x0100);
    auto wire = encode(u);
    EXPECT_EQ(wire.size(), 12u + 34 + 4);
    EXPECT_EQ(round_trip(u), packet_kind::name_query_request);
}

TEST(nbns_packets, node_status_request_4_2_17) {
    auto m = make_node_status_request(0x55fe);
    // Byte for byte what nmblookup -A sent in nbns-status.pcapng frame 7.
    EXPECT_EQ(to_hex(encode(m)),
              "55fe0000000100000000000020434b414141414141414141414141414141"
              "4141414141414141414141414141410000210001");
    EXPECT_EQ(round_trip(m), packet_kind::node_status_request);
}

TEST(nbns_packets, positive_query_response_4_2_13_multiple_addresses) {
    auto m = make_positive_query_response(9, nm("grp", 0x1c), {addr(1, true), addr(2, true, node_type::h)},
                                          300, true, true);
    EXPECT_EQ(m.flags(), 0x8580);
    EXPECT_EQ(round_trip(m), packet_kind::positive_query_response);
    auto a = first_address(m);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->ip[3], 1);
}

TEST(nbns_packets, negative_query_response_4_2_14) {
    auto m = make_negative_query_response(10, nm("nobody", 0x20));
    EXPECT_EQ(m.rcode, 3);
    EXPECT_EQ(m.answers[0].type, static_cast<std::uint16_t>(rr_type::null));
    EXPECT_EQ(round_trip(m), packet_kind::negative_query_response);
    // An NB answer with an error rcode and no RDATA is negative too (some WINS servers).
    auto nb = m;
    nb.answers[0].type = static_cast<std::uint16_t>(rr_type::nb);
    nb.answers[0].data = std::vector<nb_address>{};
    EXPECT_EQ(*classify(nb), packet_kind::negative_query_response);
}

TEST(nbns_packets, redirect_query_response_4_2_15) {
    smbkit::netbios::domain_name ns{{"wins2", "corp", "example"}};
    auto m = make_redirect_query_response(11, nm("far", 0x20), ns, {127, 0, 1, 9}, 60);
    EXPECT_TRUE(m.answers.empty());
    EXPECT_EQ(m.authority.size(), 1u);
    EXPECT_EQ(m.additional.size(), 1u);
    EXPECT_EQ(round_trip(m), packet_kind::redirect_query_response);
}

TEST(nbns_packets, node_status_response_4_2_18) {
    node_status st;
    node_name_entry e;
    e.raw = nm("host", 0x20).raw;
    e.flags.active = true;
    e.flags.ont = node_type::h;
    st.names.push_back(e);
    node_name_entry g;
    g.raw = netbios_name::make_raw("\x01\x02__MSBROWSE__\x02", 0x01)->raw;
    g.flags.group = true;
    g.flags.active = true;
    st.names.push_back(g);
    st.statistics.unit_id = {0, 0x0c, 0x29, 1, 2, 3};
    auto m = make_node_status_response(12, netbios_name::wildcard(), st);
    EXPECT_EQ(m.flags(), 0x8400);
    EXPECT_EQ(round_trip(m), packet_kind::node_status_response);
}

TEST(nbns_packets, registration_broadcast_4_2_3_and_to_server_4_2_2) {
    auto m = make_registration_request(13, nm("host", 0x00), addr(5));
    EXPECT_EQ(m.flags(), 0x2910);  // as nmbd sent in nbns-status.pcapng
    auto wire = encode(m);
    EXPECT_EQ(wire[12 + 38], 0xC0);  // additional record name is a pointer to the question
    EXPECT_EQ(wire[12 + 38 + 1], 12);
    EXPECT_EQ(wire.size(), 12u + 34 + 4 + 2 + 10 + 6);
    EXPECT_EQ(round_trip(m), packet_kind::registration_request);
    registration_options to_server;
    to_server.broadcast = false;
    auto u = make_registration_request(14, nm("host", 0x00), addr(5), to_server);
    EXPECT_EQ(u.flags(), 0x2900);
    EXPECT_EQ(u.additional[0].ttl, default_ttl);
    EXPECT_EQ(round_trip(u), packet_kind::registration_request);
}

TEST(nbns_packets, multihomed_registration_opcode_f) {
    registration_options o;
    o.multihomed = true;
    auto m = make_registration_request(15, nm("host", 0x20), addr(6, false, node_type::h), o);
    EXPECT_EQ(m.opcode, opcode::multihomed_registration);
    EXPECT_FALSE(m.broadcast);
    EXPECT_EQ(m.flags() >> 11, 0xF);
    EXPECT_EQ(round_trip(m), packet_kind::multihomed_registration_request);
}

TEST(nbns_packets, refresh_4_2_4_both_opcodes) {
    auto m8 = make_refresh_request(16, nm("host", 0x20), addr(7));
    EXPECT_EQ(m8.flags(), 0x4000);
    EXPECT_EQ(round_trip(m8), packet_kind::refresh_request);
    auto m9 = make_refresh_request(17, nm("host", 0x20), addr(7), 600, true);
    EXPECT_EQ(m9.flags(), 0x4800);
    EXPECT_EQ(round_trip(m9), packet_kind::refresh_request);
}

TEST(nbns_packets, registration_responses_4_2_5_to_4_2_8) {
    auto pos = make_registration_response(18, nm("host", 0x20), addr(8), rcode::ok, 600);
    EXPECT_EQ(pos.flags(), 0xAD80);
    EXPECT_EQ(round_trip(pos), packet_kind::registration_response);
    auto neg = make_registration_response(19, nm("host", 0x20), addr(8), rcode::act_err, 0);
    EXPECT_EQ(neg.rcode, 6);
    EXPECT_EQ(round_trip(neg), packet_kind::registration_response);
    auto cft = make_conflict_demand(20, nm("host", 0x20), addr(8));
    EXPECT_EQ(cft.flags(), 0xAD87);
    EXPECT_EQ(round_trip(cft), packet_kind::conflict_demand);
}

TEST(nbns_packets, release_4_2_9_and_4_2_10) {
    auto req = make_release_request(21, nm("host", 0x20), addr(9), true);
    EXPECT_EQ(req.flags(), 0x3010);
    EXPECT_EQ(round_trip(req), packet_kind::release_request);
    auto resp = make_release_response(21, nm("host", 0x20), addr(9));
    EXPECT_EQ(resp.flags(), 0xB400);
    EXPECT_EQ(round_trip(resp), packet_kind::release_response);
}

TEST(nbns_packets, wack_4_2_16_carries_the_request_flags) {
    registration_options o;
    o.broadcast = false;
    auto req = make_registration_request(22, nm("host", 0x20), addr(10), o);
    auto w = make_wack(req, 30);
    EXPECT_EQ(w.flags(), 0xBC00);
    EXPECT_EQ(w.answers[0].ttl, 30u);
    auto wire = encode(w);
    EXPECT_EQ(wire.size(), 12u + 34 + 10 + 2);
    EXPECT_EQ(wire[wire.size() - 2], 0x29);
    EXPECT_EQ(wire[wire.size() - 1], 0x00);
    EXPECT_EQ(round_trip(w), packet_kind::wack);
}

TEST(nbns_packets, classify_rejects_shapes_that_fit_no_packet) {
    message q;  // query request without a question
    EXPECT_FALSE(classify(q));
    q.questions.push_back({nm("x", 0), 0x99, 1});
    EXPECT_FALSE(classify(q));
    auto reg = make_registration_request(1, nm("x", 0), addr(1));
    reg.additional.clear();
    EXPECT_FALSE(classify(reg));
    message resp;
    resp.response = true;
    EXPECT_FALSE(classify(resp));  // query response with nothing in it
    message wack_req;
    wack_req.opcode = opcode::wack;
    wack_req.questions.push_back({nm("x", 0)});
    EXPECT_FALSE(classify(wack_req));
    auto bad_status = make_node_status_response(1, netbios_name::wildcard(), {});
    bad_status.answers[0].data = bytes{};
    EXPECT_FALSE(classify(bad_status));
}

TEST(nbns_packets, scope_survives_every_packet) {
    auto n = *netbios_name::make("host", 0x20, "lab.test");
    EXPECT_EQ(round_trip(make_name_query(1, n, true, false)), packet_kind::name_query_request);
    EXPECT_EQ(round_trip(make_registration_request(2, n, addr(1))), packet_kind::registration_request);
    EXPECT_EQ(round_trip(make_node_status_request(3, netbios_name::wildcard("lab.test"))),
              packet_kind::node_status_request);
}
