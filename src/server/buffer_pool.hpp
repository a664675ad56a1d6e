#pragma once
// Large message buffers, recycled. A READ response of 1 MiB would otherwise cost a fresh
// allocation (page faults) and the zeroing of `bytes(n)` before pread overwrites it: a
// recycled vector is shrunk or kept at its size, and only growth is zeroed. The writer gives
// a large message back once it is on the wire. Shared by all connections and the blocking
// pool threads (a mutex guards it); it holds at most `max_total` bytes.

#include <cstddef>
#include <mutex>
#include <vector>

#include "core/bytes.hpp"

namespace smbkit::server {

class buffer_pool {
public:
    static constexpr std::size_t min_size = 64 * 1024;  // smaller messages are not kept
    static constexpr std::size_t max_total = 64 * 1024 * 1024;
    static constexpr std::size_t max_count = 32;

    // A buffer of exactly n bytes, contents unspecified.
    bytes take(std::size_t n);
    // Keeps b for a later take() if it is large and there is room; frees it otherwise.
    void give(bytes&& b);

    std::size_t held_bytes() const;
    std::size_t held_count() const;

private:
    mutable std::mutex mutex_;
    std::vector<bytes> free_;
    std::size_t total_ = 0;  // sum of the capacities in free_
};

// The process-wide pool of large response buffers.
buffer_pool& message_buffers();

}  // namespace smbkit::server
