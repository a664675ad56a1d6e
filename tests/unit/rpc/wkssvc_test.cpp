// MS-WKST NetrWkstaGetInfo.
#include "rpc/wkssvc.hpp"

#include <gtest/gtest.h>

namespace smbkit::rpc::wkssvc {
namespace {

wksta_get_info_response ask(std::uint32_t level, const context& ctx) {
    auto stub =
        call(op_netr_wksta_get_info, encode(wksta_get_info_request{"\\\\PEER8", level}), ctx);
    EXPECT_TRUE(stub.has_value());
    auto r = decode_wksta_get_info_response(*stub);
    EXPECT_TRUE(r.has_value());
    return r.value_or(wksta_get_info_response{});
}

context make(bool anonymous, bool admin) {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.workgroup = "PEERWG";
    ctx.anonymous = anonymous;
    ctx.administrator = admin;
    ctx.session_count = [] { return 3u; };
    return ctx;
}

TEST(wkssvc, level_100_for_everyone) {
    auto r = ask(100, make(true, false));
    EXPECT_EQ(r.status, werr_ok);
    ASSERT_TRUE(r.info.has_value());
    EXPECT_EQ(r.info->platform_id, 500u);
    EXPECT_EQ(r.info->computername, "PEER8");
    EXPECT_EQ(r.info->langroup, "PEERWG");
    EXPECT_EQ(r.info->ver_major, 6u);
    EXPECT_EQ(r.info->ver_minor, 1u);
    EXPECT_FALSE(r.info->lanroot.has_value());
}

TEST(wkssvc, level_101_needs_a_user_and_102_an_administrator) {
    EXPECT_EQ(ask(101, make(true, false)).status, werr_access_denied);
    auto r = ask(101, make(false, false));
    EXPECT_EQ(r.status, werr_ok);
    EXPECT_EQ(r.info->lanroot, "C:\\");
    EXPECT_EQ(ask(102, make(false, false)).status, werr_access_denied);
    auto a = ask(102, make(false, true));
    EXPECT_EQ(a.status, werr_ok);
    ASSERT_TRUE(a.info.has_value());
    EXPECT_EQ(a.info->logged_on_users, 3u);
}

TEST(wkssvc, wire_form_of_level_100) {
    wksta_get_info_response r;
    r.level = 100;
    r.info = wksta_info{500, "AB", "W", 6, 1, std::nullopt, 0};
    EXPECT_EQ(to_hex(encode(r)),
              "64000000"
              "00000200"  // tag, pointer
              "f4010000"
              "04000200"
              "08000200"
              "06000000"
              "01000000"
              "03000000"
              "00000000"
              "03000000"
              "410042000000"
              "0000"
              "02000000"
              "00000000"
              "02000000"
              "57000000"
              "00000000");
}

TEST(wkssvc, unknown_levels_and_opnums) {
    context ctx = make(false, true);
    for (std::uint32_t level : {0u, 502u, 1013u, 99u}) {
        auto r = ask(level, ctx);
        EXPECT_EQ(r.status, werr_invalid_level) << level;
        EXPECT_FALSE(r.info.has_value());
    }
    EXPECT_EQ(call(1, {}, ctx).error(), nca_s_op_rng_error);
    EXPECT_EQ(call(0, bytes{0, 0, 2}, ctx).error(), rpc_x_bad_stub_data);
    bytes stub = encode(wksta_get_info_request{"\\\\PEER8", 100});
    for (std::size_t n = 0; n < stub.size(); ++n)
        EXPECT_EQ(call(0, byte_span(stub).first(n), ctx).error(), rpc_x_bad_stub_data) << n;
}

}  // namespace
}  // namespace smbkit::rpc::wkssvc
