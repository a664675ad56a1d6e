// The association state machine through the pipe: binds, faults, fragments, stream splits.
#include <gtest/gtest.h>

#include "rpc/pipe.hpp"
#include "rpc/srvsvc.hpp"
#include "rpc/wkssvc.hpp"
#include "unit/rpc/vectors.hpp"

namespace smbkit::rpc {
namespace {

using test::hex;

const syntax_id srvsvc_syntax = make_syntax("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3);
const syntax_id btfn_syntax = make_syntax("6cb71c2c-9812-4540-0300-000000000000", 1);

context ctx_with_shares(std::size_t n) {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.shares = [n] {
        std::vector<share_entry> v{{"IPC$", stype_ipc, "IPC Service", "", 0xFFFFFFFF, 0}};
        for (std::size_t i = 0; i < n; ++i)
            v.push_back({"share-with-a-longish-name-" + std::to_string(i), stype_disktree,
                         "a comment long enough to fill fragments quickly " + std::to_string(i),
                         "/srv", 0xFFFFFFFF, 0});
        return v;
    };
    return ctx;
}

std::unique_ptr<pipe> open(std::string_view name = "srvsvc", context ctx = ctx_with_shares(2)) {
    return std::move(*pipe::open(name, std::move(ctx)));
}

bytes bind_pdu(std::vector<context_element> ctxs, std::uint32_t call_id = 1,
               std::uint16_t xmit = 4280, std::uint16_t recv = 4280, ptype type = ptype::bind) {
    pdu p;
    p.hdr.type = type;
    p.hdr.call_id = call_id;
    p.body = bind_body{xmit, recv, 0, std::move(ctxs)};
    return encode_pdu(p);
}

bytes simple_bind(std::uint32_t call_id = 1, std::uint16_t frag = 4280) {
    return bind_pdu({{0, srvsvc_syntax, {ndr20_syntax()}}}, call_id, frag, frag);
}

bytes request_pdu(std::uint16_t opnum, byte_span stub, std::uint32_t call_id = 2,
                  std::uint16_t context_id = 0,
                  std::uint8_t flags = pfc_first_frag | pfc_last_frag) {
    pdu p;
    p.hdr.type = ptype::request;
    p.hdr.call_id = call_id;
    p.hdr.flags = flags;
    request_body b;
    b.alloc_hint = static_cast<std::uint32_t>(stub.size());
    b.context_id = context_id;
    b.opnum = opnum;
    b.stub = stub;
    p.body = b;
    return encode_pdu(p);
}

bytes enum_stub(std::uint32_t level = 1) {
    srvsvc::share_enum_request q;
    q.server_name = "PEER8";
    q.level = level;
    q.resume_handle = 0;
    return srvsvc::encode(q);
}

pdu decoded(const bytes& b) {
    auto p = decode_pdu(b);
    EXPECT_TRUE(p.has_value());
    return p.value_or(pdu{});
}

pdu roundtrip(pipe& p, const bytes& in) {
    auto out = p.transceive(in, 65536);
    EXPECT_TRUE(out.has_value()) << ntstatus_string(out.error());
    if (!out) return pdu{};
    EXPECT_FALSE(out->data.empty());
    return decoded(out->data);
}

std::uint32_t fault_status(const pdu& p) {
    EXPECT_EQ(p.hdr.type, ptype::fault);
    if (p.hdr.type != ptype::fault) return 0;
    EXPECT_TRUE(p.hdr.flags & pfc_did_not_execute);
    return std::get<fault_body>(p.body).status;
}

pdu bound_call(pipe& p, const bytes& request) {
    EXPECT_EQ(roundtrip(p, simple_bind()).hdr.type, ptype::bind_ack);
    return roundtrip(p, request);
}

TEST(connection, windows_style_bind_accepts_ndr20_rejects_ndr64_acks_features) {
    auto p = open();
    auto ack = roundtrip(*p, bind_pdu({{0, srvsvc_syntax, {ndr20_syntax()}},
                                       {1, srvsvc_syntax, {ndr64_syntax()}},
                                       {2, srvsvc_syntax, {btfn_syntax}}}));
    ASSERT_EQ(ack.hdr.type, ptype::bind_ack);
    const auto& b = std::get<bind_ack_body>(ack.body);
    ASSERT_EQ(b.results.size(), 3u);
    EXPECT_EQ(b.results[0].result, context_result_code::acceptance);
    EXPECT_EQ(b.results[0].transfer_syntax, ndr20_syntax());
    EXPECT_EQ(b.results[1].result, context_result_code::provider_rejection);
    EXPECT_EQ(b.results[1].reason, static_cast<std::uint16_t>(
                                       provider_reason::proposed_transfer_syntaxes_not_supported));
    EXPECT_EQ(b.results[1].transfer_syntax, syntax_id{});
    EXPECT_EQ(b.results[2].result, context_result_code::negotiate_ack);
    EXPECT_EQ(b.results[2].reason, 3);
    EXPECT_EQ(b.results[2].transfer_syntax, syntax_id{});
    // The rejected context cannot carry calls; the accepted one can.
    bytes stub = enum_stub();
    EXPECT_EQ(fault_status(roundtrip(*p, request_pdu(15, stub, 2, 1))), nca_s_unk_if);
    EXPECT_EQ(roundtrip(*p, request_pdu(15, stub, 3, 0)).hdr.type, ptype::response);
}

TEST(connection, one_transfer_syntax_list_with_ndr64_first) {
    auto p = open();
    auto ack = roundtrip(*p, bind_pdu({{5, srvsvc_syntax, {ndr64_syntax(), ndr20_syntax()}}}));
    const auto& b = std::get<bind_ack_body>(ack.body);
    EXPECT_EQ(b.results[0].result, context_result_code::acceptance);
    EXPECT_EQ(b.results[0].transfer_syntax, ndr20_syntax());
}

TEST(connection, wrong_interface_or_version_is_rejected) {
    for (auto syntax :
         {wkssvc::interface().syntax, make_syntax("4b324fc8-1670-01d3-1278-5a47bf6ee188", 2),
          make_syntax("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3, 1)}) {
        auto p = open();
        auto ack = roundtrip(*p, bind_pdu({{0, syntax, {ndr20_syntax()}}}));
        ASSERT_EQ(ack.hdr.type, ptype::bind_ack);
        const auto& r = std::get<bind_ack_body>(ack.body).results.at(0);
        EXPECT_EQ(r.result, context_result_code::provider_rejection);
        EXPECT_EQ(r.reason,
                  static_cast<std::uint16_t>(provider_reason::abstract_syntax_not_supported));
        EXPECT_EQ(fault_status(roundtrip(*p, request_pdu(15, enum_stub()))), nca_s_unk_if);
    }
    auto w = open("wkssvc");
    auto ack = roundtrip(*w, bind_pdu({{0, wkssvc::interface().syntax, {ndr20_syntax()}}}));
    EXPECT_EQ(std::get<bind_ack_body>(ack.body).results.at(0).result,
              context_result_code::acceptance);
    EXPECT_EQ(std::get<bind_ack_body>(ack.body).secondary_address, "\\PIPE\\wkssvc");
}

TEST(connection, fragment_sizes_are_negotiated_within_limits) {
    struct {
        std::uint16_t xmit, recv, want;
    } cases[] = {{4280, 4280, 4280}, {5840, 5840, 4280}, {2048, 4280, 2048},
                 {4280, 1500, 1500}, {100, 100, 1432},   {0, 0, 1432}};
    for (auto c : cases) {
        auto p = open();
        auto ack =
            roundtrip(*p, bind_pdu({{0, srvsvc_syntax, {ndr20_syntax()}}}, 1, c.xmit, c.recv));
        const auto& b = std::get<bind_ack_body>(ack.body);
        EXPECT_EQ(b.max_xmit_frag, c.want) << c.xmit << "/" << c.recv;
        EXPECT_EQ(b.max_recv_frag, c.want);
    }
}

TEST(connection, bind_naks) {
    {  // big-endian data representation
        auto p = open();
        bytes b = simple_bind();
        b[4] = 0x00;
        // Rewrite the length fields big-endian so the header stays consistent.
        std::swap(b[8], b[9]);
        auto nak = roundtrip(*p, b);
        ASSERT_EQ(nak.hdr.type, ptype::bind_nak);
        EXPECT_EQ(std::get<bind_nak_body>(nak.body).reason, bind_nak_reason::not_specified);
    }
    {  // authentication requested
        auto p = open();
        bytes b = simple_bind();
        bytes trailer{10, 6, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};  // NTLMSSP, 4 bytes of token
        b.insert(b.end(), trailer.begin(), trailer.end());
        b[8] = static_cast<std::uint8_t>(b.size());
        b[10] = 4;
        auto nak = roundtrip(*p, b);
        ASSERT_EQ(nak.hdr.type, ptype::bind_nak);
        EXPECT_EQ(std::get<bind_nak_body>(nak.body).reason,
                  bind_nak_reason::authentication_type_not_recognized);
        // The pipe still accepts a plain bind afterwards.
        EXPECT_EQ(roundtrip(*p, simple_bind()).hdr.type, ptype::bind_ack);
    }
    {  // no presentation contexts
        auto p = open();
        EXPECT_EQ(roundtrip(*p, bind_pdu({})).hdr.type, ptype::bind_nak);
    }
    {  // a second bind on the association
        auto p = open();
        EXPECT_EQ(roundtrip(*p, simple_bind()).hdr.type, ptype::bind_ack);
        EXPECT_EQ(roundtrip(*p, simple_bind(2)).hdr.type, ptype::bind_nak);
        EXPECT_EQ(roundtrip(*p, request_pdu(15, enum_stub(), 3)).hdr.type, ptype::response);
    }
    {  // RPC version 4: nak listing 5.0, then the pipe is closed
        auto p = open();
        bytes b = simple_bind();
        b[0] = 4;
        auto nak = roundtrip(*p, b);
        ASSERT_EQ(nak.hdr.type, ptype::bind_nak);
        EXPECT_EQ(std::get<bind_nak_body>(nak.body).reason,
                  bind_nak_reason::protocol_version_not_supported);
        EXPECT_EQ(p->write(simple_bind()).error(), ntstatus::pipe_disconnected);
    }
}

TEST(connection, alter_context_adds_contexts) {
    auto p = open();
    EXPECT_EQ(roundtrip(*p, simple_bind()).hdr.type, ptype::bind_ack);
    auto rsp = roundtrip(
        *p, bind_pdu({{7, srvsvc_syntax, {ndr20_syntax()}}}, 2, 4280, 4280, ptype::alter_context));
    ASSERT_EQ(rsp.hdr.type, ptype::alter_context_resp);
    const auto& b = std::get<bind_ack_body>(rsp.body);
    EXPECT_TRUE(b.secondary_address.empty());
    EXPECT_EQ(b.results.at(0).result, context_result_code::acceptance);
    EXPECT_EQ(roundtrip(*p, request_pdu(15, enum_stub(), 3, 7)).hdr.type, ptype::response);
}

TEST(connection, protocol_errors_fault_and_close) {
    auto expect_closed_after = [](pipe& p, const bytes& in, std::uint32_t status) {
        auto f = roundtrip(p, in);
        EXPECT_EQ(fault_status(f), status);
        EXPECT_EQ(p.write(simple_bind()).error(), ntstatus::pipe_disconnected);
        EXPECT_EQ(p.read(100).error(), ntstatus::pipe_disconnected);
    };
    {  // request before bind
        auto p = open();
        expect_closed_after(*p, request_pdu(15, enum_stub()), nca_s_proto_error);
    }
    {  // alter_context before bind
        auto p = open();
        expect_closed_after(
            *p,
            bind_pdu({{0, srvsvc_syntax, {ndr20_syntax()}}}, 1, 4280, 4280, ptype::alter_context),
            nca_s_proto_error);
    }
    {  // a PDU type only servers send
        auto p = open();
        roundtrip(*p, simple_bind());
        pdu r;
        r.hdr.type = ptype::response;
        r.body = response_body{};
        expect_closed_after(*p, encode_pdu(r), nca_s_proto_error);
    }
    {  // auth3 without an authentication context
        auto p = open();
        roundtrip(*p, simple_bind());
        pdu r;
        r.hdr.type = ptype::auth3;
        bytes b = encode_pdu(r);
        b.resize(20);
        b[8] = 20;
        expect_closed_after(*p, b, nca_s_proto_error);
    }
    {  // a request carrying an auth trailer
        auto p = open();
        roundtrip(*p, simple_bind());
        bytes stub = enum_stub();
        bytes b = request_pdu(15, stub);
        bytes trailer{10, 6, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        b.insert(b.end(), trailer.begin(), trailer.end());
        b[8] = static_cast<std::uint8_t>(b.size());
        b[10] = 4;
        expect_closed_after(*p, b, rpc_s_access_denied);
    }
    {  // garbage where a header should be
        auto p = open();
        roundtrip(*p, simple_bind());
        expect_closed_after(*p, bytes(32, 0xEE), nca_s_proto_error);
    }
    {  // a malformed bind body
        auto p = open();
        bytes b = simple_bind();
        b[24] = 9;  // nine contexts announced, one present
        auto nak = roundtrip(*p, b);
        EXPECT_EQ(nak.hdr.type, ptype::bind_nak);
        EXPECT_EQ(p->write(simple_bind()).error(), ntstatus::pipe_disconnected);
    }
}

TEST(connection, call_faults_keep_the_association) {
    auto p = open();
    bytes stub = enum_stub();
    auto f = bound_call(*p, request_pdu(99, stub));
    EXPECT_EQ(fault_status(f), nca_s_op_rng_error);
    EXPECT_EQ(f.hdr.call_id, 2u);
    bytes junk{1, 2, 3};
    EXPECT_EQ(fault_status(roundtrip(*p, request_pdu(15, junk, 3))), rpc_x_bad_stub_data);
    // Big-endian stub data is not spoken here.
    bytes be = request_pdu(15, stub, 4);
    be[4] = 0;
    std::swap(be[8], be[9]);
    be[12] = 0;
    be[15] = 4;  // call id 4, big-endian
    auto bef = roundtrip(*p, be);
    EXPECT_EQ(fault_status(bef), rpc_x_bad_stub_data);
    auto ok = roundtrip(*p, request_pdu(15, stub, 5));
    EXPECT_EQ(ok.hdr.type, ptype::response);
    EXPECT_EQ(ok.hdr.call_id, 5u);
}

TEST(connection, multi_fragment_request_is_reassembled) {
    bytes stub = enum_stub();
    auto whole = open();
    auto expected = bound_call(*whole, request_pdu(15, stub));
    ASSERT_EQ(expected.hdr.type, ptype::response);

    auto p = open();
    roundtrip(*p, simple_bind());
    std::size_t a = 8, b = 20;
    bytes f1 = request_pdu(15, byte_span(stub).first(a), 2, 0, pfc_first_frag);
    bytes f2 = request_pdu(15, byte_span(stub).subspan(a, b - a), 2, 0, 0);
    bytes f3 = request_pdu(15, byte_span(stub).subspan(b), 2, 0, pfc_last_frag);
    ASSERT_TRUE(p->write(f1).has_value());
    ASSERT_TRUE(p->write(f2).has_value());
    EXPECT_FALSE(p->has_output());
    auto got = roundtrip(*p, f3);
    ASSERT_EQ(got.hdr.type, ptype::response);
    EXPECT_EQ(std::get<response_body>(got.body).stub.size(),
              std::get<response_body>(expected.body).stub.size());
}

TEST(connection, fragment_out_of_step_is_a_protocol_error) {
    bytes stub = enum_stub();
    {  // a middle fragment of another call
        auto p = open();
        roundtrip(*p, simple_bind());
        p->write(request_pdu(15, byte_span(stub).first(8), 2, 0, pfc_first_frag));
        EXPECT_EQ(fault_status(roundtrip(
                      *p, request_pdu(15, byte_span(stub).subspan(8), 9, 0, pfc_last_frag))),
                  nca_s_proto_error);
    }
    {  // a new first fragment before the last one
        auto p = open();
        roundtrip(*p, simple_bind());
        p->write(request_pdu(15, byte_span(stub).first(8), 2, 0, pfc_first_frag));
        EXPECT_EQ(fault_status(roundtrip(*p, request_pdu(15, stub, 3))), nca_s_proto_error);
    }
    {  // a continuation with nothing started
        auto p = open();
        roundtrip(*p, simple_bind());
        EXPECT_EQ(fault_status(roundtrip(*p, request_pdu(15, stub, 2, 0, pfc_last_frag))),
                  nca_s_proto_error);
    }
    {  // orphaned drops the partial call; a fresh call then works
        auto p = open();
        roundtrip(*p, simple_bind());
        p->write(request_pdu(15, byte_span(stub).first(8), 2, 0, pfc_first_frag));
        pdu o;
        o.hdr.type = ptype::orphaned;
        o.hdr.call_id = 2;
        ASSERT_TRUE(p->write(encode_pdu(o)).has_value());
        pdu c;
        c.hdr.type = ptype::co_cancel;
        c.hdr.call_id = 2;
        ASSERT_TRUE(p->write(encode_pdu(c)).has_value());
        EXPECT_FALSE(p->has_output());
        EXPECT_EQ(roundtrip(*p, request_pdu(15, stub, 3)).hdr.type, ptype::response);
    }
}

TEST(connection, oversized_reassembly_is_refused) {
    auto p = open();
    roundtrip(*p, simple_bind());
    bytes chunk(4000, 0);
    ASSERT_TRUE(p->write(request_pdu(15, chunk, 2, 0, pfc_first_frag)).has_value());
    std::size_t sent = chunk.size();
    while (!p->has_output() && sent < (2u << 20)) {
        ASSERT_TRUE(p->write(request_pdu(15, chunk, 2, 0, 0)).has_value());
        sent += chunk.size();
    }
    ASSERT_TRUE(p->has_output());
    EXPECT_LE(sent, (1u << 20) + chunk.size());
    auto out = p->read(1000);
    EXPECT_EQ(fault_status(decoded(out->data)), nca_s_proto_error);
}

TEST(connection, large_response_is_fragmented_to_the_negotiated_size) {
    auto p = open("srvsvc", ctx_with_shares(200));
    std::uint16_t frag = 1432;
    ASSERT_EQ(roundtrip(*p, simple_bind(1, frag)).hdr.type, ptype::bind_ack);
    ASSERT_TRUE(p->write(request_pdu(15, enum_stub(), 2)).has_value());
    bytes stub;
    std::uint32_t previous_hint = 0;
    int fragments = 0;
    for (;;) {
        auto out = p->read(65536);
        ASSERT_TRUE(out.has_value());
        EXPECT_FALSE(out->more_data);
        EXPECT_LE(out->data.size(), frag);
        auto r = decoded(out->data);
        ASSERT_EQ(r.hdr.type, ptype::response);
        EXPECT_EQ(r.hdr.call_id, 2u);
        EXPECT_EQ(bool(r.hdr.flags & pfc_first_frag), fragments == 0);
        const auto& b = std::get<response_body>(r.body);
        if (fragments > 0) {
            EXPECT_EQ(b.alloc_hint, previous_hint - (frag - 24) / 8 * 8);
        }
        previous_hint = b.alloc_hint;
        EXPECT_GE(b.alloc_hint, b.stub.size());
        stub.insert(stub.end(), b.stub.begin(), b.stub.end());
        ++fragments;
        if (r.hdr.flags & pfc_last_frag) {
            EXPECT_EQ(b.alloc_hint, b.stub.size());
            break;
        }
        EXPECT_EQ(b.stub.size() % 8, 0u);
        EXPECT_EQ(out->data.size(), frag - (frag - 24) % 8);
    }
    EXPECT_GT(fragments, 10);
    EXPECT_FALSE(p->has_output());
    EXPECT_EQ(p->read(100).error(), ntstatus::pipe_empty);
    auto s = srvsvc::decode_share_enum_response(stub);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->entries.size(), 201u);
    EXPECT_EQ(s->entries[200].netname, "share-with-a-longish-name-199");
}

TEST(connection, stream_split_at_every_byte_gives_the_same_answers) {
    bytes stream = hex(test::samba_bind_hex);
    bytes req = hex(test::samba_share_enum_request_hex);
    stream.insert(stream.end(), req.begin(), req.end());

    auto reference = open();
    ASSERT_TRUE(reference->write(stream).has_value());  // two PDUs in one write
    std::vector<bytes> want;
    while (reference->has_output()) want.push_back(reference->read(65536)->data);
    ASSERT_EQ(want.size(), 2u);

    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        auto p = open();
        ASSERT_TRUE(p->write(byte_span(stream).first(cut)).has_value());
        ASSERT_TRUE(p->write(byte_span(stream).subspan(cut)).has_value());
        std::vector<bytes> got;
        while (p->has_output()) got.push_back(p->read(65536)->data);
        ASSERT_EQ(got.size(), 2u) << cut;
        EXPECT_EQ(decoded(got[0]).hdr.type, ptype::bind_ack);
        EXPECT_EQ(got[1], want[1]) << cut;
    }
}

TEST(connection, truncated_real_request_waits_then_completes) {
    bytes req = hex(test::samba_share_enum_request_hex);
    for (std::size_t n = 0; n < req.size(); ++n) {
        auto p = open();
        p->transceive(hex(test::samba_bind_hex), 4280);
        auto part = p->transceive(byte_span(req).first(n), 4280);
        ASSERT_TRUE(part.has_value()) << n;
        EXPECT_TRUE(part->data.empty()) << n;
        auto rest = p->transceive(byte_span(req).subspan(n), 4280);
        ASSERT_TRUE(rest.has_value()) << n;
        EXPECT_EQ(decoded(rest->data).hdr.type, ptype::response) << n;
    }
}

TEST(connection, truncated_stub_with_consistent_length_is_bad_stub_data) {
    bytes req = hex(test::samba_share_enum_request_hex);
    for (std::size_t cut = 1; cut <= 68; ++cut) {
        bytes b(req.begin(), req.end() - static_cast<std::ptrdiff_t>(cut));
        b[8] = static_cast<std::uint8_t>(b.size());
        auto p = open();
        p->transceive(hex(test::samba_bind_hex), 4280);
        EXPECT_EQ(fault_status(roundtrip(*p, b)), rpc_x_bad_stub_data) << cut;
    }
}

TEST(connection, partial_reads_return_the_message_in_pieces) {
    auto p = open();
    auto first = p->transceive(hex(test::samba_bind_hex), 10);
    ASSERT_TRUE(first.has_value());
    EXPECT_TRUE(first->more_data);
    EXPECT_EQ(first->data.size(), 10u);
    EXPECT_EQ(p->next_message_bytes(), 58u);
    EXPECT_EQ(p->output_bytes(), 58u);
    // Transceive with unread data is STATUS_PIPE_BUSY.
    EXPECT_EQ(p->transceive(hex(test::samba_share_enum_request_hex), 100).error(),
              ntstatus::pipe_busy);
    bytes all = first->data;
    for (;;) {
        auto r = p->read(25);
        ASSERT_TRUE(r.has_value());
        all.insert(all.end(), r->data.begin(), r->data.end());
        if (!r->more_data) break;
    }
    EXPECT_EQ(all.size(), 68u);
    EXPECT_EQ(decoded(all).hdr.type, ptype::bind_ack);
    EXPECT_EQ(p->read(25).error(), ntstatus::pipe_empty);
    auto zero = p->transceive(hex(test::samba_share_enum_request_hex), 0);
    ASSERT_TRUE(zero.has_value());
    EXPECT_TRUE(zero->data.empty());
    EXPECT_TRUE(zero->more_data);
}

TEST(connection, wkssvc_pipe_answers_netr_wksta_get_info) {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.workgroup = "PEERWG";
    auto p = open("\\PIPE\\wkssvc", ctx);
    roundtrip(*p, bind_pdu({{0, wkssvc::interface().syntax, {ndr20_syntax()}}}));
    bytes stub = wkssvc::encode(wkssvc::wksta_get_info_request{"PEER8", 100});
    auto r = roundtrip(*p, request_pdu(0, stub));
    ASSERT_EQ(r.hdr.type, ptype::response);
    auto w = wkssvc::decode_wksta_get_info_response(std::get<response_body>(r.body).stub);
    ASSERT_TRUE(w.has_value());
    EXPECT_EQ(w->info->langroup, "PEERWG");
    EXPECT_EQ(fault_status(roundtrip(*p, request_pdu(15, stub, 3))), nca_s_op_rng_error);
}

}  // namespace
}  // namespace smbkit::rpc

namespace smbkit::rpc {
namespace {

TEST(connection, many_requests_in_one_write_do_not_queue_unbounded_output) {
    auto p = open("srvsvc", ctx_with_shares(100));
    ASSERT_EQ(roundtrip(*p, simple_bind()).hdr.type, ptype::bind_ack);
    bytes stub = enum_stub();
    bytes stream;
    const int calls = 600;
    for (int i = 0; i < calls; ++i) {
        bytes r = request_pdu(15, stub, 10 + i);
        stream.insert(stream.end(), r.begin(), r.end());
    }
    ASSERT_TRUE(p->write(stream).has_value());
    EXPECT_GT(p->message_count(), 10u);
    std::size_t peak = p->output_bytes();
    EXPECT_LT(peak, (1u << 20) + 65536);
    int last_frags = 0;
    std::uint32_t expect_call = 10;
    while (p->has_output()) {
        peak = std::max(peak, p->output_bytes());
        auto r = p->read(65536);
        ASSERT_TRUE(r.has_value());
        auto d = decoded(r->data);
        ASSERT_EQ(d.hdr.type, ptype::response);
        ASSERT_EQ(d.hdr.call_id, expect_call);
        if (d.hdr.flags & pfc_last_frag) {
            ++last_frags;
            ++expect_call;
        }
    }
    EXPECT_EQ(last_frags, calls);
    EXPECT_LT(peak, (1u << 20) + 65536);
}

TEST(connection, a_writer_that_never_reads_is_refused) {
    auto p = open("srvsvc", ctx_with_shares(0));
    ASSERT_EQ(roundtrip(*p, simple_bind()).hdr.type, ptype::bind_ack);
    bytes r = request_pdu(15, enum_stub(), 2);
    bool refused = false;
    for (int i = 0; i < 100000 && !refused; ++i) {
        auto w = p->write(r);
        if (!w) {
            EXPECT_EQ(w.error(), ntstatus::insufficient_resources);
            refused = true;
        }
    }
    EXPECT_TRUE(refused);
    EXPECT_LT(p->output_bytes(), (1u << 20) + 65536);
    // Reading makes room again.
    while (p->has_output()) ASSERT_TRUE(p->read(65536).has_value());
    EXPECT_TRUE(p->write(r).has_value());
}

}  // namespace
}  // namespace smbkit::rpc
