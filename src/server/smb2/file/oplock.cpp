// MS-SMB2 3.3.4.6 Object Store Indicates an Oplock Break, 3.3.5.9 (RequestedOplockLevel),
// 3.3.5.22.1 Processing an Oplock Acknowledgment; MS-FSA 2.1.5.17, 2.1.4.12.
#include "server/smb2/file/oplock.hpp"

#include <sys/stat.h>

#include <map>
#include <mutex>
#include <vector>

#include "server/blocking.hpp"
#include "smb2/negotiate.hpp"  // before connection.hpp, which uses it
#include "server/smb2/connection.hpp"
#include "server/smb2/file/common.hpp"
#include "smb2/header.hpp"
#include "smb2/oplock_break.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

namespace ol = smb2::oplock_level;
namespace acc = smb2::access;

// Caching an oplock allows, in lease terms (MS-SMB2 2.2.13.2.8).
constexpr unsigned read_caching = 1;
constexpr unsigned write_caching = 2;
constexpr unsigned handle_caching = 4;

unsigned caching_of(std::uint8_t level) {
    switch (level) {
    case ol::batch: return read_caching | write_caching | handle_caching;
    case ol::exclusive: return read_caching | write_caching;
    case ol::level_ii: return read_caching;
    default: return 0;
    }
}

// How often a CREATE waiting for a break looks at the clock and the holder's state.
constexpr std::chrono::milliseconds break_poll{100};

struct file_key {
    std::uint64_t dev = 0;
    std::uint64_t id = 0;
    auto operator<=>(const file_key&) const = default;
};

// One open of a file, as the oplock table sees it.
struct entry {
    file_key key;
    std::weak_ptr<open> op;
    std::weak_ptr<connection> conn;
    std::uint64_t session_id = 0;
    smb2::file_id wire{};
    bool stat_open = false;
    std::uint8_t level = ol::none;
    // Open.OplockState Breaking: a notification went out, the acknowledgment has not come.
    bool breaking = false;
    std::uint8_t break_to = ol::none;
    std::chrono::steady_clock::time_point deadline;
    std::vector<std::weak_ptr<wakeup>> waiters;  // CREATEs waiting for this break

    void wake_all() {
        for (auto& w : waiters)
            if (auto p = w.lock()) p->fire();
        waiters.clear();
    }
};

std::mutex table_mu;
std::map<file_key, std::vector<std::shared_ptr<entry>>> files;
std::map<const open*, std::shared_ptr<entry>> by_open;

bool alive(const entry& e) {
    auto o = e.op.lock();
    return o && !o->closed;
}

// With table_mu held: the live entries of a file (opens that ended without a CLOSE, e.g. with
// their connection, are dropped here).
std::vector<std::shared_ptr<entry>>& entries_of(const file_key& key) {
    auto& v = files[key];
    std::erase_if(v, [](const std::shared_ptr<entry>& e) {
        if (alive(*e)) return false;
        e->wake_all();
        for (auto it = by_open.begin(); it != by_open.end();)
            it = it->second == e ? by_open.erase(it) : std::next(it);
        return true;
    });
    return v;
}

bool is_stat_open(std::uint32_t access) {
    constexpr std::uint32_t stat_bits =
        acc::synchronize | acc::file_read_attributes | acc::file_write_attributes;
    return (access & stat_bits) && !(access & ~stat_bits);
}

std::uint32_t map_generic(std::uint32_t a) {
    if (a & (acc::generic_all | acc::maximum_allowed)) a |= acc::file_all_access;
    if (a & acc::generic_read) a |= acc::file_generic_read;
    if (a & acc::generic_write) a |= acc::file_generic_write;
    if (a & acc::generic_execute) a |= acc::file_generic_execute;
    return a & ~(acc::generic_all | acc::generic_read | acc::generic_write |
                 acc::generic_execute | acc::maximum_allowed);
}

std::optional<std::uint64_t> device_of(const vfs::share& s) {
    struct stat st {};
    if (fstat(s.root_fd(), &st) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_dev);
}

// MS-SMB2 3.3.4.6: MessageId 0xFFFFFFFFFFFFFFFF, SessionId of the open's session, not signed
// (as Windows and Samba send it). False when the connection is gone.
bool send_break(const entry& e, std::uint8_t to) {
    auto conn = e.conn.lock();
    if (!conn) return false;
    smb2::header h;
    h.cmd = smb2::command::oplock_break;
    h.flags = smb2::flags::server_to_redir;
    h.message_id = UINT64_MAX;
    h.session_id = e.session_id;
    writer w;
    h.encode(w);
    smb2::oplock_break b;
    b.oplock_level = to;
    b.id = e.wire;
    b.encode(w);
    conn->send_unsolicited(w.take());
    return true;
}

// Breaks the oplocks of the file's other opens that conflict with a new open (Samba's
// delay_for_oplock): with a sharing violation only handle caching (batch) must go, otherwise
// write caching (batch, exclusive); an overwrite also takes read caching. Waits (going async)
// until every break that must be waited for is acknowledged, its open closed, or timed out.
// True when a break was sent or waited for.
asio::awaitable<bool> break_conflicting(request_context& ctx, const file_key& key,
                                        const std::shared_ptr<entry>& self,
                                        bool sharing_violation, bool overwrite) {
    auto wake = std::make_shared<wakeup>(co_await asio::this_coro::executor);
    const unsigned delay_mask = sharing_violation ? handle_caching : write_caching;
    bool any = false;
    bool async = false;
    for (;;) {
        bool wait = false;
        wake->reset();
        {
            std::lock_guard lock(table_mu);
            const auto now = std::chrono::steady_clock::now();
            for (auto& e : entries_of(key)) {
                if (e == self) continue;
                if (e->breaking && now >= e->deadline) {
                    // No acknowledgment in time: the oplock is gone (Samba's timeout).
                    e->breaking = false;
                    e->level = ol::none;
                    e->wake_all();
                }
                const unsigned held = caching_of(e->level);
                unsigned to = held & ~delay_mask;
                if (overwrite && !sharing_violation) to &= ~(handle_caching | read_caching);
                if ((held & ~to) == 0) continue;
                to &= read_caching;  // an oplock breaks to level II or none
                const bool delay = held & delay_mask;
                if (e->breaking) {
                    // Already told; wait for that break to finish.
                    if (delay) {
                        e->waiters.push_back(wake);
                        wait = true;
                    }
                    continue;
                }
                any = true;
                const std::uint8_t level = to ? ol::level_ii : ol::none;
                if (!delay) {
                    // Level II to none: no acknowledgment (MS-SMB2 3.3.4.6).
                    e->level = ol::none;
                    send_break(*e, ol::none);
                    continue;
                }
                if (!send_break(*e, level)) {
                    // A break to a closed connection counts as acknowledged to none.
                    e->level = ol::none;
                    continue;
                }
                e->breaking = true;
                e->break_to = level;
                e->deadline = now + oplock_break_wait;
                e->waiters.push_back(wake);
                wait = true;
            }
        }
        if (!wait) co_return any;
        if (!async && ctx.go_async) {
            ctx.go_async();
            async = true;
        }
        co_await wake->wait(break_poll);
    }
}

}  // namespace

asio::awaitable<std::uint8_t> oplock_on_open(request_context& ctx, const std::shared_ptr<open>& o,
                                             std::uint8_t requested, std::uint32_t disposition) {
    if (!o->file) co_return ol::none;
    auto backend = backend_of(ctx);
    if (!backend) co_return ol::none;
    auto dev = device_of(**backend);
    if (!dev) co_return ol::none;
    const file_key key{*dev, o->file->file_id()};

    auto me = std::make_shared<entry>();
    me->key = key;
    me->op = o;
    if (ctx.conn) me->conn = ctx.conn->weak_from_this();
    me->session_id = o->session_id;
    me->wire = to_smb2(o->wire_id());
    namespace cd = smb2::create_disposition;
    const bool overwrite = disposition == cd::supersede || disposition == cd::overwrite ||
                           disposition == cd::overwrite_if;
    // Overwriting writes data, whatever access was asked for.
    me->stat_open = is_stat_open(o->granted_access) && !overwrite;
    {
        std::lock_guard lock(table_mu);
        entries_of(key).push_back(me);
        by_open[o.get()] = me;
    }
    if (!me->stat_open) co_await break_conflicting(ctx, key, me, false, overwrite);

    std::uint8_t level = requested;
    if (o->is_directory ||
        (level != ol::level_ii && level != ol::exclusive && level != ol::batch))
        co_return ol::none;
    std::lock_guard lock(table_mu);
    if (o->closed) co_return ol::none;
    // Write caching only for the one open of the file (stat opens without an oplock aside);
    // otherwise the most is level II. A stat open gets nothing next to an oplock (Windows
    // and Samba: smbtorture smb2.oplock.exclusive4, batch8).
    for (auto& e : entries_of(key)) {
        if (e == me) continue;
        if (e->level != ol::none && me->stat_open) level = ol::none;
        else if ((e->level != ol::none || !e->stat_open) && level != ol::none)
            level = ol::level_ii;
    }
    me->level = level;
    co_return level;
}

asio::awaitable<bool> oplock_break_for_sharing(request_context& ctx,
                                               std::shared_ptr<vfs::share> share,
                                               std::string path, std::uint32_t desired_access) {
    if (is_stat_open(map_generic(desired_access))) co_return false;
    {
        std::lock_guard lock(table_mu);
        if (by_open.empty()) co_return false;
    }
    auto dev = device_of(*share);
    if (!dev) co_return false;
    auto work = [share, path] { return share->stat(path); };
    auto info = co_await run_blocking(std::move(work));
    if (!info) co_return false;
    co_return co_await break_conflicting(ctx, file_key{*dev, info->file_id}, nullptr, true,
                                         false);
}

void oplock_on_close(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    if (it == by_open.end()) return;
    auto e = it->second;
    by_open.erase(it);
    auto f = files.find(e->key);
    if (f != files.end()) {
        std::erase(f->second, e);
        if (f->second.empty()) files.erase(f);
    }
    e->wake_all();
}

void oplock_break_level2(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    if (it == by_open.end()) return;
    for (auto& e : entries_of(it->second->key)) {
        if (e->level != ol::level_ii || e->breaking) continue;
        e->level = ol::none;
        send_break(*e, ol::none);
    }
}

std::uint8_t oplock_level_of(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    return it == by_open.end() ? ol::none : it->second->level;
}

asio::awaitable<reply> handle_oplock_break(request_context& ctx) {
    auto kind = smb2::classify_oplock_break(ctx.message);
    if (!kind) co_return error(kind.error());
    // No leases are granted, so no lease break is ever acknowledged (Samba: unknown lease).
    if (*kind == smb2::oplock_break_kind::lease_ack)
        co_return error(ntstatus::object_name_not_found);
    if (*kind != smb2::oplock_break_kind::oplock) co_return error(ntstatus::invalid_parameter);
    auto ack = smb2::oplock_break::decode(ctx.message);
    if (!ack) co_return error(ack.error());
    auto o = lookup(ctx, ack->id);
    if (!o) co_return error(o.error());

    smb2::oplock_break r;
    r.id = ack->id;
    {
        std::lock_guard lock(table_mu);
        auto it = by_open.find(o->get());
        // Samba answers an acknowledgment nobody waits for so (MS-SMB2 3.3.5.22.1 also
        // names STATUS_INVALID_DEVICE_STATE for some of these cases).
        if (it == by_open.end() || !it->second->breaking)
            co_return error(ntstatus::invalid_oplock_protocol);
        if (ack->oplock_level != ol::none && ack->oplock_level != ol::level_ii)
            co_return error(ntstatus::invalid_parameter);
        auto& e = *it->second;
        e.level = e.break_to == ol::none || ack->oplock_level == ol::none ? ol::none
                                                                           : ol::level_ii;
        e.breaking = false;
        e.wake_all();
        r.oplock_level = e.level;
    }
    co_return ok(r);
}

}  // namespace smbkit::server::file
