// The name service's protocol logic, driven with packets from the NBNS codec and a fake
// clock: responder (register, answer, defend, status, release), WINS server (register,
// challenge, query, release) and WINS client, and bad input.
#include <gtest/gtest.h>

#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "netbios/nbns/message.hpp"
#include "netbios/nbns/packets.hpp"
#include "server/name_service/engine.hpp"

using namespace smbkit;
using namespace smbkit::server::name_service;
using std::chrono::milliseconds;

namespace {

netbios::netbios_name nm(const char* s, std::uint8_t suffix) {
    return *netbios::netbios_name::make(s, suffix);
}
ipv4 ip(const char* s) { return *parse_ipv4(s); }

interface_address lo5() {
    interface_address a;
    a.device = "lo";
    a.address = ip("127.0.2.5");
    a.netmask = ip("255.0.0.0");
    a.broadcast = ip("127.255.255.255");
    a.loopback = true;
    return a;
}

struct fixture {
    clock_now now{steady_time{} + std::chrono::hours(1),
                  wall_time{} + std::chrono::hours(24 * 365 * 50)};
    engine e;
    std::vector<datagram> out;

    explicit fixture(engine_config c = base()) : e(std::move(c), {lo5()}) { e.start(now); }
    static engine_config base() {
        engine_config c;
        c.netbios_name = "KIT5";
        c.workgroup = "KITWG";
        return c;
    }
    void advance(milliseconds d) {
        now.steady += d;
        now.wall += d;
        e.tick(now, out);
    }
    void register_names() {
        for (int i = 0; i <= bcast_retry_count; ++i) {
            e.tick(now, out);
            advance(bcast_retry_timeout);
        }
        out.clear();
    }
    std::vector<datagram> feed(const nbns::message& m, const char* from, std::uint16_t port = 137) {
        out.clear();
        auto b = nbns::encode(m);
        e.receive(b, ip(from), port, 0, now, out);
        return std::move(out);
    }
    std::vector<datagram> feed_raw(const bytes& b, const char* from) {
        out.clear();
        e.receive(b, ip(from), 40000, 0, now, out);
        return std::move(out);
    }
};

nbns::message decoded(const datagram& d) {
    auto m = nbns::decode(d.data);
    EXPECT_TRUE(m);
    return m ? *m : nbns::message{};
}

nbns::nb_address addr(const char* s, bool group = false) {
    return nbns::nb_address{group, nbns::node_type::b, 0, ip(s)};
}

}  // namespace

TEST(NameServiceEngine, BroadcastsRegistrationsThreeTimes) {
    fixture f;
    f.e.tick(f.now, f.out);
    // KIT5<00><03><20>, KITWG<00><1E>
    ASSERT_EQ(f.out.size(), 5u);
    for (const auto& d : f.out) {
        EXPECT_EQ(d.to, ip("127.255.255.255"));
        auto m = decoded(d);
        EXPECT_TRUE(m.broadcast);
        EXPECT_FALSE(m.response);
        EXPECT_EQ(*nbns::classify(m), nbns::packet_kind::registration_request);
        EXPECT_EQ(nbns::first_address(m)->ip, ip("127.0.2.5"));
    }
    auto first_id = decoded(f.out[0]).transaction_id;
    f.out.clear();
    f.advance(bcast_retry_timeout);
    ASSERT_EQ(f.out.size(), 5u);
    EXPECT_EQ(decoded(f.out[0]).transaction_id, first_id);  // a retransmission
    f.out.clear();
    f.advance(bcast_retry_timeout);
    EXPECT_EQ(f.out.size(), 5u);
    f.out.clear();
    f.advance(bcast_retry_timeout);
    EXPECT_TRUE(f.out.empty());
    EXPECT_NE(f.e.names().find_active(nm("KIT5", 0x20)), nullptr);
    EXPECT_NE(f.e.names().find_active(nm("KITWG", 0x1E)), nullptr);
}

TEST(NameServiceEngine, AnswersQueriesForOwnNames) {
    fixture f;
    // Before registration completes nothing is answered for.
    EXPECT_TRUE(f.feed(nbns::make_name_query(7, nm("KIT5", 0x20), true, false), "127.0.2.9").empty());
    f.register_names();
    auto out = f.feed(nbns::make_name_query(0x1234, nm("KIT5", 0x20), true, false), "127.0.2.9",
                      50000);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to, ip("127.0.2.9"));
    EXPECT_EQ(out[0].port, 50000);
    auto m = decoded(out[0]);
    EXPECT_EQ(*nbns::classify(m), nbns::packet_kind::positive_query_response);
    EXPECT_EQ(m.transaction_id, 0x1234);
    EXPECT_GT(m.answers[0].ttl, 0u);
    EXPECT_EQ(nbns::first_address(m)->ip, ip("127.0.2.5"));
    EXPECT_FALSE(nbns::first_address(m)->group);

    out = f.feed(nbns::make_name_query(2, nm("KITWG", 0x00), false, true), "127.0.2.9");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(nbns::first_address(decoded(out[0]))->group);
    EXPECT_TRUE(decoded(out[0]).recursion_desired);
}

TEST(NameServiceEngine, UnknownNames) {
    fixture f;
    f.register_names();
    // Broadcast: silence. Unicast: NAM_ERR, as nmbd answers.
    EXPECT_TRUE(f.feed(nbns::make_name_query(3, nm("NOBODY", 0x20), true, false), "127.0.2.9").empty());
    auto out = f.feed(nbns::make_name_query(4, nm("NOBODY", 0x20), false, true), "127.0.2.9");
    ASSERT_EQ(out.size(), 1u);
    auto m = decoded(out[0]);
    EXPECT_EQ(*nbns::classify(m), nbns::packet_kind::negative_query_response);
    EXPECT_EQ(m.rcode, static_cast<std::uint8_t>(nbns::rcode::nam_err));
}

TEST(NameServiceEngine, NodeStatusListsTheNameTable) {
    fixture f;
    f.register_names();
    auto out = f.feed(nbns::make_node_status_request(9), "127.0.2.9");
    ASSERT_EQ(out.size(), 1u);
    auto m = decoded(out[0]);
    EXPECT_EQ(*nbns::classify(m), nbns::packet_kind::node_status_response);
    const auto* st = m.answers[0].status();
    ASSERT_NE(st, nullptr);
    ASSERT_EQ(st->names.size(), 5u);
    int permanent = 0, groups = 0;
    for (const auto& n : st->names) {
        EXPECT_TRUE(n.flags.active);
        EXPECT_FALSE(n.flags.conflict);
        EXPECT_EQ(n.flags.ont, nbns::node_type::b);
        permanent += n.flags.permanent;
        groups += n.flags.group;
    }
    EXPECT_EQ(permanent, 1);
    EXPECT_EQ(groups, 2);
    EXPECT_EQ(st->statistics.unit_id, (std::array<std::uint8_t, 6>{}));  // loopback
    // By one of our names too; by someone else's name, nothing.
    EXPECT_EQ(f.feed(nbns::make_node_status_request(10, nm("KIT5", 0x20)), "127.0.2.9").size(), 1u);
    EXPECT_TRUE(f.feed(nbns::make_node_status_request(11, nm("OTHER", 0x20)), "127.0.2.9").empty());
}

TEST(NameServiceEngine, DefendsUniqueNameAgainstBroadcastRegistration) {
    fixture f;
    f.register_names();
    auto req = nbns::make_registration_request(0x55, nm("KIT5", 0x00), addr("127.0.2.6"));
    auto out = f.feed(req, "127.0.2.6");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to, ip("127.0.2.6"));
    auto m = decoded(out[0]);
    EXPECT_TRUE(m.response);
    EXPECT_EQ(m.transaction_id, 0x55);
    EXPECT_EQ(m.rcode, static_cast<std::uint8_t>(nbns::rcode::act_err));
    // Someone joining our group is fine.
    EXPECT_TRUE(f.feed(nbns::make_registration_request(0x56, nm("KITWG", 0x00),
                                                       addr("127.0.2.6", true)),
                       "127.0.2.6")
                    .empty());
    EXPECT_NE(f.e.names().find_active(nm("KIT5", 0x00)), nullptr);
}

TEST(NameServiceEngine, NegativeRegistrationResponseMeansConflict) {
    fixture f;
    f.e.tick(f.now, f.out);
    auto resp = nbns::make_registration_response(1, nm("KIT5", 0x20), addr("127.0.2.6"),
                                                 nbns::rcode::act_err, 0, true, false);
    EXPECT_TRUE(f.feed(resp, "127.0.2.6").empty());  // a response is never answered
    f.register_names();
    EXPECT_EQ(f.e.names().find(nm("KIT5", 0x20))->state, name_state::conflict);
    EXPECT_NE(f.e.names().find_active(nm("KIT5", 0x00)), nullptr);
    // In conflict: not answered for, shown with CNF.
    EXPECT_EQ(decoded(f.feed(nbns::make_name_query(5, nm("KIT5", 0x20), false, false),
                             "127.0.2.9")[0])
                  .rcode,
              static_cast<std::uint8_t>(nbns::rcode::nam_err));
    auto st = decoded(f.feed(nbns::make_node_status_request(6), "127.0.2.9")[0]);
    int conflicts = 0;
    for (const auto& n : st.answers[0].status()->names) conflicts += n.flags.conflict;
    EXPECT_EQ(conflicts, 1);
}

TEST(NameServiceEngine, ConflictDemandMarksConflict) {
    fixture f;
    f.register_names();
    EXPECT_TRUE(f.feed(nbns::make_conflict_demand(8, nm("KIT5", 0x00), addr("127.0.2.5")),
                       "127.0.2.9")
                    .empty());
    EXPECT_EQ(f.e.names().find(nm("KIT5", 0x00))->state, name_state::conflict);
}

TEST(NameServiceEngine, IgnoresOwnBroadcastsAndResponses) {
    fixture f;
    f.register_names();
    auto own = nbns::make_registration_request(1, nm("KIT5", 0x00), addr("127.0.2.5"));
    EXPECT_TRUE(f.feed(own, "127.0.2.5", 137).empty());
    EXPECT_EQ(f.e.counters().own, 1u);
    // A positive query response sent to us unasked: dropped silently.
    auto r = nbns::make_positive_query_response(3, nm("KIT5", 0x20), {addr("127.0.2.9")});
    EXPECT_TRUE(f.feed(r, "127.0.2.9").empty());
    auto st = nbns::make_node_status_response(3, netbios::netbios_name::wildcard(), {});
    EXPECT_TRUE(f.feed(st, "127.0.2.9").empty());
}

TEST(NameServiceEngine, ReleasesNamesOnShutdown) {
    fixture f;
    f.register_names();
    std::vector<datagram> out;
    f.e.shutdown(out);
    ASSERT_EQ(out.size(), 5u);
    for (const auto& d : out) {
        auto m = decoded(d);
        EXPECT_EQ(*nbns::classify(m), nbns::packet_kind::release_request);
        EXPECT_TRUE(m.broadcast);
        EXPECT_EQ(d.to, ip("127.255.255.255"));
    }
    EXPECT_EQ(f.e.names().find_active(nm("KIT5", 0x20)), nullptr);
}

TEST(NameServiceEngine, MalformedPacketsAreDroppedWithOneLogLine) {
    std::ostringstream log_text;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));

    fixture f;
    f.register_names();
    auto good = nbns::encode(nbns::make_name_query(0x1111, nm("KIT5", 0x20), false, false));
    std::vector<bytes> bad;
    for (std::size_t n = 0; n < good.size(); ++n) bad.emplace_back(good.begin(), good.begin() + n);
    auto loop = good;  // the question name points at itself
    loop[12] = 0xC0;
    loop[13] = 12;
    bad.push_back(loop);
    auto label = good;  // a label longer than the packet
    label[12] = 0x3F;
    bad.push_back(label);
    auto counts = good;  // 200 questions in a one-question packet
    counts[5] = 200;
    bad.push_back(counts);
    auto opcode = good;  // opcode 0x3 does not exist
    opcode[2] = 0x18;
    bad.push_back(opcode);
    bad.push_back(bytes(600, 0xFF));
    for (const auto& b : bad) EXPECT_TRUE(f.feed_raw(b, "127.0.2.9").empty());
    EXPECT_EQ(f.e.counters().malformed, bad.size());
    spdlog::set_default_logger(previous);

    auto text = log_text.str();
    std::size_t lines = 0;
    for (std::size_t p = 0; (p = text.find("dropped", p)) != std::string::npos; ++p) ++lines;
    // One line a second: the whole burst takes far less, so one line (two if the burst
    // happened to straddle a second boundary), never one per packet.
    EXPECT_GE(lines, 1u);
    EXPECT_LE(lines, 2u);
    // Still answering.
    EXPECT_EQ(f.feed_raw(good, "127.0.2.9").size(), 1u);
}

// ---- WINS server ----

namespace {
fixture wins_fixture() {
    auto c = fixture::base();
    c.wins_support = true;
    return fixture(c);
}
}  // namespace

TEST(NameServiceEngine, WinsRegistersAndAnswersAfterCommit) {
    auto f = wins_fixture();
    f.register_names();
    nbns::registration_options o;
    o.broadcast = false;
    auto out = f.feed(nbns::make_registration_request(0x100, nm("PEERNMB", 0x20),
                                                      addr("127.0.2.20"), o),
                      "127.0.2.20");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].after_commit);  // not before the database is on disk
    EXPECT_TRUE(f.e.wins()->dirty());
    auto m = decoded(out[0]);
    EXPECT_EQ(m.rcode, 0);
    EXPECT_GE(m.answers[0].ttl, min_wins_ttl);

    out = f.feed(nbns::make_name_query(0x101, nm("PEERNMB", 0x20), false, true), "127.0.2.9");
    ASSERT_EQ(out.size(), 1u);
    m = decoded(out[0]);
    EXPECT_EQ(*nbns::classify(m), nbns::packet_kind::positive_query_response);
    EXPECT_EQ(nbns::first_address(m)->ip, ip("127.0.2.20"));
    EXPECT_TRUE(m.recursion_available);
    // A broadcast query for it is not ours to answer.
    EXPECT_TRUE(f.feed(nbns::make_name_query(0x102, nm("PEERNMB", 0x20), true, false), "127.0.2.9")
                    .empty());
    // Our own names cannot be taken through the WINS server.
    out = f.feed(nbns::make_registration_request(0x103, nm("KIT5", 0x20), addr("127.0.2.20"), o),
                 "127.0.2.20");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(decoded(out[0]).rcode, static_cast<std::uint8_t>(nbns::rcode::act_err));
}

TEST(NameServiceEngine, WinsChallengeOwnerDefends) {
    auto f = wins_fixture();
    f.register_names();
    nbns::registration_options o;
    o.broadcast = false;
    f.feed(nbns::make_registration_request(1, nm("PEERNMB", 0x20), addr("127.0.2.20"), o),
           "127.0.2.20");
    auto out = f.feed(nbns::make_registration_request(2, nm("PEERNMB", 0x20), addr("127.0.2.21"), o),
                      "127.0.2.21");
    // A WACK to the registrant and a name query to the owner.
    ASSERT_EQ(out.size(), 2u);
    auto wack = decoded(out[0]);
    EXPECT_EQ(*nbns::classify(wack), nbns::packet_kind::wack);
    EXPECT_EQ(out[0].to, ip("127.0.2.21"));
    EXPECT_FALSE(out[0].after_commit);
    auto q = decoded(out[1]);
    EXPECT_EQ(*nbns::classify(q), nbns::packet_kind::name_query_request);
    EXPECT_EQ(out[1].to, ip("127.0.2.20"));
    // The owner answers: still mine.
    out = f.feed(nbns::make_positive_query_response(q.transaction_id, nm("PEERNMB", 0x20),
                                                    {addr("127.0.2.20")}),
                 "127.0.2.20");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to, ip("127.0.2.21"));
    auto m = decoded(out[0]);
    EXPECT_EQ(m.transaction_id, 2);
    EXPECT_EQ(m.rcode, static_cast<std::uint8_t>(nbns::rcode::act_err));
    EXPECT_EQ(f.e.wins()->find(nm("PEERNMB", 0x20), f.now.wall)->live(f.now.wall),
              std::vector<ipv4>{ip("127.0.2.20")});
}

TEST(NameServiceEngine, WinsChallengeSilentOwnerLoses) {
    auto f = wins_fixture();
    f.register_names();
    nbns::registration_options o;
    o.broadcast = false;
    f.feed(nbns::make_registration_request(1, nm("PEERNMB", 0x20), addr("127.0.2.20"), o),
           "127.0.2.20");
    auto out = f.feed(nbns::make_registration_request(2, nm("PEERNMB", 0x20), addr("127.0.2.21"), o),
                      "127.0.2.21");
    ASSERT_EQ(out.size(), 2u);
    // The registrant retransmits while it waits: nothing new.
    EXPECT_TRUE(f.feed(nbns::make_registration_request(2, nm("PEERNMB", 0x20), addr("127.0.2.21"), o),
                       "127.0.2.21")
                    .empty());
    f.out.clear();
    f.advance(challenge_timeout);  // second query
    ASSERT_EQ(f.out.size(), 1u);
    EXPECT_EQ(f.out[0].to, ip("127.0.2.20"));
    f.out.clear();
    f.advance(challenge_timeout);  // no answer: granted
    ASSERT_EQ(f.out.size(), 1u);
    EXPECT_EQ(f.out[0].to, ip("127.0.2.21"));
    EXPECT_TRUE(f.out[0].after_commit);
    EXPECT_EQ(decoded(f.out[0]).rcode, 0);
    EXPECT_EQ(f.e.wins()->find(nm("PEERNMB", 0x20), f.now.wall)->live(f.now.wall),
              std::vector<ipv4>{ip("127.0.2.21")});
}

TEST(NameServiceEngine, WinsGroupsRefreshAndRelease) {
    auto f = wins_fixture();
    f.register_names();
    nbns::registration_options o;
    o.broadcast = false;
    for (const char* who : {"127.0.2.20", "127.0.2.21"})
        EXPECT_EQ(decoded(f.feed(nbns::make_registration_request(3, nm("KITWG", 0x1C),
                                                                 addr(who, true), o),
                                 who)[0])
                      .rcode,
                  0);
    auto m = decoded(f.feed(nbns::make_name_query(4, nm("KITWG", 0x1C), false, true), "127.0.2.9")[0]);
    EXPECT_EQ(m.answers[0].addresses()->size(), 2u);
    // Our own group KITWG<00> lists us and registered members.
    f.feed(nbns::make_registration_request(5, nm("KITWG", 0x00), addr("127.0.2.20", true), o),
           "127.0.2.20");
    m = decoded(f.feed(nbns::make_name_query(6, nm("KITWG", 0x00), false, true), "127.0.2.9")[0]);
    EXPECT_EQ(m.answers[0].addresses()->size(), 2u);

    auto out = f.feed(nbns::make_refresh_request(7, nm("KITWG", 0x1C), addr("127.0.2.20", true)),
                      "127.0.2.20");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(decoded(out[0]).rcode, 0);
    out = f.feed(nbns::make_release_request(8, nm("KITWG", 0x1C), addr("127.0.2.20", true), false),
                 "127.0.2.20");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(*nbns::classify(decoded(out[0])), nbns::packet_kind::release_response);
    EXPECT_EQ(decoded(out[0]).rcode, 0);
    out = f.feed(nbns::make_release_request(9, nm("KITWG", 0x1C), addr("127.0.2.20", true), false),
                 "127.0.2.20");
    EXPECT_EQ(decoded(out[0]).rcode, static_cast<std::uint8_t>(nbns::rcode::nam_err));
    m = decoded(f.feed(nbns::make_name_query(10, nm("KITWG", 0x1C), false, true), "127.0.2.9")[0]);
    EXPECT_EQ(m.answers[0].addresses()->size(), 1u);
}

TEST(NameServiceEngine, WinsRecordsExpire) {
    auto f = wins_fixture();
    f.register_names();
    nbns::registration_options o;
    o.broadcast = false;
    o.ttl = min_wins_ttl;
    f.feed(nbns::make_registration_request(1, nm("PEERNMB", 0x20), addr("127.0.2.20"), o),
           "127.0.2.20");
    f.advance(std::chrono::seconds(min_wins_ttl + 61));
    EXPECT_EQ(f.e.wins()->size(), 0u);
    auto m = decoded(f.feed(nbns::make_name_query(2, nm("PEERNMB", 0x20), false, true), "127.0.2.9")[0]);
    EXPECT_EQ(m.rcode, static_cast<std::uint8_t>(nbns::rcode::nam_err));
}

// ---- WINS client ----

TEST(NameServiceEngine, RegistersWithWinsServerAndRefreshes) {
    auto c = fixture::base();
    c.wins_server = ip("127.0.2.7");
    fixture f(c);
    f.e.tick(f.now, f.out);
    std::vector<datagram> unicast;
    for (const auto& d : f.out)
        if (d.to == ip("127.0.2.7")) unicast.push_back(d);
    ASSERT_EQ(unicast.size(), 5u);
    auto req = decoded(unicast[0]);
    EXPECT_FALSE(req.broadcast);
    EXPECT_TRUE(req.recursion_desired);
    // The server accepts with a TTL of 600 s: a refresh follows at 300 s.
    auto resp = nbns::make_registration_response(req.transaction_id, req.questions[0].name,
                                                 *nbns::first_address(req), nbns::rcode::ok, 600);
    EXPECT_TRUE(f.feed(resp, "127.0.2.7").empty());
    f.out.clear();
    f.advance(std::chrono::seconds(299));
    std::size_t refreshes = 0;
    auto count = [&] {
        refreshes = 0;
        for (const auto& d : f.out)
            if (d.to == ip("127.0.2.7") && decoded(d).questions[0].name == req.questions[0].name &&
                *nbns::classify(decoded(d)) == nbns::packet_kind::refresh_request)
                ++refreshes;
    };
    count();
    EXPECT_EQ(refreshes, 0u);
    f.out.clear();
    f.advance(std::chrono::seconds(2));
    count();
    EXPECT_EQ(refreshes, 1u);
}

TEST(NameServiceEngine, WinsServerRefusalIsConflict) {
    auto c = fixture::base();
    c.wins_server = ip("127.0.2.7");
    fixture f(c);
    f.e.tick(f.now, f.out);
    auto sent = f.out;  // feed() reuses f.out
    for (const auto& d : sent) {
        if (d.to != ip("127.0.2.7")) continue;
        auto req = decoded(d);
        if (req.questions[0].name != nm("KIT5", 0x20)) continue;
        auto resp = nbns::make_registration_response(req.transaction_id, req.questions[0].name,
                                                     *nbns::first_address(req),
                                                     nbns::rcode::act_err, 0);
        f.feed(resp, "127.0.2.7");
    }
    EXPECT_EQ(f.e.names().find(nm("KIT5", 0x20))->state, name_state::conflict);
}

TEST(NameServiceEngine, RepeatedQueriesGetTheirOwnTransactionIds) {
    fixture f;
    f.register_names();
    for (std::uint16_t id : {0x0001, 0xBEEF, 0x0001, 0x7F00}) {
        for (bool rd : {false, true}) {
            auto out = f.feed(nbns::make_name_query(id, nm("KIT5", 0x20), false, rd), "127.0.2.9");
            ASSERT_EQ(out.size(), 1u);
            auto m = decoded(out[0]);
            EXPECT_EQ(m.transaction_id, id);
            EXPECT_EQ(m.recursion_desired, rd);
            EXPECT_EQ(m.questions.size(), 0u);
            EXPECT_EQ(m.answers[0].name, nm("KIT5", 0x20));
        }
    }
    // A name that goes into conflict is no longer answered from what was cached.
    f.feed(nbns::make_conflict_demand(8, nm("KIT5", 0x20), addr("127.0.2.5")), "127.0.2.9");
    auto out = f.feed(nbns::make_name_query(9, nm("KIT5", 0x20), false, false), "127.0.2.9");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(*nbns::classify(decoded(out[0])), nbns::packet_kind::negative_query_response);
}
