// MS-SMB2 3.3.5.7 TREE_CONNECT and 3.3.5.8 TREE_DISCONNECT.
#include <algorithm>

#include "core/log.hpp"
#include "core/utf16.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/file/open_table.hpp"
#include "server/smb2/server.hpp"
#include "smb2/simple.hpp"
#include "smb2/tree_connect.hpp"

namespace smbkit::server {
namespace {

bool listed(const std::vector<std::string>& list, const std::string& user) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& u) { return iequals_utf8(u, user); });
}

}  // namespace

bool may_connect(const share_config& share, const session& s, int restrict_anonymous) {
    // Null sessions only to IPC$, guests only to "guest ok" shares, users by "valid users" /
    // "invalid users".
    if (s.anonymous) return share.ipc && restrict_anonymous < 2;
    if (s.guest) return share.ipc || share.guest_ok;
    if (share.ipc) return true;
    if (!share.valid_users.empty() && !listed(share.valid_users, s.user)) return false;
    return !listed(share.invalid_users, s.user);
}

void apply_share_rights(tree_connect& t, const session& s, bool admitted) {
    const share_config& share = *t.share;
    t.read_only = share.read_only || share.ipc || !admitted;
    if (admitted && !s.guest && !s.anonymous) {
        if (listed(share.write_list, s.user)) t.read_only = false;
        if (listed(share.read_list, s.user)) t.read_only = true;
    }
    t.maximal_access = share.ipc ? 0x001F01FFu
                       : t.read_only ? 0x001200A9u  // FILE_GENERIC_READ | EXECUTE
                                     : 0x001F01FFu;  // FILE_ALL_ACCESS
}

asio::awaitable<reply> connection::handle_tree_connect(request_context& ctx) {
    auto req = smb2::tree_connect_request::decode(ctx.message);
    if (!req) co_return reply{ntstatus::invalid_parameter, {}, {}};
    session& s = *ctx.sess;
    auto name = req->share_name();
    const share_config* share = config().find_share(name);
    if (!share || !share->available) {
        spdlog::debug("smb: {}: no share '{}'", peer_, name);
        co_return reply{ntstatus::bad_network_name, {}, {}};
    }
    if (!may_connect(*share, s, config().restrict_anonymous))
        co_return reply{ntstatus::access_denied, {}, {}};
    auto t = std::make_shared<tree_connect>();
    t->share = share;
    apply_share_rights(*t, s, true);
    if (share->encrypt == encrypt_mode::required && !share->ipc) {
        if (!s.can_encrypt()) {
            spdlog::info("smb: {}: share '{}' needs encryption; the session cannot encrypt",
                         peer_, share->name);
            co_return reply{ntstatus::access_denied, {}, {}};
        }
        t->encrypt = true;
    } else if (share->encrypt == encrypt_mode::desired && s.can_encrypt() && !share->ipc) {
        t->encrypt = true;
    }
    t->id = s.next_tree_id++;
    if (s.next_tree_id == 0 || s.next_tree_id == 0xFFFFFFFF) s.next_tree_id = 1;
    s.trees[t->id] = t;
    ctx.tree_id = t->id;

    smb2::tree_connect_response r;
    r.share_type = share->ipc ? smb2::share_type::pipe : smb2::share_type::disk;
    r.share_flags = share->ipc ? smb2::share_flags::no_caching : smb2::share_flags::manual_caching;
    if (t->encrypt) r.share_flags |= smb2::share_flags::encrypt_data;
    r.capabilities = 0;
    r.maximal_access = t->maximal_access;
    spdlog::debug("smb: {}: tree {} -> [{}]", peer_, t->id, share->name);
    co_return reply{ntstatus::success, encode_body(r), {}};
}

asio::awaitable<reply> connection::handle_tree_disconnect(request_context& ctx) {
    if (!smb2::tree_disconnect_request::decode(ctx.message))
        co_return reply{ntstatus::invalid_parameter, {}, {}};
    if (ctx.sess) {
        if (auto t = ctx.sess->find_tree(ctx.tree_id); t && t->opens) t->opens->close_all();
        ctx.sess->trees.erase(ctx.tree_id);
    }
    co_return reply{ntstatus::success, encode_body(smb2::tree_disconnect_response{}), {}};
}

}  // namespace smbkit::server
