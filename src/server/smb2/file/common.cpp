#include "server/smb2/file/common.hpp"

#include "smb2/negotiate.hpp"  // before connection.hpp, which uses it
#include "server/smb2/connection.hpp"
#include "server/smb2/session.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {

result<open_table*> table_of(request_context& ctx) {
    if (!ctx.tree) return fail(ntstatus::network_name_deleted);
    if (!ctx.tree->opens) ctx.tree->opens = std::make_shared<open_table>();
    return ctx.tree->opens.get();
}

bool is_ipc(const request_context& ctx) { return ctx.tree && ctx.tree->is_ipc(); }

bool tree_read_only(const request_context& ctx) { return !ctx.tree || ctx.tree->read_only; }

result<std::shared_ptr<vfs::share>> backend_of(request_context& ctx) {
    auto t = table_of(ctx);
    if (!t) return fail(t.error());
    if (!ctx.tree->share || ctx.tree->is_ipc()) return fail(ntstatus::invalid_device_request);
    return (*t)->share(vfs_options(*ctx.tree->share, ctx.tree->read_only));
}

smb2::file_id to_smb2(const file_id& id) {
    return {persistent_part(id), volatile_part(id)};
}

file_id from_smb2(const smb2::file_id& id) { return make_file_id(id.persistent, id.volatile_id); }

result<std::shared_ptr<open>> lookup(request_context& ctx, const smb2::file_id& id) {
    auto t = table_of(ctx);
    if (!t) return fail(t.error());
    file_id wire = from_smb2(id);
    if (id == smb2::related_file_id && (ctx.flags & smb2::flags::related_operations)) {
        // Nothing opened earlier in the chain: the FileId names no open (Windows and Samba
        // answer STATUS_FILE_CLOSED, smbtorture smb2.compound.invalid3).
        if (!ctx.compound_file_id || !ctx.compound_file_id->has_value())
            return fail(ntstatus::file_closed);
        wire = **ctx.compound_file_id;
    }
    auto o = (*t)->find(wire);
    if (!o) return fail(o.error());
    if ((*o)->closed) return fail(ntstatus::file_closed);
    // What follows in a related compound refers to this open.
    if (ctx.compound_file_id) *ctx.compound_file_id = wire;
    return *o;
}

std::uint32_t max_read(const request_context& ctx) {
    return ctx.conn ? ctx.conn->config().max_read_size : 8 * 1024 * 1024;
}
std::uint32_t max_write(const request_context& ctx) {
    return ctx.conn ? ctx.conn->config().max_write_size : 8 * 1024 * 1024;
}
std::uint32_t max_trans(const request_context& ctx) {
    return ctx.conn ? ctx.conn->config().max_trans_size : 8 * 1024 * 1024;
}

}  // namespace smbkit::server::file
