// MS-SMB2 3.3.5.9 Receiving an SMB2 CREATE Request.
#include <cstring>

#include "rpc/pipe.hpp"
#include "server/blocking.hpp"
#include "smb2/negotiate.hpp"  // before connection.hpp, which uses it
#include "server/smb2/connection.hpp"
#include "server/smb2/file/access.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/ea.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/oplock.hpp"
#include "server/smb2/file/security.hpp"
#include "server/smb2/session.hpp"
#include "smb2/create.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

namespace co = smb2::create_options;
namespace cn = smb2::create_context_name;

rpc::context pipe_context(const request_context& ctx) {
    rpc::context rc;
    if (ctx.sess) {
        rc.user = ctx.sess->user;
        rc.anonymous = ctx.sess->anonymous;
    }
    if (!ctx.conn) {
        rc.shares = [] { return std::vector<rpc::share_entry>{{"IPC$", rpc::stype_ipc | rpc::stype_special, "IPC Service", "", 0xFFFFFFFF, 0}}; };
        return rc;
    }
    const server_config& cfg = ctx.conn->config();
    rc.netbios_name = cfg.global.netbios_name;
    rc.workgroup = cfg.global.workgroup;
    rc.server_comment = cfg.global.server_string;
    // The share list is read when the pipe asks, so it follows the configuration object the
    // server keeps (which outlives every connection).
    const server_config* c = &cfg;
    rc.shares = [c] {
        std::vector<rpc::share_entry> v;
        for (const auto& s : c->shares) {
            if (!s.available || (!s.browseable && !s.ipc)) continue;
            rpc::share_entry e;
            e.name = s.name;
            e.comment = s.ipc ? (s.comment.empty() ? "IPC Service" : s.comment) : s.comment;
            e.path = s.path.string();
            e.type = s.ipc ? rpc::stype_ipc : rpc::stype_disktree;
            if (s.ipc || (!s.name.empty() && s.name.back() == '$')) e.type |= rpc::stype_special;
            if (s.max_connections) e.max_uses = s.max_connections;
            v.push_back(std::move(e));
        }
        return v;
    };
    rc.session_count = [] { return std::uint32_t{1}; };
    return rc;
}

asio::awaitable<reply> create_pipe(request_context& ctx, const smb2::create_request& req,
                                   open_table& table) {
    auto p = rpc::pipe::open(req.name, pipe_context(ctx));
    if (!p) co_return error(p.error());
    auto o = std::make_shared<open>();
    o->pipe = std::shared_ptr<rpc::pipe>(std::move(*p));
    o->path = req.name;
    o->granted_access = req.desired_access;
    o->create_options = req.create_options;
    o->session_id = ctx.session_id;
    o->tree_id = ctx.tree_id;
    table.add(o);
    if (ctx.compound_file_id) *ctx.compound_file_id = o->wire_id();

    smb2::create_response r;
    r.create_action = smb2::create_action::opened;
    r.file_attributes = smb2::file_attribute::normal;
    r.allocation_size = 4096;
    r.id = to_smb2(o->wire_id());
    co_return ok(r);
}

vfs::object_kind kind_of(std::uint32_t options) {
    if (options & co::directory_file) return vfs::object_kind::directory;
    if (options & co::non_directory_file) return vfs::object_kind::non_directory;
    return vfs::object_kind::any;
}

}  // namespace

asio::awaitable<reply> handle_create(request_context& ctx) {
    auto req = smb2::create_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto table = table_of(ctx);
    if (!table) co_return error(table.error());

    // Checks of MS-SMB2 3.3.5.9 before anything is looked up.
    if (req->impersonation_level > smb2::impersonation::delegate)
        co_return error(ntstatus::bad_impersonation_level);
    if (req->create_disposition > smb2::create_disposition::overwrite_if)
        co_return error(ntstatus::invalid_parameter);
    if ((req->create_options & co::directory_file) && (req->create_options & co::non_directory_file))
        co_return error(ntstatus::invalid_parameter);
    if (req->desired_access & smb2::access::access_system_security)
        co_return error(ntstatus::privilege_not_held);
    // MS-SMB2 2.2.13.2: a create context name is at least 4 bytes (Windows and Samba refuse
    // shorter ones).
    for (const auto& c : req->contexts)
        if (c.name.size() < 4) co_return error(ntstatus::invalid_parameter);

    if (is_ipc(ctx)) co_return co_await create_pipe(ctx, *req, **table);

    // MS-SMB2 3.3.5.9: a name starting with a path separator is invalid on a disk share.
    if (!req->name.empty() && (req->name[0] == '\\' || req->name[0] == '/'))
        co_return error(ntstatus::invalid_parameter);
    if (req->create_options & co::open_by_file_id) co_return error(ntstatus::not_supported);
    if (smb2::find_context(req->contexts, cn::timewarp_token))
        // No snapshots are kept: a previous version never exists.
        co_return error(ntstatus::object_name_not_found);
    // ExtA: checked before anything is created (a bad name creates nothing).
    auto eas = create_context_eas(req->contexts);
    if (!eas) co_return error(eas.error());
    std::uint64_t alloc = 0;
    if (auto* al = smb2::find_context(req->contexts, cn::allocation_size)) {
        auto a = smb2::allocation_size::parse(al->data);
        if (!a) co_return error(a.error());
        alloc = a->size;
    }
    auto lease = lease_request(ctx, req->requested_oplock_level, req->contexts);
    if (!lease) co_return error(lease.error());
    auto backend = backend_of(ctx);
    if (!backend) co_return error(backend.error());

    // MS-SMB2 3.3.5.9: the access check uses the session's token; a SecD context is the
    // descriptor of a file this CREATE makes (checked now, stored when it is created).
    auto token = session_token(ctx);
    std::optional<smb2::fscc::security_descriptor> given_sd;
    if (auto* sd = smb2::find_context(req->contexts, cn::sd_buffer)) {
        auto b = smb2::sd_buffer::parse(sd->data);
        if (!b) co_return error(b.error());
        namespace si = smb2::security_information;
        std::uint32_t parts = 0;
        if (b->descriptor.owner) parts |= si::owner;
        if (b->descriptor.group) parts |= si::group;
        if (b->descriptor.sacl) parts |= si::sacl;
        if (auto c = check_new_parts(b->descriptor, parts, *token); !c) co_return error(c.error());
        given_sd = std::move(b->descriptor);
    }
    auto access_state = std::make_shared<open_access_state>();

    vfs::open_request orq;
    orq.path = req->name;
    orq.disp = static_cast<vfs::disposition>(req->create_disposition);
    orq.kind = kind_of(req->create_options);
    orq.desired_access = req->desired_access;
    orq.share_access = req->share_access & vfs::share_access::all;
    orq.attributes = req->file_attributes;
    orq.delete_on_close = req->create_options & co::delete_on_close;
    orq.allocation_size = alloc;
    orq.check_access = [token, access_state](const vfs::access_query& q) {
        return check_open_access(q, *token, *access_state);
    };
    orq.on_created = [token, access_state, given_sd](int fd, bool dir) {
        store_new_descriptor(fd, dir, *token, given_sd, *access_state);
    };
    const bool want_mxac = smb2::find_context(req->contexts, cn::query_maximal_access);

    struct done {
        vfs::open_result opened;
        vfs::file_info info;
        std::uint64_t volume_serial = 0;
        std::uint32_t allowed = 0;  // what the file's descriptor allows (for MxAc)
    };
    auto share = *backend;
    if (*lease) {
        auto st = co_await lease_key_check(ctx, share, orq.path, **lease);
        if (st != ntstatus::success) co_return error(st);
    }
    auto work1 = [share, orq, want_mxac, token, access_state, eas = *eas]() -> result<done> {
        auto r = share->open(orq);
        if (!r) return fail(r.error());
        // The EAs go onto a file this CREATE made or overwrote, never onto one it opened.
        if (!eas.empty() && r->action != vfs::create_action::opened)
            if (auto s = store_client_eas(r->file->fd(), eas, true); !s) {
                (void)r->file->close();
                return fail(s.error());
            }
        auto info = r->file->info();
        if (!info) {
            (void)r->file->close();
            return fail(info.error());
        }
        done d{std::move(*r), *info, 0, 0};
        if (want_mxac) d.allowed = allowed_rights(d.opened.file->fd(), *token, *access_state);
        if (auto fs = share->fs_information()) d.volume_serial = fs->volume_serial;
        return d;
    };
    auto res = co_await run_blocking(work1);
    // A batch oplock holder may close its handle when told: break, then try again.
    if (!res && res.error() == ntstatus::sharing_violation &&
        co_await oplock_break_for_sharing(ctx, share, orq.path, req->desired_access, *lease))
        res = co_await run_blocking(std::move(work1));
    if (!res) co_return error(res.error());

    auto o = std::make_shared<open>();
    auto& h = res->opened.file;
    o->is_directory = h->is_directory();
    o->granted_access = h->granted_access();
    o->create_options = req->create_options;
    o->mode = req->create_options & (co::write_through | co::sequential_only |
                                     co::no_intermediate_buffering | co::synchronous_io_alert |
                                     co::synchronous_io_nonalert | co::delete_on_close);
    o->path = h->path();
    o->session_id = ctx.session_id;
    o->tree_id = ctx.tree_id;
    o->file = std::shared_ptr<vfs::handle>(std::move(h));
    (*table)->add(o);
    auto grant = co_await oplock_on_open(ctx, o, req->requested_oplock_level,
                                         req->create_disposition, *lease);
    // An open that will delete the file takes handle caching from the other leases on it.
    if (req->create_options & co::delete_on_close) oplock_break_handle(*o);
    if (ctx.compound_file_id) *ctx.compound_file_id = o->wire_id();

    const vfs::file_info& fi = res->info;
    smb2::create_response r;
    r.oplock_level = grant.level;
    if (grant.lease) r.contexts.push_back(grant.lease->to_context());
    r.create_action = static_cast<std::uint32_t>(res->opened.action);
    r.creation_time = fi.creation_time;
    r.last_access_time = fi.last_access_time;
    r.last_write_time = fi.last_write_time;
    r.change_time = fi.change_time;
    r.allocation_size = fi.allocation_size;
    r.end_of_file = fi.end_of_file;
    r.file_attributes = fi.attributes;
    r.id = to_smb2(o->wire_id());

    if (smb2::find_context(req->contexts, cn::query_maximal_access)) {
        access_limits lim;
        lim.read_only_share = tree_read_only(ctx);
        lim.read_only_file = fi.attributes & smb2::file_attribute::readonly;
        lim.is_directory = fi.is_directory;
        if (ctx.tree && ctx.tree->maximal_access) lim.share_max = ctx.tree->maximal_access;
        smb2::mxac_response m;
        m.maximal_access = maximal_access(lim) & res->allowed;
        r.contexts.push_back(m.to_context());
    }
    if (smb2::find_context(req->contexts, cn::query_on_disk_id)) {
        smb2::qfid_response q;
        for (int i = 0; i < 8; ++i) {
            q.on_disk_id[i] = static_cast<std::uint8_t>(fi.file_id >> (8 * i));
            q.on_disk_id[8 + i] = static_cast<std::uint8_t>(res->volume_serial >> (8 * i));
        }
        r.contexts.push_back(q.to_context());
    }
    co_return ok(r);
}

}  // namespace smbkit::server::file
