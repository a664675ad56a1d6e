// C706 12.6 PDU codec against the PDUs of smb2-share-enum.pcapng.
#include "rpc/pdu.hpp"

#include <gtest/gtest.h>

#include "unit/rpc/vectors.hpp"

namespace smbkit::rpc {
namespace {

using test::hex;

TEST(pdu, uuid_text_round_trip) {
    auto u = parse_uuid("4b324fc8-1670-01d3-1278-5a47bf6ee188");
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->time_low, 0x4b324fc8u);
    EXPECT_EQ(u->time_mid, 0x1670);
    EXPECT_EQ(u->time_hi_and_version, 0x01d3);
    EXPECT_EQ(u->node[0], 0x12);
    EXPECT_EQ(u->node[7], 0x88);
    EXPECT_EQ(to_string(*u), "4b324fc8-1670-01d3-1278-5a47bf6ee188");
    EXPECT_EQ(to_string(*parse_uuid("8A885D04-1CEB-11C9-9FE8-08002B104860")),
              "8a885d04-1ceb-11c9-9fe8-08002b104860");
    for (auto bad :
         {"", "4b324fc8-1670-01d3-1278-5a47bf6ee18", "4b324fc8x1670-01d3-1278-5a47bf6ee188",
          "4b324fc8-1670-01d3-1278-5a47bf6ee18g", "4b324fc8-1670-01d3-1278-5a47bf6ee1888"})
        EXPECT_FALSE(parse_uuid(bad).has_value()) << bad;
}

TEST(pdu, decodes_smbclient_bind) {
    bytes raw = hex(test::samba_bind_hex);
    auto p = decode_pdu(raw);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->hdr.type, ptype::bind);
    EXPECT_EQ(p->hdr.frag_length, raw.size());
    EXPECT_EQ(p->hdr.call_id, 1u);
    EXPECT_TRUE(p->hdr.little_endian());
    const auto& b = std::get<bind_body>(p->body);
    EXPECT_EQ(b.max_xmit_frag, 4280);
    EXPECT_EQ(b.max_recv_frag, 4280);
    EXPECT_EQ(b.assoc_group_id, 0u);
    ASSERT_EQ(b.contexts.size(), 1u);
    EXPECT_EQ(b.contexts[0].context_id, 0);
    EXPECT_EQ(to_string(b.contexts[0].abstract_syntax.id), "4b324fc8-1670-01d3-1278-5a47bf6ee188");
    EXPECT_EQ(b.contexts[0].abstract_syntax.major(), 3);
    EXPECT_EQ(b.contexts[0].abstract_syntax.minor(), 0);
    ASSERT_EQ(b.contexts[0].transfer_syntaxes.size(), 1u);
    EXPECT_EQ(b.contexts[0].transfer_syntaxes[0], ndr20_syntax());
    EXPECT_EQ(encode_pdu(*p), raw);
}

TEST(pdu, decodes_samba_bind_ack) {
    bytes raw = hex(test::samba_bind_ack_hex);
    auto p = decode_pdu(raw);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->hdr.type, ptype::bind_ack);
    const auto& a = std::get<bind_ack_body>(p->body);
    EXPECT_EQ(a.assoc_group_id, 0xd6a0u);
    EXPECT_EQ(a.secondary_address, "\\pipe\\srvsvc");
    ASSERT_EQ(a.results.size(), 1u);
    EXPECT_EQ(a.results[0].result, context_result_code::acceptance);
    EXPECT_EQ(a.results[0].transfer_syntax, ndr20_syntax());
    EXPECT_EQ(encode_pdu(*p), raw);
}

TEST(pdu, decodes_smbclient_request_and_samba_response) {
    bytes req = hex(test::samba_share_enum_request_hex);
    auto q = decode_pdu(req);
    ASSERT_TRUE(q.has_value());
    const auto& r = std::get<request_body>(q->body);
    EXPECT_EQ(q->hdr.call_id, 2u);
    EXPECT_EQ(r.opnum, 15);
    EXPECT_EQ(r.context_id, 0);
    EXPECT_EQ(r.alloc_hint, 68u);
    EXPECT_EQ(r.stub.size(), 68u);
    EXPECT_FALSE(r.object.has_value());
    EXPECT_EQ(encode_pdu(*q), req);

    bytes rsp = hex(test::samba_share_enum_response_hex);
    auto s = decode_pdu(rsp);
    ASSERT_TRUE(s.has_value());
    const auto& b = std::get<response_body>(s->body);
    EXPECT_EQ(b.alloc_hint, 260u);
    EXPECT_EQ(b.stub.size(), 260u);
    EXPECT_EQ(encode_pdu(*s), rsp);
}

TEST(pdu, every_truncation_of_a_real_request_is_refused) {
    bytes req = hex(test::samba_share_enum_request_hex);
    for (std::size_t n = 0; n < req.size(); ++n) {
        EXPECT_FALSE(decode_pdu(byte_span(req.data(), n)).has_value()) << n;
        EXPECT_EQ(decode_header(byte_span(req.data(), n)).has_value(), n >= header_size) << n;
    }
}

TEST(pdu, header_checks) {
    bytes raw = hex(test::samba_bind_hex);
    auto with = [&](std::size_t at, std::uint8_t v) {
        bytes b = raw;
        b[at] = v;
        return b;
    };
    EXPECT_EQ(decode_header(with(0, 4)).error(), ntstatus::not_supported);
    EXPECT_EQ(decode_header(with(1, 2)).error(), ntstatus::not_supported);
    EXPECT_TRUE(decode_header(with(1, 1)).has_value());    // 5.1 is in use
    EXPECT_FALSE(decode_header(with(8, 15)).has_value());  // frag_length below the header
    // auth_length that does not fit the fragment.
    bytes b = with(10, 0x40);
    EXPECT_FALSE(decode_header(b).has_value());
    // frag_length larger than what is there.
    EXPECT_FALSE(decode_pdu(with(8, 0x49)).has_value());
}

TEST(pdu, big_endian_header_and_body) {
    // The bind of C706 in big-endian representation: same fields, other byte order.
    writer w(byte_order::big);
    w.u8(5);
    w.u8(0);
    w.u8(11);
    w.u8(3);
    w.u8(0x00);
    w.u8(0);
    w.u8(0);
    w.u8(0);
    w.u16(0);
    w.u16(0);
    w.u32(7);
    w.u16(4280);
    w.u16(2048);
    w.u32(0);
    w.u8(1);
    w.zeros(3);
    w.u16(0);
    w.u8(1);
    w.u8(0);
    w.u32(0x4b324fc8);
    w.u16(0x1670);
    w.u16(0x01d3);
    w.put(byte_span(hex("12785a47bf6ee188")));
    w.u32(3);
    w.u32(0x8a885d04);
    w.u16(0x1ceb);
    w.u16(0x11c9);
    w.put(byte_span(hex("9fe808002b104860")));
    w.u32(2);
    w.patch_u16be(8, static_cast<std::uint16_t>(w.size()));
    auto p = decode_pdu(w.data());
    ASSERT_TRUE(p.has_value());
    EXPECT_FALSE(p->hdr.little_endian());
    EXPECT_EQ(p->hdr.call_id, 7u);
    const auto& b = std::get<bind_body>(p->body);
    EXPECT_EQ(b.max_recv_frag, 2048);
    EXPECT_EQ(to_string(b.contexts[0].abstract_syntax.id), "4b324fc8-1670-01d3-1278-5a47bf6ee188");
    EXPECT_EQ(b.contexts[0].transfer_syntaxes[0], ndr20_syntax());
}

TEST(pdu, fault_and_bind_nak_round_trip) {
    pdu f;
    f.hdr.type = ptype::fault;
    f.hdr.call_id = 9;
    f.hdr.flags = pfc_first_frag | pfc_last_frag | pfc_did_not_execute;
    f.body = fault_body{0, 3, 0, nca_s_op_rng_error};
    bytes fb = encode_pdu(f);
    EXPECT_EQ(fb.size(), 32u);
    EXPECT_EQ(to_hex(fb),
              "05000323100000002000000009000000000000000300000002000"
              "11c00000000");
    auto fd = decode_pdu(fb);
    ASSERT_TRUE(fd.has_value());
    EXPECT_EQ(std::get<fault_body>(fd->body).status, nca_s_op_rng_error);
    EXPECT_EQ(std::get<fault_body>(fd->body).context_id, 3);

    pdu n;
    n.hdr.type = ptype::bind_nak;
    n.hdr.call_id = 1;
    n.body = bind_nak_body{bind_nak_reason::protocol_version_not_supported, {{5, 0}}};
    bytes nb = encode_pdu(n);
    EXPECT_EQ(nb.size() % 4, 0u);
    auto nd = decode_pdu(nb);
    ASSERT_TRUE(nd.has_value());
    const auto& nak = std::get<bind_nak_body>(nd->body);
    EXPECT_EQ(nak.reason, bind_nak_reason::protocol_version_not_supported);
    ASSERT_EQ(nak.versions.size(), 1u);
    EXPECT_EQ(nak.versions[0], std::make_pair(std::uint8_t(5), std::uint8_t(0)));
}

TEST(pdu, request_with_object_uuid) {
    pdu q;
    q.hdr.type = ptype::request;
    q.hdr.flags = pfc_first_frag | pfc_last_frag | pfc_object_uuid;
    bytes stub{1, 2, 3, 4};
    request_body b;
    b.opnum = 21;
    b.object = parse_uuid("01234567-89ab-cdef-0123-456789abcdef");
    b.stub = stub;
    q.body = b;
    bytes raw = encode_pdu(q);
    EXPECT_EQ(raw.size(), 24u + 16 + 4);
    auto d = decode_pdu(raw);
    ASSERT_TRUE(d.has_value());
    const auto& r = std::get<request_body>(d->body);
    EXPECT_EQ(r.object, b.object);
    EXPECT_EQ(bytes(r.stub.begin(), r.stub.end()), stub);
}

TEST(pdu, bind_time_feature_syntax) {
    auto s = make_syntax("6cb71c2c-9812-4540-0300-000000000000", 1);
    EXPECT_TRUE(is_bind_time_feature_syntax(s));
    EXPECT_EQ(bind_time_features(s), 3);
    EXPECT_FALSE(is_bind_time_feature_syntax(ndr20_syntax()));
    EXPECT_FALSE(
        is_bind_time_feature_syntax(make_syntax("6cb71c2c-9812-4540-0300-000000000001", 1)));
}

TEST(pdu, auth_trailer_is_split_off) {
    // A request with an 8-byte sec_trailer and 16 bytes of auth value.
    pdu q;
    q.hdr.type = ptype::request;
    bytes stub(8, 0xAA);
    request_body b;
    b.stub = stub;
    q.body = b;
    bytes raw = encode_pdu(q);
    raw.insert(raw.end(), 8 + 16, 0x55);
    raw[8] = static_cast<std::uint8_t>(raw.size());
    raw[10] = 16;
    auto d = decode_pdu(raw);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->auth.size(), 16u);
    EXPECT_EQ(std::get<request_body>(d->body).stub.size(), 8u);
}

}  // namespace
}  // namespace smbkit::rpc
