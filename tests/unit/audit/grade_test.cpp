#include "audit/grade.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace smbkit::audit;

namespace {

host_report base(const char* ip, bool internet_facing) {
    host_report r;
    r.address = ip;
    r.scope = classify(*parse_ipv4(ip));
    r.internet_facing = internet_facing || !is_lan(r.scope);
    return r;
}

const finding* find(const host_report& r, std::string_view id) {
    auto it = std::find_if(r.findings.begin(), r.findings.end(),
                           [&](const finding& f) { return f.id == id; });
    return it == r.findings.end() ? nullptr : &*it;
}

}  // namespace

TEST(grade, smb_ports_outside_the_lan_are_high) {
    auto r = base("203.0.114.9", false);
    r.ports = {{service::smb_direct, 445, false, port_state::open, ""},
               {service::nbss, 139, false, port_state::open, ""}};
    grade(r);
    ASSERT_NE(find(r, "smb-exposed"), nullptr);
    EXPECT_EQ(find(r, "smb-exposed")->level, severity::high);
    ASSERT_NE(find(r, "nbss-exposed"), nullptr);
    EXPECT_EQ(find(r, "nbss-exposed")->level, severity::high);
    EXPECT_NE(find(r, "nbss-exposed")->reason.find("HIGH"), std::string::npos);
    EXPECT_EQ(r.worst(), severity::high);
    EXPECT_EQ(r.findings.front().level, severity::high);  // worst first
}

TEST(grade, same_ports_on_the_lan_are_info_unless_forced) {
    auto lan = base("192.168.1.20", false);
    lan.ports = {{service::smb_direct, 445, false, port_state::open, ""}};
    grade(lan);
    ASSERT_NE(find(lan, "smb-lan"), nullptr);
    EXPECT_EQ(lan.worst(), severity::info);

    auto forced = base("192.168.1.20", true);
    forced.ports = lan.ports;
    grade(forced);
    ASSERT_NE(find(forced, "smb-exposed"), nullptr);
    EXPECT_NE(find(forced, "smb-exposed")->evidence.find("declared internet-facing"),
              std::string::npos);
}

TEST(grade, closed_or_filtered_ports_give_no_finding) {
    auto r = base("8.8.4.4", false);
    r.ports = {{service::smb_direct, 445, false, port_state::filtered, ""},
               {service::nbss, 139, false, port_state::closed, ""}};
    grade(r);
    EXPECT_TRUE(r.findings.empty());
}

TEST(grade, smb1_is_high_even_on_the_lan) {
    auto r = base("10.0.0.5", false);
    r.smb.reachable = true;
    r.smb.smb1 = true;
    r.smb.signing_enabled = r.smb.signing_required = true;
    r.smb.dialects = {"SMB1", "2.0.2", "3.1.1"};
    grade(r);
    ASSERT_NE(find(r, "smb1-enabled"), nullptr);
    EXPECT_EQ(find(r, "smb1-enabled")->level, severity::high);
    EXPECT_NE(find(r, "smb1-enabled")->reason.find("EternalBlue"), std::string::npos);
    EXPECT_EQ(find(r, "signing-not-required"), nullptr);
    EXPECT_EQ(find(r, "no-smb3"), nullptr);
}

TEST(grade, signing_and_dialect_findings) {
    auto r = base("10.0.0.5", false);
    r.smb.reachable = true;
    r.smb.signing_enabled = true;
    r.smb.dialects = {"2.0.2", "2.1"};
    grade(r);
    ASSERT_NE(find(r, "signing-not-required"), nullptr);
    EXPECT_EQ(find(r, "signing-not-required")->level, severity::medium);
    ASSERT_NE(find(r, "no-smb3"), nullptr);
    EXPECT_EQ(find(r, "no-smb3")->level, severity::low);
}

TEST(grade, anonymous_and_guest_access) {
    auto r = base("10.0.0.5", false);
    logon_result anon{"anonymous", true, true, false, "", true, {}};
    anon.shares = {{"IPC$", "ipc", "", true, false, false},
                   {"public", "disk", "", true, true, true}};
    logon_result guest{"guest", true, true, true, "", false, {}};
    guest.shares = {{"docs", "disk", "", true, true, false}};
    logon_result refused{"DOM\\bob", true, false, false, "STATUS_LOGON_FAILURE", false, {}};
    r.logons = {anon, guest, refused};
    grade(r);
    ASSERT_NE(find(r, "anonymous-logon"), nullptr);
    ASSERT_NE(find(r, "anonymous-share-list"), nullptr);
    ASSERT_NE(find(r, "anonymous-writable-share"), nullptr);
    EXPECT_EQ(find(r, "anonymous-writable-share")->level, severity::high);
    ASSERT_NE(find(r, "guest-logon"), nullptr);
    ASSERT_NE(find(r, "guest-readable-share"), nullptr);
    EXPECT_EQ(find(r, "guest-readable-share")->level, severity::medium);
    EXPECT_EQ(find(r, "guest-share-list"), nullptr);
    EXPECT_EQ(r.worst(), severity::high);
}

TEST(grade, name_service_off_lan_is_medium) {
    auto r = base("198.51.101.1", false);
    r.ports = {{service::nbns, 137, true, port_state::open, ""}};
    r.netbios.answered = true;
    r.netbios.names = {{"HOST", 0x20, false, "File Server Service"}};
    r.netbios.mac = "00:11:22:33:44:55";
    grade(r);
    ASSERT_NE(find(r, "nbns-exposed"), nullptr);
    EXPECT_EQ(find(r, "nbns-exposed")->level, severity::medium);
    EXPECT_NE(find(r, "nbns-exposed")->evidence.find("HOST<20>"), std::string::npos);
    EXPECT_NE(find(r, "nbns-exposed")->evidence.find("00:11:22:33:44:55"), std::string::npos);
}
