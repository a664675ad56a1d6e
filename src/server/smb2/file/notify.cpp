#include "server/smb2/file/notify.hpp"

#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smb2/constants.hpp"
#include "vfs/own_changes.hpp"
#include "vfs/resolve.hpp"

namespace smbkit::server::file {
namespace {

namespace nf = smb2::notify_filter;
namespace na = smb2::notify_action;

constexpr std::size_t max_changes = 1024;  // beyond this the client is told to re-read
constexpr std::size_t max_watches = 4096;  // subdirectories watched for WATCH_TREE
// How long a name found in a new subdirectory's listing suppresses its own IN_CREATE.
constexpr std::chrono::milliseconds creation_settles{1000};

std::uint32_t inotify_mask(std::uint32_t filter, bool tree) {
    // Opens and closes are never reported; they are watched because inotify merges two
    // identical events in a row while unread, and a close (or open) between the server's
    // own attribute write on a new file and a client's later one keeps them apart.
    std::uint32_t m = IN_ONLYDIR | IN_EXCL_UNLINK | IN_OPEN | IN_CLOSE;
    if (filter & (nf::file_name | nf::dir_name | nf::creation))
        m |= IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (filter & (nf::attributes | nf::security | nf::ea | nf::last_write | nf::creation))
        m |= IN_ATTRIB;
    if (filter & (nf::size | nf::last_write | nf::stream_size | nf::stream_write))
        m |= IN_MODIFY;
    if (tree) m |= IN_CREATE;  // to watch new subdirectories
    return m;
}

}  // namespace

notify_watch::notify_watch(asio::any_io_executor ex, int fd) : sd_(ex, fd), buf_(16384) {}

notify_watch::~notify_watch() { stop(); }

std::shared_ptr<notify_watch> notify_watch::create(asio::any_io_executor ex, int dir_fd,
                                                   std::uint32_t filter, bool tree,
                                                   std::uint32_t buffer_size,
                                                   std::function<void()> on_change) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return nullptr;
    std::shared_ptr<notify_watch> w(new notify_watch(ex, fd));
    w->filter_ = filter;
    w->tree_ = tree;
    w->buffer_size_ = buffer_size;
    w->on_change_ = std::move(on_change);
    // The directory is named through its descriptor, so a rename of it (or of a parent)
    // since it was opened changes nothing.
    w->root_ = "/proc/self/fd/" + std::to_string(dir_fd);
    w->add_watch(w->root_, "");
    if (w->dirs_.empty()) return nullptr;
    w->read_more();
    return w;
}

void notify_watch::add_watch(const std::string& abs, const std::string& rel, bool report) {
    if (dirs_.size() >= max_watches) return;
    int wd = inotify_add_watch(sd_.native_handle(), abs.c_str(), inotify_mask(filter_, tree_));
    if (wd < 0) return;
    dirs_[wd] = {rel, std::chrono::steady_clock::now()};
    if (!tree_) return;
    DIR* d = opendir(abs.c_str());
    if (!d) return;
    std::vector<std::pair<std::string, bool>> entries;
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n == "." || n == "..") continue;
        entries.emplace_back(n, e->d_type == DT_DIR);
    }
    closedir(d);
    for (const auto& [n, dir] : entries) {
        const std::string sub = rel.empty() ? n : rel + "\\" + n;
        if (report && wants_names(dir)) {
            record(na::added, sub);
            fresh_[sub] = std::chrono::steady_clock::now();
        }
        if (dir) add_watch(abs + "/" + n, sub, report);
    }
}

void notify_watch::stop() {
    if (stopped_) return;
    stopped_ = true;
    std::error_code ec;
    sd_.close(ec);
}

void notify_watch::record(std::uint32_t action, std::string name) {
    if (changes_.size() >= max_changes) {
        overflow_ = true;
        return;
    }
    changes_.push_back({action, std::move(name)});
}

std::vector<change> notify_watch::take(bool& overflow) {
    overflow = overflow_;
    overflow_ = false;
    return std::exchange(changes_, {});
}

bool notify_watch::wants_names(bool dir) const {
    return dir ? (filter_ & nf::dir_name) : (filter_ & nf::file_name);
}

// A MOVED_FROM whose MOVED_TO never came: the name left the watched tree.
void notify_watch::flush_move() {
    if (!moving_) return;
    if (wants_names(moving_->dir)) record(na::removed, moving_->rel);
    moving_.reset();
}

// The server's own attribute writes on a file it created (vfs/own_changes.hpp): each one
// is skipped once by every watch.
bool notify_watch::own_change(const std::string& rel,
                              std::chrono::steady_clock::time_point since) {
    std::string p = root_ + "/" + rel;
    for (auto& c : p)
        if (c == '\\') c = '/';
    struct statx st {};
    if (statx(AT_FDCWD, p.c_str(), AT_SYMLINK_NOFOLLOW, STATX_INO, &st) != 0) return false;
    const std::pair<std::uint64_t, std::uint64_t> file{vfs::detail::stx_dev(st), st.stx_ino};
    const auto ours = vfs::own_attribute_changes().count_since(file.first, file.second, since);
    auto& seen = own_seen_[file];
    if (seen >= ours) return false;
    ++seen;
    return true;
}

void notify_watch::handle(const inotify_event& ev, const std::string& name) {
    using clock = std::chrono::steady_clock;
    auto it = dirs_.find(ev.wd);
    if (it == dirs_.end()) return;
    if (ev.mask & IN_IGNORED) {
        dirs_.erase(it);
        return;
    }
    if (name.empty()) return;  // events on the directory itself
    const std::string& parent = it->second.rel;
    const std::string rel = parent.empty() ? name : parent + "\\" + name;
    const bool dir = ev.mask & IN_ISDIR;
    const bool names = wants_names(dir);
    const std::uint32_t f = filter_;

    if (!(ev.mask & IN_MOVED_TO)) flush_move();
    if (ev.mask & IN_MOVED_FROM) {
        moving_ = move_from{ev.cookie, ev.wd, rel, dir};
        return;
    }
    if (ev.mask & (IN_CREATE | IN_MOVED_TO)) {
        const bool renamed = (ev.mask & IN_MOVED_TO) && moving_ && moving_->cookie == ev.cookie;
        if (renamed && moving_->wd == ev.wd) {
            if (names) {
                record(na::renamed_old_name, moving_->rel);
                record(na::renamed_new_name, rel);
            }
        } else {
            if (renamed && wants_names(moving_->dir)) record(na::removed, moving_->rel);
            // Listed already when its new parent directory was first scanned.
            const bool listed = fresh_.erase(rel) != 0;
            if (names && !listed) record(na::added, rel);
        }
        if (renamed) moving_.reset();
        if (dir && tree_) {
            std::string sub = rel;
            for (auto& c : sub)
                if (c == '\\') c = '/';
            add_watch(root_ + "/" + sub, rel, /*report=*/true);
        }
        return;
    }
    std::uint32_t action = 0;
    if ((ev.mask & IN_DELETE) && names) {
        action = na::removed;
        fresh_.erase(rel);
    } else if ((ev.mask & IN_ATTRIB) &&
               (f & (nf::attributes | nf::security | nf::ea | nf::last_write))) {
        if (own_change(rel, it->second.since)) return;
        action = na::modified;
    } else if ((ev.mask & IN_MODIFY) && (f & (nf::size | nf::last_write))) {
        action = na::modified;
    }
    if (!action) return;
    // A write produces several events in a row; report the file once.
    if (action == na::modified && !changes_.empty() && changes_.back().action == na::modified &&
        changes_.back().name == rel)
        return;
    record(action, rel);
}

void notify_watch::read_more() {
    if (stopped_) return;
    sd_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](std::error_code ec,
                                                                        std::size_t n) {
        if (ec || self->stopped_) return;
        const auto before = self->changes_.size();
        const bool overflow_before = self->overflow_;
        std::size_t pos = 0;
        while (pos + sizeof(inotify_event) <= n) {
            inotify_event ev;
            std::memcpy(&ev, self->buf_.data() + pos, sizeof ev);
            std::string name;
            if (ev.len && pos + sizeof ev + ev.len <= n) {
                const char* p = reinterpret_cast<const char*>(self->buf_.data() + pos + sizeof ev);
                name.assign(p, strnlen(p, ev.len));
            }
            pos += sizeof ev + ev.len;
            if (ev.mask & IN_Q_OVERFLOW) {
                self->overflow_ = true;
                continue;
            }
            self->handle(ev, name);
        }
        // The two halves of a rename are queued together; one cut off by a full buffer
        // may still come with the next read.
        if (n + 2 * (sizeof(inotify_event) + NAME_MAX + 1) < self->buf_.size())
            self->flush_move();
        const auto now = std::chrono::steady_clock::now();
        std::erase_if(self->fresh_,
                      [&](const auto& e) { return now - e.second > creation_settles; });
        if (self->own_seen_.size() > max_changes) self->own_seen_.clear();
        const bool any = self->changes_.size() != before || self->overflow_ != overflow_before;
        if (any && self->on_change_) self->on_change_();
        self->read_more();
    });
}

}  // namespace smbkit::server::file
