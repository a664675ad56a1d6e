// MS-SMB2 3.3.5.18 Receiving an SMB2 QUERY_DIRECTORY Request.
#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/ea.hpp"
#include "server/smb2/file/handlers.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/query_directory.hpp"
#include "vfs/dir_cursor.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"
#include "vfs/short_name.hpp"

namespace smbkit::server::file {
namespace {

namespace qf = smb2::query_directory_flags;

smb2::fscc::directory_entry entry_of(const vfs::dir_entry& d, vfs::mangled_names mangling) {
    smb2::fscc::directory_entry e;
    e.creation_time = d.info.creation_time;
    e.last_access_time = d.info.last_access_time;
    e.last_write_time = d.info.last_write_time;
    e.change_time = d.info.change_time;
    e.end_of_file = d.info.end_of_file;
    e.allocation_size = d.info.allocation_size;
    e.file_attributes = d.info.attributes;
    e.file_id = d.info.file_id;
    e.name = d.name;
    if (mangling != vfs::mangled_names::no && vfs::has_illegal_nt_char(d.name)) {
        // A name no client can use (made on the Unix side with a character NT forbids) is
        // listed by its short name, as Samba lists it, and that name opens it (share.cpp
        // lookup). Samba also lists DOS device names and names ending in '.' or ' ' so;
        // those are kept here, since clients create and use them through this server.
        e.name = vfs::short_name(d.name);
    }
    // MS-FSCC 2.4.8 / 2.4.17 ShortName: only with "mangled names = yes", as Samba, and none
    // for a name shown by its short name already.
    e.short_name = vfs::listing_short_name(e.name, mangling);
    if (!e.short_name.empty() || e.name != d.name) vfs::remember_short_name(d.name);
    return e;
}

// EaSize of an entry (MS-FSCC 2.4.17 and the classes built on it): "." is the directory
// itself, ".." its parent, or the root itself at the root, as the cursor lists them.
std::uint32_t entry_ea_size(int dir_fd, bool at_root, const std::string& name) {
    if (name == "." || (name == ".." && at_root)) return ea_size_of(dir_fd);
    return ea_size_of_entry(dir_fd, name);
}

struct listing {
    bytes output;
    ntstatus status = ntstatus::success;
};

}  // namespace

asio::awaitable<reply> handle_query_directory(request_context& ctx) {
    auto req = smb2::query_directory_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (op->pipe || !op->is_directory) co_return error(ntstatus::invalid_parameter);
    if (!smb2::fscc::is_directory_class(req->file_information_class))
        co_return error(ntstatus::invalid_info_class);
    if (req->output_buffer_length > max_trans(ctx)) co_return error(ntstatus::invalid_parameter);
    if (!(op->granted_access & smb2::access::file_read_data))
        co_return error(ntstatus::access_denied);

    auto backend = backend_of(ctx);
    if (!backend) co_return error(backend.error());
    const auto mangling = (*backend)->options().mangling;
    auto file = op->file;
    auto cursor = op->cursor;
    const auto flags = req->flags;
    const auto cls = req->file_information_class;
    const auto max_out = req->output_buffer_length;
    std::string pattern = req->pattern;
    const bool with_ea = cls != smb2::file_info_class::directory &&
                         cls != smb2::file_info_class::names;
    const bool at_root = op->path.empty();
    struct outcome {
        listing l;
        std::shared_ptr<vfs::dir_cursor> cursor;
    };
    auto work1 = [file, cursor, flags, cls, max_out, pattern, with_ea, at_root,
                  mangling]() mutable -> result<outcome> {
        if (!cursor) {
            auto c = file->list(pattern);
            if (!c) return fail(c.error());
            cursor = std::make_shared<vfs::dir_cursor>(std::move(*c));
        } else if (flags & (qf::reopen | qf::restart_scans)) {
            // MS-FSA 2.1.5.6.3: a restarted scan takes the request's pattern, if it has one.
            auto r = pattern.empty() ? cursor->restart() : cursor->restart(pattern);
            if (!r) return fail(r.error());
        }
        outcome res;
        res.cursor = cursor;
        smb2::fscc::directory_encoder enc(cls, max_out);
        bool refused = false;
        for (;;) {
            auto next = cursor->peek();
            if (!next) return fail(next.error());
            if (!*next) break;
            auto entry = entry_of(**next, mangling);
            if (with_ea) entry.ea_size = entry_ea_size(file->fd(), at_root, (*next)->name);
            if (!enc.add(entry)) {
                refused = true;
                break;
            }
            cursor->advance();
            if (flags & qf::return_single_entry) break;
        }
        if (enc.empty()) {
            // Nothing fits: the buffer is too small for even one entry.
            if (refused) res.l.status = ntstatus::info_length_mismatch;
            // A first search that finds nothing differs from one that ran out.
            else if (cursor->at_start()) res.l.status = ntstatus::no_such_file;
            else res.l.status = ntstatus::no_more_files;
            return res;
        }
        res.l.output = enc.take();
        return res;
    };
    auto out = co_await run_blocking(std::move(work1));
    if (!out) co_return error(out.error());
    op->cursor = out->cursor;
    if (out->l.status != ntstatus::success) co_return error(out->l.status);
    smb2::query_directory_response r;
    r.output = std::move(out->l.output);
    co_return ok(r);
}

}  // namespace smbkit::server::file
