// MS-SMB2 3.3.5.14 Receiving an SMB2 LOCK Request.
#include <chrono>

#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/oplock.hpp"
#include "smb2/lock.hpp"
#include "smb2/simple.hpp"
#include "vfs/handle.hpp"

namespace smbkit::server::file {
namespace {

namespace lf = smb2::lock_flags;

// How often a waiting LOCK looks for a CANCEL (the contract has no cancel callback).
constexpr std::chrono::milliseconds cancel_poll{100};

}  // namespace

asio::awaitable<reply> handle_lock(request_context& ctx) {
    auto req = smb2::lock_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    if (req->locks.empty()) co_return error(ntstatus::invalid_parameter);
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (op->pipe) co_return error(ntstatus::invalid_device_request);
    if (op->is_directory) co_return error(ntstatus::invalid_parameter);

    std::vector<vfs::lock_range> ranges;
    const bool unlocking = req->locks.front().flags & lf::unlock;
    bool may_wait = false;
    // MS-SMB2 3.3.5.14.1: unlocks are done in order; an element that is not an unlock fails
    // the request with STATUS_INVALID_PARAMETER, but the unlocks before it stay done (and a
    // failing unlock before it answers first).
    bool stray_after_unlocks = false;
    for (const auto& e : req->locks) {
        if (unlocking) {
            if (e.flags != lf::unlock) {
                stray_after_unlocks = true;
                break;
            }
        } else {
            std::uint32_t kind = e.flags & ~lf::fail_immediately;
            if (kind != lf::shared_lock && kind != lf::exclusive_lock)
                co_return error(ntstatus::invalid_parameter);
            // Only a single-element request may wait (MS-SMB2 3.3.5.14.2).
            if (!(e.flags & lf::fail_immediately)) {
                if (req->locks.size() > 1) co_return error(ntstatus::invalid_parameter);
                may_wait = true;
            }
        }
        if (e.length != 0 && e.offset > UINT64_MAX - (e.length - 1))
            co_return error(ntstatus::invalid_lock_range);
        ranges.push_back({e.offset, e.length, (e.flags & lf::exclusive_lock) != 0});
    }

    auto file = op->file;
    if (unlocking) {
        auto work1 = [file, ranges] { return file->unlock(ranges); };
        auto r = co_await run_blocking(std::move(work1));
        if (!r) co_return error(r.error());
        if (stray_after_unlocks) co_return error(ntstatus::invalid_parameter);
        co_return ok(smb2::lock_response{});
    }
    if (!(op->granted_access & (smb2::access::file_read_data | smb2::access::file_write_data)))
        co_return error(ntstatus::access_denied);
    oplock_break_level2(*op);

    auto ex = co_await asio::this_coro::executor;
    auto wake = std::make_shared<wakeup>(ex);
    auto attempt = [&]() -> asio::awaitable<result<void>> {
        wake->reset();
        std::function<void()> retry;
        if (may_wait) retry = [w = std::weak_ptr<wakeup>(wake)] {
            if (auto p = w.lock()) p->fire();
        };
        auto work = [file, ranges, retry] { return file->lock(ranges, retry); };
        co_return co_await run_blocking(std::move(work));
    };
    auto r = co_await attempt();
    if (r) co_return ok(smb2::lock_response{});
    if (r.error() != ntstatus::lock_not_granted || !may_wait) co_return error(r.error());

    // A blocking lock: answer STATUS_PENDING and finish when a conflicting lock goes away,
    // the open is closed, or the client cancels.
    if (ctx.go_async) ctx.go_async();
    op->waiters.push_back(wake);
    for (;;) {
        co_await wake->wait(cancel_poll);
        if (op->closed) co_return error(ntstatus::range_not_locked);
        if (ctx.cancelled && ctx.cancelled()) {
            auto work2 = [file] { file->cancel_lock_retries(); };
            co_await run_blocking(std::move(work2));
            co_return error(ntstatus::cancelled);
        }
        if (!wake->fired()) continue;
        r = co_await attempt();
        if (r) co_return ok(smb2::lock_response{});
        if (r.error() != ntstatus::lock_not_granted) co_return error(r.error());
    }
}

}  // namespace smbkit::server::file
