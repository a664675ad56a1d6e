// MS-SMB2 3.3.5.19 Receiving an SMB2 CHANGE_NOTIFY Request.
#include <algorithm>
#include <chrono>

#include "server/smb2/file/common.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/notify.hpp"
#include "smb2/change_notify.hpp"
#include "smb2/query_directory.hpp"
#include "vfs/handle.hpp"

namespace smbkit::server::file {
namespace {

constexpr std::chrono::milliseconds cancel_poll{100};

// The changes as the response's output, or NOTIFY_ENUM_DIR (nothing to list: the client
// re-reads the directory) when they overflowed or do not fit.
reply changes_reply(notify_watch& w, std::uint32_t max_out) {
    bool overflow = false;
    auto changes = w.take(overflow);
    if (overflow) return ok(smb2::change_notify_response{}, ntstatus::notify_enum_dir);
    std::vector<smb2::file_notify_information> list;
    for (auto& c : changes) list.push_back({c.action, std::move(c.name)});
    smb2::change_notify_response r;
    r.output = smb2::encode_notify_information(list);
    if (r.output.size() > max_out) return ok(smb2::change_notify_response{}, ntstatus::notify_enum_dir);
    return ok(r);
}

}  // namespace

asio::awaitable<reply> handle_change_notify(request_context& ctx) {
    auto req = smb2::change_notify_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (op->pipe || !op->is_directory) co_return error(ntstatus::invalid_parameter);
    if (!(op->granted_access & smb2::access::file_read_data))
        co_return error(ntstatus::access_denied);
    if (req->output_buffer_length > max_trans(ctx)) co_return error(ntstatus::invalid_parameter);

    auto ex = co_await asio::this_coro::executor;
    if (!op->watch) {
        std::weak_ptr<open> weak = op;
        op->watch = notify_watch::create(
            ex, op->file->fd(), req->completion_filter,
            req->flags & smb2::change_notify_flags::watch_tree, req->output_buffer_length,
            [weak] {
                if (auto p = weak.lock()) p->notify_waiters();
            });
    }
    // The buffer of the request that set the watch up holds for the later ones too.
    const std::uint32_t max_out =
        op->watch ? std::min(op->watch->buffer_size(), req->output_buffer_length) : 0;
    if (op->watch && op->watch->has_changes()) co_return changes_reply(*op->watch, max_out);

    // A wait in the middle of a compound cannot go async: Windows fails it with
    // STATUS_INTERNAL_ERROR and answers the rest (MS-SMB2 3.3.5.2.7, note <206>).
    if (!ctx.go_async) co_return error(ntstatus::internal_error);
    ctx.go_async();
    auto wake = std::make_shared<wakeup>(ex);
    op->waiters.push_back(wake);
    for (;;) {
        co_await wake->wait(cancel_poll);
        if (op->closed) co_return ok(smb2::change_notify_response{}, ntstatus::notify_cleanup);
        if (ctx.cancelled && ctx.cancelled()) co_return error(ntstatus::cancelled);
        // The watched directory is going away (another open set delete-on-close): the wait
        // ends with STATUS_DELETE_PENDING, as Windows and Samba answer.
        if (op->file && op->file->delete_pending()) co_return error(ntstatus::delete_pending);
        if (op->watch && op->watch->has_changes())
            co_return changes_reply(*op->watch, max_out);
        wake->reset();
    }
}

}  // namespace smbkit::server::file
