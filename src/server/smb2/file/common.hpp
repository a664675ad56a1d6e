#pragma once
// Pieces shared by the file command handlers: finding the tree's open table and backend,
// resolving a FileId (related compounds included), and turning a codec's encode() into a
// reply body.

#include <memory>

#include <asio.hpp>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "server/smb2/file/open_table.hpp"
#include "server/smb2/handler.hpp"
#include "smb2/constants.hpp"

namespace smbkit::vfs {
class share;
}

namespace smbkit::server::file {

// The open table of the request's tree, created on first use; STATUS_NETWORK_NAME_DELETED
// when the request has no tree.
result<open_table*> table_of(request_context& ctx);
// The share backend of a disk tree.
result<std::shared_ptr<vfs::share>> backend_of(request_context& ctx);
bool is_ipc(const request_context& ctx);
bool tree_read_only(const request_context& ctx);

// The open a request's FileId names. 0xFFFF...FF in a related compound means the FileId the
// previous CREATE (or request) of the chain left (MS-SMB2 3.3.5.2.7.2); without one, and for
// an unknown FileId → STATUS_FILE_CLOSED.
result<std::shared_ptr<open>> lookup(request_context& ctx, const smb2::file_id& id);

smb2::file_id to_smb2(const file_id& id);
file_id from_smb2(const smb2::file_id& id);

// Encodes a response body after a 64-byte room for the header (see reply::body).
template <class Body> bytes body_of(const Body& b) {
    writer w;
    w.zeros(64);
    b.encode(w);
    return w.take();
}

template <class Body> reply ok(const Body& b, ntstatus status = ntstatus::success) {
    return reply{status, body_of(b), {}};
}
inline reply error(ntstatus s) { return reply{s, {}, {}}; }

// The largest READ, WRITE and other transfer payload the server accepts ("smb2 max read",
// "smb2 max write", "smb2 max trans").
std::uint32_t max_read(const request_context& ctx);
std::uint32_t max_write(const request_context& ctx);
std::uint32_t max_trans(const request_context& ctx);

}  // namespace smbkit::server::file
