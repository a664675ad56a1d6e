#pragma once
// Logging through spdlog, plus a limiter so that a flood of bad packets costs one line a
// second per kind instead of a disk full of them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

namespace smbkit::log {

// The level a text names: spdlog's names ("trace" … "off") or a Samba "log level" number
// (0 warn, 1-2 info, 3-9 debug, 10 and above trace; a trailing "class:level" list, as in
// "1 auth:5", is ignored). Nothing for anything else.
std::optional<spdlog::level::level_enum> level_from_text(const std::string& text);

// Sets the default logger to stderr with the given level name ("trace" … "off").
// `from_command_line`: the user chose it, so a configuration file's level does not replace it.
void init(const std::string& level = "info", bool from_command_line = false);

// A configuration file's "log level": applied unless the command line chose one. False when
// the text names no level.
bool apply_config_level(const std::string& text);

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
