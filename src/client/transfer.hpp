#pragma once
// Whole-file transfers with several READs or WRITEs in flight, so a large file moves at line
// speed instead of one round trip per chunk. Local I/O is plain pread/pwrite on a descriptor.

#include <cstdint>
#include <functional>
#include <string>

#include <asio.hpp>

#include "client/tree.hpp"

namespace smbkit::client {

using progress_fn = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct transfer_options {
    unsigned inflight = 8;
    std::uint64_t start_offset = 0;  // resume: bytes already present locally / remotely
    progress_fn progress;
};

// Copies remote `path` into `fd` (written at the same offsets). Returns the file size.
asio::awaitable<outcome<std::uint64_t>> download(tree& t, std::string_view path, int fd,
                                                 transfer_options o);
// Copies `size` bytes of `fd` to remote `path`, created or overwritten (or opened for a
// resumed upload when start_offset > 0). Returns the bytes written in total.
asio::awaitable<outcome<std::uint64_t>> upload(tree& t, int fd, std::uint64_t size,
                                               std::string_view path, transfer_options o);

}  // namespace smbkit::client
