#include "server/smb2/file/notify.hpp"

#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "smb2/constants.hpp"

namespace smbkit::server::file {
namespace {

namespace nf = smb2::notify_filter;
namespace na = smb2::notify_action;

constexpr std::size_t max_changes = 1024;  // beyond this the client is told to re-read
constexpr std::size_t max_watches = 4096;  // subdirectories watched for WATCH_TREE

std::uint32_t inotify_mask(std::uint32_t filter, bool tree) {
    std::uint32_t m = IN_ONLYDIR | IN_EXCL_UNLINK;
    if (filter & (nf::file_name | nf::dir_name | nf::creation))
        m |= IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (filter & (nf::attributes | nf::security | nf::ea | nf::last_write | nf::creation))
        m |= IN_ATTRIB;
    if (filter & (nf::size | nf::last_write | nf::stream_size | nf::stream_write))
        m |= IN_MODIFY | IN_CLOSE_WRITE;
    if (filter & nf::last_access) m |= IN_ACCESS;
    if (tree) m |= IN_CREATE;  // to watch new subdirectories
    return m;
}

}  // namespace

notify_watch::notify_watch(asio::any_io_executor ex, int fd) : sd_(ex, fd), buf_(16384) {}

notify_watch::~notify_watch() { stop(); }

std::shared_ptr<notify_watch> notify_watch::create(asio::any_io_executor ex, int dir_fd,
                                                   std::uint32_t filter, bool tree,
                                                   std::function<void()> on_change) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return nullptr;
    std::shared_ptr<notify_watch> w(new notify_watch(ex, fd));
    w->filter_ = filter;
    w->tree_ = tree;
    w->on_change_ = std::move(on_change);
    // The directory is named through its descriptor, so a rename of it (or of a parent)
    // since it was opened changes nothing.
    w->root_ = "/proc/self/fd/" + std::to_string(dir_fd);
    w->add_watch(w->root_, "");
    if (w->dirs_.empty()) return nullptr;
    w->read_more();
    return w;
}

void notify_watch::add_watch(const std::string& abs, const std::string& rel) {
    if (dirs_.size() >= max_watches) return;
    int wd = inotify_add_watch(sd_.native_handle(), abs.c_str(), inotify_mask(filter_, tree_));
    if (wd < 0) return;
    dirs_[wd] = rel;
    if (!tree_) return;
    DIR* d = opendir(abs.c_str());
    if (!d) return;
    std::vector<std::string> subs;
    while (dirent* e = readdir(d)) {
        if (e->d_type != DT_DIR) continue;
        std::string n = e->d_name;
        if (n == "." || n == "..") continue;
        subs.push_back(n);
    }
    closedir(d);
    for (const auto& n : subs) add_watch(abs + "/" + n, rel.empty() ? n : rel + "\\" + n);
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

void notify_watch::read_more() {
    if (stopped_) return;
    sd_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](std::error_code ec,
                                                                        std::size_t n) {
        if (ec || self->stopped_) return;
        std::size_t pos = 0;
        bool any = false;
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
                any = true;
                continue;
            }
            auto it = self->dirs_.find(ev.wd);
            if (it == self->dirs_.end()) continue;
            if (ev.mask & IN_IGNORED) {
                self->dirs_.erase(it);
                continue;
            }
            if (name.empty()) continue;  // events on the directory itself
            const std::string rel = it->second.empty() ? name : it->second + "\\" + name;
            const bool dir = ev.mask & IN_ISDIR;
            const std::uint32_t f = self->filter_;
            const bool names = dir ? (f & nf::dir_name) : (f & nf::file_name);
            if (dir && self->tree_ && (ev.mask & (IN_CREATE | IN_MOVED_TO))) {
                std::string sub = rel;
                for (auto& c : sub)
                    if (c == '\\') c = '/';
                self->add_watch(self->root_ + "/" + sub, rel);
            }
            std::uint32_t action = 0;
            if ((ev.mask & IN_CREATE) && names) action = na::added;
            else if ((ev.mask & IN_DELETE) && names) action = na::removed;
            else if ((ev.mask & IN_MOVED_FROM) && names) action = na::renamed_old_name;
            else if ((ev.mask & IN_MOVED_TO) && names) action = na::renamed_new_name;
            else if ((ev.mask & IN_ATTRIB) &&
                     (f & (nf::attributes | nf::security | nf::ea | nf::last_write)))
                action = na::modified;
            else if ((ev.mask & (IN_MODIFY | IN_CLOSE_WRITE)) &&
                     (f & (nf::size | nf::last_write)))
                action = na::modified;
            else if ((ev.mask & IN_ACCESS) && (f & nf::last_access))
                action = na::modified;
            if (!action) continue;
            // A write produces several events in a row; report the file once.
            if (action == na::modified && !self->changes_.empty() &&
                self->changes_.back().action == na::modified && self->changes_.back().name == rel)
                continue;
            self->record(action, rel);
            any = true;
        }
        if (any && self->on_change_) self->on_change_();
        self->read_more();
    });
}

}  // namespace smbkit::server::file
