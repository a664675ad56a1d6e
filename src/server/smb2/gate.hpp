#pragma once
// The reader of a connection waits on a gate while a request runs, so that requests are
// handled in the order they came; a request that goes async (STATUS_PENDING) opens the gate
// early and the reader goes on. Strand-local: no locking.

#include <cstddef>

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

namespace smbkit::server {

// READ and WRITE requests of a single-message frame let the reader go on while their file
// I/O runs, so that a client's pipelined reads and writes overlap with the socket. Every
// other request waits until those are done first: a CLOSE, FLUSH or SET_INFO sees all the
// I/O that came before it. At most `limit` run at once (back-pressure on a client with
// many credits). Strand-local.
struct io_barrier {
    static constexpr std::size_t limit = 16;

    explicit io_barrier(asio::any_io_executor ex) : timer(ex) {
        timer.expires_at(asio::steady_timer::time_point::max());
    }
    bool busy() const { return running != 0; }
    bool full() const { return running >= limit; }
    void enter() { ++running; }
    void leave() {
        if (--running == 0) timer.cancel();
    }
    asio::awaitable<void> idle() {
        while (running != 0) {
            std::error_code ec;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
    }

    asio::steady_timer timer;
    std::size_t running = 0;
};

// Leaves the barrier when the request that entered it ends, however it ends.
class io_ticket {
public:
    io_ticket() = default;
    io_ticket(const io_ticket&) = delete;
    io_ticket& operator=(const io_ticket&) = delete;
    ~io_ticket() {
        if (barrier_) barrier_->leave();
    }
    void take(io_barrier& b) {
        if (barrier_) return;
        barrier_ = &b;
        b.enter();
    }
    bool taken() const { return barrier_ != nullptr; }

private:
    io_barrier* barrier_ = nullptr;
};

}  // namespace smbkit::server
