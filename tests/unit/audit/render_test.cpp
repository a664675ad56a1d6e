#include "audit/grade.hpp"
#include "audit/render.hpp"

#include <gtest/gtest.h>

using namespace smbkit::audit;

namespace {
host_report sample() {
    host_report r;
    r.address = "127.0.5.1";
    r.scope = address_scope::loopback;
    r.internet_facing = true;
    r.ports = {{service::smb_direct, 445, false, port_state::open, "connect succeeded"}};
    r.netbios.answered = true;
    r.netbios.computer_name = "KIT<script>";
    r.netbios.workgroup = "WG";
    r.netbios.names = {{"KIT", 0x20, false, "File Server Service"}};
    r.smb.reachable = true;
    r.smb.transport = "tcp/445";
    r.smb.dialects = {"2.0.2", "3.1.1"};
    r.smb.signing_enabled = true;
    grade(r);
    return r;
}
}  // namespace

TEST(render, text_lists_findings_worst_first_without_color_codes) {
    auto text = render_text({sample()}, false);
    EXPECT_NE(text.find("Host 127.0.5.1"), std::string::npos);
    EXPECT_NE(text.find("worst finding HIGH"), std::string::npos);
    EXPECT_NE(text.find("HIGH   SMB (TCP 445) reachable"), std::string::npos);
    EXPECT_LT(text.find("HIGH "), text.find("MEDIUM"));
    EXPECT_EQ(text.find("\x1b["), std::string::npos);
    EXPECT_NE(render_text({sample()}, true).find("\x1b[1;31m"), std::string::npos);
}

TEST(render, json_round_trips_the_facts) {
    auto j = nlohmann::json::parse(render_json({sample()}));
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["address"], "127.0.5.1");
    EXPECT_EQ(j[0]["worst"], "HIGH");
    EXPECT_EQ(j[0]["smb"]["dialects"][1], "3.1.1");
    EXPECT_EQ(j[0]["netbios"]["names"][0]["suffix"], "20");
    EXPECT_EQ(j[0]["findings"][0]["id"], "smb-exposed");
    EXPECT_TRUE(j[0]["smb"]["server_time"].is_null());
}

TEST(render, html_is_self_contained_and_escaped) {
    auto html = render_html({sample()}, "2026-11-26T12:00:00Z");
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("KIT&lt;script&gt;"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_NE(html.find("class=\"sev HIGH\""), std::string::npos);
    EXPECT_EQ(html_escape("a&b\"'"), "a&amp;b&quot;&#39;");
}
