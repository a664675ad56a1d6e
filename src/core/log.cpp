#include "core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace smbkit::log {

namespace {
std::atomic<bool> level_from_command_line{false};
}

std::optional<spdlog::level::level_enum> level_from_text(const std::string& text) {
    auto start = text.find_first_not_of(" \t");
    if (start == std::string::npos) return std::nullopt;
    auto end = text.find_first_of(" \t", start);
    std::string word = text.substr(start, end == std::string::npos ? end : end - start);
    if (word.find_first_not_of("0123456789") == std::string::npos) {
        if (word.size() > 3) return spdlog::level::trace;
        int n = std::stoi(word);
        if (n == 0) return spdlog::level::warn;
        if (n <= 2) return spdlog::level::info;
        if (n <= 9) return spdlog::level::debug;
        return spdlog::level::trace;
    }
    for (int l = spdlog::level::trace; l < spdlog::level::n_levels; ++l) {
        auto lvl = static_cast<spdlog::level::level_enum>(l);
        auto name = spdlog::level::to_string_view(lvl);
        if (word == std::string_view(name.data(), name.size())) return lvl;
    }
    if (word == "warn") return spdlog::level::warn;
    if (word == "err") return spdlog::level::err;
    return std::nullopt;
}

void init(const std::string& level, bool from_command_line) {
    auto logger = spdlog::get("smbkit");
    if (!logger) {
        logger = spdlog::stderr_color_mt("smbkit");
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    }
    logger->set_level(level_from_text(level).value_or(spdlog::level::info));
    spdlog::set_default_logger(logger);
    level_from_command_line = from_command_line;
}

bool apply_config_level(const std::string& text) {
    auto lvl = level_from_text(text);
    if (!lvl) return false;
    if (!level_from_command_line) spdlog::set_level(*lvl);
    return true;
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
