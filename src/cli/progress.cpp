#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/client_common.hpp"

namespace smbkit::cli {

progress_bar::progress_bar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {}

void progress_bar::update(std::uint64_t done, std::uint64_t total) {
    done_ = done;
    total_ = total;
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
    last_ = now;
    draw(done, total);
}

void progress_bar::update_tree(std::uint64_t files_done, std::uint64_t files_total,
                               const std::string& current, std::uint64_t done, std::uint64_t total) {
    if (!enabled_) return;
    // The tail of the path, cut on a UTF-8 character boundary, so the line fits a terminal.
    constexpr std::size_t keep = 28;
    std::string name = current;
    if (name.size() > keep) {
        std::size_t cut = name.size() - keep;
        while (cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) ++cut;
        name = "..." + name.substr(cut);
    }
    label_ = "(" + std::to_string(std::min(files_done + 1, files_total)) + "/" +
             std::to_string(files_total) + ") " + name;
    update(done, total);
}

void progress_bar::draw(std::uint64_t done, std::uint64_t total) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    int pct = total ? static_cast<int>(done * 100 / total) : 100;
    constexpr int width = 24;
    std::string bar(static_cast<std::size_t>(pct * width / 100), '#');
    bar.resize(width, '.');
    std::string eta = "--:--";
    if (rate > 0 && total > done) {
        auto left = static_cast<long>(static_cast<double>(total - done) / rate);
        char buf[48];
        std::snprintf(buf, sizeof buf, "%02ld:%02ld", left / 60, left % 60);
        eta = buf;
    }
    std::fprintf(stderr, "\r%s [%s] %3d%% %s/%s %s/s ETA %s\x1b[K", label_.c_str(), bar.c_str(), pct,
                 human_size(done).c_str(), human_size(total).c_str(),
                 human_size(static_cast<std::uint64_t>(rate)).c_str(), eta.c_str());
    drawn_ = true;
}

void progress_bar::finish() {
    if (!enabled_ || !drawn_) return;
    draw(done_, total_);
    std::fputc('\n', stderr);
    drawn_ = false;
    enabled_ = false;
}

}  // namespace smbkit::cli
