#include "client/transfer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "smb2/fscc/file_info.hpp"

namespace smbkit::client {
namespace {

// Shared state of one transfer's workers: the next chunk to claim and the first error.
struct job {
    std::uint64_t next = 0;
    std::uint64_t end = 0;
    std::uint64_t done = 0;
    std::uint32_t chunk = 0;
    std::optional<error> failed;
};

}  // namespace

asio::awaitable<void> run_concurrently(unsigned n, const std::function<asio::awaitable<void>()>& body) {
    auto ex = co_await asio::this_coro::executor;
    asio::steady_timer all_done(ex, asio::steady_timer::time_point::max());
    unsigned running = n;
    for (unsigned i = 0; i < n; ++i)
        asio::co_spawn(ex, body, [&](std::exception_ptr) {
            if (--running == 0) all_done.cancel();
        });
    std::error_code ec;
    while (running > 0) co_await all_done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

error local_error(std::string what, int errno_value) {
    // ENOSPC and EDQUOT are a full disk; anything else is an I/O error of the local side.
    bool full = errno_value == ENOSPC || errno_value == EDQUOT;
    return error{error_kind::transport, full ? ntstatus::disk_full : ntstatus::io_device_error,
                 std::move(what) + ": " + std::strerror(errno_value)};
}

bool is_local_error(const error& e) {
    // error::transport() always carries STATUS_UNSUCCESSFUL; only local_error() sets these.
    return e.kind == error_kind::transport &&
           (e.status == ntstatus::disk_full || e.status == ntstatus::io_device_error);
}

asio::awaitable<outcome<void>> set_times(tree& t, const smb2::file_id& id,
                                         std::uint64_t last_write_time,
                                         std::uint64_t last_access_time) {
    smb2::fscc::basic_information b;
    b.last_write_time = last_write_time;
    b.last_access_time = last_access_time;
    writer w;
    b.encode(w);
    co_return co_await t.set_info(id, smb2::info_type::file, smb2::file_info_class::basic, w.take());
}

asio::awaitable<outcome<void>> set_times(tree& t, std::string_view path, bool directory,
                                         std::uint64_t last_write_time,
                                         std::uint64_t last_access_time) {
    auto f = co_await t.open(path, {.access = smb2::access::file_write_attributes |
                                              smb2::access::file_read_attributes,
                                    .options = directory ? smb2::create_options::directory_file
                                                         : smb2::create_options::non_directory_file});
    if (!f) co_return unexpected_error(f.error());
    auto r = co_await set_times(t, f->id, last_write_time, last_access_time);
    auto c = co_await t.close(f->id);
    if (!r) co_return r;
    if (!c) co_return unexpected_error(c.error());
    co_return outcome<void>{};
}

asio::awaitable<outcome<std::uint64_t>> download(tree& t, std::string_view path, int fd,
                                                 transfer_options o) {
    auto f = co_await t.open(path, {.access = smb2::access::file_generic_read,
                                    .options = smb2::create_options::non_directory_file});
    if (!f) co_return unexpected_error(f.error());
    if (o.opened) o.opened(f->info);
    job j;
    j.end = f->info.end_of_file;
    j.next = std::min(o.start_offset, j.end);
    j.done = j.next;
    j.chunk = t.max_io();
    if (o.progress) o.progress(j.done, j.end);
    auto id = f->id;
    auto worker = [&]() -> asio::awaitable<void> {
        while (!j.failed && j.next < j.end) {
            std::uint64_t off = j.next;
            auto len = static_cast<std::uint32_t>(std::min<std::uint64_t>(j.chunk, j.end - off));
            j.next += len;
            auto got = co_await t.read_in_place(id, off, len);
            if (!got) {
                j.failed = got.error();
                co_return;
            }
            const byte_span data = got->data;
            if (data.size() != len) {
                j.failed = error::malformed("short READ at offset " + std::to_string(off) +
                                            ": the file changed during the transfer");
                co_return;
            }
            auto put = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(off));
            if (put != static_cast<ssize_t>(data.size())) {
                j.failed = local_error("local write", put < 0 ? errno : ENOSPC);
                co_return;
            }
            j.done += len;
            if (o.progress) o.progress(j.done, j.end);
        }
    };
    co_await run_concurrently(std::max(1u, o.inflight), worker);
    auto c = co_await t.close(id);
    if (j.failed) co_return unexpected_error(*j.failed);
    if (!c) co_return unexpected_error(c.error());
    co_return j.end;
}

asio::awaitable<outcome<std::uint64_t>> upload(tree& t, int fd, std::uint64_t size,
                                               std::string_view path, transfer_options o) {
    bool resume = o.start_offset > 0;
    auto f = co_await t.open(path, {.access = smb2::access::file_generic_write | smb2::access::file_generic_read,
                                    .disposition = resume ? smb2::create_disposition::open_if
                                                          : smb2::create_disposition::overwrite_if,
                                    .options = smb2::create_options::non_directory_file,
                                    .attributes = smb2::file_attribute::archive});
    if (!f) co_return unexpected_error(f.error());
    job j;
    j.end = size;
    j.next = std::min(o.start_offset, size);
    j.done = j.next;
    j.chunk = t.max_io();
    if (o.progress) o.progress(j.done, j.end);
    auto id = f->id;
    auto worker = [&]() -> asio::awaitable<void> {
        bytes buf;
        while (!j.failed && j.next < j.end) {
            std::uint64_t off = j.next;
            auto len = static_cast<std::uint32_t>(std::min<std::uint64_t>(j.chunk, j.end - off));
            j.next += len;
            buf.resize(len);
            auto got = ::pread(fd, buf.data(), len, static_cast<off_t>(off));
            if (got != static_cast<ssize_t>(len)) {
                j.failed = got < 0 ? local_error("local read", errno)
                                   : local_error("local read: the file shrank during the transfer", EIO);
                co_return;
            }
            std::uint32_t sent = 0;
            while (sent < len) {
                auto n = co_await t.write(id, off + sent, byte_span(buf).subspan(sent));
                if (!n) {
                    j.failed = n.error();
                    co_return;
                }
                if (*n == 0) {
                    j.failed = error::malformed("WRITE accepted no bytes");
                    co_return;
                }
                sent += *n;
            }
            j.done += len;
            if (o.progress) o.progress(j.done, j.end);
        }
    };
    co_await run_concurrently(std::max(1u, o.inflight), worker);
    if (!j.failed) {
        // An upload over a longer file must not leave its old tail behind.
        writer eof;
        eof.u64(size);
        if (auto r = co_await t.set_info(id, smb2::info_type::file, smb2::file_info_class::end_of_file, eof.take()); !r)
            j.failed = r.error();
    }
    if (!j.failed && (o.last_write_time || o.last_access_time)) {
        // After the last WRITE: a server takes an explicitly set time as final (MS-FSA
        // 2.1.5.14.2), so the CLOSE does not move it again.
        if (auto r = co_await set_times(t, id, o.last_write_time, o.last_access_time); !r)
            j.failed = r.error();
    }
    auto c = co_await t.close(id);
    if (j.failed) co_return unexpected_error(*j.failed);
    if (!c) co_return unexpected_error(c.error());
    co_return j.end;
}

}  // namespace smbkit::client
