#pragma once
// CHANGE_NOTIFY support (MS-SMB2 3.3.5.19): an inotify watch on an open directory that
// collects changes as FILE_NOTIFY_INFORMATION records (MS-FSCC 2.7.1) until a request takes
// them. Runs on the connection's strand.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

namespace smbkit::server::file {

struct change {
    std::uint32_t action = 0;  // notify_action
    std::string name;          // relative to the watched directory, '\' separators
};

class notify_watch : public std::enable_shared_from_this<notify_watch> {
public:
    // Watches the directory open as `dir_fd` (its own inotify instance), reporting changes
    // of the kinds `filter` names (CompletionFilter), in subdirectories too when `tree`.
    // nullptr when inotify is unavailable; requests then stay pending until cancelled.
    static std::shared_ptr<notify_watch> create(asio::any_io_executor ex, int dir_fd,
                                                std::uint32_t filter, bool tree,
                                                std::function<void()> on_change);
    ~notify_watch();
    void stop();

    // Changes seen since the last take; `overflow` set when more came than were kept.
    std::vector<change> take(bool& overflow);
    bool has_changes() const { return !changes_.empty() || overflow_; }

private:
    notify_watch(asio::any_io_executor ex, int fd);
    void read_more();
    void add_watch(const std::string& abs_path, const std::string& rel);
    void record(std::uint32_t action, std::string name);

    asio::posix::stream_descriptor sd_;
    std::string root_;  // the watched directory, named through its descriptor
    std::uint32_t filter_ = 0;
    bool tree_ = false;
    std::function<void()> on_change_;
    std::map<int, std::string> dirs_;  // watch descriptor → path relative to the root watch
    std::vector<change> changes_;
    bool overflow_ = false;
    bool stopped_ = false;
    std::vector<std::uint8_t> buf_;
};

}  // namespace smbkit::server::file
