// MS-SMB2 3.3.5.21 Receiving an SMB2 SET_INFO Request (MS-FSCC 2.4 classes, MS-FSA 2.1.5.14).
#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/ea.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/oplock.hpp"
#include "server/smb2/file/security.hpp"
#include "server/smb2/file/set_security.hpp"
#include "smb2/fscc/ea.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/info.hpp"
#include "smb2/simple.hpp"
#include "vfs/handle.hpp"

namespace smbkit::server::file {
namespace {

namespace fic = smb2::file_info_class;
namespace sf = smb2::fscc;

// FileBasicInformation times: 0 leaves a time alone, and so do -1 ("stop updating it for
// this handle", MS-FSCC 2.4.7) and -2 ("resume updating"), which Linux cannot honour.
std::optional<vfs::nt_time> time_change(std::uint64_t t) {
    if (t == 0 || t == UINT64_MAX || t == UINT64_MAX - 1) return std::nullopt;
    return t;
}

// FileModeInformation: only these bits may be set (MS-FSCC 2.4.26).
constexpr std::uint32_t mode_bits = 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 |
                                    0x00000020 | 0x00001000;

using op_fn = std::function<result<void>(vfs::handle&)>;

}  // namespace

asio::awaitable<reply> handle_set_info(request_context& ctx) {
    auto req = smb2::set_info_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (req->buffer.size() > max_trans(ctx)) co_return error(ntstatus::invalid_parameter);
    if (op->pipe) co_return error(ntstatus::invalid_parameter);

    switch (req->info_type) {
    case smb2::info_type::file: break;
    case smb2::info_type::security:
        co_return co_await set_security(ctx, *op, req->additional_information, req->buffer);
    case smb2::info_type::filesystem:
    case smb2::info_type::quota: co_return error(ntstatus::not_supported);
    default: co_return error(ntstatus::invalid_parameter);
    }

    const byte_span buf = req->buffer;
    op_fn fn;
    bool deleting = false;  // delete pending set: other leases lose handle caching
    switch (req->file_info_class) {
    case fic::basic: {
        auto b = sf::basic_information::decode(buf);
        if (!b) co_return error(b.error());
        vfs::basic_info_change c;
        c.creation_time = time_change(b->creation_time);
        c.last_access_time = time_change(b->last_access_time);
        c.last_write_time = time_change(b->last_write_time);
        c.change_time = time_change(b->change_time);
        if (b->file_attributes != 0) {
            // DIRECTORY on a file, or a bit that cannot be set, is refused (MS-FSA 2.1.5.14.2).
            if ((b->file_attributes & smb2::file_attribute::directory) && !op->is_directory)
                co_return error(ntstatus::invalid_parameter);
            c.attributes = b->file_attributes;
        }
        fn = [c](vfs::handle& h) { return h.set_basic_info(c); };
        break;
    }
    case fic::rename: {
        auto r = sf::rename_information::decode(buf);
        if (!r) co_return error(r.error());
        if (r->root_directory != 0) co_return error(ntstatus::invalid_parameter);
        if (r->file_name.empty()) co_return error(ntstatus::invalid_parameter);
        fn = [r = *r, token = session_token(ctx)](vfs::handle& h) {
            return h.rename(r.file_name, r.replace_if_exists,
                            [&token](int dir_fd, bool is_directory) -> result<void> {
                                if (!token) return {};
                                return check_rename_target(dir_fd, is_directory, *token);
                            });
        };
        break;
    }
    case fic::link: co_return error(ntstatus::not_supported);
    case fic::disposition: {
        auto d = sf::disposition_information::decode(buf);
        if (!d) co_return error(d.error());
        fn = [v = d->delete_pending](vfs::handle& h) { return h.set_delete_pending(v); };
        deleting = d->delete_pending;
        break;
    }
    case fic::disposition_ex: {
        auto d = sf::disposition_ex_information::decode(buf);
        if (!d) co_return error(d.error());
        namespace df = sf::disposition_ex_flags;
        if (d->value & df::on_close) co_return error(ntstatus::not_supported);
        fn = [v = (d->value & df::delete_) != 0](vfs::handle& h) {
            return h.set_delete_pending(v);
        };
        deleting = (d->value & df::delete_) != 0;
        break;
    }
    case fic::position: {
        auto p = sf::position_information::decode(buf);
        if (!p) co_return error(p.error());
        if (p->value > static_cast<std::uint64_t>(INT64_MAX))
            co_return error(ntstatus::invalid_parameter);
        op->position = p->value;
        co_return ok(smb2::set_info_response{});
    }
    case fic::mode: {
        auto m = sf::mode_information::decode(buf);
        if (!m) co_return error(m.error());
        if (m->value & ~mode_bits) co_return error(ntstatus::invalid_parameter);
        // Both synchronous modes at once, or DELETE_ON_CLOSE, may not be set this way.
        if ((m->value & 0x30) == 0x30 || (m->value & 0x1000))
            co_return error(ntstatus::invalid_parameter);
        op->mode = m->value;
        co_return ok(smb2::set_info_response{});
    }
    case fic::end_of_file: {
        auto e = sf::end_of_file_information::decode(buf);
        if (!e) co_return error(e.error());
        if (op->is_directory) co_return error(ntstatus::invalid_parameter);
        fn = [v = e->value](vfs::handle& h) { return h.set_end_of_file(v); };
        break;
    }
    case fic::allocation: {
        auto e = sf::allocation_information::decode(buf);
        if (!e) co_return error(e.error());
        if (op->is_directory) co_return error(ntstatus::invalid_parameter);
        fn = [v = e->value](vfs::handle& h) { return h.set_allocation_size(v); };
        break;
    }
    case fic::full_ea: {
        // MS-SMB2 3.3.5.21.1; the list is checked as Windows' IoCheckEaBufferValidity does.
        if (!(op->granted_access & smb2::access::file_write_ea) || tree_read_only(ctx))
            co_return error(ntstatus::access_denied);
        if (buf.empty()) co_return error(ntstatus::invalid_parameter);
        auto list = sf::decode_full_ea_list(buf);
        if (!list) co_return error(list.error());
        if (auto c = check_client_eas(*list); !c) co_return error(c.error());
        auto file = op->file;
        auto work2 = [file, eas = std::move(*list)] { return store_client_eas(file->fd(), eas); };
        auto r = co_await run_blocking(std::move(work2));
        if (!r) co_return error(r.error());
        co_return ok(smb2::set_info_response{});
    }
    default: co_return error(ntstatus::invalid_info_class);
    }

    if (req->file_info_class == fic::end_of_file || req->file_info_class == fic::allocation)
        oplock_break_level2(*op);
    if (req->file_info_class == fic::rename) {
        // Other clients' handle caching goes before the name changes under them.
        co_await oplock_break_handle_wait(ctx, *op);
        if (op->closed) co_return error(ntstatus::file_closed);
    }
    auto file = op->file;
    auto work1 = [file, fn] { return fn(*file); };
    auto r = co_await run_blocking(std::move(work1));
    if (!r) co_return error(r.error());
    if (req->file_info_class == fic::rename) op->path = file->path();
    if (deleting) oplock_break_handle(*op);
    co_return ok(smb2::set_info_response{});
}

}  // namespace smbkit::server::file
