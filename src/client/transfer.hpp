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
    progress_fn progress{};
    // download: told what CREATE said of the remote file (its size and times).
    std::function<void(const smb2::create_response&)> opened{};
    // upload: FILETIMEs set on the remote file before it is closed; 0 leaves one as the
    // server sets it.
    std::uint64_t last_write_time = 0;
    std::uint64_t last_access_time = 0;
};

// Runs `n` copies of `body` on the current executor and waits for all of them to end.
asio::awaitable<void> run_concurrently(unsigned n, const std::function<asio::awaitable<void>()>& body);

// A failure of the local side of a transfer (reading or writing the local file). It is kept
// apart from the network's errors so that a command can exit with "local I/O" for it.
error local_error(std::string what, int errno_value);
bool is_local_error(const error& e);

// Copies remote `path` into `fd` (written at the same offsets). Returns the file size.
asio::awaitable<outcome<std::uint64_t>> download(tree& t, std::string_view path, int fd,
                                                 transfer_options o);
// Copies `size` bytes of `fd` to remote `path`, created or overwritten (or opened for a
// resumed upload when start_offset > 0). Returns the bytes written in total.
asio::awaitable<outcome<std::uint64_t>> upload(tree& t, int fd, std::uint64_t size,
                                               std::string_view path, transfer_options o);

// SET_INFO FileBasicInformation with only the given times (0: unchanged), MS-FSCC 2.4.7.
asio::awaitable<outcome<void>> set_times(tree& t, const smb2::file_id& id,
                                         std::uint64_t last_write_time,
                                         std::uint64_t last_access_time);
// The same on a path, opened just for it.
asio::awaitable<outcome<void>> set_times(tree& t, std::string_view path, bool directory,
                                         std::uint64_t last_write_time,
                                         std::uint64_t last_access_time);

}  // namespace smbkit::client
