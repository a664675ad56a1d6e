#pragma once
// Session and tree connect state of the SMB2 server (MS-SMB2 3.3.1.8 Session, 3.3.1.9
// TreeConnect). The pipeline owns these; handlers read them through request_context.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/gss.hpp"
#include "crypto/smb2_crypto.hpp"
#include "server/server_config.hpp"

namespace smbkit::server {

namespace file {
class open_table;  // server/smb2/file: the opens of one tree connect
}

// MS-SMB2 3.3.1.9. Lives until TREE_DISCONNECT, LOGOFF or the end of the connection.
class tree_connect {
public:
    std::uint32_t id = 0;
    const share_config* share = nullptr;  // owned by the server; outlives every tree
    bool read_only = true;       // for this user: share "read only" and read/write lists
    bool encrypt = false;        // requests must arrive encrypted (share "smb encrypt")
    std::uint32_t maximal_access = 0;
    // Opens made through this tree, created by the file handlers on first use. Destroying
    // the table (tree disconnect, logoff, connection end) must close every open in it.
    std::shared_ptr<file::open_table> opens;

    bool is_ipc() const { return share && share->ipc; }
};

enum class session_state { in_progress, valid, expired };

// MS-SMB2 3.3.1.8.
class session {
public:
    std::uint64_t id = 0;
    session_state state = session_state::in_progress;

    // Who is logged on.
    std::string user;     // account name as stored (authenticated) or as sent
    std::string domain;
    bool guest = false;
    bool anonymous = false;

    bool signing_required = false;
    bool encrypt_data = false;  // every request and response of the session is encrypted
    crypto::session_keys keys;  // empty signing key for guest and anonymous sessions
    crypto::preauth_hash preauth;  // 3.1.1: chained over this session's setup messages

    std::unique_ptr<auth::gss_server> auth;  // while the exchange runs
    std::map<std::uint32_t, std::shared_ptr<tree_connect>> trees;
    std::uint32_t next_tree_id = 1;

    bool can_sign() const { return !keys.signing.key.empty(); }
    bool can_encrypt() const {
        return keys.server_to_client.cipher != crypto::cipher_id::none &&
               !keys.server_to_client.key.empty();
    }
    std::shared_ptr<tree_connect> find_tree(std::uint32_t tree_id) const {
        auto it = trees.find(tree_id);
        return it == trees.end() ? nullptr : it->second;
    }
};

}  // namespace smbkit::server
