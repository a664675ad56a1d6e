// The NBNS client engine against a scripted responder on loopback (127.0.1.0/24, an
// ephemeral port), so that retries, source checks, WACKs and garbage are exercised.
#include "client/netbios/nbns_client.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <thread>

#include <asio.hpp>
#include <gtest/gtest.h>

#include "netbios/nbns/packets.hpp"

using namespace smbkit;
using namespace smbkit::client::netbios;
using asio::ip::udp;
using smbkit::netbios::netbios_name;

namespace {

// Answers on one address with a handler; replies may be sent from another socket.
class responder {
public:
    using handler = std::function<void(responder&, const nbns::message&, const udp::endpoint&)>;

    responder(const std::string& addr, handler h) : socket_(io_), h_(std::move(h)) {
        socket_.open(udp::v4());
        socket_.bind(udp::endpoint(asio::ip::make_address_v4(addr), 0));
        port_ = socket_.local_endpoint().port();
        receive();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~responder() {
        asio::post(io_, [this] { socket_.close(); });
        thread_.join();
    }
    std::uint16_t port() const { return port_; }
    void reply(const nbns::message& m, const udp::endpoint& to) {
        auto wire = nbns::encode(m);
        socket_.send_to(asio::buffer(wire), to);
    }
    void send_raw(const bytes& b, const udp::endpoint& to) { socket_.send_to(asio::buffer(b), to); }
    std::atomic<int> requests{0};

private:
    void receive() {
        socket_.async_receive_from(asio::buffer(buf_), from_, [this](std::error_code ec, std::size_t n) {
            if (ec) return;
            auto m = nbns::decode(byte_span(buf_.data(), n));
            ++requests;
            if (m) h_(*this, *m, from_);
            receive();
        });
    }

    asio::io_context io_;
    udp::socket socket_;
    handler h_;
    std::uint16_t port_ = 0;
    std::array<std::uint8_t, 2048> buf_{};
    udp::endpoint from_;
    std::thread thread_;
};

nbns::node_status sample_status(const std::string& host) {
    nbns::node_status st;
    auto add = [&](std::string_view name, std::uint8_t suffix, bool group) {
        nbns::node_name_entry e;
        e.raw = netbios_name::make(name, suffix)->raw;
        e.flags.group = group;
        e.flags.active = true;
        st.names.push_back(e);
    };
    add(host, 0x00, false);
    add(host, 0x03, false);
    add(host, 0x20, false);
    add("LABWG", 0x00, true);
    add("ALICE", 0x03, false);
    st.statistics.unit_id = {0x02, 0, 0, 0, 0, 0x2a};
    return st;
}

query_options fast(std::uint16_t port) {
    query_options o;
    o.port = port;
    o.timeout = std::chrono::milliseconds(200);
    o.retries = 2;
    return o;
}

}  // namespace

TEST(netbios_client, status_answered_and_summarized) {
    responder r("127.0.1.201", [](responder& self, const nbns::message& m, const udp::endpoint& from) {
        self.reply(nbns::make_node_status_response(m.transaction_id, m.questions[0].name,
                                                   sample_status("HOSTA")),
                   from);
    });
    auto st = query_status(asio::ip::make_address_v4("127.0.1.201"), fast(r.port()));
    ASSERT_TRUE(st);
    ASSERT_TRUE(st->answered);
    EXPECT_EQ(st->status.names.size(), 5u);
    auto s = summarize(st->status);
    EXPECT_EQ(s.name, "HOSTA");
    EXPECT_EQ(s.workgroup, "LABWG");
    EXPECT_TRUE(s.server);
    EXPECT_EQ(s.user, "ALICE");
    EXPECT_EQ(s.mac, "02:00:00:00:00:2a");
}

TEST(netbios_client, lost_requests_are_resent) {
    responder r("127.0.1.202", [](responder& self, const nbns::message& m, const udp::endpoint& from) {
        if (self.requests < 3) return;  // drop the first two
        self.reply(nbns::make_node_status_response(m.transaction_id, m.questions[0].name,
                                                   sample_status("HOSTB")),
                   from);
    });
    auto st = query_status(asio::ip::make_address_v4("127.0.1.202"), fast(r.port()));
    ASSERT_TRUE(st);
    EXPECT_TRUE(st->answered);
    EXPECT_EQ(r.requests, 3);
}

TEST(netbios_client, no_answer_after_all_tries) {
    responder r("127.0.1.203", [](responder&, const nbns::message&, const udp::endpoint&) {});
    auto o = fast(r.port());
    o.retries = 1;
    auto st = query_status(asio::ip::make_address_v4("127.0.1.203"), o);
    ASSERT_TRUE(st);
    EXPECT_FALSE(st->answered);
    EXPECT_EQ(r.requests, 2);
}

TEST(netbios_client, answers_from_another_address_or_with_a_wrong_id_are_ignored) {
    // A second socket on another address sends the "answer": not the host asked.
    asio::io_context io;
    udp::socket other(io, udp::endpoint(asio::ip::make_address_v4("127.0.1.205"), 0));
    responder r("127.0.1.204", [&](responder& self, const nbns::message& m, const udp::endpoint& from) {
        auto reply = nbns::make_node_status_response(m.transaction_id, m.questions[0].name,
                                                     sample_status("EVIL"));
        auto wire = nbns::encode(reply);
        other.send_to(asio::buffer(wire), from);
        auto wrong = nbns::make_node_status_response(m.transaction_id ^ 0x5555,
                                                     m.questions[0].name, sample_status("WRONGID"));
        self.reply(wrong, from);
        self.send_raw(bytes{0xde, 0xad, 0xbe, 0xef}, from);  // garbage is dropped
    });
    auto o = fast(r.port());
    o.retries = 0;
    auto st = query_status(asio::ip::make_address_v4("127.0.1.204"), o);
    ASSERT_TRUE(st);
    EXPECT_FALSE(st->answered);
}

TEST(netbios_client, wack_extends_the_wait) {
    responder r("127.0.1.206", [](responder& self, const nbns::message& m, const udp::endpoint& from) {
        self.reply(nbns::make_wack(m, 1), from);
        std::this_thread::sleep_for(std::chrono::milliseconds(400));  // past the 200 ms timeout
        self.reply(nbns::make_positive_query_response(m.transaction_id, m.questions[0].name,
                                                      {nbns::nb_address::from_flags(0, {127, 0, 1, 206})},
                                                      300, true, true),
                   from);
    });
    auto o = fast(r.port());
    o.retries = 0;
    auto res = lookup_name(*netbios_name::make("SLOW", 0x20), asio::ip::make_address_v4("127.0.1.206"),
                           false, true, o);
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->answered);
    ASSERT_EQ(res->entries.size(), 1u);
    EXPECT_EQ(asio::ip::address_v4(res->entries[0].address.ip).to_string(), "127.0.1.206");
    EXPECT_EQ(r.requests, 1);
}

TEST(netbios_client, negative_answer_reports_rcode) {
    responder r("127.0.1.207", [](responder& self, const nbns::message& m, const udp::endpoint& from) {
        self.reply(nbns::make_negative_query_response(m.transaction_id, m.questions[0].name), from);
    });
    auto res = lookup_name(*netbios_name::make("NOBODY", 0x00), asio::ip::make_address_v4("127.0.1.207"),
                           false, true, fast(r.port()));
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->answered);
    EXPECT_TRUE(res->entries.empty());
    ASSERT_TRUE(res->rcode);
    EXPECT_EQ(*res->rcode, 3);
}

TEST(netbios_client, scan_with_small_in_flight_limit_reports_every_host) {
    // One responder answers for .210; the others are silent addresses on the same port.
    responder r("127.0.1.210", [&](responder& self, const nbns::message& m, const udp::endpoint& from) {
        self.reply(nbns::make_node_status_response(m.transaction_id, m.questions[0].name,
                                                   sample_status("SCANME")),
                   from);
    });
    std::vector<address_v4> hosts;
    for (int i = 208; i <= 215; ++i) hosts.push_back(asio::ip::make_address_v4("127.0.1." + std::to_string(i)));
    auto o = fast(r.port());
    o.retries = 0;
    o.max_in_flight = 3;
    int callbacks = 0;
    auto res = scan(hosts, o, [&](const host_status&) { ++callbacks; });
    ASSERT_TRUE(res);
    ASSERT_EQ(res->size(), hosts.size());
    EXPECT_EQ(callbacks, static_cast<int>(hosts.size()));
    for (const auto& h : *res) {
        EXPECT_EQ(h.answered, h.address.to_string() == "127.0.1.210") << h.address.to_string();
    }
    EXPECT_EQ(summarize((*res)[2].status).name, "SCANME");
}

TEST(netbios_client, broadcast_collects_every_answer) {
    // Two responders on one port is not possible without SO_REUSEADDR on one address, so the
    // "broadcast" goes to one responder that answers twice, for two owners of a group name.
    responder r("127.0.1.211", [](responder& self, const nbns::message& m, const udp::endpoint& from) {
        EXPECT_TRUE(m.broadcast);
        for (std::uint8_t last : {11, 12})
            self.reply(nbns::make_positive_query_response(
                           m.transaction_id, m.questions[0].name,
                           {nbns::nb_address::from_flags(0x8000, {127, 0, 1, last})}),
                       from);
    });
    auto o = fast(r.port());
    o.retries = 0;
    auto res = lookup_name(*netbios_name::make("GROUPY", 0x1c), asio::ip::make_address_v4("127.0.1.211"),
                           true, false, o);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->entries.size(), 2u);
    EXPECT_TRUE(res->entries[0].address.group);
}

TEST(netbios_client, summarize_like_nbtscan) {
    nbns::node_status st;
    auto add = [&](std::string_view name, std::uint8_t suffix, bool group) {
        nbns::node_name_entry e;
        e.raw = netbios_name::make(name, suffix)->raw;
        e.flags.group = group;
        st.names.push_back(e);
    };
    add("WG", 0x00, true);
    add("PC1", 0x00, false);
    add("PC1", 0x03, false);
    auto s = summarize(st);
    EXPECT_EQ(s.name, "PC1");
    EXPECT_EQ(s.user, "PC1");  // only the computer's own <03>
    EXPECT_FALSE(s.server);
    EXPECT_EQ(s.workgroup, "WG");
    nbns::node_status empty;
    auto e = summarize(empty);
    EXPECT_TRUE(e.name.empty());
    EXPECT_TRUE(e.user.empty());
}
