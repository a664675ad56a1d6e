#include "vfs/own_changes.hpp"
#include "vfs/share.hpp"

#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>

#include "vfs/handle.hpp"
#include "vfs/name_filter.hpp"
#include "vfs/open_table.hpp"
#include "vfs/path.hpp"
#include "vfs/resolve.hpp"

namespace smbkit::vfs {

using detail::unique_fd;

namespace {

struct lookup_result {
    std::string rel;   // on-disk path beneath the root, '/'-separated, "" = root
    std::string name;  // final component, "" for the root
    unique_fd parent;  // O_PATH directory of the final component (not for the root)
    bool exists = false;
    bool is_dir = false;
};

// Resolves a client path to what is on disk now, beneath the root.
result<lookup_result> lookup(const share& s, std::string_view path) {
    auto cp = parse_client_path(path);
    if (!cp) return fail(cp.error());
    bool follow = s.options().follow_symlinks;
    auto comps = std::move(cp->components);
    const bool insensitive = s.options().case_handling == case_mode::insensitive;
    const bool short_names = s.options().mangling != mangled_names::no;
    if ((insensitive || short_names) && !comps.empty()) {
        // The exact spelling exists in most lookups: one openat2 instead of a walk.
        detail::unique_fd exact(detail::open_beneath_raw(
            s.root_fd(), detail::join_rel(comps, comps.size()), O_PATH | O_NOFOLLOW, 0, follow));
        if (!exact) detail::fix_case(s.root_fd(), comps, follow, insensitive, short_names);
    }
    if (auto v = s.check_veto(comps); !v) return fail(v.error());

    lookup_result L;
    L.rel = detail::join_rel(comps, comps.size());
    if (comps.empty()) {
        L.exists = true;
        L.is_dir = true;
        return L;
    }
    L.name = comps.back();
    auto parent = detail::open_beneath(s.root_fd(), detail::join_rel(comps, comps.size() - 1),
                                       O_PATH | O_DIRECTORY, 0, follow, errno_site::lookup_path);
    if (!parent) return fail(parent.error());
    L.parent = std::move(*parent);

    struct statx st {};
    int rc = detail::statx_at(L.parent.get(), L.name, st);
    if (rc == -ENOENT) return L;
    if (rc < 0) return fail(errno_to_ntstatus(-rc, errno_site::lookup));
    if (S_ISLNK(st.stx_mode)) {
        // Followed only when allowed and only to a target beneath the root; a dangling or
        // escaping link is refused outright rather than reported as missing, so that a
        // create cannot write through it.
        if (!follow) return fail(ntstatus::access_denied);
        unique_fd target(detail::open_beneath_raw(s.root_fd(), L.rel, O_PATH, 0, true));
        if (!target) return fail(ntstatus::access_denied);
        auto tst = detail::statx_fd(target.get());
        if (!tst) return fail(tst.error());
        st = *tst;
    }
    if (!S_ISREG(st.stx_mode) && !S_ISDIR(st.stx_mode)) return fail(ntstatus::access_denied);
    L.exists = true;
    L.is_dir = S_ISDIR(st.stx_mode);
    return L;
}

bool truncates(disposition d) {
    return d == disposition::supersede || d == disposition::overwrite ||
           d == disposition::overwrite_if;
}

}  // namespace

result<std::shared_ptr<share>> share::create(share_options options) {
    std::shared_ptr<share> s(new share(std::move(options)));
    int fd = ::open(s->options_.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(errno_to_ntstatus(errno, errno_site::lookup_path));
    s->root_fd_ = fd;
    auto st = detail::statx_fd(fd);
    if (!st) return fail(st.error());
    s->root_dev_ = detail::stx_dev(*st);
    s->root_ino_ = st->stx_ino;
    return s;
}

share::~share() {
    if (root_fd_ >= 0) ::close(root_fd_);
}

std::uint64_t share::file_id(std::uint64_t dev, std::uint64_t ino) const {
    if (dev == root_dev_) return ino;
    return ino ^ std::rotl(dev * 0x9E3779B97F4A7C15ULL, 40);
}

bool share::vetoed(std::string_view name) const {
    return name_in_list(options_.veto_files, name, options_.case_handling == case_mode::sensitive);
}

bool share::hidden_by_name(std::string_view name) const {
    if (options_.hide_dot_files && name.size() > 1 && name[0] == '.' && name != "..") return true;
    return name_in_list(options_.hide_files, name, options_.case_handling == case_mode::sensitive);
}

result<void> share::check_veto(const std::vector<std::string>& components) const {
    if (options_.veto_files.empty()) return {};
    for (std::size_t i = 0; i < components.size(); ++i)
        if (vetoed(components[i]))
            return fail(i + 1 == components.size() ? ntstatus::object_name_not_found
                                                   : ntstatus::object_path_not_found);
    return {};
}

result<open_result> share::open(const open_request& req) {
    const bool ro = options_.read_only;
    const bool follow = options_.follow_symlinks;
    std::uint32_t acc = map_generic_access(req.desired_access, ro);
    const bool max_allowed = req.desired_access & access::maximum_allowed;
    const disposition disp = req.disp;

    if (static_cast<std::uint32_t>(disp) > 5) return fail(ntstatus::invalid_parameter);
    if (req.share_access & ~share_access::all) return fail(ntstatus::invalid_parameter);
    if (req.kind == object_kind::directory && disp != disposition::create &&
        disp != disposition::open && disp != disposition::open_if)
        return fail(ntstatus::invalid_parameter);
    if (req.delete_on_close && !(acc & access::del)) return fail(ntstatus::access_denied);
    if (ro && ((acc & access::modifying) || req.delete_on_close ||
               disp == disposition::create || truncates(disp)))
        return fail(ntstatus::access_denied);

    // A name created or removed by someone else between lookup and open is retried.
    for (int attempt = 0; attempt < 4; ++attempt) {
        auto L = lookup(*this, req.path);
        if (!L) return fail(L.error());
        if (L->rel.empty() && req.delete_on_close) return fail(ntstatus::access_denied);
        bool created = false;
        bool dir = L->is_dir;
        unique_fd fd;
        if (!L->exists) {
            if (disp == disposition::open || disp == disposition::overwrite)
                return fail(ntstatus::object_name_not_found);
            if (ro) return fail(ntstatus::access_denied);
            if (req.check_access) {
                auto g = req.check_access({L->parent.get(), L->name, false,
                                           req.kind == object_kind::directory,
                                           req.desired_access, max_allowed});
                if (!g) return fail(g.error());
                acc &= *g;
            }
            // MS-FSA 2.1.5.1.1: a new READONLY file could never be deleted on close.
            if ((req.attributes & attribute::readonly) && req.delete_on_close)
                return fail(ntstatus::cannot_delete);
            if (auto pst = detail::statx_fd(L->parent.get())) {
                // Nothing new may appear in a directory that is about to go.
                auto& table = detail::open_table::instance();
                std::lock_guard lk(table.mutex());
                auto pnode = table.find({detail::stx_dev(*pst), pst->stx_ino});
                if (pnode && pnode->delete_pending) return fail(ntstatus::delete_pending);
            }
            if (req.kind == object_kind::directory) {
                if (mkdirat(L->parent.get(), L->name.c_str(), 0755) != 0) {
                    if (errno == EEXIST) continue;
                    return fail(errno_to_ntstatus(errno, errno_site::lookup));
                }
                int f = detail::open_beneath_raw(root_fd_, L->rel, O_RDONLY | O_DIRECTORY, 0,
                                                 follow);
                if (f < 0) return fail(errno_to_ntstatus(-f, errno_site::lookup));
                fd = unique_fd(f);
                dir = true;
            } else {
                int f = detail::open_beneath_raw(
                    root_fd_, L->rel, O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK | O_NOCTTY, 0644,
                    follow);  // O_EXCL never follows a final symlink
                if (f == -EEXIST) continue;
                if (f < 0) return fail(errno_to_ntstatus(-f, errno_site::lookup));
                fd = unique_fd(f);
            }
            created = true;
        } else {
            if (disp == disposition::create) return fail(ntstatus::object_name_collision);
            if (req.kind == object_kind::directory && !dir) return fail(ntstatus::not_a_directory);
            if (req.kind == object_kind::non_directory && dir)
                return fail(ntstatus::file_is_a_directory);
            // Samba's open_directory() answers so for supersede/overwrite of a directory.
            if (dir && truncates(disp)) return fail(ntstatus::invalid_parameter);
            if (req.check_access) {
                int at = L->parent ? L->parent.get() : root_fd_;
                auto g = req.check_access({at, L->name, true, dir, req.desired_access,
                                           max_allowed});
                if (!g) return fail(g.error());
                acc &= *g;
                if (req.delete_on_close && !(acc & access::del))
                    return fail(ntstatus::access_denied);
            }
            int flags = dir ? (O_RDONLY | O_DIRECTORY)
                            : (((acc & (access::write_data | access::append_data)) ||
                                        truncates(disp)
                                    ? O_RDWR
                                    : O_RDONLY) |
                               O_NONBLOCK | O_NOCTTY);
            int f = detail::open_beneath_raw(root_fd_, L->rel, flags, 0, follow);
            if ((f == -EACCES || f == -EPERM || f == -EROFS) && max_allowed && !dir &&
                !truncates(disp) && (flags & O_RDWR)) {
                // MAXIMUM_ALLOWED grants what is possible: read-only if writing is not.
                acc &= ~(access::write_data | access::append_data);
                f = detail::open_beneath_raw(root_fd_, L->rel, (flags & ~O_RDWR) | O_RDONLY, 0,
                                             follow);
            }
            if (f == -ENOENT) continue;
            if (f < 0) return fail(errno_to_ntstatus(-f, errno_site::lookup));
            fd = unique_fd(f);
        }

        auto st = detail::statx_fd(fd.get());
        if (!st) return fail(st.error());
        if (!S_ISREG(st->stx_mode) && !S_ISDIR(st->stx_mode)) return fail(ntstatus::access_denied);
        dir = S_ISDIR(st->stx_mode);
        auto da = detail::read_dos_attrib(fd.get());
        auto info = detail::make_info(*this, *st, da, L->name);

        if (!created) {
            if ((info.attributes & attribute::readonly) && !dir) {
                if (max_allowed) acc &= ~(access::write_data | access::append_data);
                if ((acc & (access::write_data | access::append_data)) || truncates(disp))
                    return fail(ntstatus::access_denied);
                if (req.delete_on_close) return fail(ntstatus::cannot_delete);
            }
            // MS-FSA 2.1.5.1.2.1: overwriting must not silently drop HIDDEN or SYSTEM.
            std::uint32_t stored = da && da->attributes ? *da->attributes : 0;
            if ((disp == disposition::overwrite || disp == disposition::overwrite_if) &&
                (((stored & attribute::hidden) && !(req.attributes & attribute::hidden)) ||
                 ((stored & attribute::system) && !(req.attributes & attribute::system))))
                return fail(ntstatus::access_denied);
        }

        std::unique_ptr<handle> h(new handle());
        h->share_ = shared_from_this();
        h->is_directory_ = dir;
        h->granted_access_ = acc;
        h->share_access_ = req.share_access;
        h->delete_on_close_ = req.delete_on_close;
        h->file_id_ = info.file_id;
        {
            auto& table = detail::open_table::instance();
            std::lock_guard lk(table.mutex());
            detail::file_key key{detail::stx_dev(*st), st->stx_ino};
            auto node = table.find_or_add(key);
            if (node->delete_pending) {
                table.remove_if_unused(node);
                return fail(ntstatus::delete_pending);
            }
            if (auto c = detail::check_sharing(node->opens, acc, req.share_access); !c) {
                table.remove_if_unused(node);
                return fail(c.error());
            }
            node->is_directory = dir;
            detail::open_entry e;
            e.id = table.next_id();
            e.owner_share = this;
            e.access = acc;
            e.share_access = req.share_access;
            e.delete_on_close = req.delete_on_close;
            e.path = L->rel;
            node->opens.push_back(e);
            h->id_ = e.id;
            h->node_ = node;
        }
        h->fd_ = fd.release();

        open_result out;
        if (created) {
            out.action = create_action::created;
            dos_attrib nd;
            nd.attributes = dir ? (attribute::directory | (req.attributes & attribute::settable))
                                : ((req.attributes & attribute::settable) | attribute::archive);
            nd.creation_time = (st->stx_mask & STATX_BTIME)
                                   ? to_nt_time({static_cast<time_t>(st->stx_btime.tv_sec),
                                                 static_cast<long>(st->stx_btime.tv_nsec)})
                                   : nt_time_now();
            // A CHANGE_NOTIFY watch sees this write; it is part of the creation.
            own_attribute_changes().expect(detail::stx_dev(*st), st->stx_ino);
            (void)detail::write_dos_attrib(h->fd_, nd);  // no xattrs: attributes are derived
            if (req.on_created) req.on_created(h->fd_, dir);
            if ((req.attributes & attribute::readonly) && !dir)
                (void)fchmod(h->fd_, st->stx_mode & 07555);
            if (!dir && req.allocation_size) (void)h->set_allocation_size(req.allocation_size);
        } else if (truncates(disp)) {
            out.action = disp == disposition::supersede ? create_action::superseded
                                                        : create_action::overwritten;
            if (ftruncate(h->fd_, 0) != 0) return fail(errno_to_ntstatus(errno));
            dos_attrib nd;
            nd.attributes = (req.attributes & attribute::settable) | attribute::archive;
            nd.creation_time = info.creation_time;
            (void)detail::write_dos_attrib(h->fd_, nd);
            if (req.allocation_size) (void)h->set_allocation_size(req.allocation_size);
        } else {
            out.action = create_action::opened;
        }
        out.file = std::move(h);
        return out;
    }
    return fail(ntstatus::sharing_violation);  // the name kept changing under us
}

result<file_info> share::stat(std::string_view path) {
    auto L = lookup(*this, path);
    if (!L) return fail(L.error());
    if (!L->exists) return fail(ntstatus::object_name_not_found);
    unique_fd fd(detail::open_beneath_raw(root_fd_, L->rel, O_PATH, 0, options_.follow_symlinks));
    if (!fd) return fail(ntstatus::object_name_not_found);
    auto st = detail::statx_fd(fd.get());
    if (!st) return fail(st.error());
    auto info = detail::make_info(*this, *st, detail::read_dos_attrib(fd.get()), L->name);
    auto& table = detail::open_table::instance();
    std::lock_guard lk(table.mutex());
    if (auto node = table.find({detail::stx_dev(*st), st->stx_ino}))
        info.delete_pending = node->delete_pending;
    return info;
}

result<void> share::remove(std::string_view path) {
    open_request r;
    r.path = std::string(path);
    r.disp = disposition::open;
    r.desired_access = access::del | access::read_attributes;
    r.share_access = share_access::all;
    r.delete_on_close = true;
    auto o = open(r);
    if (!o) return fail(o.error());
    if (o->file->is_directory()) {
        int has = detail::dir_has_entries(o->file->fd());
        if (has > 0) {
            // Nothing is marked: the open must not leave the directory delete-pending.
            o->file->delete_on_close_ = false;
            (void)o->file->close();
            return fail(ntstatus::directory_not_empty);
        }
    }
    return o->file->close();
}

result<fs_info> share::fs_information() const {
    struct statvfs v {};
    if (fstatvfs(root_fd_, &v) != 0) return fail(errno_to_ntstatus(errno));
    struct statfs f {};
    if (fstatfs(root_fd_, &f) != 0) return fail(errno_to_ntstatus(errno));
    fs_info out;
    std::uint64_t unit = v.f_frsize ? v.f_frsize : v.f_bsize;
    if (unit < 512) unit = 512;
    out.bytes_per_sector = 512;
    out.sectors_per_unit = static_cast<std::uint32_t>(unit / 512);
    auto to_units = [&](std::uint64_t blocks) {
        std::uint64_t frsize = v.f_frsize ? v.f_frsize : v.f_bsize;
        return frsize >= 512 ? blocks : blocks * frsize / 512;
    };
    out.total_units = to_units(v.f_blocks);
    out.caller_available_units = to_units(v.f_bavail);
    out.actual_available_units = to_units(v.f_bfree);
    int fsid[2];
    static_assert(sizeof(f.f_fsid) == sizeof(fsid));
    std::memcpy(fsid, &f.f_fsid, sizeof fsid);
    std::uint32_t serial = static_cast<std::uint32_t>(fsid[0]) ^
                           std::rotl(static_cast<std::uint32_t>(fsid[1]), 16);
    if (serial == 0)
        serial = static_cast<std::uint32_t>(root_dev_ ^ (root_dev_ >> 32) ^ root_ino_);
    out.volume_serial = serial;
    out.volume_label = options_.volume_label;
    out.max_component_length = 255;
    out.fs_attributes = fs_attribute::case_preserved_names | fs_attribute::unicode_on_disk;
    if (options_.case_handling == case_mode::sensitive)
        out.fs_attributes |= fs_attribute::case_sensitive_search;
    if (options_.read_only) out.fs_attributes |= fs_attribute::read_only_volume;
    if (auto st = detail::statx_fd(root_fd_))
        out.volume_creation_time =
            detail::make_info(*this, *st, detail::read_dos_attrib(root_fd_), "").creation_time;
    return out;
}

}  // namespace smbkit::vfs
