#pragma once
// MS-SMB2 3.3.1.1 / 3.3.1.2: the command sequence window. Each message id may be used once,
// only after the server granted it; the window slides as the lowest ids are used.

#include <cstdint>
#include <set>

namespace smbkit::server {

class credit_window {
public:
    explicit credit_window(std::uint16_t max_credits = 8192) : max_(max_credits) {}

    // MS-SMB2 3.3.5.2.3: takes the ids [message_id, message_id + charge) (charge 0 counts as
    // 1). False, and nothing taken, when one is outside the window or already used.
    bool consume(std::uint64_t message_id, std::uint16_t charge);
    // Credits to grant in a response whose request asked for `requested`: at least 1 when the
    // client would otherwise have none left, never beyond max_credits outstanding.
    std::uint16_t grant(std::uint16_t requested);
    // Ids the client may still use.
    std::uint64_t outstanding() const { return high_ - low_ - used_.size(); }
    std::uint64_t lowest() const { return low_; }

private:
    std::uint16_t max_;
    std::uint64_t low_ = 0;   // the lowest id not yet used
    std::uint64_t high_ = 1;  // ids below this were granted (id 0 is granted at connect)
    std::set<std::uint64_t> used_;  // ids above low_ used out of order
};

}  // namespace smbkit::server
