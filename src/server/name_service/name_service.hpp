#pragma once
// The NetBIOS name service that `smbkit serve` runs on UDP 137 (`nbt port`): the B-node
// responder for our names and, with `wins support = yes`, a WINS server whose database
// lives in `state directory`/wins.dat.
//
// Sockets: for each interface one UDP socket bound to its address (unicast queries, WINS
// traffic; SO_BROADCAST so that our broadcasts leave from it with its source address) and
// one bound to its broadcast address (127.255.255.255 for 127.0.2.5/8), shared with other
// name servers on the host through SO_REUSEADDR, as nmbd binds them.
//
//   auto ns = name_service::create(io, global, conf);   // binds; errors are fatal
//   (*ns)->start();
//   (*ns)->add_name("KIT5", 0x1D, false);               // more names, any time
//   (*ns)->stop();                                      // releases names, saves the DB

#include <cstdint>
#include <deque>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "config/settings.hpp"
#include "config/smb_conf.hpp"
#include "server/name_service/engine.hpp"

namespace smbkit::server::name_service {

// The engine's configuration from smb.conf. Errors: an unusable `interfaces` list or
// `wins server`.
struct service_config {
    engine_config engine;
    std::vector<interface_address> interfaces;
    bool bind_interfaces_only = false;
    std::filesystem::path wins_file;  // empty without `wins support`
};
std::expected<service_config, std::string> make_service_config(
    const config::global_settings& global, const std::vector<probed_interface>& probed);

class name_service {
public:
    // Binds every socket and loads the WINS database. Nothing runs until start().
    static std::expected<std::unique_ptr<name_service>, std::string> create(
        asio::io_context& io, const config::global_settings& global);
    static std::expected<std::unique_ptr<name_service>, std::string> create(
        asio::io_context& io, service_config config);
    ~name_service();

    void start();
    // Registers one more name on every interface (a browser's WORKGROUP<1D>, say). Like
    // every member, call it on the io_context's thread (asio::post from elsewhere).
    result<void> add_name(std::string_view name, std::uint8_t suffix, bool group);
    // Broadcasts releases, writes the WINS database and closes the sockets. Idempotent.
    void stop();

    const engine& state() const { return engine_; }

private:
    struct socket_slot {
        asio::ip::udp::socket socket;
        std::size_t iface;
    };
    name_service(asio::io_context& io, service_config config, std::optional<wins_db> db);

    asio::awaitable<void> receive_loop(socket_slot& slot);
    asio::awaitable<void> timer_loop();
    asio::awaitable<void> commit_loop();
    void handle(const std::uint8_t* data, std::size_t size, const asio::ip::udp::endpoint& from,
                std::size_t iface);
    void flush();
    void send_now(const datagram& d);

    asio::io_context& io_;
    service_config config_;
    engine engine_;
    std::vector<std::unique_ptr<socket_slot>> unicast_;    // one per interface, same index
    std::vector<std::unique_ptr<socket_slot>> broadcast_;
    asio::steady_timer timer_;
    std::optional<steady_time> armed_;
    std::vector<datagram> out_;
    std::deque<datagram> waiting_commit_;
    bool committing_ = false;
    bool stopped_ = false;
    bool started_ = false;
};

}  // namespace smbkit::server::name_service
