// smbpasswd file handling: Samba's own line format, look-ups, edits and the atomic rewrite.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/ntlm_server.hpp"
#include "auth/smbpasswd.hpp"

using namespace smbkit;
using namespace smbkit::auth;

namespace {
// Lines as Samba 4.17's smbpasswd -a writes them (NT hash of "peer-Pw.7"), plus a disabled and
// a no-password account and a comment.
const char* sample =
    "# accounts\n"
    "peer:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:%s:[U          ]:LCT-6925F3A1:\n"
    "Gone:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[DU         ]:LCT-00000010:\n"
    "open:1002:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[NU         ]:LCT-00000020:\n";

std::string upper_hex(byte_span b) {
    auto s = to_hex(b);
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string sample_text() {
    char buf[1024];
    std::snprintf(buf, sizeof buf, sample, upper_hex(*nt_hash("peer-Pw.7")).c_str());
    return buf;
}

struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        char t[] = "/tmp/smbkit-smbpasswd.XXXXXX";
        path = ::mkdtemp(t);
    }
    ~temp_dir() { std::filesystem::remove_all(path); }
};
}  // namespace

TEST(smbpasswd, parses_samba_lines_and_round_trips) {
    auto text = sample_text();
    auto db = smbpasswd_db::parse(text);
    ASSERT_TRUE(db) << db.error();
    ASSERT_EQ(db->entries().size(), 3u);
    auto* peer = db->find("PEER");
    ASSERT_NE(peer, nullptr);
    EXPECT_EQ(peer->name, "peer");
    EXPECT_EQ(peer->uid, 1000u);
    EXPECT_FALSE(peer->lm_hash.has_value());
    EXPECT_EQ(*peer->nt_hash, *nt_hash("peer-Pw.7"));
    EXPECT_EQ(peer->flags, "U");
    EXPECT_EQ(peer->last_change, 0x6925F3A1u);
    EXPECT_TRUE(db->find("gone")->disabled());
    EXPECT_TRUE(db->find("open")->no_password());
    EXPECT_EQ(db->serialize(), text);
}

TEST(smbpasswd, rejects_malformed_lines_with_their_number) {
    for (const char* bad : {"peer:x:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U]:",
                            "peer:1:XXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U]:",
                            "peer:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ:[U]:",
                            "peer:1",
                            ":1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U]:"}) {
        auto db = smbpasswd_db::parse(std::string("# c\n") + bad + "\n");
        ASSERT_FALSE(db) << bad;
        EXPECT_NE(db.error().find("line 2"), std::string::npos) << db.error();
    }
    // Duplicate names, whatever their case.
    auto dup = smbpasswd_db::parse(
        "a:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:LCT-00000000:\n"
        "A:2:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:LCT-00000000:\n");
    EXPECT_FALSE(dup);
}

TEST(smbpasswd, add_change_disable_delete) {
    auto db = *smbpasswd_db::parse(sample_text());
    EXPECT_TRUE(db.set_password("newuser", 2000, "Pw-1", 0x10));
    auto* n = db.find("NewUser");
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->uid, 2000u);
    EXPECT_EQ(*n->nt_hash, *nt_hash("Pw-1"));
    EXPECT_EQ(n->flags, "U");
    // Changing keeps the uid and [D], clears [N].
    EXPECT_TRUE(db.set_password("GONE", 9999, "again", 0x20));
    EXPECT_EQ(db.find("gone")->uid, 1001u);
    EXPECT_TRUE(db.find("gone")->disabled());
    EXPECT_TRUE(db.set_password("open", 0, "now-set", 0x30));
    EXPECT_FALSE(db.find("open")->no_password());
    EXPECT_TRUE(db.set_disabled("peer", true));
    EXPECT_TRUE(db.find("peer")->disabled());
    EXPECT_TRUE(db.set_disabled("peer", false));
    EXPECT_FALSE(db.find("peer")->disabled());
    EXPECT_TRUE(db.remove("Gone"));
    EXPECT_EQ(db.find("gone"), nullptr);
    EXPECT_FALSE(db.remove("gone"));
    EXPECT_FALSE(db.set_disabled("nobody", true));
    auto text = db.serialize();
    EXPECT_NE(text.find("# accounts\n"), std::string::npos);
    EXPECT_NE(text.find("newuser:2000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" + upper_hex(*nt_hash("Pw-1")) +
                        ":[U          ]:LCT-00000010:\n"),
              std::string::npos)
        << text;
    auto again = smbpasswd_db::parse(text);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->serialize(), text);
}

TEST(smbpasswd, lookup_feeds_the_ntlm_server) {
    auto db = *smbpasswd_db::parse(sample_text());
    auto lookup = db.lookup();
    auto peer = lookup("Peer");
    ASSERT_TRUE(peer);
    EXPECT_EQ(peer->nt_hash, *nt_hash("peer-Pw.7"));
    EXPECT_FALSE(peer->disabled);
    EXPECT_TRUE(lookup("gone")->disabled);
    auto open = lookup("open");
    ASSERT_TRUE(open);
    EXPECT_EQ(open->nt_hash, *nt_hash(""));
    EXPECT_FALSE(lookup("nobody"));
    // The lookup is a snapshot: later edits do not change it.
    db.remove("peer");
    EXPECT_TRUE(lookup("peer"));
}

TEST(smbpasswd, atomic_save_mode_0600_and_load) {
    temp_dir dir;
    auto path = (dir.path / "smbpasswd").string();
    auto missing = smbpasswd_db::load(path);
    EXPECT_FALSE(missing);
    auto empty = smbpasswd_db::load(path, true);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->entries().empty());
    auto db = *smbpasswd_db::parse(sample_text());
    ::umask(022);
    ASSERT_TRUE(db.save(path));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto loaded = smbpasswd_db::load(path);
    ASSERT_TRUE(loaded) << loaded.error();
    EXPECT_EQ(loaded->serialize(), sample_text());
    // No temporary file is left behind.
    int files = 0;
    for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path)) ++files;
    EXPECT_EQ(files, 1);
    // A folder that does not exist: an error naming the path, nothing written.
    auto bad = db.save((dir.path / "no" / "smbpasswd").string());
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("/no/"), std::string::npos);
}
