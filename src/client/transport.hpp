#pragma once
// A framed byte stream to an SMB server: direct TCP (MS-SMB2 2.1: a zero byte and a 24-bit
// length before each message) or the NetBIOS session service (RFC 1002 4.3: SESSION REQUEST
// first, then the same framing). Every operation has a deadline.

#include <chrono>
#include <cstdint>
#include <string>

#include <asio.hpp>

#include "client/error.hpp"
#include "core/bytes.hpp"

namespace smbkit::client {

struct endpoint {
    std::string host;
    std::uint16_t port = 445;
    // NetBIOS session service: send a SESSION REQUEST first (the default for port 139).
    bool netbios = false;
    std::string called_name;   // default "*SMBSERVER"
    std::string calling_name;  // default "SMBKIT"
};

class transport {
public:
    explicit transport(asio::any_io_executor ex)
        : socket_(ex), timer_(ex), write_done_(ex, asio::steady_timer::time_point::max()) {}

    asio::awaitable<outcome<void>> connect(const endpoint& ep, std::chrono::milliseconds timeout);
    // Safe to call from several coroutines at once: frames go out whole, one after another.
    asio::awaitable<outcome<void>> send(byte_span frame_payload);
    // The next message (frame payload), skipping NetBIOS keep-alives; frames larger than
    // max_frame are refused before anything is allocated.
    asio::awaitable<outcome<bytes>> receive();
    void close();
    bool is_open() const { return socket_.is_open(); }
    std::string peer() const { return peer_; }

    static constexpr std::uint32_t max_frame = 16 * 1024 * 1024;

private:
    asio::ip::tcp::socket socket_;
    asio::steady_timer timer_;
    std::string peer_;
    bool netbios_ = false;
    bool writing_ = false;
    asio::steady_timer write_done_;  // cancelled when a write ends, to wake the next sender
};

}  // namespace smbkit::client
