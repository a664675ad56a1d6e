// MS-SMB2 3.3.4.6 Object Store Indicates an Oplock Break, 3.3.4.7 ... a Lease Break,
// 3.3.5.9 (RequestedOplockLevel), 3.3.5.9.8 / 3.3.5.9.11 (lease contexts), 3.3.5.22.1 / 3.3.5.22.2
// Processing an Oplock / a Lease Acknowledgment; MS-FSA 2.1.5.17, 2.1.4.12.
#include "server/smb2/file/oplock.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "server/blocking.hpp"
#include "smb2/negotiate.hpp"  // before connection.hpp, which uses it
#include "server/smb2/connection.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/lease.hpp"
#include "smb2/header.hpp"
#include "smb2/oplock_break.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

namespace ol = smb2::oplock_level;
namespace acc = smb2::access;

// Caching an oplock allows, in lease terms (MS-SMB2 2.2.13.2.8): the lease state bits.
constexpr unsigned read_caching = smb2::lease_state::read_caching;
constexpr unsigned write_caching = smb2::lease_state::write_caching;
constexpr unsigned handle_caching = smb2::lease_state::handle_caching;

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

// One lease: every open with its (client GUID, lease key) points at it.
struct lease_entry {
    lease_record rec;
    file_key file;
    std::weak_ptr<connection> conn;  // where its breaks go (the latest open's connection)
    std::chrono::steady_clock::time_point deadline;
    std::vector<std::weak_ptr<wakeup>> waiters;  // CREATEs waiting for its break
    int opens = 0;

    void wake_all() {
        for (auto& w : waiters)
            if (auto p = w.lock()) p->fire();
        waiters.clear();
    }
};

using lease_id = std::pair<smb2::guid, smb2::lease_key>;

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
    std::shared_ptr<lease_entry> lease;          // set for an open with a lease

    void wake_all() {
        for (auto& w : waiters)
            if (auto p = w.lock()) p->fire();
        waiters.clear();
    }
};

std::mutex table_mu;
std::map<file_key, std::vector<std::shared_ptr<entry>>> files;
std::map<const open*, std::shared_ptr<entry>> by_open;
std::map<lease_id, std::shared_ptr<lease_entry>> leases;

lease_id id_of(const lease_entry& l) { return {l.rec.client, l.rec.key}; }

// The connections of each client that took a lease, oldest first: a lease break goes to the
// client's oldest live connection, whichever carried the open (Samba; smbtorture
// smb2.lease.v2_complex1 expects it there).
std::map<smb2::guid, std::vector<std::weak_ptr<connection>>> client_connections;

void remember_connection(const smb2::guid& client, connection* conn) {
    if (!conn || client == smb2::guid{}) return;
    if (!client_connections.contains(client)) {
        // A new client: forget the ones whose connections have all ended.
        std::erase_if(client_connections, [](const auto& kv) {
            return std::ranges::all_of(kv.second, [](const auto& c) { return c.expired(); });
        });
    }
    auto& v = client_connections[client];
    std::erase_if(v, [](const std::weak_ptr<connection>& c) { return c.expired(); });
    for (auto& c : v)
        if (c.lock().get() == conn) return;
    v.push_back(conn->weak_from_this());
}

// With table_mu held: where the breaks of lease `l` go.
std::shared_ptr<connection> lease_connection(const lease_entry& l) {
    auto it = client_connections.find(l.rec.client);
    if (it != client_connections.end()) {
        auto& v = it->second;
        std::erase_if(v, [](const std::weak_ptr<connection>& c) { return c.expired(); });
        if (!v.empty()) return v.front().lock();
        client_connections.erase(it);
    }
    return l.conn.lock();
}

smb2::guid client_of(const request_context& ctx) {
    return ctx.conn ? ctx.conn->client_guid() : smb2::guid{};
}

// With table_mu held: an open leaves the table; its lease goes with its last open.
void forget(const std::shared_ptr<entry>& e) {
    e->wake_all();
    if (auto l = std::exchange(e->lease, nullptr)) {
        if (--l->opens <= 0) {
            auto it = leases.find(id_of(*l));
            if (it != leases.end() && it->second == l) leases.erase(it);
        }
        l->wake_all();
    }
}


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
        forget(e);
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

// MS-SMB2 3.3.4.7: MessageId 0xFFFFFFFFFFFFFFFF, SessionId 0 (a lease belongs to the client,
// not to a session), not signed. False when the connection is gone.
bool send_lease_break(const lease_entry& l, const lease_break_out& b) {
    auto conn = lease_connection(l);
    if (!conn) return false;
    smb2::header h;
    h.cmd = smb2::command::oplock_break;
    h.flags = smb2::flags::server_to_redir;
    h.message_id = UINT64_MAX;
    writer w;
    h.encode(w);
    smb2::lease_break_notification n;
    n.new_epoch = b.epoch;
    n.flags = b.ack_required ? smb2::lease_flags::ack_required : 0;
    n.lease_key = l.rec.key;
    n.current_lease_state = b.from;
    n.new_lease_state = b.to;
    n.encode(w);
    conn->send_unsolicited(w.take());
    return true;
}

// With table_mu held: breaks lease `l` to `to`, sends the notification and starts the wait
// for its acknowledgment. A break that cannot be sent counts as acknowledged to none.
void break_lease(lease_entry& l, std::uint32_t to, std::chrono::steady_clock::time_point now) {
    auto b = lease_break(l.rec, to);
    if (!b) return;
    if (!send_lease_break(l, *b)) {
        lease_break_timed_out(l.rec);
        l.wake_all();
        return;
    }
    if (b->ack_required) l.deadline = now + oplock_break_wait;
}

// With table_mu held: sends a break lease_acknowledge() asked for.
void break_lease_step(lease_entry& l, const lease_break_out& b) {
    if (!send_lease_break(l, b)) {
        lease_break_timed_out(l.rec);
        l.wake_all();
        return;
    }
    if (b.ack_required) l.deadline = std::chrono::steady_clock::now() + oplock_break_wait;
}

// Breaks the oplocks of the file's other opens that conflict with a new open (Samba's
// delay_for_oplock): with a sharing violation only handle caching (batch) must go, otherwise
// write caching (batch, exclusive); an overwrite also takes read caching. Waits (going async)
// until every break that must be waited for is acknowledged, its open closed, or timed out.
// True when a break was sent or waited for.
asio::awaitable<bool> break_conflicting(request_context& ctx, const file_key& key,
                                        const std::shared_ptr<entry>& self,
                                        const std::optional<lease_id>& own_lease,
                                        bool sharing_violation, bool overwrite,
                                        bool lease_stat_open) {
    auto wake = std::make_shared<wakeup>(co_await asio::this_coro::executor);
    const unsigned delay_mask = sharing_violation ? handle_caching : write_caching;
    bool any = false;
    bool async = false;
    for (bool first = true;; first = false) {
        bool wait = false;
        wake->reset();
        {
            std::lock_guard lock(table_mu);
            const auto now = std::chrono::steady_clock::now();
            std::set<const lease_entry*> seen;  // a lease is broken once, not once per open
            for (auto& e : entries_of(key)) {
                if (e == self) continue;
                if (e->lease) {
                    // Opening for attributes and the descriptor leaves leases alone.
                    if (lease_stat_open) continue;
                    auto& l = *e->lease;
                    // Opens with the same lease key never break each other.
                    if (own_lease && id_of(l) == *own_lease) continue;
                    if (!seen.insert(&l).second) continue;
                    if (l.rec.breaking && now >= l.deadline) {
                        // No acknowledgment in time: the lease is gone (Samba's timeout).
                        lease_break_timed_out(l.rec);
                        l.wake_all();
                    }
                    const unsigned held = l.rec.state;
                    unsigned to = held & ~delay_mask;
                    if (overwrite && !sharing_violation)
                        to &= ~(handle_caching | read_caching | write_caching);
                    if ((held & ~to) == 0) {
                        // Nothing more to take, but a break under way is waited for.
                        if (l.rec.breaking) {
                            l.waiters.push_back(wake);
                            wait = true;
                        }
                        continue;
                    }
                    const bool was_breaking = l.rec.breaking;
                    any = true;
                    break_lease(l, to, now);
                    if (l.rec.breaking && ((held & delay_mask) || (was_breaking && !first))) {
                        l.waiters.push_back(wake);
                        wait = true;
                    }
                    continue;
                }
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

bool is_lease_stat_open(std::uint32_t access) {
    constexpr std::uint32_t stat_bits = acc::synchronize | acc::file_read_attributes |
                                        acc::file_write_attributes | acc::read_control;
    return (access & stat_bits) && !(access & ~stat_bits);
}

}  // namespace

result<std::optional<smb2::lease>> lease_request(const request_context& ctx,
                                                 std::uint8_t requested_level,
                                                 const std::vector<smb2::create_context>& list) {
    auto* c = smb2::find_context(list, smb2::create_context_name::request_lease);
    if (!c) return std::optional<smb2::lease>{};
    auto l = smb2::lease::parse(c->data);
    if (!l) return fail(l.error());
    if (requested_level != ol::lease || ctx.dialect < smb2::dialect::smb2_1 ||
        ctx.dialect == smb2::dialect::smb2_wildcard)
        return std::optional<smb2::lease>{};
    if (l->v2 && ctx.dialect < smb2::dialect::smb3_0) return std::optional<smb2::lease>{};
    if (l->key == smb2::lease_key{}) return std::optional<smb2::lease>{};
    return std::optional<smb2::lease>{*l};
}

asio::awaitable<ntstatus> lease_key_check(request_context& ctx, std::shared_ptr<vfs::share> share,
                                          std::string path, smb2::lease lease) {
    file_key held;
    {
        std::lock_guard lock(table_mu);
        auto it = leases.find(lease_id{client_of(ctx), lease.key});
        if (it == leases.end()) co_return ntstatus::success;
        held = it->second->file;
    }
    auto dev = device_of(*share);
    if (!dev) co_return ntstatus::success;
    auto work = [share, path] { return share->stat(path); };
    auto info = co_await run_blocking(std::move(work));
    // A key names one file: a new file or another file with it is refused (Samba, Windows).
    if (!info || file_key{*dev, info->file_id} != held) co_return ntstatus::invalid_parameter;
    co_return ntstatus::success;
}

asio::awaitable<oplock_grant> oplock_on_open(request_context& ctx, const std::shared_ptr<open>& o,
                                             std::uint8_t requested, std::uint32_t disposition,
                                             std::optional<smb2::lease> lease) {
    if (!o->file) co_return oplock_grant{};
    auto backend = backend_of(ctx);
    if (!backend) co_return oplock_grant{};
    auto dev = device_of(**backend);
    if (!dev) co_return oplock_grant{};
    const file_key key{*dev, o->file->file_id()};
    // Directory leases are not offered (no SMB2_GLOBAL_CAP_DIRECTORY_LEASING): no lease.
    if (o->is_directory) lease.reset();
    std::optional<lease_id> own;
    if (lease) own = lease_id{client_of(ctx), lease->key};

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
    if (!me->stat_open)
        co_await break_conflicting(ctx, key, me, own, false, overwrite,
                                   is_lease_stat_open(o->granted_access) && !overwrite);

    std::lock_guard lock(table_mu);
    if (o->closed) co_return oplock_grant{};
    if (lease) {
        // Samba's grant: no W next to another open, no H next to an oplock.
        bool others_open = false;
        bool oplock_held = false;
        for (auto& e : entries_of(key)) {
            if (e == me) continue;
            if (e->lease && id_of(*e->lease) == *own) continue;
            if (e->level != ol::none || e->lease || !e->stat_open) others_open = true;
            if (e->level != ol::none) oplock_held = true;
        }
        const std::uint32_t granted = lease_grantable(lease->state, others_open, oplock_held);
        auto& slot = leases[*own];
        if (slot && slot->file == key) {
            lease_upgrade(slot->rec, lease->state, granted);
        } else {
            // A key left on another file (a race with lease_key_check) starts afresh.
            slot = std::make_shared<lease_entry>();
            slot->rec = lease_new(own->first, *lease, granted);
            slot->file = key;
        }
        if (ctx.conn) slot->conn = ctx.conn->weak_from_this();
        remember_connection(own->first, ctx.conn);
        ++slot->opens;
        me->lease = slot;
        co_return oplock_grant{ol::lease, lease_response(slot->rec)};
    }

    std::uint8_t level = requested;
    if (o->is_directory ||
        (level != ol::level_ii && level != ol::exclusive && level != ol::batch))
        co_return oplock_grant{};
    // Write caching only for the one open of the file (stat opens without an oplock aside);
    // otherwise the most is level II. A stat open gets nothing next to an oplock (Windows
    // and Samba: smbtorture smb2.oplock.exclusive4, batch8). Nothing next to a lease with
    // handle caching (Samba: got_handle_lease).
    for (auto& e : entries_of(key)) {
        if (e == me) continue;
        const bool holds = e->level != ol::none || e->lease;
        if (e->lease && (e->lease->rec.state & handle_caching)) level = ol::none;
        else if (holds && me->stat_open) level = ol::none;
        else if ((holds || !e->stat_open) && level != ol::none)
            level = ol::level_ii;
    }
    me->level = level;
    co_return oplock_grant{level, std::nullopt};
}

asio::awaitable<bool> oplock_break_for_sharing(request_context& ctx,
                                               std::shared_ptr<vfs::share> share,
                                               std::string path, std::uint32_t desired_access,
                                               std::optional<smb2::lease> lease) {
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
    std::optional<lease_id> own;
    if (lease) own = lease_id{client_of(ctx), lease->key};
    co_return co_await break_conflicting(ctx, file_key{*dev, info->file_id}, nullptr, own, true,
                                         false, is_lease_stat_open(map_generic(desired_access)));
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
    forget(e);
}

void oplock_break_level2(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    if (it == by_open.end()) return;
    auto mine = it->second->lease;
    // A writer with write caching is alone: nobody else caches anything.
    if (mine && (mine->rec.state & write_caching)) return;
    const auto now = std::chrono::steady_clock::now();
    std::set<const lease_entry*> seen;
    for (auto& e : entries_of(it->second->key)) {
        if (e->lease) {
            if (e->lease == mine || !seen.insert(e->lease.get()).second) continue;
            if (e->lease->rec.state & read_caching) break_lease(*e->lease, 0, now);
            continue;
        }
        if (e->level != ol::level_ii || e->breaking) continue;
        e->level = ol::none;
        send_break(*e, ol::none);
    }
}

void oplock_break_handle(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    if (it == by_open.end()) return;
    auto mine = it->second->lease;
    const auto now = std::chrono::steady_clock::now();
    std::set<const lease_entry*> seen;
    for (auto& e : entries_of(it->second->key)) {
        if (!e->lease || e->lease == mine || !seen.insert(e->lease.get()).second) continue;
        auto& l = *e->lease;
        if (l.rec.breaking || !(l.rec.state & handle_caching)) continue;
        break_lease(l, l.rec.state & ~handle_caching, now);
    }
}

asio::awaitable<void> oplock_break_handle_wait(request_context& ctx, const open& o) {
    std::shared_ptr<entry> me;
    std::optional<lease_id> own;
    {
        std::lock_guard lock(table_mu);
        auto it = by_open.find(&o);
        if (it == by_open.end()) co_return;
        me = it->second;
        if (me->lease) own = id_of(*me->lease);
    }
    // Waiting without going async would hold the connection, and with it the
    // acknowledgment the wait is for when the holder shares the connection.
    if (!ctx.go_async) {
        oplock_break_handle(o);
        co_return;
    }
    // As for a sharing violation: only handle caching goes, and is waited for.
    co_await break_conflicting(ctx, me->key, me, own, true, false, false);
}

std::uint8_t oplock_level_of(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    if (it == by_open.end()) return ol::none;
    return it->second->lease ? ol::lease : it->second->level;
}

std::uint32_t lease_state_of(const open& o) {
    std::lock_guard lock(table_mu);
    auto it = by_open.find(&o);
    if (it == by_open.end() || !it->second->lease) return 0;
    return it->second->lease->rec.state;
}

namespace {

// MS-SMB2 3.3.5.22.2.
asio::awaitable<reply> handle_lease_ack(request_context& ctx) {
    auto ack = smb2::lease_break_ack::decode(ctx.message);
    if (!ack) co_return error(ack.error());
    smb2::lease_break_response r;
    r.lease_key = ack->lease_key;
    r.lease_state = ack->lease_state;
    std::lock_guard lock(table_mu);
    auto it = leases.find(lease_id{client_of(ctx), ack->lease_key});
    if (it == leases.end()) co_return error(ntstatus::object_name_not_found);
    auto& l = *it->second;
    auto next = lease_acknowledge(l.rec, ack->lease_state);
    if (!next) co_return error(next.error());
    l.wake_all();
    // The next step of a break narrowed meanwhile (Samba sends it right after the answer).
    if (*next) break_lease_step(l, **next);
    co_return ok(r);
}

}  // namespace

asio::awaitable<reply> handle_oplock_break(request_context& ctx) {
    auto kind = smb2::classify_oplock_break(ctx.message);
    if (!kind) co_return error(kind.error());
    if (*kind == smb2::oplock_break_kind::lease_ack) co_return co_await handle_lease_ack(ctx);
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
        if (it == by_open.end() || it->second->lease || !it->second->breaking)
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
