#pragma once
// The process-wide open-file table: one node per open file (keyed by st_dev/st_ino, so
// sharing checks hold across shares and hard links), with its opens, delete-pending state,
// byte-range locks and lock waiters. Internal to src/vfs; the server uses handle and share.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/ntstatus.hpp"
#include "vfs/locks.hpp"

namespace smbkit::vfs {
class share;
}

namespace smbkit::vfs::detail {

struct file_key {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    auto operator<=>(const file_key&) const = default;
};

struct open_entry {
    open_id id = 0;
    const share* owner_share = nullptr;
    std::uint32_t access = 0;
    std::uint32_t share_access = 0;
    bool delete_on_close = false;
    std::string path;  // relative to the share root, '/' separators, "" = root
};

struct file_node {
    file_key key;
    bool is_directory = false;
    bool delete_pending = false;
    std::vector<open_entry> opens;
    lock_list locks;
    std::vector<std::pair<open_id, std::function<void()>>> lock_waiters;

    open_entry* find(open_id id);
};

// MS-FSA 2.1.5.1.2.1 "Check Sharing Access" of a new open against the existing ones.
// SHARING_VIOLATION on conflict. Opens whose access has none of READ_DATA, WRITE_DATA,
// APPEND_DATA, EXECUTE, DELETE take part on neither side.
result<void> check_sharing(const std::vector<open_entry>& existing, std::uint32_t access,
                           std::uint32_t share_access);

class open_table {
public:
    static open_table& instance();

    std::mutex& mutex() { return mu_; }
    // With mutex() held:
    std::shared_ptr<file_node> find(const file_key& key);
    std::shared_ptr<file_node> find_or_add(const file_key& key);
    void remove_if_unused(const std::shared_ptr<file_node>& node);
    // True if any open of share `s` has a path strictly beneath `dir` ('/'-separated).
    bool has_open_beneath(const share* s, const std::string& dir) const;
    open_id next_id() { return ++last_id_; }

private:
    std::mutex mu_;
    std::map<file_key, std::shared_ptr<file_node>> files_;
    open_id last_id_ = 0;
};

}  // namespace smbkit::vfs::detail
