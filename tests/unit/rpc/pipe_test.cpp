// The pipe end to end with the bytes smbclient sent to Samba (smb2-share-enum.pcapng).
#include "rpc/pipe.hpp"

#include <gtest/gtest.h>

#include "rpc/pdu.hpp"
#include "rpc/srvsvc.hpp"
#include "unit/rpc/vectors.hpp"

namespace smbkit::rpc {
namespace {

using test::hex;

context peer8_context() {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.workgroup = "PEERWG";
    ctx.server_comment = "Samba 4.17.12-Debian";
    ctx.user = "peer";
    ctx.shares = [] {
        return std::vector<share_entry>{
            {"data", stype_disktree, "", "/srv/data", 0xFFFFFFFF, 0},
            {"pub", stype_disktree, "", "/srv/pub", 0xFFFFFFFF, 0},
            {"IPC$", stype_ipc, "IPC Service (Samba 4.17.12-Debian)", "/tmp", 0xFFFFFFFF, 1},
        };
    };
    return ctx;
}

std::unique_ptr<pipe> open_srvsvc() {
    auto p = pipe::open("srvsvc", peer8_context());
    EXPECT_TRUE(p.has_value());
    return std::move(*p);
}

TEST(pipe, opens_known_names_only) {
    for (auto name :
         {"srvsvc", "SRVSVC", "\\PIPE\\srvsvc", "\\pipe\\wkssvc", "wkssvc", "PIPE\\srvsvc"})
        EXPECT_TRUE(pipe::open(name, {}).has_value()) << name;
    using namespace std::string_view_literals;
    for (auto name :
         {"lsarpc"sv, ""sv, "\\PIPE\\"sv, "srvsvc\\x"sv, "..\\srvsvc"sv, "srvsvc\0"sv, "srvsvc "sv})
        EXPECT_EQ(pipe::open(name, {}).error(), ntstatus::object_name_not_found) << name;
    EXPECT_EQ((*pipe::open("\\PIPE\\WKSSVC", {}))->name(), "wkssvc");
}

TEST(pipe, answers_smbclient_bind_like_samba) {
    auto p = open_srvsvc();
    auto out = p->transceive(hex(test::samba_bind_hex), 4280);
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->more_data);
    auto ack = decode_pdu(out->data);
    ASSERT_TRUE(ack.has_value());
    auto samba = decode_pdu(hex(test::samba_bind_ack_hex));
    ASSERT_TRUE(samba.has_value());
    EXPECT_EQ(ack->hdr.type, ptype::bind_ack);
    EXPECT_EQ(ack->hdr.call_id, 1u);
    EXPECT_EQ(ack->hdr.flags, pfc_first_frag | pfc_last_frag);
    const auto& ours = std::get<bind_ack_body>(ack->body);
    const auto& theirs = std::get<bind_ack_body>(samba->body);
    EXPECT_EQ(ours.max_xmit_frag, theirs.max_xmit_frag);
    EXPECT_EQ(ours.max_recv_frag, theirs.max_recv_frag);
    EXPECT_NE(ours.assoc_group_id, 0u);
    EXPECT_EQ(ours.secondary_address, "\\PIPE\\srvsvc");
    ASSERT_EQ(ours.results.size(), 1u);
    EXPECT_EQ(ours.results[0].result, context_result_code::acceptance);
    EXPECT_EQ(ours.results[0].transfer_syntax, theirs.results[0].transfer_syntax);
    // Same layout as Samba's: same length, byte for byte apart from the assoc group and the
    // case of "\PIPE\".
    EXPECT_EQ(out->data.size(), hex(test::samba_bind_ack_hex).size());
}

TEST(pipe, answers_smbclient_share_enum_with_the_same_stub_as_samba) {
    auto p = open_srvsvc();
    ASSERT_TRUE(p->write(hex(test::samba_bind_hex)).has_value());
    ASSERT_TRUE(p->read(4280).has_value());
    auto out = p->transceive(hex(test::samba_share_enum_request_hex), 4280);
    ASSERT_TRUE(out.has_value());
    auto rsp = decode_pdu(out->data);
    ASSERT_TRUE(rsp.has_value());
    ASSERT_EQ(rsp->hdr.type, ptype::response);
    EXPECT_EQ(rsp->hdr.call_id, 2u);
    const auto& body = std::get<response_body>(rsp->body);
    auto ours = srvsvc::decode_share_enum_response(body.stub);
    ASSERT_TRUE(ours.has_value());

    auto samba_pdu = decode_pdu(hex(test::samba_share_enum_response_hex));
    ASSERT_TRUE(samba_pdu.has_value());
    auto samba = srvsvc::decode_share_enum_response(std::get<response_body>(samba_pdu->body).stub);
    ASSERT_TRUE(samba.has_value());

    EXPECT_EQ(ours->level, 1u);
    EXPECT_EQ(ours->status, samba->status);
    EXPECT_EQ(ours->total_entries, samba->total_entries);
    EXPECT_EQ(ours->resume_handle, samba->resume_handle);
    ASSERT_EQ(ours->entries.size(), samba->entries.size());
    for (std::size_t i = 0; i < ours->entries.size(); ++i) {
        EXPECT_EQ(ours->entries[i].netname, samba->entries[i].netname);
        EXPECT_EQ(ours->entries[i].type, samba->entries[i].type);
        EXPECT_EQ(ours->entries[i].remark, samba->entries[i].remark);
    }
    // Identical marshalling: the stubs differ only in the referent ids each side chose.
    // Samba continued its count from the request (0x0002000c on); ours starts at 0x00020000.
    byte_span samba_stub = std::get<response_body>(samba_pdu->body).stub;
    bytes renumbered(samba_stub.begin(), samba_stub.end());
    int ids = 0;
    for (std::size_t i = 0; i + 4 <= renumbered.size(); i += 4) {
        std::uint32_t v = std::uint32_t(renumbered[i]) | std::uint32_t(renumbered[i + 1]) << 8 |
                          std::uint32_t(renumbered[i + 2]) << 16 |
                          std::uint32_t(renumbered[i + 3]) << 24;
        if (v < 0x0002000c || v > 0x00020100 || v % 4 != 0) continue;
        v -= 0xc;
        for (int b = 0; b < 4; ++b) renumbered[i + b] = static_cast<std::uint8_t>(v >> (8 * b));
        ++ids;
    }
    EXPECT_EQ(ids, 9);  // container, array, 2 strings x 3 shares, resume handle
    EXPECT_EQ(to_hex(body.stub), to_hex(renumbered));
    EXPECT_EQ(body.alloc_hint, body.stub.size());
}

}  // namespace
}  // namespace smbkit::rpc
