// The name service over real UDP sockets on loopback (127.0.2.31, a high `nbt port` so that
// it never meets a real name server): answers, and the WINS rule that a registration is
// acknowledged only once the database file holding it is on disk.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "netbios/nbns/message.hpp"
#include "netbios/nbns/packets.hpp"
#include "server/name_service/name_service.hpp"

using namespace smbkit;
using namespace smbkit::server::name_service;

namespace {

constexpr std::uint16_t test_port = 13731;

struct udp_client {
    int fd;
    udp_client() {
        fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        inet_pton(AF_INET, "127.0.2.32", &a.sin_addr);
        ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        timeval tv{5, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~udp_client() { ::close(fd); }
    std::optional<nbns::message> ask(const nbns::message& m) {
        auto b = nbns::encode(m);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(test_port);
        inet_pton(AF_INET, "127.0.2.31", &to.sin_addr);
        ::sendto(fd, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
        for (;;) {
            std::uint8_t buf[1024];
            auto n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return std::nullopt;
            auto r = nbns::decode(byte_span(buf, static_cast<std::size_t>(n)));
            // Skip anything that is not the answer (a WACK, say).
            if (r && r->transaction_id == m.transaction_id && r->opcode == m.opcode) return *r;
        }
    }
};

struct running_service {
    asio::io_context io;
    std::unique_ptr<name_service> ns;
    std::thread thread;
    explicit running_service(const std::filesystem::path& state) {
        service_config c;
        interface_address a;
        a.address = *parse_ipv4("127.0.2.31");
        a.netmask = *parse_ipv4("255.0.0.0");
        a.broadcast = *parse_ipv4("127.255.255.255");
        a.loopback = true;
        c.interfaces = {a};
        c.bind_interfaces_only = true;
        c.engine.netbios_name = "KIT31";
        c.engine.workgroup = "KITWG";
        c.engine.port = test_port;
        c.engine.wins_support = true;
        c.wins_file = state / "wins.dat";
        auto r = name_service::create(io, c);
        if (!r) throw std::runtime_error(r.error());
        ns = std::move(*r);
        ns->start();
        thread = std::thread([this] { io.run(); });
    }
    ~running_service() {
        asio::post(io, [this] {
            ns->stop();
            io.stop();
        });
        thread.join();
    }
};

}  // namespace

TEST(NameServiceSocket, WinsAcknowledgesOnlyWhatIsOnDisk) {
    char tmpl[] = "/tmp/smbkit-ns-socket.XXXXXX";
    std::filesystem::path state = mkdtemp(tmpl);
    auto name = *netbios::netbios_name::make("PEER32", 0x20);
    nbns::registration_options o;
    o.broadcast = false;
    o.ttl = 600000;
    nbns::nb_address addr{false, nbns::node_type::h, 0, *parse_ipv4("127.0.2.32")};
    {
        running_service svc(state);
        udp_client client;
        auto resp = client.ask(nbns::make_registration_request(0x3131, name, addr, o));
        ASSERT_TRUE(resp);
        EXPECT_EQ(resp->rcode, 0);
        // The answer came, so the file must already hold the name: reload it and see.
        auto db = wins_db::load(state / "wins.dat");
        ASSERT_TRUE(db) << db.error();
        ASSERT_NE(db->find(name, std::chrono::system_clock::now()), nullptr);
        EXPECT_EQ(db->find(name, std::chrono::system_clock::now())->live(std::chrono::system_clock::now()),
                  std::vector<ipv4>{*parse_ipv4("127.0.2.32")});
        // Unknown names: NAM_ERR from the WINS server.
        auto neg = client.ask(nbns::make_name_query(0x3132, *netbios::netbios_name::make("NOPE", 0x20),
                                                    false, true));
        ASSERT_TRUE(neg);
        EXPECT_EQ(neg->rcode, static_cast<std::uint8_t>(nbns::rcode::nam_err));
    }
    {
        // A new service on the same state directory answers from the file.
        running_service svc(state);
        udp_client client;
        auto q = client.ask(nbns::make_name_query(0x3133, name, false, true));
        ASSERT_TRUE(q);
        ASSERT_EQ(q->rcode, 0);
        EXPECT_EQ(nbns::first_address(*q)->ip, *parse_ipv4("127.0.2.32"));
    }
    EXPECT_FALSE(std::filesystem::exists(state / "wins.dat.tmp"));
    std::filesystem::remove_all(state);
}
