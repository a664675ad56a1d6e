#pragma once
// An SMB2/SMB3 client connection (MS-SMB2 3.2): NEGOTIATE with every dialect and the 3.1.1
// contexts, one authenticated session (SPNEGO/NTLMv2, anonymous or guest), signing and
// encryption checked on every response, message ids and credits, several requests in flight.
//
// One reader coroutine routes responses to their waiting requests by MessageId, so replies
// may come back in any order and STATUS_PENDING interim responses are absorbed.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "auth/gss.hpp"
#include "client/compound.hpp"
#include "client/error.hpp"
#include "client/transport.hpp"
#include "crypto/smb2_crypto.hpp"
#include "smb2/constants.hpp"
#include "smb2/header.hpp"
#include "smb2/negotiate.hpp"

namespace smbkit::client {

struct negotiate_options {
    // Offered dialects (wire values); a probe offers exactly one.
    std::vector<std::uint16_t> dialects{smb2::dialect::smb2_002, smb2::dialect::smb2_1,
                                        smb2::dialect::smb3_0, smb2::dialect::smb3_0_2,
                                        smb2::dialect::smb3_1_1};
    bool require_signing = false;
    std::vector<std::uint16_t> ciphers{smb2::cipher::aes128_gcm, smb2::cipher::aes128_ccm,
                                       smb2::cipher::aes256_gcm, smb2::cipher::aes256_ccm};
    std::vector<std::uint16_t> signing_algorithms{smb2::signing_algorithm::aes_gmac,
                                                  smb2::signing_algorithm::aes_cmac,
                                                  smb2::signing_algorithm::hmac_sha256};
    std::chrono::milliseconds timeout{10000};
};

struct negotiated {
    smb2::negotiate_response response;
    std::uint16_t dialect = 0;
    std::uint16_t cipher = 0;             // 3.1.1 context, or AES-128-CCM for 3.0/3.0.2
    std::uint16_t signing_algorithm = 0;  // 3.1.1 context, or the dialect's default
    std::vector<std::uint16_t> offered_ciphers;  // what the server's context listed
    bool preauth_sha512 = false;
    bool signing_required() const {
        return response.security_mode & smb2::security_mode::signing_required;
    }
};

struct credentials {
    std::string user;  // empty: anonymous
    std::string domain;
    std::string password;
    std::optional<std::array<std::uint8_t, 16>> nt_hash;
    bool anonymous() const { return user.empty(); }
};

struct session_info {
    std::uint64_t id = 0;
    bool guest = false;      // SMB2_SESSION_FLAG_IS_GUEST
    bool anonymous = false;  // SMB2_SESSION_FLAG_IS_NULL
    bool signing = false;    // requests signed and responses verified
    bool encrypting = false;
};

struct response {
    smb2::header hdr;
    bytes message;           // the whole message from its header: codecs decode from here
    bool encrypted = false;  // arrived inside a transform message (so it needs no signature)
};

struct tree_info {
    std::uint32_t id = 0;
    std::uint8_t share_type = 0;  // smb2::share_type
    std::uint32_t share_flags = 0;
    std::uint32_t capabilities = 0;
    std::uint32_t maximal_access = 0;
};

// One request of a compounded chain (connection::send_chain).
struct chained_request {
    smb2::command cmd = smb2::command::negotiate;
    std::function<void(writer&)> body;
    std::uint16_t credit_charge = 1;
};

struct request_options {
    std::uint16_t credit_charge = 1;  // a chain takes each request's own charge instead
    std::uint32_t tree_id = 0;
    bool encrypt = false;  // encrypt this request even when the session does not require it
    bytes* capture = nullptr;  // receives the request message as sent (before any transform)
};

class connection : public std::enable_shared_from_this<connection> {
public:
    // Connects and negotiates. A server that answers with an SMB1 reply, or with a dialect
    // that was not offered, is a malformed-reply error.
    static asio::awaitable<outcome<std::shared_ptr<connection>>> open(endpoint ep,
                                                                      negotiate_options opts);
    ~connection();

    const negotiated& info() const { return negotiated_; }
    const session_info& session() const { return session_; }
    std::chrono::milliseconds timeout() const { return opts_.timeout; }

    // SESSION_SETUP until done; then every request is signed (or encrypted) when the
    // session has a key and the server or the caller asks for it.
    asio::awaitable<outcome<session_info>> login(const credentials& creds, bool require_encryption = false);
    asio::awaitable<outcome<void>> logoff();
    // TREE_CONNECT to "\\\\host\\share"; marks the tree encrypted when the share says so.
    asio::awaitable<outcome<tree_info>> tree_connect(const std::string& unc);
    asio::awaitable<outcome<void>> tree_disconnect(std::uint32_t tree_id);

    // One request: `body` appends the request body to a writer whose offset 0 is the
    // message's header. The reply is returned whatever its status; `check` makes an error
    // status an error.
    asio::awaitable<outcome<response>> send(smb2::command cmd, const std::function<void(writer&)>& body,
                                            request_options o = {});
    asio::awaitable<outcome<response>> call(smb2::command cmd, const std::function<void(writer&)>& body,
                                            request_options o = {});
    // MS-SMB2 3.2.4.1.4: the requests go out as one compounded message (one transform when
    // encrypting, each message signed when signing) and every reply is awaited; the server
    // may answer in one frame or several, with interim STATUS_PENDING replies on the way.
    // `related`: each request after the first works on the previous one's FileId (pass
    // smb2::related_file_id), session and tree. The replies come back in request order,
    // whatever their status.
    asio::awaitable<outcome<std::vector<response>>> send_chain(std::vector<chained_request> chain,
                                                              request_options o = {},
                                                              bool related = true);
    // Marks a tree as encrypted (its share has SMB2_SHAREFLAG_ENCRYPT_DATA).
    void encrypt_tree(std::uint32_t tree_id) { encrypted_trees_.push_back(tree_id); }
    void close();

private:
    struct waiter;
    explicit connection(asio::any_io_executor ex, negotiate_options opts)
        : transport_(ex), opts_(std::move(opts)), credit_wait_(ex) {}
    asio::awaitable<outcome<void>> negotiate(const endpoint& ep);
    asio::awaitable<void> reader();
    void fail_all(const error& e);
    outcome<void> verify(const response& r) const;
    bool must_encrypt(const request_options& o) const;
    asio::awaitable<outcome<void>> take_credits(std::uint16_t charge);
    asio::awaitable<outcome<response>> await_reply(std::shared_ptr<waiter> w, std::uint64_t id,
                                                   smb2::command cmd);

    transport transport_;
    negotiate_options opts_;
    negotiated negotiated_;
    session_info session_;
    std::optional<crypto::session_keys> keys_;
    crypto::preauth_hash conn_preauth_;
    std::vector<std::uint32_t> encrypted_trees_;
    std::uint64_t next_message_id_ = 0;
    std::uint32_t credits_ = 1;
    asio::steady_timer credit_wait_;
    std::map<std::uint64_t, std::shared_ptr<waiter>> pending_;
    std::optional<error> broken_;
    bool reader_running_ = false;
    smb2::guid client_guid_{};
};

// "2.0.2", "3.1.1"; "0x02FF" style for values without a name.
std::string dialect_name(std::uint16_t dialect);
std::string cipher_name(std::uint16_t cipher);
std::string signing_algorithm_name(std::uint16_t algorithm);

}  // namespace smbkit::client
