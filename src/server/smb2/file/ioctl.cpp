// MS-SMB2 3.3.5.15 Receiving an SMB2 IOCTL Request, for the FSCTLs that concern files and
// pipes (VALIDATE_NEGOTIATE_INFO belongs to the connection and is answered there).
#include <algorithm>

#include "rpc/pipe.hpp"
#include "server/blocking.hpp"
#include "server/net_interfaces.hpp"
#include "smb2/negotiate.hpp"  // before connection.hpp, which uses it
#include "server/smb2/connection.hpp"
#include "server/smb2/server.hpp"
#include "server/smb2/session.hpp"
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

// The 24-byte resume key names the open: its two ids, a tag recognising our keys and the
// tree it was opened through, so that a copy may read from another tree (another share) of
// the same session, as Windows allows.
constexpr std::uint32_t key_tag = 0x4B59454B;

smb2::resume_key key_of(const open& o) {
    writer w;
    w.u64(o.persistent_id);
    w.u64(o.volatile_id);
    w.u32(key_tag);
    w.u32(o.tree_id);
    smb2::resume_key k{};
    std::copy(w.data().begin(), w.data().end(), k.begin());
    return k;
}

// The open a resume key names, among the opens of the session's trees.
std::shared_ptr<open> open_of_key(request_context& ctx, const smb2::resume_key& key) {
    reader k(key);
    std::uint64_t persistent = k.u64(), vol = k.u64();
    std::uint32_t tag = k.u32(), tree_id = k.u32();
    if (tag != key_tag) return nullptr;
    open_table* table = nullptr;
    if (tree_id == ctx.tree_id) {
        if (auto t = table_of(ctx)) table = *t;
    } else if (ctx.sess) {
        if (auto tree = ctx.sess->find_tree(tree_id); tree && tree->opens)
            table = tree->opens.get();
    }
    if (!table) return nullptr;
    auto src = table->find(make_file_id(persistent, vol));
    return src ? *src : nullptr;
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
    auto src = open_of_key(ctx, creq->source_key);
    if (!src || !src->file) co_return error(ntstatus::object_name_not_found);
    if (src->is_directory || target->is_directory || !target->file)
        co_return error(ntstatus::invalid_device_request);
    // Reading the source needs FILE_READ_DATA, or FILE_EXECUTE, which also lets the data be
    // read (as Windows and Samba allow).
    if (!(src->granted_access & (a::file_read_data | a::file_execute)))
        co_return error(ntstatus::access_denied);
    if (!(target->granted_access & (a::file_write_data | a::file_append_data)))
        co_return error(ntstatus::access_denied);
    // Plain COPYCHUNK also needs read access on the target (MS-SMB2 3.3.5.15.6).
    if (req.ctl_code == fs::srv_copychunk && !(target->granted_access & a::file_read_data))
        co_return error(ntstatus::access_denied);

    auto from = src->file;
    auto to = target->file;
    struct outcome {
        std::uint32_t chunks = 0;
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
            o.total += static_cast<std::uint32_t>(*w);
        }
        return o;
    };
    auto out = co_await run_blocking(std::move(work1));
    // MS-SMB2 3.3.5.15.6: the answer says how much was copied also when a chunk failed (a lock
    // conflict, a source shorter than asked), so the client can go on from there.
    // ChunkBytesWritten stays 0: a chunk is written whole or not at all (2.2.32.1).
    smb2::copychunk_response done{out.chunks, 0, out.total};
    co_return ioctl_reply(req, done.encode(), out.status);
}

// The addresses the server's listeners are bound to; none when the request did not come
// through a server (unit tests), which announces the host's interfaces as a wildcard does.
std::vector<asio::ip::address> listening_addresses(request_context& ctx) {
    std::vector<asio::ip::address> out;
    if (!ctx.conn) return out;
    for (const auto& e : ctx.conn->server().endpoints()) {
        std::error_code ec;
        auto a = asio::ip::make_address(e.substr(0, e.rfind(':')), ec);
        if (!ec && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    return out;
}

// MS-SMB2 3.3.5.15.11. The FileId must be all ones (3.3.5.15); 2.x dialects have no
// multichannel and get STATUS_NOT_SUPPORTED; an answer larger than MaxOutputResponse is
// STATUS_BUFFER_TOO_SMALL rather than a truncated list (as Windows and Samba answer).
asio::awaitable<reply> network_interfaces(request_context& ctx, const smb2::ioctl_request& req) {
    if (req.id != smb2::related_file_id || !req.input.empty())
        co_return error(ntstatus::invalid_parameter);
    if (ctx.dialect < smb2::dialect::smb3_0) co_return error(ntstatus::not_supported);
    // A named work item moved in, as run_blocking wants (blocking.hpp: g++ 12 destroys a
    // temporary lambda with captures twice inside co_await).
    auto work = [listening = listening_addresses(ctx)] { return announced_interfaces(listening); };
    auto list = co_await run_blocking(std::move(work));
    auto out = smb2::encode_network_interfaces(list);
    if (out.size() > req.max_output_response) co_return error(ntstatus::buffer_too_small);
    co_return ioctl_reply(req, std::move(out));
}

}  // namespace

asio::awaitable<reply> handle_ioctl(request_context& ctx) {
    auto req = smb2::ioctl_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    if (req->flags != smb2::ioctl_flags::is_fsctl) co_return error(ntstatus::not_supported);
    if (req->input.size() > max_trans(ctx) || req->max_output_response > max_trans(ctx) ||
        req->max_input_response > max_trans(ctx))
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
    case fs::query_network_interface_info: co_return co_await network_interfaces(ctx, *req);
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
    case fs::set_compression: {
        // MS-FSCC 2.3.67. The file systems served have no compression (the volume does not
        // report FILE_FILE_COMPRESSION): turning it off is a no-op, anything else is not
        // supported, as Windows on ReFS and Samba answer.
        if (!(op->granted_access & a::file_write_data)) co_return error(ntstatus::access_denied);
        if (req->input.size() < 2) co_return error(ntstatus::invalid_parameter);
        reader r(req->input);
        if (r.u16() != 0) co_return error(ntstatus::not_supported);  // COMPRESSION_FORMAT_NONE
        co_return ioctl_reply(*req, {});
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
    default:
        // MS-SMB2 3.3.5.15: anything else goes to the object store, which does not know it.
        co_return error(ntstatus::invalid_device_request);
    }
}

}  // namespace smbkit::server::file
