// MS-SMB2 3.3.5.10 Receiving an SMB2 CLOSE Request.
#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/oplock.hpp"
#include "server/smb2/file/notify.hpp"
#include "smb2/close.hpp"
#include "vfs/dir_cursor.hpp"
#include "vfs/handle.hpp"

namespace smbkit::server::file {

asio::awaitable<reply> handle_close(request_context& ctx) {
    auto req = smb2::close_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto table = table_of(ctx);
    (*table)->remove((*o)->wire_id());

    auto op = *o;
    op->closed = true;
    op->notify_waiters();  // pending LOCK / CHANGE_NOTIFY requests end (NOTIFY_CLEANUP)
    if (op->watch) op->watch->stop();

    smb2::close_response r;
    if (op->pipe) {
        op->pipe.reset();
        oplock_on_close(*op);
        co_return ok(r);
    }
    const bool postquery = req->flags & smb2::close_flags::postquery_attrib;
    auto file = std::move(op->file);
    auto cursor = std::move(op->cursor);
    auto work1 = [file, cursor = std::move(cursor), postquery]() mutable
                                          -> result<vfs::file_info> {
        cursor.reset();
        result<vfs::file_info> i = fail(ntstatus::success);
        if (postquery) i = file->info();
        // An error of the final delete (delete-on-close) is not the client's to see: the
        // handle is gone either way, as on Windows.
        (void)file->close();
        return i;
    };
    auto info = co_await run_blocking(std::move(work1));
    // Only now: a CREATE waiting for this open to close (instead of acknowledging a break)
    // tries its open again, and the file must be closed by then or it meets this open's
    // share mode (smb2.oplock.batch7 failed that way under load).
    oplock_on_close(*op);
    if (postquery && info) {
        r.flags = smb2::close_flags::postquery_attrib;
        r.creation_time = info->creation_time;
        r.last_access_time = info->last_access_time;
        r.last_write_time = info->last_write_time;
        r.change_time = info->change_time;
        r.allocation_size = info->allocation_size;
        r.end_of_file = info->end_of_file;
        r.file_attributes = info->attributes;
    }
    co_return ok(r);
}

}  // namespace smbkit::server::file
