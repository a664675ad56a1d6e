#pragma once
// The opens of one tree connect (MS-SMB2 3.3.1.10 Open, kept per TreeConnect here): file ids
// → open objects holding the vfs handle or the RPC pipe, the access granted at CREATE, the
// directory enumeration cursor, and what a pending LOCK or CHANGE_NOTIFY waits on.
//
// The table lives in tree_connect::opens and is used only from the connection's strand.
// Destroying it closes every open; the closes (which may unlink delete-on-close files) run
// on the blocking pool.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "core/ntstatus.hpp"
#include "server/smb2/handler.hpp"

namespace smbkit::vfs {
class share;
struct share_options;
class handle;
class dir_cursor;
}  // namespace smbkit::vfs
namespace smbkit::rpc {
class pipe;
}

namespace smbkit::server::file {

class notify_watch;

// A one-shot signal a pending request waits on. fire() may be called from any thread.
class wakeup : public std::enable_shared_from_this<wakeup> {
public:
    explicit wakeup(asio::any_io_executor ex) : timer_(ex) {}
    void fire();
    bool fired() const { return fired_; }
    void reset() { fired_ = false; }
    // Returns when fired, or after `poll` (so the caller can look at ctx.cancelled()).
    asio::awaitable<void> wait(std::chrono::milliseconds poll);

private:
    asio::steady_timer timer_;
    std::atomic<bool> fired_{false};
};

// One open (MS-SMB2 3.3.1.10).
struct open {
    std::uint64_t persistent_id = 0;
    std::uint64_t volatile_id = 0;
    std::uint64_t session_id = 0;
    std::uint32_t tree_id = 0;

    // Exactly one of these is set.
    std::shared_ptr<vfs::handle> file;
    std::shared_ptr<rpc::pipe> pipe;

    std::string path;                 // as the client opened it, '\' separators ("" = root)
    bool is_directory = false;
    std::uint32_t granted_access = 0;
    std::uint32_t create_options = 0;
    std::uint32_t mode = 0;           // FileModeInformation (MS-FSCC 2.4.26)
    std::uint64_t position = 0;       // FilePositionInformation (MS-FSCC 2.4.35)
    std::uint32_t ea_position = 0;    // where the next FileFullEaInformation scan starts

    // QUERY_DIRECTORY state (MS-SMB2 3.3.5.18): the cursor and whether the first search
    // has been made (STATUS_NO_SUCH_FILE vs STATUS_NO_MORE_FILES).
    std::shared_ptr<vfs::dir_cursor> cursor;

    // CHANGE_NOTIFY: the inotify watch of this directory open, created on the first request.
    std::shared_ptr<notify_watch> watch;

    // Set when the open is closed (CLOSE, tree disconnect); a waiting LOCK or CHANGE_NOTIFY
    // looks at it when woken.
    bool closed = false;
    // Requests waiting on this open (pending LOCK, CHANGE_NOTIFY), woken when it closes or
    // when something they wait for happens.
    std::vector<std::weak_ptr<wakeup>> waiters;

    file_id wire_id() const;
    void notify_waiters();
};

class open_table {
public:
    open_table() = default;
    ~open_table();
    open_table(const open_table&) = delete;
    open_table& operator=(const open_table&) = delete;

    // The share backend of the tree, created on first use. Trees with the same options (root
    // included) share one backend object.
    result<std::shared_ptr<vfs::share>> share(const vfs::share_options& options);

    // Adds an open and assigns its ids (volatile ids are never reused in a table).
    std::shared_ptr<open> add(std::shared_ptr<open> o);
    // The open a FileId names, or STATUS_FILE_CLOSED.
    result<std::shared_ptr<open>> find(const file_id& id) const;
    // Takes the open out of the table (CLOSE); nullptr if it was not there.
    std::shared_ptr<open> remove(const file_id& id);
    std::size_t size() const { return opens_.size(); }
    // Closes every open now (TREE_DISCONNECT, LOGOFF): requests still waiting on one, such as
    // a blocking LOCK, hold the tree until they end and must see their open closed first.
    void close_all();
    std::vector<std::shared_ptr<open>> all() const;

private:
    std::map<std::uint64_t, std::shared_ptr<open>> opens_;  // by volatile id
    std::uint64_t next_id_ = 0;
    std::shared_ptr<vfs::share> share_;
};

// Marks an open closed, wakes its waiters and closes the handle or pipe on the blocking pool
// (for a table being destroyed, where nothing may wait).
void close_detached(const std::shared_ptr<open>& o);

// The FileId wire form: persistent then volatile, little-endian.
file_id make_file_id(std::uint64_t persistent, std::uint64_t volatile_id);
std::uint64_t persistent_part(const file_id& id);
std::uint64_t volatile_part(const file_id& id);

}  // namespace smbkit::server::file
