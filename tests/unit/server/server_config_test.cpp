#include <gtest/gtest.h>

#include "config/settings.hpp"
#include "server/server_config.hpp"

using namespace smbkit;

TEST(ServerConfig, DefaultsAndShares) {
    auto conf = config::smb_conf::parse(
        "[global]\nserver min protocol = SMB2_10\nserver signing = mandatory\n"
        "map to guest = bad user\nsmb encrypt = desired\n"
        "[data]\npath = /srv/data\nwriteable = yes\nvalid users = alice bob\n"
        "[secret]\npath = /srv/s\nsmb encrypt = required\n");
    ASSERT_TRUE(conf);
    auto g = config::read_global(*conf);
    ASSERT_TRUE(g);
    auto c = server::load_server_config(*conf, *g);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->min_dialect, 0x0210);
    EXPECT_EQ(c->max_dialect, 0x0311);
    EXPECT_EQ(c->signing, server::signing_mode::mandatory);
    EXPECT_EQ(c->map_to_guest, server::guest_mapping::bad_user);
    ASSERT_NE(c->find_share("ipc$"), nullptr);
    EXPECT_TRUE(c->find_share("IPC$")->ipc);
    auto* d = c->find_share("DATA");
    ASSERT_NE(d, nullptr);
    EXPECT_FALSE(d->read_only);
    EXPECT_EQ(d->valid_users.size(), 2u);
    EXPECT_EQ(d->encrypt, server::encrypt_mode::desired);
    EXPECT_EQ(c->find_share("secret")->encrypt, server::encrypt_mode::required);
    EXPECT_EQ(c->nbss_ports, std::vector<std::uint16_t>{139});
}

TEST(ServerConfig, RejectsBadValues) {
    for (const char* text : {"[global]\nserver max protocol = NT1\n[s]\npath=/x\n",
                             "[global]\nserver signing = sometimes\n[s]\npath=/x\n",
                             "[global]\nserver min protocol = SMB3_11\nserver max protocol = SMB2_10\n",
                             "[s]\ncomment = no path\n"}) {
        auto conf = config::smb_conf::parse(text);
        ASSERT_TRUE(conf);
        auto g = config::read_global(*conf);
        ASSERT_TRUE(g);
        EXPECT_FALSE(server::load_server_config(*conf, *g)) << text;
    }
}

TEST(ServerConfig, TransferSizes) {
    auto load = [](const char* text) {
        auto conf = config::smb_conf::parse(text);
        EXPECT_TRUE(conf);
        auto g = config::read_global(*conf);
        EXPECT_TRUE(g);
        return server::load_server_config(*conf, *g);
    };
    auto d = load("[global]\n[s]\npath=/x\n");
    ASSERT_TRUE(d) << d.error();
    EXPECT_EQ(d->max_read_size, 1024u * 1024);
    EXPECT_EQ(d->max_write_size, 1024u * 1024);
    EXPECT_EQ(d->max_trans_size, 8u * 1024 * 1024);

    auto c = load("[global]\nsmb2 max read = 65536\nsmb2 max write = 0x800000\n"
                  "smb2 max trans = 131072\n[s]\npath=/x\n");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->max_read_size, 65536u);
    EXPECT_EQ(c->max_write_size, 8u * 1024 * 1024);
    EXPECT_EQ(c->max_trans_size, 131072u);

    for (const char* bad : {"smb2 max read = 65535", "smb2 max write = 8388609",
                            "smb2 max trans = big", "smb2 max read = -1"}) {
        auto r = load((std::string("[global]\n") + bad + "\n[s]\npath=/x\n").c_str());
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().find(std::string(bad).substr(0, 13)), std::string::npos) << r.error();
    }
}
