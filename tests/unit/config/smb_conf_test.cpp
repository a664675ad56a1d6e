#include "config/settings.hpp"
#include "config/smb_conf.hpp"

#include <gtest/gtest.h>

using namespace smbkit::config;

TEST(smb_conf, sections_keys_comments_and_continuations) {
    auto conf = smb_conf::parse(R"(
# comment
; another
[global]
   NetBIOS Name = peer8
   workgroup=PeerWG
   smb ports = 4445 \
               1139
[data]
   path = /srv/data
   writeable = yes
   public = yes
   browsable = no
[Data]
   comment = merged into the same share
)");
    ASSERT_TRUE(conf) << conf.error();
    EXPECT_EQ(conf->global().get("netbiosname"), "peer8");
    EXPECT_EQ(conf->global().get("NETBIOS_NAME"), "peer8");
    ASSERT_EQ(conf->shares().size(), 1u);
    const auto* data = conf->share("DATA");
    ASSERT_NE(data, nullptr);
    EXPECT_EQ(data->get("path"), "/srv/data");
    EXPECT_FALSE(data->get_bool("read only", true));
    EXPECT_TRUE(data->get_bool("guest ok", false));
    EXPECT_FALSE(data->get_bool("browseable", true));
    EXPECT_EQ(data->get("comment"), "merged into the same share");
    auto g = read_global(*conf);
    ASSERT_TRUE(g) << g.error();
    EXPECT_EQ(g->netbios_name, "PEER8");
    EXPECT_EQ(g->workgroup, "PEERWG");
    EXPECT_EQ(g->smb_ports, (std::vector<std::uint16_t>{4445, 1139}));
}

TEST(smb_conf, later_values_win_and_share_falls_back_to_global) {
    auto conf = smb_conf::parse("[global]\nguest ok = yes\nread only = no\nread only = yes\n"
                                "[s]\npath=/x\n");
    ASSERT_TRUE(conf);
    EXPECT_TRUE(conf->global().get_bool("read only", false));
    EXPECT_TRUE(conf->share_bool(*conf->share("s"), "guest ok", false));
}

TEST(smb_conf, errors_name_the_line) {
    auto bad = smb_conf::parse("[global]\nnot a parameter\n");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("line 2"), std::string::npos);
    EXPECT_FALSE(smb_conf::parse("[global\n"));
    EXPECT_FALSE(smb_conf::parse("[]\n"));
    EXPECT_FALSE(smb_conf::parse("= value\n"));
}

TEST(settings, validates_values) {
    EXPECT_FALSE(read_global(*smb_conf::parse("netbios name = THIS-NAME-IS-TOO-LONG\n")));
    EXPECT_FALSE(read_global(*smb_conf::parse("netbios name = bad*name\n")));
    EXPECT_FALSE(read_global(*smb_conf::parse("smb ports = 445 nope\n")));
    EXPECT_FALSE(read_global(*smb_conf::parse("nbt port = 70000\n")));
    EXPECT_FALSE(read_global(*smb_conf::parse("wins support = perhaps\n")));
    auto g = read_global(*smb_conf::parse("interfaces = lo 127.0.0.2/8\nbind interfaces only = yes\n"
                                          "wins support = yes\nnbt port = 1137\n"));
    ASSERT_TRUE(g);
    EXPECT_EQ(g->interfaces, (std::vector<std::string>{"lo", "127.0.0.2/8"}));
    EXPECT_TRUE(g->bind_interfaces_only);
    EXPECT_TRUE(g->wins_support);
    EXPECT_EQ(g->nbt_port, 1137);
    EXPECT_EQ(g->smb_passwd_file, "/var/lib/smbkit/private/smbpasswd");
    EXPECT_EQ(g->log_level, "") << "not set: the command line's level stays";
}

TEST(settings, log_level_is_a_samba_number_or_a_level_name) {
    EXPECT_EQ(read_global(*smb_conf::parse("log level = 3 auth:5\n"))->log_level, "3 auth:5");
    EXPECT_EQ(read_global(*smb_conf::parse("log level = debug\n"))->log_level, "debug");
    EXPECT_FALSE(read_global(*smb_conf::parse("log level = loud\n")));
    EXPECT_FALSE(read_global(*smb_conf::parse("log level = -1\n")));
}

TEST(settings, default_name_is_upper_case_host) {
    auto n = default_netbios_name();
    EXPECT_FALSE(n.empty());
    EXPECT_LE(n.size(), 15u);
    for (char c : n) EXPECT_FALSE(c >= 'a' && c <= 'z');
}
