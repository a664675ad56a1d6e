// Transport of one connection: MS-SMB2 2.1 direct TCP framing (a zero byte and a 24-bit
// length) or RFC 1002 4.3 session service (SESSION REQUEST first, keep-alives), the reader
// loop and the writer queue.
#include "server/smb2/connection.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "core/log.hpp"
#include "netbios/nbss/session.hpp"
#include "server/buffer_pool.hpp"
#include "server/smb2/gate.hpp"
#include "server/smb2/server.hpp"

namespace smbkit::server {
namespace {
log::rate_limiter drop_limiter;

// Frames from this size on are read with SO_RCVLOWAT set to what is still missing.
constexpr std::size_t low_water_from = 64 * 1024;

void set_low_water(asio::ip::tcp::socket& s, std::size_t bytes) {
    int v = static_cast<int>(std::min<std::size_t>(bytes, 4 * 1024 * 1024));
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVLOWAT, &v, sizeof v);
}
}  // namespace

// A large WRITE arrives in TCP segments of 64 KiB or less; woken for each one, the reader
// would make some twenty reads (and as many epoll waits) per MiB. With the socket's low
// water mark set to the rest of the frame the kernel wakes it once the frame is there. The
// mark is never above what is still missing, so a peer that sends the whole frame and
// waits always wakes the reader.
asio::awaitable<std::error_code> connection::read_frame(std::span<std::uint8_t> frame) {
    const bool large = frame.size() >= low_water_from;
    std::size_t got = 0;
    std::error_code ec;
    while (got < frame.size()) {
        if (large) set_low_water(socket_, frame.size() - got);
        got += co_await socket_.async_read_some(asio::buffer(frame.data() + got, frame.size() - got),
                                                asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
    }
    if (large && socket_.is_open()) set_low_water(socket_, 1);
    co_return ec;
}

connection::connection(asio::ip::tcp::socket socket, smb_server& server, bool nbss)
    : socket_(std::move(socket)),
      server_(server),
      nbss_(nbss),
      out_signal_(socket_.get_executor()),
      io_(socket_.get_executor()),
      credits_(server.config().max_credits) {
    std::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    peer_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
    out_signal_.expires_at(asio::steady_timer::time_point::max());
}

connection::~connection() = default;

const server_config& connection::config() const { return server_.config(); }

session* connection::find_session(std::uint64_t id) {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second.get();
}

void connection::drop(std::string_view why) {
    if (!open_) return;
    log::limited_warn(drop_limiter, "smb: dropping connection from {}: {}", peer_, why);
    open_ = false;
    std::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    out_signal_.cancel();
}

void connection::stop() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
        if (!self->open_) return;
        self->closing_ = true;
        std::error_code ec;
        self->socket_.shutdown(asio::ip::tcp::socket::shutdown_receive, ec);
        self->out_signal_.cancel();
    });
}

void connection::send_unsolicited(bytes message) {
    auto send = [self = shared_from_this(), m = std::move(message)]() mutable {
        self->send_frame(std::move(m));
    };
    asio::dispatch(socket_.get_executor(), std::move(send));
}

void connection::send_frame(bytes message) {
    if (!open_) return;
    auto n = static_cast<std::uint32_t>(message.size());
    out_.push_back({{0, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                     static_cast<std::uint8_t>(n)},
                    std::move(message)});
    out_signal_.cancel_one();
}

asio::awaitable<void> connection::writer_loop() {
    auto self = shared_from_this();
    while (open_) {
        if (out_.empty()) {
            if (closing_) break;
            std::error_code ec;
            co_await out_signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        // Several queued frames leave in one write.
        std::vector<out_frame> batch;
        std::vector<asio::const_buffer> bufs;
        std::size_t total = 0;
        while (!out_.empty() && batch.size() < 64 && total < 16 * 1024 * 1024) {
            batch.push_back(std::move(out_.front()));
            out_.pop_front();
            total += batch.back().message.size() + 4;
        }
        for (auto& f : batch) {
            bufs.emplace_back(asio::buffer(f.header));
            bufs.emplace_back(asio::buffer(f.message));
        }
        std::error_code ec;
        co_await asio::async_write(socket_, bufs, asio::redirect_error(asio::use_awaitable, ec));
        for (auto& f : batch) message_buffers().give(std::move(f.message));
        if (ec) {
            open_ = false;
            break;
        }
    }
    std::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    open_ = false;
}

asio::awaitable<bool> connection::nbss_handshake() {
    namespace nbss = netbios::nbss;
    for (;;) {
        std::uint8_t hdr[4];
        std::error_code ec;
        co_await asio::async_read(socket_, asio::buffer(hdr),
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return false;
        auto h = nbss::decode_header(hdr);
        if (!h) {
            drop("bad NetBIOS session header");
            co_return false;
        }
        if (h->type == nbss::packet_type::keep_alive && h->length == 0) continue;
        if (h->type != nbss::packet_type::session_request || h->length > 1024) {
            drop("expected a NetBIOS SESSION REQUEST");
            co_return false;
        }
        bytes payload(h->length);
        co_await asio::async_read(socket_, asio::buffer(payload),
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return false;
        auto req = nbss::decode_session_request(payload);
        bytes answer;
        bool ok = false;
        if (!req) {
            answer = nbss::encode_negative_response(nbss::error_code::unspecified_error);
        } else {
            auto called = req->called.name();
            const auto& g = config().global;
            ok = req->called.suffix() == 0x20 &&
                 (called == g.netbios_name || called == "*SMBSERVER" ||
                  std::find(g.netbios_aliases.begin(), g.netbios_aliases.end(), called) !=
                      g.netbios_aliases.end());
            answer = ok ? nbss::encode_positive_response()
                        : nbss::encode_negative_response(
                              nbss::error_code::called_name_not_present);
            if (!ok)
                spdlog::info("smb: {} called {}, not a name of this server", peer_,
                             req->called.to_string());
        }
        co_await asio::async_write(socket_, asio::buffer(answer),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !ok) {
            socket_.close(ec);
            open_ = false;
            co_return false;
        }
        co_return true;
    }
}

asio::awaitable<void> connection::run() {
    auto self = shared_from_this();
    spdlog::debug("smb: connection from {}", peer_);
    if (nbss_ && !co_await nbss_handshake()) {
        server_.forget(this);
        co_return;
    }
    asio::co_spawn(socket_.get_executor(), writer_loop(), asio::detached);
    while (open_ && !closing_) {
        std::uint8_t hdr[4];
        std::error_code ec;
        co_await asio::async_read(socket_, asio::buffer(hdr),
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        std::uint32_t len = 0;
        if (nbss_) {
            auto h = netbios::nbss::decode_header(hdr);
            if (!h) {
                drop("bad NetBIOS session header");
                break;
            }
            if (h->type == netbios::nbss::packet_type::keep_alive) {
                if (h->length != 0) {
                    drop("keep-alive with a payload");
                    break;
                }
                continue;
            }
            if (h->type != netbios::nbss::packet_type::session_message) {
                drop("unexpected NetBIOS session packet");
                break;
            }
            len = h->length;
        } else {
            if (hdr[0] != 0) {
                drop("bad direct TCP frame header");
                break;
            }
            len = (std::uint32_t(hdr[1]) << 16) | (std::uint32_t(hdr[2]) << 8) | hdr[3];
        }
        if (len == 0) {
            drop("empty frame");
            break;
        }
        if (len > max_frame_size) {
            drop("frame of " + std::to_string(len) + " bytes is over the limit");
            break;
        }
        uninit_bytes frame = frame_buffers().take(len);  // filled by the read below
        if (co_await read_frame(frame)) break;
        auto g = std::make_shared<request_gate>(socket_.get_executor());
        asio::co_spawn(socket_.get_executor(), process_frame(std::move(frame), g),
                       [self, g](std::exception_ptr e) {
                           if (e) {
                               try {
                                   std::rethrow_exception(e);
                               } catch (const std::exception& x) {
                                   self->drop(std::string("internal error: ") + x.what());
                               } catch (...) {
                                   self->drop("internal error");
                               }
                           }
                           g->release();
                       });
        co_await g->wait();
    }
    closing_ = true;
    out_signal_.cancel();
    // Running handlers and the writer hold `self`; they end on their own.
    for (auto& [id, r] : running_) {
        r->cancelled = true;
        if (r->on_cancel) r->on_cancel();
    }
    sessions_.clear();
    server_.forget(this);
    spdlog::debug("smb: connection from {} closed", peer_);
}

}  // namespace smbkit::server
