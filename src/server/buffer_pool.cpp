#include "server/buffer_pool.hpp"

#include <utility>

namespace smbkit::server {

bytes buffer_pool::take(std::size_t n) {
    bytes out;
    if (n >= min_size) {
        std::lock_guard lock(mutex_);
        // The smallest kept buffer that holds n without growing; else the largest one.
        std::size_t best = free_.size();
        for (std::size_t i = 0; i < free_.size(); ++i) {
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
            free_[best] = std::move(free_.back());
            free_.pop_back();
            total_ -= out.capacity();
        }
    }
    out.resize(n);  // shrinking or keeping the size writes nothing
    return out;
}

void buffer_pool::give(bytes&& b) {
    const auto c = b.capacity();
    if (c < min_size) return;
    bytes keep = std::move(b);
    std::lock_guard lock(mutex_);
    if (free_.size() >= max_count || total_ + c > max_total) return;  // `keep` frees it
    total_ += c;
    free_.push_back(std::move(keep));
}

std::size_t buffer_pool::held_bytes() const {
    std::lock_guard lock(mutex_);
    return total_;
}

std::size_t buffer_pool::held_count() const {
    std::lock_guard lock(mutex_);
    return free_.size();
}

buffer_pool& message_buffers() {
    static buffer_pool pool;
    return pool;
}

}  // namespace smbkit::server
