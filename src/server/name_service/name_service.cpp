#include "server/name_service/name_service.hpp"

#include <mutex>

#include <spdlog/spdlog.h>

#include "server/blocking.hpp"

namespace smbkit::server::name_service {
namespace {

using asio::ip::udp;

udp::endpoint endpoint_of(const ipv4& ip, std::uint16_t port) {
    return udp::endpoint(asio::ip::address_v4(ip), port);
}

ipv4 ip_of(const udp::endpoint& e) {
    if (!e.address().is_v4()) return {};
    return e.address().to_v4().to_bytes();
}

// Writes of the WINS database happen one at a time and never go back in time: a snapshot
// older than one already on disk is skipped.
struct db_writer {
    std::mutex mu;
    std::uint64_t written = 0;
    std::expected<void, std::string> write(const std::filesystem::path& path, std::uint64_t gen,
                                           const std::string& contents) {
        std::lock_guard lock(mu);
        if (gen <= written) return {};
        auto r = wins_db::write_file(path, contents);
        if (r) written = gen;
        return r;
    }
};

db_writer& writer_for_process() {
    static db_writer w;
    return w;
}

struct commit_job {
    std::string contents;
    std::uint64_t generation = 0;
    std::filesystem::path path;
    std::expected<void, std::string> result;
};

std::uint64_t next_generation() {
    static std::atomic<std::uint64_t> g{0};
    return ++g;
}

}  // namespace

std::expected<service_config, std::string> make_service_config(
    const config::global_settings& global, const std::vector<probed_interface>& probed) {
    service_config c;
    auto ifs = resolve_interfaces(global.interfaces, probed);
    if (!ifs) return std::unexpected(ifs.error());
    c.interfaces = std::move(*ifs);
    c.bind_interfaces_only = global.bind_interfaces_only;
    c.engine.netbios_name = global.netbios_name;
    c.engine.aliases = global.netbios_aliases;
    c.engine.workgroup = global.workgroup;
    c.engine.scope = global.netbios_scope;
    c.engine.port = global.nbt_port;
    c.engine.wins_support = global.wins_support;
    if (!global.wins_servers.empty()) {
        // Samba allows "tag:address"; the first server is the one used.
        std::string s = global.wins_servers.front();
        if (auto colon = s.rfind(':'); colon != std::string::npos) s = s.substr(colon + 1);
        auto ip = parse_ipv4(s);
        if (!ip) return std::unexpected("wins server: " + ip.error());
        c.engine.wins_server = *ip;
    }
    if (global.wins_support)
        c.wins_file = std::filesystem::path(global.state_directory) / "wins.dat";
    return c;
}

name_service::name_service(asio::io_context& io, service_config config, std::optional<wins_db> db)
    : io_(io), config_(std::move(config)),
      engine_(config_.engine, config_.interfaces, std::move(db)), timer_(io) {}

name_service::~name_service() { stop(); }

std::expected<std::unique_ptr<name_service>, std::string> name_service::create(
    asio::io_context& io, const config::global_settings& global) {
    auto c = make_service_config(global, probe_interfaces());
    if (!c) return std::unexpected(c.error());
    return create(io, std::move(*c));
}

std::expected<std::unique_ptr<name_service>, std::string> name_service::create(
    asio::io_context& io, service_config config) {
    std::optional<wins_db> db;
    if (!config.wins_file.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(config.wins_file.parent_path(), ec);
        if (ec)
            return std::unexpected("cannot create " + config.wins_file.parent_path().string() +
                                   ": " + ec.message());
        auto loaded = wins_db::load(config.wins_file);
        if (!loaded)
            return std::unexpected("WINS database " + loaded.error() +
                                   "; move it away to start with an empty one");
        spdlog::info("WINS: {} records loaded from {}", loaded->size(), config.wins_file.string());
        db = std::move(*loaded);
    }
    std::unique_ptr<name_service> ns(new name_service(io, std::move(config), std::move(db)));

    auto open = [&](const ipv4& ip, std::uint16_t port,
                    std::size_t iface) -> std::expected<std::unique_ptr<socket_slot>, std::string> {
        auto slot = std::make_unique<socket_slot>(socket_slot{udp::socket(io), iface});
        std::error_code ec;
        slot->socket.open(udp::v4(), ec);
        if (!ec) slot->socket.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) slot->socket.set_option(asio::socket_base::broadcast(true), ec);
        if (!ec) slot->socket.bind(endpoint_of(ip, port), ec);
        if (!ec) slot->socket.non_blocking(true, ec);
        if (ec)
            return std::unexpected("name service: cannot bind " + to_string(ip) + ":" +
                                   std::to_string(port) + "/udp: " + ec.message());
        return slot;
    };
    const auto& ifs = ns->config_.interfaces;
    std::uint16_t port = ns->config_.engine.port;
    for (std::size_t i = 0; i < ifs.size(); ++i) {
        auto s = open(ifs[i].address, port, i);
        if (!s) return std::unexpected(s.error());
        ns->unicast_.push_back(std::move(*s));
    }
    if (ns->config_.bind_interfaces_only) {
        for (std::size_t i = 0; i < ifs.size(); ++i) {
            bool seen = false;
            for (std::size_t j = 0; j < i; ++j) seen |= ifs[j].broadcast == ifs[i].broadcast;
            if (seen) continue;
            auto s = open(ifs[i].broadcast, port, i);
            if (!s) return std::unexpected(s.error());
            ns->broadcast_.push_back(std::move(*s));
        }
    } else {
        // One wildcard socket hears every interface's broadcasts (and unicast to addresses
        // not configured); binding each broadcast address as well would deliver each
        // broadcast twice.
        auto s = open(ipv4{0, 0, 0, 0}, port, std::size_t(-1));
        if (!s) return std::unexpected(s.error());
        ns->broadcast_.push_back(std::move(*s));
    }
    return ns;
}

void name_service::start() {
    if (started_ || stopped_) return;
    started_ = true;
    engine_.start(clock_now::now());
    for (auto& s : unicast_) asio::co_spawn(io_, receive_loop(*s), asio::detached);
    for (auto& s : broadcast_) asio::co_spawn(io_, receive_loop(*s), asio::detached);
    asio::co_spawn(io_, timer_loop(), asio::detached);
    std::string where;
    for (const auto& i : config_.interfaces)
        where += (where.empty() ? "" : ", ") + to_string(i.address) + " (bcast " +
                 to_string(i.broadcast) + ")";
    spdlog::info("name service: {} on {} port {}{}", config_.engine.netbios_name, where,
                 config_.engine.port, config_.engine.wins_support ? ", WINS server" : "");
}

result<void> name_service::add_name(std::string_view name, std::uint8_t suffix, bool group) {
    auto r = engine_.add_name(name, suffix, group, clock_now::now());
    if (r && started_ && !stopped_) flush();
    return r;
}

asio::awaitable<void> name_service::receive_loop(socket_slot& slot) {
    std::array<std::uint8_t, 2048> buf;
    udp::endpoint from;
    while (!stopped_) {
        std::error_code ec;
        std::size_t n = co_await slot.socket.async_receive_from(
            asio::buffer(buf), from, asio::redirect_error(asio::use_awaitable, ec));
        if (stopped_ || ec == asio::error::operation_aborted) co_return;
        if (!ec) handle(buf.data(), n, from, slot.iface);
        // Drain what is already queued without a suspension per packet.
        for (int i = 0; i < 256 && !stopped_; ++i) {
            n = slot.socket.receive_from(asio::buffer(buf), from, 0, ec);
            if (ec) break;
            handle(buf.data(), n, from, slot.iface);
        }
        if (!stopped_) flush();
    }
}

void name_service::handle(const std::uint8_t* data, std::size_t size, const udp::endpoint& from,
                          std::size_t iface) {
    auto ip = ip_of(from);
    if (iface >= config_.interfaces.size()) {  // the wildcard socket: the sender's subnet
        iface = 0;
        for (std::size_t i = 0; i < config_.interfaces.size(); ++i)
            if (config_.interfaces[i].contains(ip)) {
                iface = i;
                break;
            }
    }
    engine_.receive(byte_span(data, size), ip, from.port(), iface, clock_now::now(), out_);
    // Answers to queries leave at once; only WINS acknowledgements wait for the disk.
    for (auto& d : out_) {
        if (d.after_commit)
            waiting_commit_.push_back(std::move(d));
        else
            send_now(d);
    }
    out_.clear();
}

void name_service::send_now(const datagram& d) {
    if (d.iface >= unicast_.size()) return;
    std::error_code ec;
    unicast_[d.iface]->socket.send_to(asio::buffer(d.data), endpoint_of(d.to, d.port), 0, ec);
    if (ec) spdlog::debug("name service: send to {}: {}", to_string(d.to), ec.message());
}

void name_service::flush() {
    for (auto& d : out_) {
        if (d.after_commit)
            waiting_commit_.push_back(std::move(d));
        else
            send_now(d);
    }
    out_.clear();
    auto* db = engine_.wins();
    if (db && !committing_ && (db->dirty() || !waiting_commit_.empty())) {
        committing_ = true;
        asio::co_spawn(io_, commit_loop(), asio::detached);
    }
    auto d = engine_.next_deadline();
    if (d && (!armed_ || *d < *armed_)) timer_.cancel();
}

// Group commit: every acknowledgement that waits is sent once a snapshot taken after it was
// queued is on disk.
asio::awaitable<void> name_service::commit_loop() {
    auto* db = engine_.wins();
    while (!stopped_ && db && (db->dirty() || !waiting_commit_.empty())) {
        // g++ 12 destroys non-trivial temporaries of a co_await expression twice, so the
        // job lives behind a pointer and the awaited value is a bool.
        auto job = std::make_shared<commit_job>();
        job->contents = db->serialize();
        job->generation = next_generation();
        job->path = config_.wins_file;
        auto acks = std::move(waiting_commit_);
        waiting_commit_.clear();
        auto work = [job] {
            job->result = writer_for_process().write(job->path, job->generation, job->contents);
            return job->result.has_value();
        };
        auto task = run_blocking(std::move(work));
        bool ok = co_await std::move(task);
        if (stopped_) break;
        if (!ok) {
            // Nothing is acknowledged that is not on disk; the clients retry.
            spdlog::error("WINS: cannot save the database: {}", job->result.error());
            db->touch();
            asio::steady_timer pause(io_, std::chrono::seconds(1));
            std::error_code ec;
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        for (const auto& d : acks) send_now(d);
    }
    committing_ = false;
}

asio::awaitable<void> name_service::timer_loop() {
    while (!stopped_) {
        armed_ = engine_.next_deadline();
        timer_.expires_at(armed_ ? *armed_ : std::chrono::steady_clock::now() + std::chrono::hours(1));
        std::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (stopped_) co_return;
        armed_.reset();
        engine_.tick(clock_now::now(), out_);
        flush();
    }
}

void name_service::stop() {
    if (stopped_) return;
    if (started_) {
        engine_.shutdown(out_);
        for (const auto& d : out_)
            if (!d.after_commit) send_now(d);
        out_.clear();
    }
    stopped_ = true;
    if (auto* db = engine_.wins(); db && (db->dirty() || !waiting_commit_.empty())) {
        auto r = writer_for_process().write(config_.wins_file, next_generation(), db->serialize());
        if (r) {
            for (const auto& d : waiting_commit_) send_now(d);
            spdlog::info("WINS: {} records saved to {}", db->size(), config_.wins_file.string());
        } else {
            spdlog::error("WINS: cannot save the database: {}", r.error());
        }
        waiting_commit_.clear();
    }
    std::error_code ec;
    timer_.cancel();
    for (auto& s : unicast_) s->socket.close(ec);
    for (auto& s : broadcast_) s->socket.close(ec);
}

}  // namespace smbkit::server::name_service
