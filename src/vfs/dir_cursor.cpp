#include "vfs/dir_cursor.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>

#include "vfs/errno_map.hpp"
#include "vfs/open_table.hpp"
#include "vfs/path.hpp"
#include "vfs/resolve.hpp"
#include "vfs/share.hpp"
#include "vfs/short_name.hpp"
#include "vfs/wildcard.hpp"

namespace smbkit::vfs {

using detail::unique_fd;

dir_cursor::dir_cursor(std::shared_ptr<share> s, int dir_fd, std::string rel, std::string pattern)
    : share_(std::move(s)), dir_fd_(dir_fd), rel_(std::move(rel)), pattern_(std::move(pattern)) {}

dir_cursor::dir_cursor(dir_cursor&& o) noexcept
    : share_(std::move(o.share_)),
      dir_fd_(std::exchange(o.dir_fd_, -1)),
      rel_(std::move(o.rel_)),
      pattern_(std::move(o.pattern_)),
      names_(std::move(o.names_)),
      pos_(o.pos_),
      consumed_(o.consumed_),
      current_(std::move(o.current_)) {}

dir_cursor& dir_cursor::operator=(dir_cursor&& o) noexcept {
    if (this != &o) {
        if (dir_fd_ >= 0) ::close(dir_fd_);
        share_ = std::move(o.share_);
        dir_fd_ = std::exchange(o.dir_fd_, -1);
        rel_ = std::move(o.rel_);
        pattern_ = std::move(o.pattern_);
        names_ = std::move(o.names_);
        pos_ = o.pos_;
        consumed_ = o.consumed_;
        current_ = std::move(o.current_);
    }
    return *this;
}

dir_cursor::~dir_cursor() {
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

result<void> dir_cursor::load() {
    names_.clear();
    pos_ = 0;
    consumed_ = 0;
    current_.reset();
    const bool ci = share_->options().case_handling == case_mode::insensitive;
    const bool all = pattern_ == "*";  // the usual case: no need to run the matcher
    auto matches = [&](const std::string& n) { return all || name_matches(pattern_, n, ci); };
    // Wildcards match a long name or its 8.3 short name, as on Windows and Samba (MS-FSA
    // 2.1.4.4), unless "mangled names = no".
    const bool mangling = share_->options().mangling != mangled_names::no;
    auto matches_short = [&](const std::string& n) {
        return mangling && !all && !is_8_3(n) && name_matches(pattern_, short_name(n), ci);
    };

    std::vector<std::string> found;
    if (!has_wildcards(pattern_) && !ci) {
        // An exact name (Explorer asks for one all the time): no need to read the directory.
        struct statx st {};
        if (pattern_ != "." && pattern_ != ".." && is_valid_component(pattern_) &&
            !share_->vetoed(pattern_) && detail::statx_at(dir_fd_, pattern_, st) == 0)
            found.push_back(pattern_);
    } else {
        int fd = openat(dir_fd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return fail(errno_to_ntstatus(errno));
        DIR* d = fdopendir(fd);
        if (!d) {
            int e = errno;
            ::close(fd);
            return fail(errno_to_ntstatus(e));
        }
        while (auto* e = readdir(d)) {
            std::string n(e->d_name);
            if (n == "." || n == "..") continue;
            if (share_->vetoed(n)) continue;
            if (!is_valid_component(n)) {
                // A name SMB cannot address: hidden, or with a character NT forbids and
                // short names on, listed (and opened) by its short name, as Samba does.
                if (!mangling || !has_illegal_nt_char(n)) continue;
                if (all || name_matches(pattern_, short_name(n), ci)) found.push_back(std::move(n));
                continue;
            }
            if (matches(n) || matches_short(n)) found.push_back(std::move(n));
        }
        closedir(d);
        std::sort(found.begin(), found.end());
    }
    if (matches(".")) names_.push_back(".");
    if (matches("..")) names_.push_back("..");
    names_.insert(names_.end(), std::make_move_iterator(found.begin()),
                  std::make_move_iterator(found.end()));
    return {};
}

std::optional<dir_entry> dir_cursor::make_entry(const std::string& name) const {
    struct statx st {};
    std::optional<dos_attrib> da;
    if (name == "." || (name == ".." && rel_.empty())) {
        auto s = detail::statx_fd(dir_fd_);
        if (!s) return std::nullopt;
        st = *s;
        da = detail::read_dos_attrib(dir_fd_);
    } else if (name == "..") {
        unique_fd up(openat(dir_fd_, "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!up) return std::nullopt;
        auto s = detail::statx_fd(up.get());
        if (!s) return std::nullopt;
        st = *s;
        da = detail::read_dos_attrib(up.get());
    } else {
        // Two calls per entry: statx and an xattr read by name, no descriptor. The name is a
        // single component from readdir, and lgetxattr does not follow a final symlink.
        if (detail::statx_at(dir_fd_, name, st) != 0) return std::nullopt;
        if (S_ISLNK(st.stx_mode)) {
            // Shown as its target when that is followed and stays beneath the root; otherwise
            // hidden, as it could not be opened anyway.
            if (!share_->options().follow_symlinks) return std::nullopt;
            std::string rel = rel_.empty() ? name : rel_ + "/" + name;
            unique_fd fd(detail::open_beneath_raw(share_->root_fd(), rel, O_PATH, 0, true));
            if (!fd) return std::nullopt;
            auto s = detail::statx_fd(fd.get());
            if (!s) return std::nullopt;
            st = *s;
            da = detail::read_dos_attrib(fd.get());
        } else {
            da = detail::read_dos_attrib_at(dir_fd_, name);
        }
    }
    if (!S_ISREG(st.stx_mode) && !S_ISDIR(st.stx_mode)) return std::nullopt;
    dir_entry e;
    e.name = name;
    e.info = detail::make_info(*share_, st, da, name);
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    if (auto node = table.find({detail::stx_dev(st), st.stx_ino}))
        e.info.delete_pending = node->delete_pending;
    return e;
}

result<const dir_entry*> dir_cursor::peek() {
    if (dir_fd_ < 0) return fail(ntstatus::file_closed);
    while (!current_ && pos_ < names_.size()) {
        current_ = make_entry(names_[pos_]);
        if (!current_) ++pos_;  // vanished or not presentable
    }
    return current_ ? &*current_ : nullptr;
}

void dir_cursor::advance() {
    if (!current_ && pos_ >= names_.size()) return;
    current_.reset();
    ++pos_;
    ++consumed_;
}

result<std::optional<dir_entry>> dir_cursor::next() {
    auto p = peek();
    if (!p) return fail(p.error());
    if (!*p) return std::optional<dir_entry>{};
    std::optional<dir_entry> out = std::move(*current_);
    advance();
    return out;
}

result<std::vector<dir_entry>> dir_cursor::next_batch(
    const std::function<bool(const dir_entry&)>& fits, std::size_t max) {
    std::vector<dir_entry> out;
    while (out.size() < max) {
        auto p = peek();
        if (!p) return fail(p.error());
        if (!*p || !fits(**p)) break;
        out.push_back(std::move(*current_));
        advance();
    }
    return out;
}

result<void> dir_cursor::restart() { return load(); }

result<void> dir_cursor::restart(std::string_view pattern) {
    pattern_ = pattern.empty() ? "*" : std::string(pattern);
    return load();
}

}  // namespace smbkit::vfs
