#pragma once
// The reader of a connection waits on a gate while a request runs, so that requests are
// handled in the order they came; a request that goes async (STATUS_PENDING) opens the gate
// early and the reader goes on. Strand-local: no locking.

#include <asio.hpp>

namespace smbkit::server {

struct request_gate {
    explicit request_gate(asio::any_io_executor ex) : timer(ex) {
        timer.expires_at(asio::steady_timer::time_point::max());
    }
    void release() {
        open = true;
        timer.cancel();
    }
    asio::awaitable<void> wait() {
        while (!open) {
            std::error_code ec;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
    }
    asio::steady_timer timer;
    bool open = false;
};

}  // namespace smbkit::server
