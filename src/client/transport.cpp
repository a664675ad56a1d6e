#include "client/transport.hpp"

#include <asio/experimental/awaitable_operators.hpp>

#include "netbios/nbss/session.hpp"

namespace smbkit::client {
namespace {

using namespace asio::experimental::awaitable_operators;

std::string describe(const std::error_code& ec) { return ec.message(); }

}  // namespace

asio::awaitable<outcome<void>> transport::connect(const endpoint& ep,
                                                  std::chrono::milliseconds timeout) {
    peer_ = ep.host + ":" + std::to_string(ep.port);
    auto ex = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(ex);
    std::error_code ec;
    auto results = co_await resolver.async_resolve(ep.host, std::to_string(ep.port),
                                                   asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return unexpected_error(error::transport("cannot resolve " + ep.host + ": " + describe(ec)));

    timer_.expires_after(timeout);
    std::error_code connect_ec;
    auto which = co_await (
        asio::async_connect(socket_, results, asio::redirect_error(asio::use_awaitable, connect_ec)) ||
        timer_.async_wait(asio::use_awaitable));
    if (which.index() == 1) {
        close();
        co_return unexpected_error(error::transport("connect to " + peer_ + " timed out"));
    }
    if (connect_ec) {
        close();
        co_return unexpected_error(error::transport("connect to " + peer_ + ": " + describe(connect_ec)));
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);

    netbios_ = ep.netbios;
    if (!ep.netbios) co_return outcome<void>{};

    // RFC 1002 4.3.2: SESSION REQUEST with the called and calling names.
    auto called = netbios::netbios_name::make(ep.called_name.empty() ? "*SMBSERVER" : ep.called_name, 0x20);
    auto calling = netbios::netbios_name::make(ep.calling_name.empty() ? "SMBKIT" : ep.calling_name, 0x00);
    if (!called || !calling)
        co_return unexpected_error(error::transport("invalid NetBIOS name for the session request"));
    auto request = netbios::nbss::encode_session_request({*called, *calling});
    co_await asio::async_write(socket_, asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return unexpected_error(error::transport("session request to " + peer_ + ": " + describe(ec)));

    std::array<std::uint8_t, 4> head{};
    timer_.expires_after(timeout);
    std::error_code read_ec;
    auto got = co_await (asio::async_read(socket_, asio::buffer(head), asio::redirect_error(asio::use_awaitable, read_ec)) ||
                         timer_.async_wait(asio::use_awaitable));
    if (got.index() == 1) co_return unexpected_error(error::transport("session request to " + peer_ + " timed out"));
    if (read_ec) co_return unexpected_error(error::transport("session request to " + peer_ + ": " + describe(read_ec)));
    auto h = netbios::nbss::decode_header(head);
    if (!h) co_return unexpected_error(error::malformed("bad NetBIOS session response header"));
    if (h->length > 64) co_return unexpected_error(error::malformed("oversized NetBIOS session response"));
    bytes payload(h->length);
    if (h->length) {
        co_await asio::async_read(socket_, asio::buffer(payload), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return unexpected_error(error::transport("session response: " + describe(ec)));
    }
    if (h->type == netbios::nbss::packet_type::positive_response) co_return outcome<void>{};
    if (h->type == netbios::nbss::packet_type::negative_response) {
        auto code = netbios::nbss::decode_negative_response(payload);
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", code ? *code : 0);
        co_return unexpected_error(error::transport(std::string("NetBIOS session refused, code ") + buf +
                                                   (code && *code == 0x82 ? " (called name not present)" : "")));
    }
    co_return unexpected_error(error::malformed("unexpected NetBIOS session response type"));
}

asio::awaitable<outcome<void>> transport::send(byte_span payload) {
    if (payload.size() > max_frame) co_return unexpected_error(error::transport("message too large"));
    std::array<std::uint8_t, 4> head{0, static_cast<std::uint8_t>(payload.size() >> 16),
                                     static_cast<std::uint8_t>(payload.size() >> 8),
                                     static_cast<std::uint8_t>(payload.size())};
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head), asio::buffer(payload.data(), payload.size())};
    // async_write is several write_some calls: two in flight would interleave their bytes.
    while (writing_) {
        std::error_code wait_ec;
        co_await write_done_.async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
    }
    writing_ = true;
    std::error_code ec;
    co_await asio::async_write(socket_, bufs, asio::redirect_error(asio::use_awaitable, ec));
    writing_ = false;
    write_done_.cancel();
    if (ec) co_return unexpected_error(error::transport("send to " + peer_ + ": " + describe(ec)));
    co_return outcome<void>{};
}

asio::awaitable<outcome<bytes>> transport::receive() {
    for (;;) {
        std::array<std::uint8_t, 4> head{};
        std::error_code ec;
        co_await asio::async_read(socket_, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return unexpected_error(error::transport("receive from " + peer_ + ": " + describe(ec)));
        if (netbios_ && head[0] == 0x85) continue;  // keep-alive
        if (head[0] != 0) co_return unexpected_error(error::malformed("bad frame header"));
        std::uint32_t len = std::uint32_t{head[1]} << 16 | std::uint32_t{head[2]} << 8 | head[3];
        if (len > max_frame) co_return unexpected_error(error::malformed("frame too large"));
        bytes payload(len);
        co_await asio::async_read(socket_, asio::buffer(payload), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return unexpected_error(error::transport("receive from " + peer_ + ": " + describe(ec)));
        if (len == 0) continue;
        co_return payload;
    }
}

void transport::close() {
    std::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
}

}  // namespace smbkit::client
