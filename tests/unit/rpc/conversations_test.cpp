// Whole client/server exchanges through the pipe, each checked with our own decoder. With
// SMBKIT_RPC_DUMP_DIR set they are also written out, one file per exchange, for the interop
// tests that hand them to real dissectors (tests/interop/rpc_tshark_test.sh: tshark;
// tests/interop/rpc_impacket_test.sh: impacket). File format, one record a line:
//   C <hex>     a PDU from the client
//   S <hex>     a PDU from the server
//   E <text>    text tshark -V must show for this exchange
//   J <json>    what the last call's response holds, for impacket to compare
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "rpc/pipe.hpp"
#include "rpc/srvsvc.hpp"
#include "rpc/wkssvc.hpp"
#include "unit/rpc/vectors.hpp"

namespace smbkit::rpc {
namespace {

using test::hex;

context peer8(bool admin) {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.workgroup = "PEERWG";
    ctx.server_comment = "smbkit server";
    ctx.user = admin ? "root" : "peer";
    ctx.administrator = admin;
    ctx.session_count = [] { return 2u; };
    ctx.shares = [] {
        return std::vector<share_entry>{
            {"data", stype_disktree, "Data share", "/srv/data", 0xFFFFFFFF, 1},
            {"pub", stype_disktree, "", "/srv/pub", 25, 0},
            {"laser", stype_printq, "Laser printer", "/var/spool/laser", 0xFFFFFFFF, 0},
            {"IPC$", stype_ipc, "IPC Service (smbkit server)", "", 0xFFFFFFFF, 1},
        };
    };
    return ctx;
}

class conversation {
public:
    conversation(std::string name, std::string_view pipe_name, context ctx)
        : name_(std::move(name)), pipe_(std::move(*pipe::open(pipe_name, std::move(ctx)))) {}

    // Sends one client PDU, records it and every server PDU it produced.
    std::vector<pdu> send(const bytes& in) {
        lines_.push_back("C " + to_hex(in));
        EXPECT_TRUE(pipe_->write(in).has_value()) << name_;
        std::vector<pdu> out;
        while (pipe_->has_output()) {
            auto r = pipe_->read(65536);
            EXPECT_TRUE(r.has_value());
            lines_.push_back("S " + to_hex(r->data));
            raw_.push_back(r->data);
            auto p = decode_pdu(raw_.back());
            EXPECT_TRUE(p.has_value()) << name_;
            if (p) out.push_back(*p);
        }
        return out;
    }
    // The stub of a (possibly fragmented) response.
    bytes call(const bytes& in) {
        bytes stub;
        for (const pdu& p : send(in)) {
            EXPECT_EQ(p.hdr.type, ptype::response) << name_;
            if (auto* r = std::get_if<response_body>(&p.body))
                stub.insert(stub.end(), r->stub.begin(), r->stub.end());
        }
        return stub;
    }
    void expect_text(const std::string& t) { lines_.push_back("E " + t); }
    void expect_json(const nlohmann::json& j) { lines_.push_back("J " + j.dump()); }

    ~conversation() {
        const char* dir = std::getenv("SMBKIT_RPC_DUMP_DIR");
        if (!dir || !*dir) return;
        std::ofstream f(std::string(dir) + "/" + name_ + ".txt");
        for (const auto& l : lines_) f << l << "\n";
    }

private:
    std::string name_;
    std::unique_ptr<pipe> pipe_;
    std::vector<std::string> lines_;
    std::vector<bytes> raw_;
};

bytes bind(const syntax_id& iface, std::uint16_t frag = 4280, std::uint32_t call_id = 1) {
    pdu p;
    p.hdr.type = ptype::bind;
    p.hdr.call_id = call_id;
    p.body = bind_body{frag, frag, 0, {{0, iface, {ndr20_syntax()}}}};
    return encode_pdu(p);
}

bytes request(std::uint16_t opnum, const bytes& stub, std::uint32_t call_id,
              std::uint16_t context_id = 0) {
    pdu p;
    p.hdr.type = ptype::request;
    p.hdr.call_id = call_id;
    p.body = request_body{static_cast<std::uint32_t>(stub.size()), context_id, opnum, {}, stub};
    return encode_pdu(p);
}

nlohmann::json share_json(const srvsvc::share_info& s) {
    nlohmann::json j;
    if (s.netname) j["name"] = *s.netname;
    j["type"] = s.type;
    if (s.remark) j["remark"] = *s.remark;
    if (s.path) j["path"] = *s.path;
    j["max_uses"] = s.max_uses;
    j["current_uses"] = s.current_uses;
    j["flags"] = s.flags;
    return j;
}

TEST(conversations, smbclient_share_list) {
    conversation c("srvsvc_smbclient_enum", "srvsvc", peer8(false));
    auto ack = c.send(hex(test::samba_bind_hex));
    ASSERT_EQ(ack.size(), 1u);
    EXPECT_EQ(ack[0].hdr.type, ptype::bind_ack);
    bytes stub = c.call(hex(test::samba_share_enum_request_hex));
    auto s = srvsvc::decode_share_enum_response(stub);
    ASSERT_TRUE(s.has_value());
    ASSERT_EQ(s->entries.size(), 4u);
    EXPECT_EQ(s->entries[3].type, stype_ipc | stype_special);
    c.expect_text("Ack result: Acceptance (0)");
    c.expect_text("Name: data");
    c.expect_text("Comment: Data share");
    c.expect_text("Name: IPC$");
    c.expect_text("Comment: IPC Service (smbkit server)");
    nlohmann::json j{{"op", "NetrShareEnum"}, {"level", 1}, {"status", 0}, {"total", 4}};
    for (auto& e : s->entries) j["shares"].push_back(share_json(e));
    c.expect_json(j);
}

TEST(conversations, share_enum_every_level) {
    for (std::uint32_t level : {0u, 1u, 2u, 501u, 502u}) {
        for (bool admin : {true, false}) {
            if (!admin && level != 2 && level != 502) continue;
            conversation c(
                "srvsvc_enum_level" + std::to_string(level) + (admin ? "_admin" : "_user"),
                "srvsvc", peer8(admin));
            c.send(bind(srvsvc::interface().syntax));
            srvsvc::share_enum_request q;
            q.server_name = "\\\\PEER8";
            q.level = level;
            q.resume_handle = 0;
            bytes stub = c.call(request(srvsvc::op_net_share_enum, srvsvc::encode(q), 2));
            auto s = srvsvc::decode_share_enum_response(stub);
            ASSERT_TRUE(s.has_value()) << level;
            nlohmann::json j{{"op", "NetrShareEnum"},
                             {"level", level},
                             {"status", s->status},
                             {"total", s->total_entries},
                             {"shares", nlohmann::json::array()}};
            for (auto& e : s->entries) j["shares"].push_back(share_json(e));
            if (admin) {
                EXPECT_EQ(s->status, werr_ok);
                EXPECT_EQ(s->entries.size(), 4u);
                c.expect_text("Name: laser");
            } else {
                EXPECT_EQ(s->status, werr_access_denied);
                c.expect_text("WERR_ACCESS_DENIED");
            }
            if (admin && (level == 2 || level == 502)) c.expect_text("Path: C:\\srv\\data");
            c.expect_json(j);
        }
    }
}

TEST(conversations, share_enum_unknown_level) {
    conversation c("srvsvc_enum_level7", "srvsvc", peer8(true));
    c.send(bind(srvsvc::interface().syntax));
    srvsvc::share_enum_request q;
    q.level = 7;
    auto s = srvsvc::decode_share_enum_response(
        c.call(request(srvsvc::op_net_share_enum, srvsvc::encode(q), 2)));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->status, werr_invalid_level);
    c.expect_text("WERR_INVALID_LEVEL");
}

TEST(conversations, share_enum_paging) {
    conversation c("srvsvc_enum_paging", "srvsvc", peer8(false));
    c.send(bind(srvsvc::interface().syntax));
    srvsvc::share_enum_request q;
    q.level = 1;
    q.prefmaxlen = 60;
    q.resume_handle = 0;
    bytes stub = c.call(request(srvsvc::op_net_share_enum, srvsvc::encode(q), 2));
    auto s = srvsvc::decode_share_enum_response(stub);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->status, werr_more_data);
    ASSERT_LT(s->entries.size(), 4u);
    c.expect_text("WERR_MORE_DATA");
    nlohmann::json j{{"op", "NetrShareEnum"},       {"level", 1},
                     {"status", s->status},         {"total", s->total_entries},
                     {"resume", *s->resume_handle}, {"shares", nlohmann::json::array()}};
    for (auto& e : s->entries) j["shares"].push_back(share_json(e));
    c.expect_json(j);
}

TEST(conversations, share_get_info_levels) {
    for (std::uint32_t level : {0u, 1u, 2u, 501u, 502u, 1005u, 1004u, 1006u}) {
        conversation c("srvsvc_getinfo_level" + std::to_string(level), "srvsvc", peer8(true));
        c.send(bind(srvsvc::interface().syntax));
        srvsvc::share_get_info_request q{std::string("PEER8"), "Data", level};
        bytes stub = c.call(request(srvsvc::op_net_share_get_info, srvsvc::encode(q), 2));
        auto s = srvsvc::decode_share_get_info_response(stub);
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->info.has_value()) << level;
        EXPECT_EQ(s->status, werr_ok);
        if (level <= 502) c.expect_text("Name: data");
        c.expect_json({{"op", "NetrShareGetInfo"},
                       {"level", level},
                       {"status", 0},
                       {"share", share_json(*s->info)}});
    }
    for (auto [name, level, status] : {std::tuple{"nosuch", 1u, nerr_net_name_not_found},
                                       std::tuple{"data", 7u, werr_invalid_level},
                                       std::tuple{"data", 1501u, werr_invalid_level}}) {
        conversation c("srvsvc_getinfo_error_" + std::string(name) + std::to_string(level),
                       "srvsvc", peer8(true));
        c.send(bind(srvsvc::interface().syntax));
        srvsvc::share_get_info_request q{std::nullopt, name, level};
        auto s = srvsvc::decode_share_get_info_response(
            c.call(request(srvsvc::op_net_share_get_info, srvsvc::encode(q), 2)));
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->status, status);
        c.expect_json({{"op", "NetrShareGetInfo"}, {"level", level}, {"status", status}});
    }
}

TEST(conversations, server_get_info_levels) {
    for (std::uint32_t level : {100u, 101u, 102u}) {
        conversation c("srvsvc_server_info" + std::to_string(level), "srvsvc", peer8(false));
        c.send(bind(srvsvc::interface().syntax));
        srvsvc::server_get_info_request q{std::string("\\\\PEER8"), level};
        auto s = srvsvc::decode_server_get_info_response(
            c.call(request(srvsvc::op_net_server_get_info, srvsvc::encode(q), 2)));
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->info.has_value());
        c.expect_text("Server Name: PEER8");
        nlohmann::json j{{"op", "NetrServerGetInfo"},
                         {"level", level},
                         {"status", 0},
                         {"platform_id", 500},
                         {"name", "PEER8"}};
        if (level >= 101) {
            c.expect_text("Comment: smbkit server");
            j["version_major"] = 6;
            j["version_minor"] = 1;
            j["type"] = s->info->type;
            j["comment"] = "smbkit server";
        }
        if (level == 102) j["userpath"] = "C:\\";
        c.expect_json(j);
    }
}

TEST(conversations, wkssvc_get_info_levels) {
    for (std::uint32_t level : {100u, 101u, 102u}) {
        conversation c("wkssvc_info" + std::to_string(level), "wkssvc", peer8(true));
        c.send(bind(wkssvc::interface().syntax));
        auto s = wkssvc::decode_wksta_get_info_response(
            c.call(request(wkssvc::op_netr_wksta_get_info,
                           wkssvc::encode(wkssvc::wksta_get_info_request{"\\\\PEER8", level}), 2)));
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->info.has_value());
        c.expect_text("Server Name: PEER8");
        c.expect_text("Domain Name: PEERWG");
        nlohmann::json j{
            {"op", "NetrWkstaGetInfo"}, {"level", level},          {"status", 0},
            {"platform_id", 500},       {"computername", "PEER8"}, {"langroup", "PEERWG"},
            {"ver_major", 6},           {"ver_minor", 1}};
        if (level >= 101) j["lanroot"] = "C:\\";
        if (level == 102) j["logged_on_users"] = 2;
        c.expect_json(j);
    }
}

TEST(conversations, windows_bind_with_ndr64_and_feature_negotiation) {
    conversation c("srvsvc_windows_bind", "srvsvc", peer8(false));
    pdu p;
    p.hdr.type = ptype::bind;
    p.hdr.call_id = 2;
    const syntax_id& s = srvsvc::interface().syntax;
    p.body = bind_body{5840,
                       5840,
                       0,
                       {{0, s, {ndr20_syntax()}},
                        {1, s, {ndr64_syntax()}},
                        {2, s, {make_syntax("6cb71c2c-9812-4540-0300-000000000000", 1)}}}};
    auto ack = c.send(encode_pdu(p));
    ASSERT_EQ(ack.size(), 1u);
    auto& r = std::get<bind_ack_body>(ack[0].body).results;
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[2].result, context_result_code::negotiate_ack);
    c.expect_text("Ack result: Acceptance (0)");
    c.expect_text("Ack result: Provider rejection (2)");
    c.expect_text("Ack result: Negotiate ACK (3)");
    c.expect_text("Ack reason: Proposed transfer syntaxes not supported (2)");
    c.expect_text("Bind Time Features: 0x0003");
    srvsvc::server_get_info_request q{std::nullopt, 101};
    bytes stub = c.call(request(srvsvc::op_net_server_get_info, srvsvc::encode(q), 3));
    EXPECT_TRUE(srvsvc::decode_server_get_info_response(stub).has_value());
}

TEST(conversations, faults_naks_and_alter_context) {
    {
        conversation c("rpc_faults", "srvsvc", peer8(false));
        c.send(bind(srvsvc::interface().syntax));
        auto f1 = c.send(request(40, bytes{}, 2));
        ASSERT_EQ(f1.size(), 1u);
        EXPECT_EQ(std::get<fault_body>(f1[0].body).status, nca_s_op_rng_error);
        auto f2 = c.send(request(15, bytes{}, 3, 9));
        EXPECT_EQ(std::get<fault_body>(f2[0].body).status, nca_s_unk_if);
        auto f3 = c.send(request(16, bytes{0, 0, 0, 0, 1}, 4));
        EXPECT_EQ(std::get<fault_body>(f3[0].body).status, rpc_x_bad_stub_data);
        c.expect_text("Status: nca_op_rng_error (0x1c010002)");
        c.expect_text("Status: nca_unk_if (0x1c010003)");
    }
    {
        conversation c("rpc_bind_nak", "srvsvc", peer8(false));
        pdu p;
        p.hdr.type = ptype::bind;
        p.hdr.call_id = 1;
        p.body = bind_body{};
        auto nak = c.send(encode_pdu(p));
        ASSERT_EQ(nak.size(), 1u);
        EXPECT_EQ(nak[0].hdr.type, ptype::bind_nak);
        c.expect_text("Bind_nak");
    }
    {
        conversation c("rpc_alter_context", "srvsvc", peer8(false));
        c.send(bind(srvsvc::interface().syntax));
        pdu p;
        p.hdr.type = ptype::alter_context;
        p.hdr.call_id = 2;
        p.body = bind_body{4280, 4280, 0, {{1, srvsvc::interface().syntax, {ndr20_syntax()}}}};
        auto rsp = c.send(encode_pdu(p));
        ASSERT_EQ(rsp.size(), 1u);
        EXPECT_EQ(rsp[0].hdr.type, ptype::alter_context_resp);
        srvsvc::share_enum_request q;
        q.level = 0;
        EXPECT_FALSE(c.call(request(15, srvsvc::encode(q), 3, 1)).empty());
        c.expect_text("Alter_context_resp");
    }
}

TEST(conversations, fragments_both_ways) {
    context ctx = peer8(false);
    ctx.shares = [] {
        std::vector<share_entry> v;
        for (int i = 0; i < 150; ++i)
            v.push_back({"share" + std::to_string(i), stype_disktree,
                         "a comment that makes the response span fragments " + std::to_string(i),
                         "/srv", 0xFFFFFFFF, 0});
        v.push_back({"IPC$", stype_ipc, "IPC Service", "", 0xFFFFFFFF, 0});
        return v;
    };
    conversation c("srvsvc_fragments", "srvsvc", ctx);
    c.send(bind(srvsvc::interface().syntax, 1432));
    srvsvc::share_enum_request q;
    q.server_name = "\\\\PEER8";
    q.level = 1;
    q.resume_handle = 0;
    bytes stub = srvsvc::encode(q);
    // The request in two fragments.
    for (auto [from, to, flags] : {std::tuple{std::size_t(0), std::size_t(16), pfc_first_frag},
                                   std::tuple{std::size_t(16), stub.size(), pfc_last_frag}}) {
        pdu p;
        p.hdr.type = ptype::request;
        p.hdr.call_id = 2;
        p.hdr.flags = flags;
        p.body = request_body{static_cast<std::uint32_t>(stub.size() - from),
                              0,
                              15,
                              {},
                              byte_span(stub).subspan(from, to - from)};
        bytes out = to == stub.size() ? c.call(encode_pdu(p)) : bytes{};
        if (to != stub.size()) {
            EXPECT_TRUE(c.send(encode_pdu(p)).empty());
            continue;
        }
        auto s = srvsvc::decode_share_enum_response(out);
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->entries.size(), 151u);
        nlohmann::json j{{"op", "NetrShareEnum"}, {"level", 1}, {"status", 0}, {"total", 151}};
        for (auto& e : s->entries) j["shares"].push_back(share_json(e));
        c.expect_json(j);
    }
    c.expect_text("Name: share149");
    c.expect_text("Fragment: Last");
}

}  // namespace
}  // namespace smbkit::rpc
