#pragma once
// Large message buffers, recycled. A READ response or a received WRITE of 1-8 MiB would
// otherwise cost a fresh allocation (page faults: the kernel zeroes every new page) and, for
// `bytes(n)`, the zeroing of the vector before pread or recv overwrites it: a recycled vector
// is shrunk or kept at its size, and only growth is zeroed (not at all for uninit_bytes).
// The writer gives a large response back once it is on the wire, the reader a received
// frame once its requests are done. Shared by all connections and the blocking pool threads
// (a mutex guards it); a pool holds at most `max_total` bytes.

#include <cstddef>
#include <mutex>
#include <vector>

#include "core/bytes.hpp"
#include "core/uninit_bytes.hpp"

namespace smbkit::server {

template <class Buffer> class basic_buffer_pool {
public:
    static constexpr std::size_t min_size = 64 * 1024;  // smaller messages are not kept
    static constexpr std::size_t max_total = 64 * 1024 * 1024;
    static constexpr std::size_t max_count = 32;

    // A buffer of exactly n bytes, contents unspecified.
    Buffer take(std::size_t n);
    // Keeps b for a later take() if it is large and there is room; frees it otherwise.
    void give(Buffer&& b);

    std::size_t held_bytes() const;
    std::size_t held_count() const;

private:
    mutable std::mutex mutex_;
    std::vector<Buffer> free_;
    std::size_t total_ = 0;  // sum of the capacities in free_
};

using buffer_pool = basic_buffer_pool<bytes>;
using frame_pool = basic_buffer_pool<uninit_bytes>;

// The process-wide pool of large response buffers.
buffer_pool& message_buffers();
// The process-wide pool of large received frames.
frame_pool& frame_buffers();

}  // namespace smbkit::server
