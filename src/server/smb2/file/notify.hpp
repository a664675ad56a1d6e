#pragma once
// CHANGE_NOTIFY support (MS-SMB2 3.3.5.19): an inotify watch on an open directory that
// collects changes as FILE_NOTIFY_INFORMATION records (MS-FSCC 2.7.1) until a request takes
// them. Runs on the connection's strand.
//
// As on Windows, the first request of an open sets the watch up: its CompletionFilter,
// WATCH_TREE flag and OutputBufferLength hold for the open's later requests too. A rename
// within one directory is reported as OLD_NAME + NEW_NAME, a move between directories as
// REMOVED + ADDED. The extended attributes the server itself writes on a new file (DOS
// attributes, ACL) are part of its creation, not a MODIFIED change.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

struct inotify_event;  // <sys/inotify.h>

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
                                                std::uint32_t buffer_size,
                                                std::function<void()> on_change);
    ~notify_watch();
    void stop();

    // Changes seen since the last take; `overflow` set when more came than were kept.
    std::vector<change> take(bool& overflow);
    bool has_changes() const { return !changes_.empty() || overflow_; }
    // The OutputBufferLength of the request that set the watch up.
    std::uint32_t buffer_size() const { return buffer_size_; }

private:
    notify_watch(asio::any_io_executor ex, int fd);
    void read_more();
    // `report` lists what a new subdirectory already holds as ADDED (it was created before
    // its watch was in place).
    void add_watch(const std::string& abs_path, const std::string& rel, bool report = false);
    void record(std::uint32_t action, std::string name);
    bool wants_names(bool dir) const;
    void handle(const ::inotify_event& ev, const std::string& name);
    void flush_move();
    bool own_change(const std::string& rel, std::chrono::steady_clock::time_point since);

    asio::posix::stream_descriptor sd_;
    std::string root_;  // the watched directory, named through its descriptor
    std::uint32_t filter_ = 0;
    bool tree_ = false;
    std::uint32_t buffer_size_ = 0;
    // The IN_MOVED_FROM half of a rename, until its IN_MOVED_TO (same cookie) arrives.
    struct move_from {
        std::uint32_t cookie = 0;
        int wd = -1;
        std::string rel;
        bool dir = false;
    };
    std::optional<move_from> moving_;
    // Names listed from a new subdirectory a moment ago (their IN_CREATE may follow).
    std::map<std::string, std::chrono::steady_clock::time_point> fresh_;
    // Per file (dev, ino): how many of the server's own attribute changes were skipped.
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t> own_seen_;
    std::function<void()> on_change_;
    // Watch descriptor → path relative to the root watch, and when the watch began.
    struct watched_dir {
        std::string rel;
        std::chrono::steady_clock::time_point since;
    };
    std::map<int, watched_dir> dirs_;
    std::vector<change> changes_;
    bool overflow_ = false;
    bool stopped_ = false;
    std::vector<std::uint8_t> buf_;
};

}  // namespace smbkit::server::file
