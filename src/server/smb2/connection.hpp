#pragma once
// One client connection (MS-SMB2 3.3.1.7): transport framing (direct TCP or NetBIOS session
// service), a reader loop, a writer queue so that replies may leave out of order, and the
// request pipeline (pipeline.cpp). Everything of one connection runs on its strand.

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <asio.hpp>

#include "core/uninit_bytes.hpp"
#include "crypto/smb2_crypto.hpp"
#include "server/smb2/credits.hpp"
#include "server/smb2/gate.hpp"
#include "server/smb2/handler.hpp"
#include "server/smb2/session.hpp"
#include "smb2/constants.hpp"
#include "smb2/header.hpp"
#include "smb2/negotiate.hpp"

namespace smbkit::server {

class smb_server;

// The largest frame accepted: 8 MiB of READ/WRITE payload plus headers and a compound's
// worth of small messages. Checked before anything is allocated.
inline constexpr std::uint32_t max_frame_size = 8 * 1024 * 1024 + 64 * 1024;

// A message body as handlers return it (reply::body): encoded after a 64-byte room that
// the pipeline fills with the header, so buffer offsets count from the header start.
template <class Message> bytes encode_body(const Message& m) {
    writer w;
    w.zeros(smb2::header_size);
    m.encode(w);
    return w.take();
}

class connection : public std::enable_shared_from_this<connection> {
public:
    connection(asio::ip::tcp::socket socket, smb_server& server, bool nbss);
    ~connection();

    // Runs until the peer goes away, the connection is dropped or stop() is called.
    asio::awaitable<void> run();
    // Stops reading, sends what is queued, then closes.
    void stop();

    asio::any_io_executor executor() { return socket_.get_executor(); }
    smb_server& server() { return server_; }
    const server_config& config() const;
    const std::string& peer() const { return peer_; }

    // Negotiated state (MS-SMB2 3.3.1.7).
    std::uint16_t dialect() const { return dialect_; }
    std::uint32_t client_capabilities() const { return client_caps_; }
    std::uint32_t server_capabilities() const { return server_caps_; }
    std::uint16_t client_security_mode() const { return client_security_mode_; }
    std::uint16_t server_security_mode() const { return server_security_mode_; }
    const smb2::guid& client_guid() const { return client_guid_; }
    crypto::cipher_id cipher() const { return cipher_; }
    crypto::signing_algorithm signing_algorithm() const { return signing_alg_; }

    session* find_session(std::uint64_t id);
    // Ends a session of this connection now: closes its opens, forgets it (its key stays in
    // logged_off_keys_). Runs on the connection's strand.
    void end_session(std::uint64_t id);
    // Queues a message the server sends unprompted (an oplock break notification, MS-SMB2
    // 3.3.4.6) with its transport header; callable from any strand, dropped if the
    // connection has ended.
    void send_unsolicited(bytes message);

private:
    friend struct pipeline_access;
    struct pending_request;
    struct chain_state;

    asio::awaitable<bool> nbss_handshake();
    asio::awaitable<void> writer_loop();
    // Fills `frame` from the socket; the error that ended it early, if any.
    asio::awaitable<std::error_code> read_frame(std::span<std::uint8_t> frame);
    void send_frame(bytes smb_message);  // adds the 4-byte transport header
    void drop(std::string_view why);

    // pipeline.cpp
    asio::awaitable<void> process_frame(uninit_bytes frame, std::shared_ptr<request_gate> g);
    // `plain` stays valid until this returns (it is owned by process_frame).
    asio::awaitable<void> process_chain(byte_span plain, std::uint64_t encrypted_session,
                                        std::shared_ptr<request_gate> g);
    void answer_smb1(byte_span frame);
    bytes finish_response(const smb2::header& request, ntstatus status, bytes body,
                          std::uint16_t credits, std::optional<std::uint64_t> async_id);
    bool check_credit_charge(const smb2::header& h, byte_span message);

    // negotiate.cpp, session_setup.cpp, tree.cpp
    asio::awaitable<reply> handle_negotiate(request_context& ctx);
    reply negotiate_reply(std::uint16_t dialect, const std::vector<smb2::negotiate_context>* in);
    asio::awaitable<reply> handle_session_setup(request_context& ctx, session*& sess_out);
    asio::awaitable<reply> handle_logoff(request_context& ctx);
    asio::awaitable<void> end_previous_session(std::uint64_t previous, const std::string& user);
    asio::awaitable<reply> handle_tree_connect(request_context& ctx);
    asio::awaitable<reply> handle_tree_disconnect(request_context& ctx);
    asio::awaitable<reply> handle_validate_negotiate(request_context& ctx);

    asio::ip::tcp::socket socket_;
    smb_server& server_;
    bool nbss_;
    std::string peer_;
    bool open_ = true;
    bool closing_ = false;
    // Queued messages with their 4-byte transport headers (kept apart: no copy of a message).
    struct out_frame {
        std::array<std::uint8_t, 4> header;
        bytes message;
    };
    std::deque<out_frame> out_;
    asio::steady_timer out_signal_;

    // Negotiate state.
    bool negotiated_ = false;
    std::uint16_t dialect_ = 0;
    std::uint32_t client_caps_ = 0;
    std::uint32_t server_caps_ = 0;
    std::uint16_t client_security_mode_ = 0;
    std::uint16_t server_security_mode_ = 0;
    smb2::guid client_guid_{};
    std::vector<std::uint16_t> client_dialects_;
    crypto::cipher_id cipher_ = crypto::cipher_id::none;
    crypto::signing_algorithm signing_alg_ = crypto::signing_algorithm::hmac_sha256;
    crypto::preauth_hash preauth_;  // 3.1.1: NEGOTIATE request + response
    bool smb1_upgraded_ = false;

    io_barrier io_;  // READ/WRITE requests whose file I/O still runs
    credit_window credits_;
    std::map<std::uint64_t, std::unique_ptr<session>> sessions_;
    // Signing keys of sessions ended by LOGOFF on this connection (the last few). A signed
    // request that still names one gets STATUS_USER_SESSION_DELETED with the SIGNED flag and
    // a real signature: Samba's client requires the flag on every response of a session
    // that had to sign (smb2.connect sends a second LOGOFF on purpose).
    std::deque<std::pair<std::uint64_t, crypto::signing_key>> logged_off_keys_;
    // Set by handle_session_setup: the key that signs its response (none: unsigned).
    std::optional<crypto::signing_key> setup_reply_key_;

    // Requests still running, for CANCEL (by MessageId, or AsyncId once async).
    struct running {
        std::uint64_t message_id = 0;
        std::uint64_t session_id = 0;
        std::optional<std::uint64_t> async_id;
        bool cancelled = false;
        std::function<void()> on_cancel;
    };
    std::map<std::uint64_t, std::shared_ptr<running>> running_;  // by MessageId
    std::uint64_t next_async_id_ = 1;
};

}  // namespace smbkit::server
