// MS-SMB2 3.3.5.11 FLUSH, 3.3.5.12 READ, 3.3.5.13 WRITE.
#include <cstdint>
#include <cstring>

#include "rpc/pipe.hpp"
#include "server/blocking.hpp"
#include "server/buffer_pool.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/oplock.hpp"
#include "smb2/close.hpp"
#include "smb2/header.hpp"
#include "smb2/read_write.hpp"
#include "smb2/simple.hpp"
#include "vfs/handle.hpp"

namespace smbkit::server::file {

namespace a = smb2::access;

namespace {

// MS-FSA 2.1.5.2 / 2.1.5.3: byte offsets are signed 64-bit; a range past INT64_MAX is
// invalid, and so is any write at or beyond the largest file NTFS allows (MAXFILESIZE; the
// write that would end exactly there is a full disk, as Windows answers).
constexpr std::uint64_t max_offset = static_cast<std::uint64_t>(INT64_MAX);
constexpr std::uint64_t max_file_size = 0xfffffff0000;

ntstatus check_range(std::uint64_t offset, std::uint64_t length, bool write) {
    if (offset > max_offset || length > max_offset - offset) return ntstatus::invalid_parameter;
    if (!write || length == 0) return ntstatus::success;
    if (offset >= max_file_size) return ntstatus::invalid_parameter;
    if (offset + length >= max_file_size) return ntstatus::disk_full;
    return ntstatus::success;
}

}  // namespace

asio::awaitable<reply> handle_flush(request_context& ctx) {
    auto req = smb2::flush_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (op->pipe) co_return ok(smb2::flush_response{});
    if (!(op->granted_access & (a::file_write_data | a::file_append_data)))
        co_return error(ntstatus::access_denied);
    auto file = op->file;
    auto work1 = [file] { return file->flush(); };
    auto r = co_await run_blocking(std::move(work1));
    if (!r) co_return error(r.error());
    co_return ok(smb2::flush_response{});
}

asio::awaitable<reply> handle_read(request_context& ctx) {
    auto req = smb2::read_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (req->length > max_read(ctx)) co_return error(ntstatus::invalid_parameter);

    smb2::read_response r;
    if (op->pipe) {
        auto out = op->pipe->read(req->length);
        if (!out) co_return error(out.error());
        r.data = std::move(out->data);
        co_return ok(r, out->more_data ? ntstatus::buffer_overflow : ntstatus::success);
    }
    if (op->is_directory) co_return error(ntstatus::invalid_device_request);
    if (!(op->granted_access & (a::file_read_data | a::file_execute)))
        co_return error(ntstatus::access_denied);
    if (auto st = check_range(req->offset, req->length, false); st != ntstatus::success)
        co_return error(st);

    // The data is read straight into the response message: header room, the 16 fixed bytes
    // of the READ response, then the data (reply::body), so it is never copied again. The
    // buffer is a recycled one: only the bytes read are sent, the rest is overwritten.
    constexpr std::size_t data_at = smb2::read_response::data_offset;
    auto file = op->file;
    const std::uint64_t offset = req->offset;
    const std::uint32_t length = req->length;
    auto work2 = [file, offset, length]() -> result<bytes> {
        bytes msg = message_buffers().take(data_at + length);
        std::span<std::uint8_t> buf(msg.data() + data_at, length);
        std::size_t got = 0;
        // pread may return short counts; keep reading until EOF or the buffer is full.
        while (got < length) {
            auto n = file->read(offset + got, buf.subspan(got));
            if (!n) {
                if (got) break;
                return fail(n.error());
            }
            if (*n == 0) break;
            got += *n;
        }
        msg.resize(data_at + got);
        return msg;
    };
    if (ctx.detach) ctx.detach();
    auto msg = co_await run_blocking(std::move(work2));
    if (!msg) co_return error(msg.error());
    const std::size_t got = msg->size() - data_at;
    if (got == 0 && length > 0) co_return error(ntstatus::end_of_file);
    if (got < req->minimum_count) co_return error(ntstatus::end_of_file);
    op->position = offset + got;
    writer prefix;
    prefix.zeros(smb2::header_size);
    smb2::read_response::encode_prefix(prefix, static_cast<std::uint32_t>(got));
    std::memcpy(msg->data() + smb2::header_size, prefix.data().data() + smb2::header_size,
                data_at - smb2::header_size);
    co_return reply{ntstatus::success, std::move(*msg), {}};
}

asio::awaitable<reply> handle_write(request_context& ctx) {
    // The data stays in the received message, which outlives this handler.
    auto req = smb2::write_request::decode_view(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (req->data.size() > max_write(ctx)) co_return error(ntstatus::invalid_parameter);

    smb2::write_response r;
    if (op->pipe) {
        auto w = op->pipe->write(req->data);
        if (!w) co_return error(w.error());
        r.count = static_cast<std::uint32_t>(req->data.size());
        co_return ok(r);
    }
    if (op->is_directory) co_return error(ntstatus::invalid_device_request);
    if (!(op->granted_access & (a::file_write_data | a::file_append_data)))
        co_return error(ntstatus::access_denied);
    if (tree_read_only(ctx)) co_return error(ntstatus::access_denied);
    // An append-only open writes at the end whatever the offset (MS-FSA 2.1.5.3).
    const bool append_only = !(op->granted_access & a::file_write_data);
    if (auto st = check_range(req->offset, req->data.size(), true);
        !append_only && st != ntstatus::success)
        co_return error(st);
    oplock_break_level2(*op);

    auto file = op->file;
    const std::uint64_t offset = req->offset;
    const bool through = (req->flags & smb2::write_flags::write_through) ||
                         (op->mode & smb2::create_options::write_through);
    const byte_span data = req->data;
    auto work3 = [file, offset, data, through]() -> result<std::size_t> {
        auto n = file->write(offset, data);
        if (!n) return n;
        if (through) {
            auto f = file->flush(true);
            if (!f) return fail(f.error());
        }
        return n;
    };
    if (ctx.detach) ctx.detach();
    auto n = co_await run_blocking(std::move(work3));
    if (!n) co_return error(n.error());
    if (!append_only) op->position = offset + *n;
    r.count = static_cast<std::uint32_t>(*n);
    co_return ok(r);
}

}  // namespace smbkit::server::file
