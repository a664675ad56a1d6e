#include "core/filetime.hpp"

#include <climits>

namespace smbkit {
namespace {

constexpr std::int64_t unix_epoch_seconds = static_cast<std::int64_t>(filetime_unix_epoch / filetime_per_second);

std::string format(std::uint64_t ft, const char* fmt) {
    if (ft == 0 || ft < filetime_unix_epoch) return {};
    auto t = static_cast<std::time_t>((ft - filetime_unix_epoch) / filetime_per_second);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return {};
    char buf[40];
    auto n = std::strftime(buf, sizeof buf, fmt, &tm);
    return std::string(buf, n);
}

}  // namespace

std::uint64_t filetime_from_timespec(const struct timespec& ts) {
    if (ts.tv_sec < -unix_epoch_seconds) return 0;
    auto since_1601 = static_cast<std::uint64_t>(ts.tv_sec + unix_epoch_seconds);
    if (since_1601 > (UINT64_MAX - (filetime_per_second - 1)) / filetime_per_second) return UINT64_MAX;
    auto nsec = ts.tv_nsec < 0 ? 0 : static_cast<std::uint64_t>(ts.tv_nsec);
    return since_1601 * filetime_per_second + nsec / 100;
}

struct timespec filetime_to_timespec(std::uint64_t ft) {
    struct timespec ts {};
    auto sec = static_cast<std::int64_t>(ft / filetime_per_second) - unix_epoch_seconds;
    ts.tv_sec = static_cast<time_t>(sec);
    ts.tv_nsec = static_cast<long>((ft % filetime_per_second) * 100);
    return ts;
}

std::uint64_t filetime_now() {
    struct timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    return filetime_from_timespec(ts);
}

std::string filetime_text(std::uint64_t ft) { return format(ft, "%Y-%m-%d %H:%M:%S"); }
std::string filetime_iso(std::uint64_t ft) { return format(ft, "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace smbkit
