// The WINS database: registration decisions, challenges, groups, refresh, release, expiry
// and crash-safe persistence.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "server/name_service/wins_db.hpp"

using namespace smbkit;
using namespace smbkit::server::name_service;
using std::chrono::seconds;

namespace {

netbios::netbios_name nm(const char* s, std::uint8_t suffix) {
    return *netbios::netbios_name::make(s, suffix);
}
ipv4 ip(const char* s) { return *parse_ipv4(s); }
wall_time t0() { return wall_time{} + std::chrono::hours(24 * 365 * 50); }

struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        char tmpl[] = "/tmp/smbkit-wins-test.XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~temp_dir() { std::filesystem::remove_all(path); }
};

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(NameServiceWinsDb, RegisterAndFind) {
    wins_db db;
    auto n = nm("PEERNMB", 0x20);
    EXPECT_EQ(db.find(n, t0()), nullptr);
    EXPECT_EQ(db.check(n, ip("127.0.2.20"), false, false, t0()), verdict::grant);
    db.grant(n, ip("127.0.2.20"), false, false, 300000, t0());
    ASSERT_NE(db.find(n, t0()), nullptr);
    EXPECT_EQ(db.find(n, t0())->live(t0()), std::vector<ipv4>{ip("127.0.2.20")});
    EXPECT_EQ(db.find(n, t0())->kind, record_kind::unique);
    EXPECT_TRUE(db.dirty());
    // The owner registering again is simply granted.
    EXPECT_EQ(db.check(n, ip("127.0.2.20"), false, false, t0()), verdict::grant);
}

TEST(NameServiceWinsDb, ConflictChallengeOwnerStillThereRefuses) {
    wins_db db;
    auto n = nm("PEERNMB", 0x20);
    db.grant(n, ip("127.0.2.20"), false, false, 300000, t0());
    EXPECT_EQ(db.check(n, ip("127.0.2.21"), false, false, t0()), verdict::challenge);
    EXPECT_EQ(db.decide_after_challenge(n, ip("127.0.2.21"), false, {ip("127.0.2.20")}, t0()),
              verdict::refuse);
    EXPECT_EQ(db.find(n, t0())->live(t0()), std::vector<ipv4>{ip("127.0.2.20")});
}

TEST(NameServiceWinsDb, ConflictChallengeOwnerSilentGrantsAndReplaces) {
    wins_db db;
    auto n = nm("PEERNMB", 0x20);
    db.grant(n, ip("127.0.2.20"), false, false, 300000, t0());
    EXPECT_EQ(db.decide_after_challenge(n, ip("127.0.2.21"), false, {}, t0()), verdict::grant);
    db.grant(n, ip("127.0.2.21"), false, false, 300000, t0(), true);
    EXPECT_EQ(db.find(n, t0())->live(t0()), std::vector<ipv4>{ip("127.0.2.21")});
}

TEST(NameServiceWinsDb, MultihomedOwnerConfirmsNewAddress) {
    wins_db db;
    auto n = nm("MULTI", 0x00);
    db.grant(n, ip("127.0.2.30"), false, true, 300000, t0());
    EXPECT_EQ(db.check(n, ip("127.0.2.31"), false, true, t0()), verdict::challenge);
    // The host answers with both of its addresses: the new one is added.
    EXPECT_EQ(db.decide_after_challenge(n, ip("127.0.2.31"), true,
                                        {ip("127.0.2.30"), ip("127.0.2.31")}, t0()),
              verdict::grant);
    db.grant(n, ip("127.0.2.31"), false, true, 300000, t0());
    auto live = db.find(n, t0())->live(t0());
    EXPECT_EQ(live.size(), 2u);
    EXPECT_EQ(db.find(n, t0())->kind, record_kind::multihomed);
    // A host that does not list the new address is a different node.
    EXPECT_EQ(db.decide_after_challenge(n, ip("127.0.2.99"), true, {ip("127.0.2.30")}, t0()),
              verdict::refuse);
}

TEST(NameServiceWinsDb, GroupsAccumulateMembers) {
    wins_db db;
    auto g = nm("KITWG", 0x00);
    db.grant(g, ip("127.0.2.20"), true, false, 300000, t0());
    EXPECT_EQ(db.check(g, ip("127.0.2.21"), true, false, t0()), verdict::grant);
    db.grant(g, ip("127.0.2.21"), true, false, 300000, t0());
    db.grant(g, ip("127.0.2.20"), true, false, 300000, t0());  // again: no duplicate
    EXPECT_EQ(db.find(g, t0())->live(t0()).size(), 2u);
    EXPECT_EQ(db.find(g, t0())->kind, record_kind::group);
    // A group cannot become unique, nor a unique name a group.
    EXPECT_EQ(db.check(g, ip("127.0.2.22"), false, false, t0()), verdict::refuse);
    auto u = nm("PEERNMB", 0x20);
    db.grant(u, ip("127.0.2.20"), false, false, 300000, t0());
    EXPECT_EQ(db.check(u, ip("127.0.2.21"), true, false, t0()), verdict::refuse);
}

TEST(NameServiceWinsDb, InternetGroupKeepsAtMost25Addresses) {
    wins_db db;
    auto dc = nm("KITWG", 0x1C);
    for (int i = 1; i <= 30; ++i)
        db.grant(dc, {127, 0, 2, static_cast<std::uint8_t>(i)}, true, false, 300000,
                 t0() + seconds(i));
    const auto* rec = db.find(dc, t0() + seconds(30));
    ASSERT_NE(rec, nullptr);
    EXPECT_EQ(rec->kind, record_kind::special_group);
    EXPECT_EQ(rec->addresses.size(), special_group_max_members);
    // The newest stays, the oldest went.
    EXPECT_TRUE(rec->holds({127, 0, 2, 30}, t0() + seconds(30)));
    EXPECT_FALSE(rec->holds({127, 0, 2, 1}, t0() + seconds(30)));
}

TEST(NameServiceWinsDb, RefreshReleaseAndExpiry) {
    wins_db db;
    auto n = nm("PEERNMB", 0x20);
    db.grant(n, ip("127.0.2.20"), false, false, min_wins_ttl, t0());
    EXPECT_FALSE(db.refresh(n, ip("127.0.2.21"), min_wins_ttl, t0()));
    auto later = t0() + seconds(min_wins_ttl - 10);
    EXPECT_TRUE(db.refresh(n, ip("127.0.2.20"), min_wins_ttl, later));
    // Without the refresh it would have expired here.
    EXPECT_NE(db.find(n, t0() + seconds(min_wins_ttl + 10)), nullptr);
    auto gone = later + seconds(min_wins_ttl + 1);
    EXPECT_EQ(db.find(n, gone), nullptr);  // expired is invisible at once
    EXPECT_EQ(db.check(n, ip("127.0.2.21"), false, false, gone), verdict::grant);
    EXPECT_EQ(db.expire(gone), 1u);
    EXPECT_EQ(db.size(), 0u);

    db.grant(n, ip("127.0.2.20"), false, false, 300000, t0());
    EXPECT_FALSE(db.release(n, ip("127.0.2.21"), t0()));
    EXPECT_TRUE(db.release(n, ip("127.0.2.20"), t0()));
    EXPECT_EQ(db.find(n, t0()), nullptr);
    EXPECT_FALSE(db.release(n, ip("127.0.2.20"), t0()));
}

TEST(NameServiceWinsDb, TtlIsClamped) {
    wins_db db;
    auto n = nm("SHORT", 0x20);
    db.grant(n, ip("127.0.2.20"), false, false, 5, t0());
    EXPECT_NE(db.find(n, t0() + seconds(min_wins_ttl - 1)), nullptr);
    db.grant(n, ip("127.0.2.20"), false, false, 0xFFFFFFFF, t0());
    EXPECT_EQ(db.find(n, t0() + seconds(max_wins_ttl + 1)), nullptr);
}

TEST(NameServiceWinsDb, SerializeRoundTrip) {
    wins_db db;
    db.grant(nm("PEERNMB", 0x20), ip("127.0.2.20"), false, false, 300000, t0());
    db.grant(nm("KITWG", 0x1C), ip("127.0.2.20"), true, false, 300000, t0());
    db.grant(nm("KITWG", 0x1C), ip("127.0.2.21"), true, false, 300000, t0());
    db.grant(*netbios::netbios_name::make("SCOPED", 0x00, "corp.example"), ip("127.0.2.22"), false,
             true, 300000, t0());
    auto text = db.serialize();
    EXPECT_FALSE(db.dirty());
    auto back = wins_db::parse(text);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->records(), db.records());
    // Any damaged byte is detected.
    for (std::size_t i = 0; i < text.size(); i += 7) {
        auto bad = text;
        bad[i] ^= 0x01;
        EXPECT_FALSE(wins_db::parse(bad)) << "flip at " << i;
    }
    EXPECT_FALSE(wins_db::parse(text.substr(0, text.size() / 2)));
}

TEST(NameServiceWinsDb, PersistenceRoundTripThroughFile) {
    temp_dir dir;
    auto path = dir.path / "wins.dat";
    auto empty = wins_db::load(path);  // no file yet: empty
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->size(), 0u);
    wins_db db;
    db.grant(nm("PEERNMB", 0x20), ip("127.0.2.20"), false, false, 300000, t0());
    ASSERT_TRUE(wins_db::write_file(path, db.serialize()));
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
    auto loaded = wins_db::load(path);
    ASSERT_TRUE(loaded) << loaded.error();
    EXPECT_EQ(loaded->records(), db.records());
}

TEST(NameServiceWinsDb, TornTempFileFromCrashIsIgnored) {
    temp_dir dir;
    auto path = dir.path / "wins.dat";
    wins_db db;
    db.grant(nm("PEERNMB", 0x20), ip("127.0.2.20"), false, false, 300000, t0());
    ASSERT_TRUE(wins_db::write_file(path, db.serialize()));
    // A crash in the middle of the next save: half a database in wins.dat.tmp.
    db.grant(nm("OTHER", 0x20), ip("127.0.2.21"), false, false, 300000, t0());
    auto next = db.serialize();
    {
        std::ofstream torn(path.string() + ".tmp", std::ios::binary);
        torn << next.substr(0, next.size() / 2);
    }
    auto before = read(path);
    auto loaded = wins_db::load(path);
    ASSERT_TRUE(loaded) << loaded.error();
    EXPECT_EQ(loaded->size(), 1u);
    EXPECT_NE(loaded->find(nm("PEERNMB", 0x20), t0()), nullptr);
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
    EXPECT_EQ(read(path), before);
}

TEST(NameServiceWinsDb, DamagedFileIsAnErrorNotAnEmptyDatabase) {
    temp_dir dir;
    auto path = dir.path / "wins.dat";
    {
        std::ofstream f(path, std::ios::binary);
        f << "smbkit-wins 1\nnot a record\n";
    }
    EXPECT_FALSE(wins_db::load(path));
}
