// MS-SMB2 3.3.5.15 Receiving an SMB2 IOCTL Request, for the FSCTLs that concern files and
// pipes (VALIDATE_NEGOTIATE_INFO belongs to the connection and is answered there).
#include <algorithm>

#include "rpc/pipe.hpp"
#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/handlers.hpp"
#include "smb2/fsctl_copy.hpp"
#include "smb2/ioctl.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

namespace fs = smb2::fsctl;
namespace a = smb2::access;

// MS-SMB2 3.3.5.15.6: server-side copy limits (Windows' values).
constexpr std::uint32_t max_chunks = 256;
constexpr std::uint32_t max_chunk_size = 1024 * 1024;
constexpr std::uint32_t max_copy_total = 16 * 1024 * 1024;

reply ioctl_reply(const smb2::ioctl_request& req, bytes output,
                  ntstatus status = ntstatus::success) {
    smb2::ioctl_response r;
    r.ctl_code = req.ctl_code;
    r.id = req.id;
    r.output = std::move(output);
    return ok(r, status);
}

// The 24-byte resume key names the open: its two ids and a tag recognising our keys.
constexpr std::uint64_t key_tag = 0x4B4D4253'4B59454Bull;

smb2::resume_key key_of(const open& o) {
    writer w;
    w.u64(o.persistent_id);
    w.u64(o.volatile_id);
    w.u64(key_tag);
    smb2::resume_key k{};
    std::copy(w.data().begin(), w.data().end(), k.begin());
    return k;
}

asio::awaitable<reply> copychunk(request_context& ctx, const smb2::ioctl_request& req,
                                 std::shared_ptr<open> target) {
    auto creq = smb2::copychunk_request::decode(req.input);
    if (!creq || req.max_output_response < 12) co_return error(ntstatus::invalid_parameter);
    std::uint64_t total = 0;
    bool too_big = creq->chunks.size() > max_chunks;
    for (const auto& c : creq->chunks) {
        if (c.length == 0 || c.length > max_chunk_size) too_big = true;
        total += c.length;
    }
    if (too_big || total > max_copy_total) {
        smb2::copychunk_response limits{max_chunks, max_chunk_size, max_copy_total};
        co_return ioctl_reply(req, limits.encode(), ntstatus::invalid_parameter);
    }
    reader k(creq->source_key);
    std::uint64_t persistent = k.u64(), vol = k.u64(), tag = k.u64();
    if (tag != key_tag) co_return error(ntstatus::object_name_not_found);
    auto table = table_of(ctx);
    auto src = (*table)->find(make_file_id(persistent, vol));
    if (!src || !(*src)->file) co_return error(ntstatus::object_name_not_found);
    if ((*src)->is_directory || target->is_directory || !target->file)
        co_return error(ntstatus::invalid_device_request);
    if (!((*src)->granted_access & a::file_read_data)) co_return error(ntstatus::access_denied);
    if (!(target->granted_access & (a::file_write_data | a::file_append_data)))
        co_return error(ntstatus::access_denied);
    // Plain COPYCHUNK also needs read access on the target (MS-SMB2 3.3.5.15.6).
    if (req.ctl_code == fs::srv_copychunk && !(target->granted_access & a::file_read_data))
        co_return error(ntstatus::access_denied);

    auto from = (*src)->file;
    auto to = target->file;
    struct outcome {
        std::uint32_t chunks = 0;
        std::uint32_t bytes_in_chunk = 0;
        std::uint32_t total = 0;
        ntstatus status = ntstatus::success;
    };
    auto work1 = [from, to, chunks = creq->chunks]() {
        outcome o;
        bytes buf;
        for (const auto& c : chunks) {
            buf.resize(c.length);
            std::size_t got = 0;
            while (got < c.length) {
                auto n = from->read(c.source_offset + got, std::span(buf).subspan(got));
                if (!n) {
                    o.status = n.error();
                    return o;
                }
                if (*n == 0) break;
                got += *n;
            }
            if (got < c.length) {
                o.status = ntstatus::invalid_view_size;
                return o;
            }
            auto w = to->write(c.target_offset, std::span(buf).first(got));
            if (!w) {
                o.status = w.error();
                return o;
            }
            ++o.chunks;
            o.bytes_in_chunk = static_cast<std::uint32_t>(*w);
            o.total += static_cast<std::uint32_t>(*w);
        }
        return o;
    };
    auto out = co_await run_blocking(std::move(work1));
    if (out.status != ntstatus::success) co_return error(out.status);
    smb2::copychunk_response done{out.chunks, out.bytes_in_chunk, out.total};
    co_return ioctl_reply(req, done.encode());
}

}  // namespace

asio::awaitable<reply> handle_ioctl(request_context& ctx) {
    auto req = smb2::ioctl_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    if (req->flags != smb2::ioctl_flags::is_fsctl) co_return error(ntstatus::not_supported);
    if (req->input.size() > max_io(ctx) || req->max_output_response > max_io(ctx) ||
        req->max_input_response > max_io(ctx))
        co_return error(ntstatus::invalid_parameter);

    switch (req->ctl_code) {
    case fs::dfs_get_referrals:
    case fs::dfs_get_referrals_ex:
        // Not a DFS server (no SMB2_GLOBAL_CAP_DFS, no DFS shares): what Windows and Samba
        // answer when DFS is not in use.
        co_return error(ntstatus::fs_driver_required);
    case fs::pipe_wait:
        // The pipes are always there to be opened.
        if (!is_ipc(ctx)) co_return error(ntstatus::invalid_device_request);
        co_return ioctl_reply(*req, {});
    default: break;
    }

    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;

    if (op->pipe) {
        switch (req->ctl_code) {
        case fs::pipe_transceive: {
            auto out = op->pipe->transceive(req->input, req->max_output_response);
            if (!out) co_return error(out.error());
            co_return ioctl_reply(*req, std::move(out->data),
                                  out->more_data ? ntstatus::buffer_overflow : ntstatus::success);
        }
        case fs::pipe_peek: {
            // MS-FSCC 2.3.32 FSCTL_PIPE_PEEK reply: state, bytes available, messages, length
            // of the next message.
            if (req->max_output_response < 16) co_return error(ntstatus::buffer_too_small);
            writer w;
            w.u32(3);  // FILE_PIPE_CONNECTED_STATE
            w.u32(static_cast<std::uint32_t>(op->pipe->output_bytes()));
            w.u32(op->pipe->has_output() ? 1 : 0);
            w.u32(static_cast<std::uint32_t>(op->pipe->next_message_bytes()));
            co_return ioctl_reply(*req, w.take());
        }
        default: co_return error(ntstatus::invalid_device_request);
        }
    }

    switch (req->ctl_code) {
    case fs::pipe_transceive:
    case fs::pipe_peek: co_return error(ntstatus::invalid_device_request);
    case fs::get_reparse_point: co_return error(ntstatus::not_a_reparse_point);
    case fs::srv_request_resume_key:
        if (req->max_output_response < 32) co_return error(ntstatus::invalid_parameter);
        co_return ioctl_reply(*req, smb2::resume_key_response{key_of(*op)}.encode());
    case fs::srv_copychunk:
    case fs::srv_copychunk_write: co_return co_await copychunk(ctx, *req, op);
    case fs::create_or_get_object_id:
    case fs::get_object_id: {
        // MS-FSCC 2.1.3 FILE_OBJECTID_BUFFER: the object id is derived from the file id, so
        // it is stable for the life of the file; no birth or domain ids.
        if (req->max_output_response < 64) co_return error(ntstatus::invalid_parameter);
        writer w;
        w.u64(op->file->file_id());
        w.u64(0x4F42'4A49'4453'4D42ull);
        w.zeros(48);
        co_return ioctl_reply(*req, w.take());
    }
    case fs::set_sparse:
        // Every Linux file can be sparse; nothing to change.
        co_return ioctl_reply(*req, {});
    case fs::get_compression: {
        if (req->max_output_response < 2) co_return error(ntstatus::invalid_parameter);
        writer w;
        w.u16(0);  // COMPRESSION_FORMAT_NONE
        co_return ioctl_reply(*req, w.take());
    }
    case fs::query_network_interface_info: co_return error(ntstatus::not_supported);
    default:
        // MS-SMB2 3.3.5.15: anything else goes to the object store, which does not know it.
        co_return error(ntstatus::invalid_device_request);
    }
}

}  // namespace smbkit::server::file
