#include "server/buffer_pool.hpp"

#include <utility>

namespace smbkit::server {

template <class Buffer> Buffer basic_buffer_pool<Buffer>::take(std::size_t n) {
    Buffer out;
    if (n >= min_size) {
        std::lock_guard lock(mutex_);
        // The smallest kept buffer that holds n without growing; else the largest one. Among
        // equals the one given back last: it is the most likely to be still in the CPU cache
        // (a 1 MiB frame fits in L2; cycling through all kept buffers would miss every time).
        std::size_t best = free_.size();
        for (std::size_t i = free_.size(); i-- > 0;) {
            const auto c = free_[i].capacity();
            if (best == free_.size()) {
                best = i;
                continue;
            }
            const auto bc = free_[best].capacity();
            if ((c >= n && (bc < n || c < bc)) || (bc < n && c > bc)) best = i;
        }
        if (best != free_.size()) {
            out = std::move(free_[best]);
            free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(best));
            total_ -= out.capacity();
        }
    }
    // Growing a buffer that is too small would first copy its old contents: drop them.
    if (out.capacity() < n) out.clear();
    out.resize(n);  // shrinking or keeping the size writes nothing
    return out;
}

template <class Buffer> void basic_buffer_pool<Buffer>::give(Buffer&& b) {
    const auto c = b.capacity();
    if (c < min_size) return;
    Buffer keep = std::move(b);
    std::lock_guard lock(mutex_);
    if (free_.size() >= max_count || total_ + c > max_total) return;  // `keep` frees it
    total_ += c;
    free_.push_back(std::move(keep));
}

template <class Buffer> std::size_t basic_buffer_pool<Buffer>::held_bytes() const {
    std::lock_guard lock(mutex_);
    return total_;
}

template <class Buffer> std::size_t basic_buffer_pool<Buffer>::held_count() const {
    std::lock_guard lock(mutex_);
    return free_.size();
}

template class basic_buffer_pool<bytes>;
template class basic_buffer_pool<uninit_bytes>;

// The pools outlive every thread that may still hand a buffer back while the process exits
// (the blocking pool's workers are joined only after function-local statics made later are
// destroyed), so they are never destroyed.
buffer_pool& message_buffers() {
    static auto* pool = new buffer_pool;
    return *pool;
}

frame_pool& frame_buffers() {
    static auto* pool = new frame_pool;
    return *pool;
}

}  // namespace smbkit::server
