#include "server/smb2/file/open_table.hpp"

#include <mutex>

#include "rpc/pipe.hpp"
#include "server/blocking.hpp"
#include "server/smb2/file/notify.hpp"
#include "vfs/dir_cursor.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

// Backends by their options, so that every tree of one share sees the same backend object
// (the vfs checks renames of directories with opens beneath them per backend).
std::mutex shares_mu;
std::map<std::string, std::weak_ptr<vfs::share>> shares;

std::string key_of(const vfs::share_options& o) {
    std::string k = o.root;
    k += '\0';
    k += o.read_only ? 'r' : 'w';
    k += o.case_handling == vfs::case_mode::sensitive ? 's' : 'i';
    k += o.follow_symlinks ? 'f' : 'n';
    k += o.hide_dot_files ? 'h' : 'v';
    for (const auto* list : {&o.hide_files, &o.veto_files}) {
        k += '\0';
        for (const auto& p : *list) (k += p) += '/';
    }
    k += '\0';
    k += o.volume_label;
    return k;
}

}  // namespace

file_id make_file_id(std::uint64_t persistent, std::uint64_t volatile_id) {
    file_id id{};
    for (int i = 0; i < 8; ++i) {
        id[i] = static_cast<std::uint8_t>(persistent >> (8 * i));
        id[8 + i] = static_cast<std::uint8_t>(volatile_id >> (8 * i));
    }
    return id;
}

std::uint64_t persistent_part(const file_id& id) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | id[i];
    return v;
}

std::uint64_t volatile_part(const file_id& id) {
    std::uint64_t v = 0;
    for (int i = 15; i >= 8; --i) v = (v << 8) | id[i];
    return v;
}

file_id open::wire_id() const { return make_file_id(persistent_id, volatile_id); }

void open::notify_waiters() {
    for (auto& w : waiters)
        if (auto p = w.lock()) p->fire();
    std::erase_if(waiters, [](const std::weak_ptr<wakeup>& w) { return w.expired(); });
}

void wakeup::fire() {
    fired_ = true;
    asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
}

asio::awaitable<void> wakeup::wait(std::chrono::milliseconds poll) {
    if (fired_) co_return;
    timer_.expires_after(poll);
    std::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

void close_detached(const std::shared_ptr<open>& o) {
    if (!o || o->closed) return;
    o->closed = true;
    o->notify_waiters();
    if (o->watch) o->watch->stop();
    auto file = std::move(o->file);
    auto cursor = std::move(o->cursor);
    o->pipe.reset();
    if (file || cursor)
        asio::post(blocking_pool(), [file = std::move(file), cursor = std::move(cursor)]() mutable {
            cursor.reset();
            if (file) (void)file->close();
        });
}

open_table::~open_table() { close_all(); }

void open_table::close_all() {
    auto opens = std::move(opens_);
    opens_.clear();
    for (auto& [id, o] : opens) close_detached(o);
}

result<std::shared_ptr<vfs::share>> open_table::share(const vfs::share_options& options) {
    if (share_) return share_;
    std::lock_guard lock(shares_mu);
    auto key = key_of(options);
    if (auto it = shares.find(key); it != shares.end())
        if (auto s = it->second.lock()) return share_ = s;
    auto s = vfs::share::create(options);
    if (!s) return fail(s.error());
    shares[key] = *s;
    return share_ = *s;
}

std::shared_ptr<open> open_table::add(std::shared_ptr<open> o) {
    ++next_id_;
    o->volatile_id = next_id_;
    // The persistent id only has to be unique among this table's opens; a different value
    // from the volatile one catches clients (and tests) that mix the halves up.
    o->persistent_id = next_id_ ^ 0x5A5A000000000000ull;
    opens_[o->volatile_id] = o;
    return o;
}

result<std::shared_ptr<open>> open_table::find(const file_id& id) const {
    auto it = opens_.find(volatile_part(id));
    if (it == opens_.end() || it->second->persistent_id != persistent_part(id))
        return fail(ntstatus::file_closed);
    return it->second;
}

std::shared_ptr<open> open_table::remove(const file_id& id) {
    auto it = opens_.find(volatile_part(id));
    if (it == opens_.end() || it->second->persistent_id != persistent_part(id)) return nullptr;
    auto o = it->second;
    opens_.erase(it);
    return o;
}

std::vector<std::shared_ptr<open>> open_table::all() const {
    std::vector<std::shared_ptr<open>> v;
    for (auto& [id, o] : opens_) v.push_back(o);
    return v;
}

}  // namespace smbkit::server::file
