// MS-SMB2 3.3.1.2, 3.3.5.2.3.
#include "server/smb2/credits.hpp"

#include <algorithm>

namespace smbkit::server {

bool credit_window::consume(std::uint64_t message_id, std::uint16_t charge) {
    std::uint64_t n = charge == 0 ? 1 : charge;
    if (message_id < low_ || message_id >= high_ || n > high_ - message_id) return false;
    for (std::uint64_t id = message_id; id < message_id + n; ++id)
        if (used_.count(id)) return false;
    for (std::uint64_t id = message_id; id < message_id + n; ++id) used_.insert(id);
    while (!used_.empty() && *used_.begin() == low_) {
        used_.erase(used_.begin());
        ++low_;
    }
    return true;
}

std::uint16_t credit_window::grant(std::uint16_t requested) {
    std::uint64_t have = outstanding();
    std::uint64_t want = std::max<std::uint64_t>(requested, 1);
    std::uint64_t room = have >= max_ ? 0 : max_ - have;
    std::uint64_t g = std::min(want, room);
    if (g == 0 && have == 0) g = 1;
    high_ += g;
    return static_cast<std::uint16_t>(g);
}

}  // namespace smbkit::server
