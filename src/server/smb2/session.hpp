#pragma once
// Session and tree connect state of the SMB2 server (MS-SMB2 3.3.1.8 Session, 3.3.1.9
// TreeConnect). The pipeline owns these; handlers read them through request_context.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auth/gss.hpp"
#include "crypto/smb2_crypto.hpp"
#include "server/server_config.hpp"

namespace smbkit::server {

class connection;

namespace file {
class open_table;  // server/smb2/file: the opens of one tree connect
struct security_token;  // server/smb2/file/access_check.hpp
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

// What the server knows of a session beyond its own connection (MS-SMB2 3.3.1.1
// GlobalSessionTable): enough for another connection to answer a binding attempt with the
// status Windows gives, to sign that answer with the session's key, and to end the session
// when its user logs on again naming it as PreviousSessionId (3.3.5.5.3).
struct session_record {
    crypto::signing_algorithm signing_algorithm = crypto::signing_algorithm::hmac_sha256;
    std::optional<crypto::signing_key> signing;  // none for guest and anonymous sessions
    std::string user;                            // account name; empty for guest, anonymous
    std::weak_ptr<connection> owner;             // the connection the session lives on
};

// The valid sessions of every connection of one server, by SessionId. Shared with the
// sessions themselves, each of which takes itself out when it ends.
class session_registry {
public:
    void put(std::uint64_t id, session_record r);
    void remove(std::uint64_t id);
    std::optional<session_record> find(std::uint64_t id) const;  // a copy, keys included
    std::size_t size() const;

private:
    mutable std::mutex mu_;
    std::map<std::uint64_t, session_record> records_;
};

// MS-SMB2 3.3.5.5 for a SESSION_SETUP with SMB2_SESSION_FLAG_BINDING naming `bound` on a
// connection that negotiated `signing`: the signing algorithms are compared first when either
// side uses AES-GMAC (REQUEST_OUT_OF_SEQUENCE / NOT_SUPPORTED, as Windows and Samba answer);
// otherwise REQUEST_NOT_ACCEPTED, since this server offers no multichannel.
ntstatus binding_refusal(const session_record& bound, crypto::signing_algorithm signing);

enum class session_state { in_progress, valid, expired };

// MS-SMB2 3.3.1.8.
class session {
public:
    session() = default;
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    ~session() {
        if (registry) registry->remove(id);
    }

    std::uint64_t id = 0;
    // Where the session is known to the other connections once valid (null in unit tests).
    std::shared_ptr<session_registry> registry;
    session_state state = session_state::in_progress;

    // Who is logged on.
    std::string user;     // account name as stored (authenticated) or as sent
    std::string domain;
    bool guest = false;
    bool anonymous = false;
    // The user's SIDs for access checks, built by the file handlers on first use.
    std::shared_ptr<const file::security_token> token;

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

// tree.cpp. Whether the session's user may connect to `share` (MS-SMB2 3.3.5.7; null
// sessions only to IPC$, guests only to "guest ok" shares, users by "valid users" and
// "invalid users").
bool may_connect(const share_config& share, const session& s, int restrict_anonymous);
// Sets read_only and maximal_access of `t` for the session's user. `admitted` false (after a
// re-authentication as someone who could not connect to the share): the tree keeps its
// opens but becomes read-only.
void apply_share_rights(tree_connect& t, const session& s, bool admitted);

}  // namespace smbkit::server
