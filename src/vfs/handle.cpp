#include "vfs/handle.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <mutex>
#include <vector>

#include "vfs/open_table.hpp"
#include "vfs/path.hpp"
#include "vfs/resolve.hpp"
#include "vfs/share.hpp"

namespace smbkit::vfs {

using detail::unique_fd;

namespace {

using waiters = std::vector<std::function<void()>>;

void take_waiters(detail::file_node& node, waiters& out) {
    for (auto& w : node.lock_waiters) out.push_back(std::move(w.second));
    node.lock_waiters.clear();
}

void wake(waiters& ws) {
    for (auto& w : ws)
        if (w) w();
}

// Unlinks `rel` if it is still the file `key` (a path renamed or replaced behind our back is
// left alone). Called with the table mutex held, so no open can slip in between.
ntstatus delete_now(const share& s, const std::string& rel, bool is_dir, detail::file_key key) {
    if (rel.empty()) return ntstatus::access_denied;
    int pfd = detail::open_beneath_raw(s.root_fd(), detail::parent_of(rel), O_PATH | O_DIRECTORY,
                                       0, s.options().follow_symlinks);
    if (pfd < 0) return errno_to_ntstatus(-pfd, errno_site::lookup_path);
    unique_fd parent(pfd);
    std::string name = detail::last_of(rel);
    struct statx st {};
    if (int rc = detail::statx_at(parent.get(), name, st); rc < 0)
        return errno_to_ntstatus(-rc, errno_site::lookup);
    if (detail::stx_dev(st) != key.dev || st.stx_ino != key.ino) return ntstatus::success;
    if (unlinkat(parent.get(), name.c_str(), is_dir ? AT_REMOVEDIR : 0) != 0)
        return errno_to_ntstatus(errno == EEXIST ? ENOTEMPTY : errno);
    return ntstatus::success;
}

}  // namespace

handle::~handle() {
    if (fd_ >= 0) (void)close();
}

result<void> handle::check_access(std::uint32_t needed) const {
    if (fd_ < 0) return fail(ntstatus::file_closed);
    if (!(granted_access_ & needed)) return fail(ntstatus::access_denied);
    return {};
}

result<void> handle::close() {
    if (fd_ < 0) return fail(ntstatus::file_closed);
    auto& table = detail::open_table::instance();
    waiters to_wake;
    ntstatus st = ntstatus::success;
    {
        std::lock_guard lk(table.mutex());
        std::string rel;
        if (auto* e = node_->find(id_)) rel = e->path;
        std::erase_if(node_->opens, [&](const detail::open_entry& o) { return o.id == id_; });
        std::erase_if(node_->lock_waiters, [&](const auto& w) { return w.first == id_; });
        if (node_->locks.release_all(id_) > 0) take_waiters(*node_, to_wake);
        if (delete_on_close_) node_->delete_pending = true;
        if (node_->opens.empty() && node_->delete_pending)
            st = delete_now(*share_, rel, is_directory_, node_->key);
        table.remove_if_unused(node_);
    }
    ::close(fd_);
    fd_ = -1;
    node_.reset();
    wake(to_wake);
    if (st != ntstatus::success) return fail(st);
    return {};
}

std::string handle::rel_path() const {
    if (!node_) return {};
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    auto* e = node_->find(id_);
    return e ? e->path : std::string();
}

std::string handle::path() const {
    std::string p = rel_path();
    std::replace(p.begin(), p.end(), '/', '\\');
    return p;
}

std::string handle::name() const { return detail::last_of(rel_path()); }

result<file_info> handle::info() const {
    if (fd_ < 0) return fail(ntstatus::file_closed);
    auto st = detail::statx_fd(fd_);
    if (!st) return fail(st.error());
    auto info = detail::make_info(*share_, *st, detail::read_dos_attrib(fd_), name());
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    info.delete_pending = node_->delete_pending;
    return info;
}

std::size_t handle::open_count() const {
    if (!node_) return 0;
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    return node_->opens.size();
}

result<std::uint64_t> handle::copy_from(handle& source, std::uint64_t source_offset,
                                        std::uint64_t offset, std::uint64_t length) {
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto c = check_access(access::write_data); !c) return fail(c.error());
    if (auto c = source.check_access(access::read_data); !c) return fail(c.error());
    if (is_directory_ || source.is_directory_) return fail(ntstatus::invalid_device_request);
    constexpr auto max = static_cast<std::uint64_t>(LLONG_MAX);
    if (offset > max || length > max - offset || source_offset > max ||
        length > max - source_offset)
        return fail(ntstatus::invalid_parameter);
    if (length == 0) return 0;
    {
        auto& table = detail::open_table::instance();
        std::lock_guard lk(table.mutex());
        if (auto c = source.node_->locks.check_io(source.id_, source_offset, length, false); !c)
            return fail(c.error());
        if (auto c = node_->locks.check_io(id_, offset, length, true); !c) return fail(c.error());
    }
    std::uint64_t done = 0;
    bool plain = false;  // copy_file_range refused (other file system, old kernel)
    std::vector<std::uint8_t> buf;
    while (done < length) {
        auto in = static_cast<off_t>(source_offset + done);
        auto out = static_cast<off_t>(offset + done);
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length - done, 1 << 20));
        ssize_t n;
        if (!plain) {
            n = copy_file_range(source.fd_, &in, fd_, &out, want, 0);
            if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP ||
                          errno == ENOSYS)) {
                plain = true;
                continue;
            }
        } else {
            buf.resize(want);
            n = pread(source.fd_, buf.data(), want, in);
            if (n > 0) {
                std::size_t w = 0;
                while (w < static_cast<std::size_t>(n)) {
                    ssize_t k = pwrite(fd_, buf.data() + w, static_cast<std::size_t>(n) - w,
                                       out + static_cast<off_t>(w));
                    if (k < 0) {
                        if (errno == EINTR) continue;
                        return fail(errno_to_ntstatus(errno));
                    }
                    w += static_cast<std::size_t>(k);
                }
            }
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno_to_ntstatus(errno));
        }
        if (n == 0) break;
        done += static_cast<std::uint64_t>(n);
    }
    return done;
}

result<std::size_t> handle::read(std::uint64_t offset, std::span<std::uint8_t> out) {
    if (auto c = check_access(access::read_data | access::execute); !c) return fail(c.error());
    if (is_directory_) return fail(ntstatus::invalid_device_request);
    if (out.empty() || offset > static_cast<std::uint64_t>(LLONG_MAX)) return 0;
    {
        auto& table = detail::open_table::instance();
        std::lock_guard lk(table.mutex());
        if (auto c = node_->locks.check_io(id_, offset, out.size(), false); !c)
            return fail(c.error());
    }
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = pread(fd_, out.data() + done, out.size() - done,
                          static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            if (done) break;
            return fail(errno_to_ntstatus(errno));
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    return done;
}

result<std::size_t> handle::write(std::uint64_t offset, std::span<const std::uint8_t> data) {
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto c = check_access(access::write_data | access::append_data); !c)
        return fail(c.error());
    if (is_directory_) return fail(ntstatus::invalid_device_request);
    if (offset == append_offset || !(granted_access_ & access::write_data)) {
        struct stat st {};
        if (fstat(fd_, &st) != 0) return fail(errno_to_ntstatus(errno));
        offset = static_cast<std::uint64_t>(st.st_size);
    }
    constexpr auto max = static_cast<std::uint64_t>(LLONG_MAX);
    if (offset > max || data.size() > max - offset) return fail(ntstatus::invalid_parameter);
    if (data.empty()) return 0;
    {
        auto& table = detail::open_table::instance();
        std::lock_guard lk(table.mutex());
        if (auto c = node_->locks.check_io(id_, offset, data.size(), true); !c)
            return fail(c.error());
    }
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = pwrite(fd_, data.data() + done, data.size() - done,
                           static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno_to_ntstatus(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    return done;
}

result<void> handle::flush(bool data_only) {
    if (auto c = check_access(access::write_data | access::append_data); !c) return c;
    int rc = data_only ? fdatasync(fd_) : fsync(fd_);
    // Some file systems cannot sync a directory; there is nothing a client could do about it.
    if (rc != 0 && !(is_directory_ && errno == EINVAL)) return fail(errno_to_ntstatus(errno));
    return {};
}

result<void> handle::set_end_of_file(std::uint64_t size) {
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto c = check_access(access::write_data); !c) return c;
    if (is_directory_) return fail(ntstatus::invalid_parameter);
    if (size > static_cast<std::uint64_t>(LLONG_MAX)) return fail(ntstatus::invalid_parameter);
    if (ftruncate(fd_, static_cast<off_t>(size)) != 0) return fail(errno_to_ntstatus(errno));
    return {};
}

result<void> handle::allocate(std::uint64_t size) {
    struct stat st {};
    if (fstat(fd_, &st) != 0) return fail(errno_to_ntstatus(errno));
    if (size < static_cast<std::uint64_t>(st.st_size)) {
        if (ftruncate(fd_, static_cast<off_t>(size)) != 0) return fail(errno_to_ntstatus(errno));
        return {};
    }
    if (size <= static_cast<std::uint64_t>(st.st_blocks) * 512) return {};
    if (fallocate(fd_, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(size)) != 0) {
        // Allocation is a hint; only a real lack of space is worth reporting.
        if (errno == ENOSPC || errno == EDQUOT) return fail(ntstatus::disk_full);
    }
    return {};
}

result<void> handle::set_allocation_size(std::uint64_t size) {
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto c = check_access(access::write_data); !c) return c;
    if (is_directory_) return fail(ntstatus::invalid_parameter);
    if (size > static_cast<std::uint64_t>(LLONG_MAX)) return fail(ntstatus::invalid_parameter);
    return allocate(size);
}

result<void> handle::set_basic_info(const basic_info_change& c) {
    bool any = c.creation_time || c.last_access_time || c.last_write_time || c.change_time ||
               c.attributes;
    if (!any) return {};
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto a = check_access(access::write_attributes); !a) return a;
    std::uint32_t attrs = c.attributes.value_or(0);
    if (c.attributes) {
        // MS-FSA 2.1.5.14.2
        if ((attrs & attribute::directory) && !is_directory_)
            return fail(ntstatus::invalid_parameter);
        if ((attrs & attribute::temporary) && is_directory_)
            return fail(ntstatus::invalid_parameter);
    }
    if (c.last_access_time || c.last_write_time) {
        struct timespec ts[2];
        ts[0].tv_nsec = UTIME_OMIT;
        ts[1].tv_nsec = UTIME_OMIT;
        if (c.last_access_time) ts[0] = from_nt_time(*c.last_access_time);
        if (c.last_write_time) ts[1] = from_nt_time(*c.last_write_time);
        if (futimens(fd_, ts) != 0) return fail(errno_to_ntstatus(errno));
    }
    if (c.creation_time || c.attributes || c.change_time) {
        auto st = detail::statx_fd(fd_);
        if (!st) return fail(st.error());
        dos_attrib da = detail::read_dos_attrib(fd_).value_or(dos_attrib{});
        if (!da.creation_time)
            da.creation_time = detail::make_info(*share_, *st, std::nullopt, "").creation_time;
        if (c.creation_time) da.creation_time = *c.creation_time;
        if (c.change_time) {
            da.change_time = *c.change_time;
            da.change_time_mtime =
                detail::make_info(*share_, *st, std::nullopt, "").last_write_time;
        }
        if (c.attributes) {
            std::uint32_t keep = is_directory_ ? attribute::directory : 0;
            da.attributes = (attrs & attribute::settable) | keep;
            if (!is_directory_) {
                mode_t mode = st->stx_mode & 07777;
                mode_t want = (attrs & attribute::readonly) ? (mode & ~0222) : (mode | S_IWUSR);
                if (want != mode && fchmod(fd_, want) != 0) return fail(errno_to_ntstatus(errno));
            }
        }
        if (auto w = detail::write_dos_attrib(fd_, da); !w) return w;
    }
    return {};
}

result<void> handle::set_delete_pending(bool pending) {
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto c = check_access(access::del); !c) return c;
    if (rel_path().empty()) return fail(ntstatus::access_denied);
    if (pending) {
        auto fi = info();
        if (!fi) return fail(fi.error());
        if (!is_directory_ && (fi->attributes & attribute::readonly))
            return fail(ntstatus::cannot_delete);
        if (is_directory_) {
            int has = detail::dir_has_entries(fd_);
            if (has < 0) return fail(errno_to_ntstatus(-has));
            if (has) return fail(ntstatus::directory_not_empty);
        }
    }
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    node_->delete_pending = pending;
    return {};
}

result<void> handle::rename(std::string_view new_path, bool replace, const add_check& may_add) {
    if (share_->options().read_only) return fail(ntstatus::access_denied);
    if (auto c = check_access(access::del); !c) return c;
    auto cp = parse_client_path(new_path);
    if (!cp) return fail(cp.error());
    auto comps = std::move(cp->components);
    if (comps.empty()) return fail(ntstatus::object_name_invalid);
    const bool follow = share_->options().follow_symlinks;
    const bool insensitive = share_->options().case_handling == case_mode::insensitive;
    std::string name = comps.back();
    if (insensitive) {
        comps.pop_back();
        detail::fix_case(share_->root_fd(), comps, follow);
        comps.push_back(name);
    }
    // A vetoed name cannot be made by renaming either.
    if (auto v = share_->check_veto(comps); !v) return v;
    std::string new_rel = detail::join_rel(comps, comps.size());

    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    auto* self = node_->find(id_);
    if (!self) return fail(ntstatus::file_closed);
    const std::string old_rel = self->path;
    if (old_rel.empty()) return fail(ntstatus::access_denied);
    if (old_rel == new_rel) return {};
    if (is_directory_ && table.has_open_beneath(share_.get(), old_rel))
        return fail(ntstatus::access_denied);

    auto old_parent = detail::open_beneath(share_->root_fd(), detail::parent_of(old_rel),
                                           O_PATH | O_DIRECTORY, 0, follow,
                                           errno_site::lookup_path);
    if (!old_parent) return fail(old_parent.error());
    const std::string old_name = detail::last_of(old_rel);
    struct statx st {};
    if (detail::statx_at(old_parent->get(), old_name, st) != 0 ||
        detail::stx_dev(st) != node_->key.dev || st.stx_ino != node_->key.ino)
        return fail(ntstatus::object_name_not_found);

    auto new_parent = detail::open_beneath(share_->root_fd(), detail::parent_of(new_rel),
                                           O_PATH | O_DIRECTORY, 0, follow,
                                           errno_site::lookup_path);
    if (!new_parent) return fail(new_parent.error());
    // Windows opens the new name's directory for ADD_FILE / ADD_SUBDIRECTORY, also when it
    // is the same directory; the caller checks that against the directory's ACL.
    if (may_add)
        if (auto c = may_add(new_parent->get(), is_directory_); !c) return c;
    // Windows opens the target's parent for the rename (IopOpenLinkOrRenameTarget): ADD_FILE
    // (ADD_SUBDIRECTORY for a directory) sharing read and write. An open of that directory
    // which denies it, or holds DELETE, makes the rename a sharing violation.
    if (auto pst = detail::statx_fd(new_parent->get())) {
        if (auto parent = table.find({detail::stx_dev(*pst), pst->stx_ino})) {
            if (parent->delete_pending) return fail(ntstatus::delete_pending);
            const std::uint32_t want = is_directory_ ? access::append_data : access::write_data;
            if (auto c = detail::check_sharing(parent->opens, want | access::synchronize,
                                               share_access::read | share_access::write);
                !c)
                return c;
        }
    }

    std::string target = name;
    struct statx tst {};
    int rc = detail::statx_at(new_parent->get(), target, tst);
    if (rc != 0 && rc != -ENOENT) return fail(errno_to_ntstatus(-rc, errno_site::lookup));
    bool exists = rc == 0;
    if (!exists && insensitive) {
        if (auto m = detail::find_case_insensitive(new_parent->get(), name)) {
            target = *m;
            exists = detail::statx_at(new_parent->get(), target, tst) == 0;
        }
    }

    auto do_rename = [&](unsigned flags) -> result<void> {
        if (renameat2(old_parent->get(), old_name.c_str(), new_parent->get(), name.c_str(),
                      flags) == 0)
            return {};
        if (errno == EINVAL && flags == RENAME_NOREPLACE) {
            // A file system without RENAME_NOREPLACE: the target was just seen missing.
            if (renameat(old_parent->get(), old_name.c_str(), new_parent->get(), name.c_str()) ==
                0)
                return {};
        }
        return fail(errno_to_ntstatus(errno, errno_site::rename));
    };

    result<void> r;
    if (exists) {
        bool same = detail::stx_dev(tst) == node_->key.dev && tst.stx_ino == node_->key.ino;
        if (same && target == name) return {};  // another name of this very file
        if (same) {
            r = do_rename(RENAME_NOREPLACE);  // a change of case only
        } else {
            if (!replace) return fail(ntstatus::object_name_collision);
            if (S_ISDIR(tst.stx_mode)) return fail(ntstatus::access_denied);
            if (auto other = table.find({detail::stx_dev(tst), tst.stx_ino});
                other && !other->opens.empty())
                return fail(ntstatus::access_denied);
            if (target != name) {
                if (unlinkat(new_parent->get(), target.c_str(), 0) != 0)
                    return fail(errno_to_ntstatus(errno));
                r = do_rename(RENAME_NOREPLACE);
            } else {
                r = do_rename(0);
            }
        }
    } else {
        r = do_rename(RENAME_NOREPLACE);
    }
    if (!r) return r;
    for (auto& o : node_->opens)
        if (o.owner_share == share_.get() && o.path == old_rel) o.path = new_rel;
    return {};
}

result<void> handle::lock(std::span<const lock_range> ranges, std::function<void()> retry) {
    // MS-FSA 2.1.5.7: locks need read or write access and a data stream.
    if (auto c = check_access(access::read_data | access::write_data); !c) return c;
    if (is_directory_) return fail(ntstatus::invalid_parameter);
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    auto r = node_->locks.lock(id_, ranges);
    if (!r && r.error() == ntstatus::lock_not_granted && retry)
        node_->lock_waiters.emplace_back(id_, std::move(retry));
    return r;
}

result<void> handle::unlock(std::span<const lock_range> ranges) {
    if (fd_ < 0) return fail(ntstatus::file_closed);
    auto& table = detail::open_table::instance();
    waiters to_wake;
    result<void> r;
    {
        std::lock_guard lk(table.mutex());
        auto before = node_->locks.size();
        r = node_->locks.unlock(id_, ranges);
        if (node_->locks.size() != before) take_waiters(*node_, to_wake);
    }
    wake(to_wake);
    return r;
}

bool handle::delete_pending() const {
    if (!node_) return false;
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    return node_->delete_pending;
}

void handle::cancel_lock_retries() {
    if (!node_) return;
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    std::erase_if(node_->lock_waiters, [&](const auto& w) { return w.first == id_; });
}

result<dir_cursor> handle::list(std::string_view pattern) const {
    if (fd_ < 0) return fail(ntstatus::file_closed);
    if (!is_directory_) return fail(ntstatus::invalid_parameter);
    if (auto c = check_access(access::read_data); !c) return fail(c.error());
    int dup = fcntl(fd_, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) return fail(errno_to_ntstatus(errno));
    dir_cursor cur(share_, dup, rel_path(), pattern.empty() ? "*" : std::string(pattern));
    if (auto l = cur.load(); !l) return fail(l.error());
    return cur;
}

}  // namespace smbkit::vfs
