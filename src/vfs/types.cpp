#include "vfs/types.hpp"

#include <climits>

namespace smbkit::vfs {

nt_time to_nt_time(const struct timespec& ts) {
    // Before 1601 cannot be represented; clamp to 0 rather than wrap.
    constexpr std::int64_t min_sec = -11644473600LL;
    if (ts.tv_sec < min_sec) return 0;
    auto since_1601 = static_cast<std::uint64_t>(ts.tv_sec - min_sec);
    if (since_1601 > (UINT64_MAX - 9999999) / 10000000) return UINT64_MAX;
    return since_1601 * 10000000ULL + static_cast<std::uint64_t>(ts.tv_nsec) / 100;
}

struct timespec from_nt_time(nt_time t) {
    struct timespec ts {};
    std::uint64_t secs = t / 10000000ULL;
    auto sec = static_cast<std::int64_t>(secs) - 11644473600LL;
    if (sec > static_cast<std::int64_t>(LLONG_MAX)) sec = LLONG_MAX;
    ts.tv_sec = static_cast<time_t>(sec);
    ts.tv_nsec = static_cast<long>((t % 10000000ULL) * 100);
    return ts;
}

nt_time nt_time_now() {
    struct timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    return to_nt_time(ts);
}

std::uint32_t map_generic_access(std::uint32_t desired, bool read_only_share) {
    constexpr std::uint32_t generic_read = access::read_data | access::read_ea |
                                           access::read_attributes | access::read_control |
                                           access::synchronize;
    constexpr std::uint32_t generic_write = access::write_data | access::append_data |
                                            access::write_ea | access::write_attributes |
                                            access::read_control | access::synchronize;
    constexpr std::uint32_t generic_execute = access::execute | access::read_attributes |
                                              access::read_control | access::synchronize;
    std::uint32_t out = desired & ~(access::generic_all | access::generic_execute |
                                    access::generic_write | access::generic_read |
                                    access::maximum_allowed);
    if (desired & access::generic_read) out |= generic_read;
    if (desired & access::generic_write) out |= generic_write;
    if (desired & access::generic_execute) out |= generic_execute;
    if (desired & access::generic_all) out |= access::all_file;
    if (desired & access::maximum_allowed)
        out |= read_only_share ? (access::all_file & ~access::modifying) : access::all_file;
    return out;
}

}  // namespace smbkit::vfs
