#include "core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace smbkit::log {

void init(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("smbkit");
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

bool rate_limiter::allow(std::uint64_t& suppressed, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    if (last_ != std::chrono::steady_clock::time_point{} && now - last_ < interval_) {
        ++dropped_;
        return false;
    }
    last_ = now;
    suppressed = dropped_;
    dropped_ = 0;
    return true;
}

}  // namespace smbkit::log
