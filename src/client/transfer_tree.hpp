#pragma once
// Recursive copies over one connected tree, as `cp -r` and `scp -r` do: the destination
// folder becomes a copy of the source folder (created when missing, merged into when it
// exists), every file moved by the pipelined download/upload of client/transfer.hpp. A file
// that fails is recorded and the copy goes on with the others; a lost connection stops it.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "client/tree.hpp"
#include "client/tree_walk.hpp"

namespace smbkit::client {

struct tree_progress {
    std::uint64_t files_done = 0, files_total = 0;
    std::uint64_t bytes_done = 0, bytes_total = 0;
    std::string current;  // the file being copied, relative to the source folder
};

struct tree_transfer_options {
    unsigned inflight = 8;  // reads or writes in flight for each file
    unsigned parallel = 4;  // files copied at once: small files cost round trips, not bandwidth
    bool preserve_times = false;  // copy modification and access times, files and folders
    bool follow_links = false;    // upload: follow local symbolic links (never out of a loop)
    bool resume = false;          // download: keep the bytes of existing local files, fetch the rest
    std::function<void(const tree_progress&)> progress{};
};

struct tree_transfer_result {
    std::uint64_t files = 0;  // copied in full
    std::uint64_t dirs = 0;   // created or already there
    std::uint64_t bytes = 0;
    std::vector<tree_problem> failed;
    std::vector<tree_problem> skipped;
    std::uint64_t not_attempted = 0;  // files left when the connection was lost
};

// Copies the remote folder `remote_dir` (relative to the share) to the local folder
// `local_dir`. Nothing is written outside `local_dir`: names are checked and no symbolic link
// beneath it is followed.
asio::awaitable<tree_transfer_result> download_tree(tree& t, std::string remote_dir,
                                                    std::string local_dir,
                                                    tree_transfer_options o);
// Copies the local folder `local_dir` to the remote folder `remote_dir`.
asio::awaitable<tree_transfer_result> upload_tree(tree& t, std::string local_dir,
                                                  std::string remote_dir,
                                                  tree_transfer_options o);

}  // namespace smbkit::client
