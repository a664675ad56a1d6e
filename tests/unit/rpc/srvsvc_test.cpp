// MS-SRVS calls: marshalling against Samba's bytes, levels, access and paging.
#include "rpc/srvsvc.hpp"

#include <gtest/gtest.h>

#include <set>

#include "rpc/pdu.hpp"
#include "unit/rpc/vectors.hpp"

namespace smbkit::rpc::srvsvc {
namespace {

using test::hex;

byte_span stub_of(const bytes& pdu_bytes) {
    auto p = decode_pdu(pdu_bytes);
    EXPECT_TRUE(p.has_value());
    if (auto* q = std::get_if<request_body>(&p->body)) return q->stub;
    return std::get<response_body>(p->body).stub;
}

context make_context(bool admin = false, std::size_t extra = 0) {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.workgroup = "PEERWG";
    ctx.server_comment = "smbkit test";
    ctx.administrator = admin;
    ctx.shares = [extra] {
        std::vector<share_entry> v{
            {"data", stype_disktree, "Data share", "/srv/data", 0xFFFFFFFF, 2},
            {"print1", stype_printq, "Printer", "/var/spool", 10, 0},
            {"hidden$", stype_disktree, "", "/srv/hidden", 0xFFFFFFFF, 0},
            {"IPC$", stype_ipc, "IPC Service", "", 0xFFFFFFFF, 1},
        };
        for (std::size_t i = 0; i < extra; ++i)
            v.push_back({"share" + std::to_string(i), stype_disktree,
                         "comment " + std::to_string(i), "/srv/s" + std::to_string(i), 0xFFFFFFFF,
                         0});
        return v;
    };
    return ctx;
}

TEST(srvsvc, decodes_and_reencodes_smbclient_request_exactly) {
    bytes pdu_bytes = hex(test::samba_share_enum_request_hex);
    byte_span stub = stub_of(pdu_bytes);
    auto q = decode_share_enum_request(stub);
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(q->server_name, "127.0.0.8");
    EXPECT_EQ(q->level, 1u);
    EXPECT_TRUE(q->container);
    EXPECT_TRUE(q->entries.empty());
    EXPECT_EQ(q->prefmaxlen, 0xFFFFFFFFu);
    EXPECT_EQ(q->resume_handle, 0u);
    EXPECT_EQ(encode(*q), bytes(stub.begin(), stub.end()));
}

TEST(srvsvc, decodes_samba_response) {
    bytes pdu_bytes = hex(test::samba_share_enum_response_hex);
    auto s = decode_share_enum_response(stub_of(pdu_bytes));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->level, 1u);
    ASSERT_EQ(s->entries.size(), 3u);
    EXPECT_EQ(s->entries[0].netname, "data");
    EXPECT_EQ(s->entries[0].type, stype_disktree);
    EXPECT_EQ(s->entries[0].remark, "");
    EXPECT_EQ(s->entries[1].netname, "pub");
    EXPECT_EQ(s->entries[2].netname, "IPC$");
    EXPECT_EQ(s->entries[2].type, stype_ipc | stype_special);
    EXPECT_EQ(s->entries[2].remark, "IPC Service (Samba 4.17.12-Debian)");
    EXPECT_EQ(s->total_entries, 3u);
    EXPECT_EQ(s->resume_handle, 0u);
    EXPECT_EQ(s->status, werr_ok);
    // Re-encoding gives Samba's bytes apart from the referent ids it chose (it continued its
    // count from the request): same length, same values once ids are renumbered.
    bytes ours = encode(*s);
    byte_span theirs = stub_of(pdu_bytes);
    ASSERT_EQ(ours.size(), theirs.size());
    auto again = decode_share_enum_response(ours);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->entries.size(), 3u);
}

TEST(srvsvc, every_truncation_of_the_real_request_stub_is_bad_stub_data) {
    bytes pdu_bytes = hex(test::samba_share_enum_request_hex);
    byte_span stub = stub_of(pdu_bytes);
    context ctx = make_context();
    for (std::size_t n = 0; n < stub.size(); ++n) {
        auto r = call(op_net_share_enum, stub.first(n), ctx);
        ASSERT_FALSE(r.has_value()) << n;
        EXPECT_EQ(r.error(), rpc_x_bad_stub_data) << n;
    }
    EXPECT_TRUE(call(op_net_share_enum, stub, ctx).has_value());
}

share_enum_response enumerate(std::uint32_t level, const context& ctx,
                              std::optional<std::uint32_t> resume = 0,
                              std::uint32_t prefmax = 0xFFFFFFFF) {
    share_enum_request q;
    q.server_name = "\\\\PEER8";
    q.level = level;
    q.prefmaxlen = prefmax;
    q.resume_handle = resume;
    auto stub = call(op_net_share_enum, encode(q), ctx);
    EXPECT_TRUE(stub.has_value());
    auto s = decode_share_enum_response(*stub);
    EXPECT_TRUE(s.has_value());
    return s.value_or(share_enum_response{});
}

TEST(srvsvc, enumerates_levels_0_1_501_to_everyone) {
    context ctx = make_context();
    for (std::uint32_t level : {0u, 1u, 501u}) {
        auto s = enumerate(level, ctx);
        EXPECT_EQ(s.status, werr_ok) << level;
        EXPECT_EQ(s.level, level);
        ASSERT_EQ(s.entries.size(), 4u) << level;
        EXPECT_EQ(s.total_entries, 4u);
        EXPECT_EQ(s.resume_handle, 0u);
        EXPECT_EQ(s.entries[0].netname, "data");
        EXPECT_EQ(s.entries[3].netname, "IPC$");
        if (level == 0) {
            EXPECT_FALSE(s.entries[0].remark.has_value());
            continue;
        }
        EXPECT_EQ(s.entries[0].remark, "Data share");
        EXPECT_EQ(s.entries[0].type, stype_disktree);
        EXPECT_EQ(s.entries[1].type, stype_printq);
        EXPECT_EQ(s.entries[2].type, stype_disktree | stype_special);
        EXPECT_EQ(s.entries[3].type, stype_ipc | stype_special);
        EXPECT_FALSE(s.entries[0].path.has_value());  // not part of these levels
    }
}

TEST(srvsvc, levels_2_and_502_are_for_administrators) {
    for (std::uint32_t level : {2u, 502u}) {
        auto denied = enumerate(level, make_context(false));
        EXPECT_EQ(denied.status, werr_access_denied);
        EXPECT_TRUE(denied.entries.empty());
        EXPECT_EQ(denied.total_entries, 0u);

        auto s = enumerate(level, make_context(true));
        EXPECT_EQ(s.status, werr_ok);
        ASSERT_EQ(s.entries.size(), 4u);
        EXPECT_EQ(s.entries[0].path, "C:\\srv\\data");
        EXPECT_EQ(s.entries[3].path, "C:\\");
        EXPECT_EQ(s.entries[0].current_uses, 2u);
        EXPECT_EQ(s.entries[1].max_uses, 10u);
        EXPECT_FALSE(s.entries[0].passwd.has_value());
        EXPECT_FALSE(s.entries[0].security_descriptor.has_value());
    }
}

TEST(srvsvc, unknown_enum_levels_are_invalid_level) {
    context ctx = make_context(true);
    for (std::uint32_t level : {503u, 3u, 1005u, 0xFFFFFFFFu}) {
        auto s = enumerate(level, ctx);
        EXPECT_EQ(s.status, werr_invalid_level) << level;
        EXPECT_EQ(s.level, level);
        EXPECT_TRUE(s.entries.empty());
    }
}

TEST(srvsvc, small_preferred_length_pages_with_the_resume_handle) {
    context ctx = make_context(false, 40);
    std::set<std::string> seen;
    std::uint32_t resume = 0;
    int pages = 0;
    for (;;) {
        auto s = enumerate(1, ctx, resume, 200);
        ++pages;
        ASSERT_FALSE(s.entries.empty());
        EXPECT_EQ(s.total_entries, 44u);
        for (auto& e : s.entries) EXPECT_TRUE(seen.insert(*e.netname).second) << *e.netname;
        if (s.status == werr_ok) {
            EXPECT_EQ(s.resume_handle, 0u);
            break;
        }
        ASSERT_EQ(s.status, werr_more_data);
        ASSERT_TRUE(s.resume_handle.has_value());
        EXPECT_EQ(*s.resume_handle, seen.size());
        resume = *s.resume_handle;
        ASSERT_LT(pages, 100);
    }
    EXPECT_EQ(seen.size(), 44u);
    EXPECT_GT(pages, 5);
    // A length too small for one entry still returns one.
    auto one = enumerate(1, ctx, 0, 1);
    EXPECT_EQ(one.entries.size(), 1u);
    EXPECT_EQ(one.status, werr_more_data);
    EXPECT_EQ(one.resume_handle, 1u);
    // Without a resume handle the answer says there is more and carries no handle.
    auto none = enumerate(1, ctx, std::nullopt, 200);
    EXPECT_EQ(none.status, werr_more_data);
    EXPECT_FALSE(none.resume_handle.has_value());
    // A resume handle past the end returns nothing.
    auto past = enumerate(1, ctx, 1000);
    EXPECT_TRUE(past.entries.empty());
    EXPECT_EQ(past.status, werr_ok);
}

share_get_info_response get_info(const std::string& name, std::uint32_t level, const context& ctx) {
    share_get_info_request q{std::string("PEER8"), name, level};
    auto stub = call(op_net_share_get_info, encode(q), ctx);
    EXPECT_TRUE(stub.has_value());
    auto s = decode_share_get_info_response(*stub);
    EXPECT_TRUE(s.has_value());
    return s.value_or(share_get_info_response{});
}

TEST(srvsvc, share_get_info_levels) {
    context user = make_context(false);
    context admin = make_context(true);
    for (std::uint32_t level : {0u, 1u, 501u, 1004u, 1005u, 1006u}) {
        auto s = get_info("DATA", level, user);  // names compare without case
        EXPECT_EQ(s.status, werr_ok) << level;
        ASSERT_TRUE(s.info.has_value()) << level;
        if (level <= 501) {
            EXPECT_EQ(s.info->netname, "data");
        }
        if (level == 1 || level == 501 || level == 1004) {
            EXPECT_EQ(s.info->remark, "Data share");
        }
        if (level == 1006) {
            EXPECT_EQ(s.info->max_uses, 0xFFFFFFFFu);
        }
    }
    for (std::uint32_t level : {2u, 502u}) {
        auto denied = get_info("data", level, user);
        EXPECT_EQ(denied.status, werr_access_denied);
        EXPECT_FALSE(denied.info.has_value());
        auto s = get_info("data", level, admin);
        ASSERT_TRUE(s.info.has_value());
        EXPECT_EQ(s.info->path, "C:\\srv\\data");
        EXPECT_EQ(s.info->current_uses, 2u);
    }
    // The name is a C string to the server: it ends at the first NUL, as on Windows.
    EXPECT_EQ(get_info(std::string("data\0x", 6), 1, user).info->netname, "data");
    EXPECT_EQ(get_info("", 1, user).status, nerr_net_name_not_found);
    auto missing = get_info("nope", 1, user);
    EXPECT_EQ(missing.status, nerr_net_name_not_found);
    EXPECT_FALSE(missing.info.has_value());
    for (std::uint32_t level : {503u, 1501u, 7u}) {
        auto bad = get_info("data", level, admin);
        EXPECT_EQ(bad.status, werr_invalid_level) << level;
        EXPECT_FALSE(bad.info.has_value());
    }
}

TEST(srvsvc, unknown_level_takes_the_empty_default_arm) {
    share_get_info_response r;
    r.level = 7;
    r.status = werr_invalid_level;
    EXPECT_EQ(to_hex(encode(r)),
              "07000000"
              "7c000000");
    r.level = 503;
    EXPECT_EQ(to_hex(encode(r)),
              "f7010000"
              "00000000"
              "7c000000");
}

TEST(srvsvc, server_get_info_levels) {
    context ctx = make_context();
    for (std::uint32_t level : {100u, 101u, 102u}) {
        server_get_info_request q{std::string("\\\\PEER8"), level};
        auto stub = call(op_net_server_get_info, encode(q), ctx);
        ASSERT_TRUE(stub.has_value());
        auto s = decode_server_get_info_response(*stub);
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->status, werr_ok);
        ASSERT_TRUE(s->info.has_value());
        EXPECT_EQ(s->info->platform_id, 500u);
        EXPECT_EQ(s->info->name, "PEER8");
        if (level >= 101) {
            EXPECT_EQ(s->info->version_major, 6u);
            EXPECT_EQ(s->info->version_minor, 1u);
            EXPECT_EQ(s->info->comment, "smbkit test");
            EXPECT_TRUE(s->info->type & sv_type_server);
            EXPECT_TRUE(s->info->type & sv_type_server_nt);
        }
        if (level == 102) {
            EXPECT_EQ(s->info->userpath, "C:\\");
        }
    }
    server_get_info_request q{std::nullopt, 503};
    auto s = decode_server_get_info_response(*call(op_net_server_get_info, encode(q), ctx));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->status, werr_invalid_level);
    EXPECT_FALSE(s->info.has_value());
}

TEST(srvsvc, unknown_opnums_and_bad_stubs_fault) {
    context ctx = make_context();
    for (std::uint16_t op : {0, 14, 17, 20, 22, 36, 53, 54, 0xFFFF})
        EXPECT_EQ(call(op, {}, ctx).error(), nca_s_op_rng_error) << op;
    bytes junk{1, 2, 3};
    for (std::uint16_t op : {op_net_share_enum, op_net_share_get_info, op_net_server_get_info})
        EXPECT_EQ(call(op, junk, ctx).error(), rpc_x_bad_stub_data) << op;
}

TEST(srvsvc, request_container_entries_are_read_and_skipped) {
    share_enum_request q;
    q.level = 2;
    q.entries.resize(2);
    q.entries[0].netname = "x";
    q.entries[0].path = "C:\\x";
    q.entries[1].netname = "y";
    bytes stub = encode(q);
    auto d = decode_share_enum_request(stub);
    ASSERT_TRUE(d.has_value());
    ASSERT_EQ(d->entries.size(), 2u);
    EXPECT_EQ(d->entries[0].path, "C:\\x");
    EXPECT_EQ(d->entries[1].netname, "y");
    EXPECT_EQ(d->prefmaxlen, 0xFFFFFFFFu);
    // A count larger than the array's conformance is refused.
    bytes bad = stub;
    bad[16] = 9;  // EntriesRead after server name, level, tag, container pointer
    EXPECT_FALSE(decode_share_enum_request(bad).has_value());
}

TEST(srvsvc, share_info_502_security_descriptor_round_trip) {
    share_get_info_response r;
    r.level = 502;
    share_info i;
    i.netname = "data";
    i.security_descriptor = bytes{1, 0, 4, 0x80, 0, 0, 0, 0};
    r.info = i;
    auto d = decode_share_get_info_response(encode(r));
    ASSERT_TRUE(d.has_value());
    ASSERT_TRUE(d->info->security_descriptor.has_value());
    EXPECT_EQ(*d->info->security_descriptor, *i.security_descriptor);
    EXPECT_EQ(d->info->reserved, 8u);
}

TEST(srvsvc, no_share_callback_means_no_shares) {
    context ctx;
    auto s = enumerate(1, ctx);
    EXPECT_EQ(s.status, werr_ok);
    EXPECT_TRUE(s.entries.empty());
    EXPECT_TRUE(s.container);
    // The empty container marshals a null array pointer, as Samba does.
    share_enum_response r;
    r.level = 1;
    EXPECT_EQ(to_hex(encode(r)),
              "01000000"
              "01000000"
              "00000200"
              "00000000"
              "00000000"
              "00000000"
              "00000000"
              "00000000");
}

}  // namespace
}  // namespace smbkit::rpc::srvsvc
