#pragma once
// A one-line progress bar for long transfers, drawn on stderr only when it is a terminal.

#include <chrono>
#include <cstdint>
#include <string>

namespace smbkit::cli {

class progress_bar {
public:
    progress_bar(std::string label, bool enabled);
    ~progress_bar() { finish(); }
    void update(std::uint64_t done, std::uint64_t total);
    // For a recursive copy: "(3/10) …/dir/file" before the bar, then the bytes of all files.
    void update_tree(std::uint64_t files_done, std::uint64_t files_total, const std::string& current,
                     std::uint64_t done, std::uint64_t total);
    void finish();

private:
    void draw(std::uint64_t done, std::uint64_t total);
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    std::uint64_t done_ = 0, total_ = 0;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace smbkit::cli
