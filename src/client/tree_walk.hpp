#pragma once
// Planning a recursive copy: the folders and files beneath a remote or a local folder, with
// every name checked before it is used on the other side. A hostile server's listing must
// not make `get -r` write outside the destination, and a local name that SMB would read as a
// separator or a stream must not land somewhere else on the share.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio.hpp>

#include "client/error.hpp"
#include "client/tree.hpp"
#include "smb2/fscc/directory.hpp"

namespace smbkit::client {

// Folders deeper than this are not entered: a server that presents a link loop as folders
// would otherwise be walked for ever.
inline constexpr unsigned max_tree_depth = 64;

// One name from a server's listing, used as a local path component: not empty, ".", "..",
// and without '/', '\\' or NUL.
bool safe_local_name(std::string_view name);
// One local name, sent as an SMB path component: the same, and also without ':' (a stream),
// control characters, or bytes that are not UTF-8.
bool safe_remote_name(std::string_view name);

// "a/b" + "c" -> "a/b/c"; either side may be empty.
std::string join_path(std::string_view dir, std::string_view name);
// The last component of a '/' separated path ("a/b/" -> "b").
std::string last_component(std::string_view path);

struct tree_entry {
    std::string path;  // relative to the walk's root, '/' separated
    std::uint64_t size = 0;
    std::uint64_t last_write_time = 0;  // FILETIME; 0 when unknown
    std::uint64_t last_access_time = 0;
};

struct tree_problem {
    std::string path;
    error err;
};

struct tree_plan {
    std::vector<tree_entry> dirs;   // parents before their children; the root is not listed
    std::vector<tree_entry> files;
    std::vector<tree_problem> skipped;  // left out on purpose (links, devices): a warning
    std::vector<tree_problem> failed;   // could not be listed, or a name that is not safe
    std::uint64_t total_bytes() const;
};

// Adds the entries of the remote folder `dir` (relative to the walk's root, at `depth`
// below it) to `plan`, and returns the subfolders to list next. Unsafe names are failures
// (the server broke the protocol's rules); links to folders are skipped, not followed.
std::vector<std::string> plan_remote_listing(tree_plan& plan, std::string_view dir,
                                             std::vector<smb2::fscc::directory_entry> entries,
                                             unsigned depth);

// Lists `root` (a folder on the share) and everything beneath it.
asio::awaitable<tree_plan> walk_remote(tree& t, std::string root);

// Lists the local folder `root` and everything beneath it. Symbolic links are skipped with
// a warning unless `follow_links` (then followed, but a link back to a folder being walked is
// skipped); sockets, FIFOs and devices are always skipped.
tree_plan walk_local(const std::string& root, bool follow_links);

// Closes a descriptor when it goes out of scope.
struct fd_guard {
    int fd = -1;
    explicit fd_guard(int f) : fd(f) {}
    fd_guard(const fd_guard&) = delete;
    fd_guard& operator=(const fd_guard&) = delete;
    ~fd_guard();
    int release() { return std::exchange(fd, -1); }
};

// The folder `rel` beneath the folder `root_fd`, opened component by component without
// following any symbolic link, and created (mode 0777 & ~umask) where missing when `create`.
// A negative errno when it cannot be done.
int open_dir_beneath(int root_fd, std::string_view rel, bool create);

}  // namespace smbkit::client
