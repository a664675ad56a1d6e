#include "server/smb2/server.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "auth/ntlm.hpp"
#include "core/log.hpp"
#include "crypto/primitives.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/file/handlers.hpp"

namespace smbkit::server {
namespace {

// Addresses named by "interfaces": IP literals (with or without /mask), "lo", and interface
// names (their IPv4 addresses).
std::vector<asio::ip::address> interface_addresses(const std::vector<std::string>& names) {
    std::vector<asio::ip::address> out;
    for (auto n : names) {
        n = n.substr(0, n.find('/'));
        std::error_code ec;
        auto a = asio::ip::make_address(n, ec);
        if (!ec) {
            out.push_back(a);
            continue;
        }
        ifaddrs* list = nullptr;
        if (getifaddrs(&list) != 0) continue;
        for (auto* i = list; i; i = i->ifa_next) {
            if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || n != i->ifa_name) continue;
            auto* sin = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
            out.push_back(asio::ip::address_v4(ntohl(sin->sin_addr.s_addr)));
        }
        freeifaddrs(list);
    }
    return out;
}

}  // namespace

smb_server::smb_server(asio::io_context& io, server_config config)
    : io_(io), config_(std::move(config)) {
    // A GUID stable for this host and server name (MS-SMB2 3.3.1.5 ServerGuid), so that
    // clients see the same server across restarts.
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::string seed = std::string("smbkit server guid\n") + host + "\n" +
                       config_.global.netbios_name;
    auto d = crypto::sha256({byte_span(reinterpret_cast<const std::uint8_t*>(seed.data()),
                                       seed.size())});
    std::copy_n(d.begin(), 16, guid_.begin());
    guid_[7] = static_cast<std::uint8_t>((guid_[7] & 0x0F) | 0x40);  // version 4 layout
    start_time_ = auth::filetime_now();
    passwd_path_ = config_.smb_passwd_file;
    std::uint8_t r[2];
    crypto::random_fill(r);
    next_session_ = (std::uint64_t(r[0]) << 40) | (std::uint64_t(r[1]) << 32) | 1;
}

smb_server::~smb_server() = default;

std::uint64_t smb_server::new_session_id() { return next_session_++; }

auth::account_lookup smb_server::accounts() {
    struct stat st {};
    std::int64_t mtime = -2;
    if (!passwd_path_.empty() && ::stat(passwd_path_.c_str(), &st) == 0)
        mtime = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (!db_ || mtime != passwd_mtime_) {
        auto db = auth::smbpasswd_db::load(passwd_path_, true);
        if (db) {
            db_ = std::make_shared<auth::smbpasswd_db>(std::move(*db));
        } else {
            spdlog::error("smb passwd file: {}", db.error());
            if (!db_) db_ = std::make_shared<auth::smbpasswd_db>();
        }
        passwd_mtime_ = mtime;
    }
    return db_->lookup();
}

std::optional<std::uint32_t> smb_server::account_uid(std::string_view user) {
    (void)accounts();  // re-reads a changed file
    if (auto* e = db_ ? db_->find(user) : nullptr) return e->uid;
    return std::nullopt;
}

auth::ntlm_server_config smb_server::ntlm_config() const {
    auth::ntlm_server_config c;
    c.netbios_name = config_.global.netbios_name;
    c.netbios_domain = config_.global.workgroup;
    std::string lower = c.netbios_name;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.dns_name = lower;
    c.dns_domain = lower;
    c.allow_anonymous = config_.restrict_anonymous < 2;
    return c;
}

std::expected<void, std::string> smb_server::start() {
    std::vector<asio::ip::address> addrs;
    if (config_.global.bind_interfaces_only && !config_.global.interfaces.empty()) {
        addrs = interface_addresses(config_.global.interfaces);
        if (addrs.empty()) return std::unexpected("'interfaces' names no usable address");
    } else {
        addrs.push_back(asio::ip::address_v4::any());
    }
    for (auto port : config_.global.smb_ports) {
        bool nbss = std::find(config_.nbss_ports.begin(), config_.nbss_ports.end(), port) !=
                    config_.nbss_ports.end();
        for (const auto& addr : addrs) {
            auto a = std::make_shared<asio::ip::tcp::acceptor>(io_);
            asio::ip::tcp::endpoint ep(addr, port);
            std::error_code ec;
            a->open(ep.protocol(), ec);
            if (!ec) a->set_option(asio::socket_base::reuse_address(true), ec);
            if (!ec) a->bind(ep, ec);
            if (!ec) a->listen(asio::socket_base::max_listen_connections, ec);
            if (ec)
                return std::unexpected("cannot listen on " + addr.to_string() + ":" +
                                       std::to_string(port) + ": " + ec.message());
            acceptors_.push_back(a);
            spdlog::info("smb: listening on {}:{}{}", addr.to_string(), port,
                         nbss ? " (NetBIOS session service)" : "");
            asio::co_spawn(io_, accept_loop(a, nbss), asio::detached);
        }
    }
    return {};
}

std::vector<std::string> smb_server::endpoints() const {
    std::vector<std::string> out;
    for (const auto& a : acceptors_) {
        std::error_code ec;
        auto ep = a->local_endpoint(ec);
        if (!ec) out.push_back(ep.address().to_string() + ":" + std::to_string(ep.port()));
    }
    return out;
}

asio::awaitable<void> smb_server::accept_loop(std::shared_ptr<asio::ip::tcp::acceptor> a,
                                              bool nbss) {
    static log::rate_limiter limiter;
    while (!stopping_) {
        std::error_code ec;
        auto sock = co_await a->async_accept(asio::make_strand(io_),
                                             asio::redirect_error(asio::use_awaitable, ec));
        if (stopping_) break;
        if (ec) {
            if (ec == asio::error::operation_aborted) break;
            log::limited_warn(limiter, "smb: accept failed: {}", ec.message());
            continue;
        }
        sock.set_option(asio::ip::tcp::no_delay(true), ec);
        auto c = std::make_shared<connection>(std::move(sock), *this, nbss);
        conns_.insert(c);
        asio::co_spawn(c->executor(), [c]() -> asio::awaitable<void> { co_await c->run(); },
                       asio::detached);
    }
}

handler smb_server::file_handler(std::uint16_t command) const {
    return file::file_handler(command);
}

void smb_server::forget(connection* c) {
    for (auto it = conns_.begin(); it != conns_.end();) {
        auto sp = it->lock();
        if (!sp || sp.get() == c)
            it = conns_.erase(it);
        else
            ++it;
    }
}

void smb_server::stop() {
    stopping_ = true;
    for (auto& a : acceptors_) {
        std::error_code ec;
        a->close(ec);
    }
    for (auto& w : conns_)
        if (auto c = w.lock()) c->stop();
}

}  // namespace smbkit::server
