#pragma once
// Logging through spdlog, plus a limiter so that a flood of bad packets costs one line a
// second per kind instead of a disk full of them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include <spdlog/spdlog.h>

namespace smbkit::log {

// Sets the default logger to stderr with the given level name ("trace" … "off").
void init(const std::string& level = "info");

class rate_limiter {
public:
    explicit rate_limiter(std::chrono::milliseconds interval = std::chrono::seconds(1))
        : interval_(interval) {}
    // True when a line may be written now; `suppressed` then holds how many were dropped
    // since the last line that was allowed.
    // `now` is a parameter so that tests can drive the clock.
    bool allow(std::uint64_t& suppressed,
               std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

private:
    std::mutex mu_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point last_{};
    std::uint64_t dropped_ = 0;
};

// Writes a warning through `limiter`; drop counts are appended to the next line written.
template <class... Args>
void limited_warn(rate_limiter& limiter, spdlog::format_string_t<Args...> fmt, Args&&... args) {
    std::uint64_t suppressed = 0;
    if (!limiter.allow(suppressed)) return;
    auto line = fmt::format(fmt, std::forward<Args>(args)...);
    if (suppressed)
        spdlog::warn("{} ({} similar lines suppressed)", line, suppressed);
    else
        spdlog::warn("{}", line);
}

}  // namespace smbkit::log
