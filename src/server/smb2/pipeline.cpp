// The request pipeline, MS-SMB2 3.3.5: frame -> decrypt -> (SMB1 negotiate upgrade) ->
// split compound -> per message: header checks, credits, session, signature, tree ->
// dispatch -> response header, credits granted -> sign / encrypt -> send.
#include <algorithm>
#include <cstring>

#include "core/log.hpp"
#include "server/buffer_pool.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/gate.hpp"
#include "server/smb2/server.hpp"
#include "smb2/error.hpp"
#include "smb2/simple.hpp"
#include "smb2/smb1_negotiate.hpp"
#include "smb2/transform.hpp"

namespace smbkit::server {
namespace {

log::rate_limiter bad_request_limiter;

using smb2::command;

// Commands answered without a session (MS-SMB2 3.3.5.2.9: NEGOTIATE, SESSION_SETUP does its
// own look-up; ECHO needs none in Windows and Samba alike).
bool needs_session(command c) {
    return c != command::negotiate && c != command::session_setup && c != command::echo &&
           c != command::cancel;
}

// MS-SMB2 3.3.5.2.11: commands that act on a tree connect.
bool needs_tree(command c) {
    switch (c) {
    case command::negotiate:
    case command::session_setup:
    case command::logoff:
    case command::tree_connect:
    case command::echo:
    case command::cancel:
        return false;
    default:
        return true;
    }
}

std::uint32_t peek_u32(byte_span message, std::size_t body_offset) {
    reader r(message);
    if (!r.seek(smb2::header_size + body_offset)) return 0;
    auto v = r.u32();
    return r.ok() ? v : 0;
}

}  // namespace

struct out_message {
    bytes data;
    std::optional<crypto::signing_key> sign;
};

// MS-SMB2 3.3.5.2.5: a multi-credit request must be charged for the larger of what it sends
// and what it asks back, one credit per 64 KiB.
bool connection::check_credit_charge(const smb2::header& h, byte_span m) {
    if (dialect_ < smb2::dialect::smb2_1 || !(server_caps_ & smb2::cap::large_mtu)) return true;
    std::uint64_t payload = 0;
    switch (h.cmd) {
    case command::read:
    case command::change_notify:
        payload = peek_u32(m, 4);
        break;
    case command::write:
    case command::set_info:
        payload = peek_u32(m, 4);
        break;
    case command::query_directory:
        payload = peek_u32(m, 28);
        break;
    case command::query_info:
        payload = std::max(peek_u32(m, 4), peek_u32(m, 12));
        break;
    case command::ioctl:
        payload = std::max(peek_u32(m, 28), peek_u32(m, 44));
        break;
    default:
        return true;
    }
    std::uint64_t needed = payload == 0 ? 1 : (payload - 1) / 65536 + 1;
    std::uint64_t charge = h.credit_charge == 0 ? 1 : h.credit_charge;
    return charge >= needed;
}

bytes connection::finish_response(const smb2::header& req, ntstatus status, bytes body,
                                  std::uint16_t credits,
                                  std::optional<std::uint64_t> async_id) {
    smb2::header h;
    h.credit_charge = req.credit_charge;
    h.status = status;
    h.cmd = req.cmd;
    h.credits = credits;
    h.flags = smb2::flags::server_to_redir | (req.flags & smb2::flags::related_operations) |
              (req.flags & smb2::flags::priority_mask);
    h.message_id = req.message_id;
    h.session_id = req.session_id;
    if (async_id) {
        h.flags |= smb2::flags::async_command;
        h.async_id = *async_id;
    } else {
        h.process_id = req.process_id;
        h.tree_id = req.tree_id;
    }
    writer w;
    h.encode(w);
    if (body.size() >= smb2::header_size) {
        // The handler left room for the header in front of its body (reply::body).
        std::memcpy(body.data(), w.data().data(), smb2::header_size);
        return body;
    }
    // MS-SMB2 2.2.2: the error response (also for STATUS_PENDING interim responses).
    smb2::error_response e;
    e.encode(w);
    return w.take();
}

void connection::answer_smb1(byte_span frame) {
    // MS-SMB2 3.3.5.3.1: an SMB1 NEGOTIATE offering an SMB2 dialect gets an SMB2 NEGOTIATE
    // response; anything else SMB1 ends the connection (SMB1 is never served).
    auto req = smb2::smb1_negotiate_request::decode(frame);
    if (negotiated_ || smb1_upgraded_ || !req) {
        drop("SMB1 request");
        return;
    }
    auto d = req->smb2_dialect();
    if (!d) {
        drop("SMB1 negotiate without an SMB2 dialect");
        return;
    }
    std::uint16_t dialect = *d;
    if (dialect == smb2::dialect::smb2_wildcard && config().max_dialect < smb2::dialect::smb2_1)
        dialect = smb2::dialect::smb2_002;
    if (dialect == smb2::dialect::smb2_002 && config().min_dialect > smb2::dialect::smb2_002) {
        drop("SMB1 negotiate offers only SMB 2.002, below 'server min protocol'");
        return;
    }
    credits_.consume(0, 1);
    auto rep = negotiate_reply(dialect, nullptr);
    smb2::header h;
    h.cmd = command::negotiate;
    auto msg = finish_response(h, rep.status, std::move(rep.body),
                               credits_.grant(1), std::nullopt);
    if (dialect == smb2::dialect::smb2_wildcard) {
        smb1_upgraded_ = true;
    } else {
        negotiated_ = true;
        dialect_ = dialect;
    }
    send_frame(std::move(msg));
}

asio::awaitable<void> connection::process_frame(uninit_bytes frame,
                                                std::shared_ptr<request_gate> g) {
    auto self = shared_from_this();
    // The frame goes back to the pool once its requests are done, however this ends.
    struct recycle {
        uninit_bytes& f;
        ~recycle() { frame_buffers().give(std::move(f)); }
    } recycle_frame{frame};
    if (smb2::is_transform(frame)) {
        // MS-SMB2 3.3.5.2.1.1
        auto th = smb2::transform_header::decode(frame);
        if (!th || th->flags != smb2::transform_flags::encrypted ||
            dialect_ < smb2::dialect::smb3_0) {
            drop("bad transform header");
            co_return;
        }
        session* s = find_session(th->session_id);
        if (!s || !s->can_encrypt()) {
            drop("encrypted message for a session without keys");
            co_return;
        }
        auto plain = crypto::decrypt_message(s->keys.client_to_server, frame);
        if (!plain) {
            drop("message failed to decrypt");
            co_return;
        }
        if (!smb2::is_smb2(*plain)) {
            drop("encrypted message is not SMB2");
            co_return;
        }
        co_await process_chain(*plain, th->session_id, g);
        co_return;
    }
    if (smb2::is_compression_transform(frame)) {
        drop("compressed message (compression was not negotiated)");
        co_return;
    }
    if (smb2::is_smb1(frame)) {
        answer_smb1(frame);
        co_return;
    }
    if (!smb2::is_smb2(frame)) {
        drop("not an SMB2 message");
        co_return;
    }
    co_await process_chain(frame, 0, g);
}

asio::awaitable<void> connection::process_chain(byte_span plain, std::uint64_t encrypted_session,
                                                std::shared_ptr<request_gate> g) {
    auto self = shared_from_this();
    const bool encrypted = encrypted_session != 0;
    auto parts = smb2::split_compound(plain);
    if (!parts || parts->empty()) {
        drop("malformed compound chain");
        co_return;
    }

    std::vector<out_message> out;
    std::optional<crypto::cipher_key> enc_key;
    std::uint64_t enc_session_id = 0;
    if (encrypted) {
        if (auto* s = find_session(encrypted_session)) {
            enc_key = crypto::cipher_key{s->keys.server_to_client.cipher,
                                         s->keys.server_to_client.key.copy()};
            enc_session_id = s->id;
        }
    }
    io_ticket ticket;  // taken when a READ/WRITE lets the reader go on (ctx.detach)
    // Related-chain state (MS-SMB2 3.3.5.2.7.2).
    std::uint64_t chain_session = 0;
    std::uint32_t chain_tree = 0;
    std::optional<file_id> chain_file;
    std::optional<crypto::signing_key> chain_sign_key;
    ntstatus chain_create_error = ntstatus::success;

    auto flush = [&] {
        if (out.empty() || !open_) return;
        // Pad every message but the last to 8 bytes and link them; sign each one.
        for (std::size_t i = 0; i < out.size(); ++i) {
            auto& m = out[i].data;
            if (i + 1 < out.size()) {
                while (m.size() % 8) m.push_back(0);
                auto n = static_cast<std::uint32_t>(m.size());
                m[20] = n & 0xFF;
                m[21] = (n >> 8) & 0xFF;
                m[22] = (n >> 16) & 0xFF;
                m[23] = (n >> 24) & 0xFF;
            }
            if (out[i].sign && !enc_key) {
                m[16] |= static_cast<std::uint8_t>(smb2::flags::signed_);
                (void)crypto::sign_message(*out[i].sign, m);
            }
        }
        bytes all;
        if (out.size() == 1) {
            all = std::move(out[0].data);
        } else {
            for (auto& m : out) all.insert(all.end(), m.data.begin(), m.data.end());
        }
        out.clear();
        if (enc_key) {
            auto sealed = crypto::encrypt_message(*enc_key, enc_session_id, all);
            if (!sealed) {
                drop("encryption failed");
                return;
            }
            send_frame(std::move(*sealed));
        } else {
            send_frame(std::move(all));
        }
    };

    for (std::size_t i = 0; i < parts->size() && open_; ++i) {
        byte_span msg = (*parts)[i];
        auto hr = smb2::header::decode(msg);
        if (!hr) {
            drop("malformed SMB2 header");
            co_return;
        }
        smb2::header h = *hr;
        if (h.is_response()) {
            drop("a response where a request was expected");
            co_return;
        }
        const bool known_command = static_cast<std::uint16_t>(h.cmd) < smb2::command_count;
        const bool related = h.is_related();

        // MS-SMB2 3.3.5.16: CANCEL takes no credit and gets no response.
        if (h.cmd == command::cancel) {
            for (auto& [mid, r] : running_) {
                bool match = h.is_async() ? (r->async_id && *r->async_id == h.async_id)
                                          : (mid == h.message_id);
                if (match && !r->cancelled) {
                    r->cancelled = true;
                    if (r->on_cancel) r->on_cancel();
                }
            }
            continue;
        }

        // Everything but READ and WRITE waits for the file I/O of earlier ones (io_barrier).
        const bool io_command = h.cmd == command::read || h.cmd == command::write;
        if (!io_command && io_.busy()) co_await io_.idle();

        // MS-SMB2 3.3.5.2.3: message ids and the sequence window.
        std::uint16_t charge = h.credit_charge;
        if (dialect_ < smb2::dialect::smb2_1 || !(server_caps_ & smb2::cap::large_mtu))
            charge = 1;
        if (!credits_.consume(h.message_id, charge)) {
            drop("message id " + std::to_string(h.message_id) + " outside the credit window");
            co_return;
        }

        // MS-SMB2 3.3.5.2: nothing but NEGOTIATE before a dialect is chosen, and only once.
        if (!negotiated_ && h.cmd != command::negotiate) {
            drop("request before NEGOTIATE");
            co_return;
        }
        if (negotiated_ && h.cmd == command::negotiate) {
            drop("second NEGOTIATE");
            co_return;
        }

        ntstatus status = ntstatus::success;
        session* sess = nullptr;
        std::shared_ptr<tree_connect> tree;
        if (related) {
            if (i == 0) status = ntstatus::invalid_parameter;
            h.session_id = chain_session;
            h.tree_id = chain_tree;
        } else {
            // A related request after an unrelated one refers to what that one opened.
            chain_file.reset();
        }
        bool session_found = false;
        bool tree_found = false;
        std::optional<std::uint64_t> reply_session;  // the session the answer names and signs
        if (status == ntstatus::success && !check_credit_charge(h, msg))
            status = ntstatus::invalid_parameter;

        // MS-SMB2 3.3.5.2.9: the session.
        if (status == ntstatus::success && needs_session(h.cmd)) {
            sess = find_session(h.session_id);
            if (!sess || sess->state == session_state::in_progress)
                // A related request inherits the session of the one before; when that had
                // none, the chain itself is malformed (Windows and Samba answer so).
                status = related ? ntstatus::invalid_parameter : ntstatus::user_session_deleted;
            else if (sess->state == session_state::expired)
                status = ntstatus::network_session_expired;
            session_found = sess != nullptr;
        } else if (h.cmd == command::session_setup && h.session_id != 0) {
            sess = find_session(h.session_id);
        }
        if (encrypted && h.session_id != encrypted_session && !related &&
            h.cmd != command::negotiate) {
            drop("encrypted message names another session");
            co_return;
        }
        // MS-SMB2 3.3.5.2.4: signatures.
        std::optional<crypto::signing_key> sign_key;
        if (sess && sess->can_sign())
            sign_key = crypto::signing_key{sess->keys.signing.algorithm,
                                           sess->keys.signing.key.copy()};
        bool sign_reply = false;
        if (!sess && !encrypted && h.is_signed() && h.session_id != 0 &&
            status == ntstatus::user_session_deleted) {
            // A session this connection logged off: answer with its key when the request
            // was signed with it, so a client that must see signed responses takes the
            // status (MS-SMB2 3.3.4.1.1 signs responses to signed requests).
            for (auto& [id, key] : logged_off_keys_)
                if (id == h.session_id && crypto::verify_signature(key, msg)) {
                    sign_key = crypto::signing_key{key.algorithm, key.key.copy()};
                    sign_reply = true;
                    break;
                }
        }
        if (sess && !encrypted && h.cmd != command::negotiate) {
            if (h.is_signed() && sign_key) {
                if (!crypto::verify_signature(*sign_key, msg)) {
                    log::limited_warn(bad_request_limiter,
                                      "smb: {}: bad signature on {} (message id {})", peer_,
                                      smb2::command_name(h.cmd), h.message_id);
                    if (status == ntstatus::success) status = ntstatus::access_denied;
                    sign_key.reset();
                }
                sign_reply = true;
            } else if (sess->signing_required && h.cmd != command::session_setup &&
                       status == ntstatus::success) {
                log::limited_warn(bad_request_limiter,
                                  "smb: {}: unsigned {} on a signed session refused", peer_,
                                  smb2::command_name(h.cmd));
                status = ntstatus::access_denied;
            }
            if (sess->signing_required) sign_reply = true;
        }
        // A related request whose session look-up failed is answered with the key it was
        // signed with (the session its header names) or else the key of the chain: the
        // client checks the answer with one of those.
        if (related && !sign_key && !encrypted && h.is_signed()) {
            if (auto* named = find_session(hr->session_id); named && named->can_sign()) {
                crypto::signing_key k{named->keys.signing.algorithm,
                                      named->keys.signing.key.copy()};
                if (crypto::verify_signature(k, msg)) {
                    sign_key = std::move(k);
                    sign_reply = true;
                    reply_session = hr->session_id;
                }
            }
        }
        if (related && !sign_key && chain_sign_key && !encrypted) {
            sign_key = crypto::signing_key{chain_sign_key->algorithm, chain_sign_key->key.copy()};
            sign_reply = true;
        }
        if (sign_key && sign_reply)
            chain_sign_key = crypto::signing_key{sign_key->algorithm, sign_key->key.copy()};
        // MS-SMB2 3.3.5.2.2: an unknown command is answered STATUS_INVALID_PARAMETER (Windows
        // and Samba keep the connection, and the rest of a compound goes on).
        if (status == ntstatus::success && !known_command) status = ntstatus::invalid_parameter;
        // MS-SMB2 3.3.5.2.9: an encrypting session takes no plain requests.
        if (status == ntstatus::success && sess && sess->encrypt_data && !encrypted &&
            h.cmd != command::session_setup && sess->state == session_state::valid)
            status = ntstatus::access_denied;
        // MS-SMB2 3.3.5.2.11: the tree connect.
        if (status == ntstatus::success && needs_tree(h.cmd)) {
            tree = sess ? sess->find_tree(h.tree_id) : nullptr;
            tree_found = tree != nullptr;
            if (!tree)
                status = ntstatus::network_name_deleted;
            else if (tree->encrypt && !encrypted)
                status = ntstatus::access_denied;
        }
        if (status == ntstatus::success && related && chain_create_error != ntstatus::success)
            status = chain_create_error;
        if (!enc_key && sess && sess->can_encrypt() && h.cmd != command::session_setup &&
            (sess->encrypt_data || (tree && tree->encrypt))) {
            // Replies to an encrypting session/share go encrypted even if this request came
            // from a path that let it through (only errors reach here unencrypted).
            enc_key = crypto::cipher_key{sess->keys.server_to_client.cipher,
                                         sess->keys.server_to_client.key.copy()};
            enc_session_id = sess->id;
        }

        reply rep;
        std::optional<std::uint64_t> async_id;
        bool credits_granted = false;
        std::uint16_t granted = 0;
        request_context ctx;
        ctx.conn = this;
        ctx.sess = sess;
        ctx.tree = tree.get();
        ctx.message = msg;
        ctx.command = static_cast<std::uint16_t>(h.cmd);
        ctx.message_id = h.message_id;
        ctx.flags = h.flags;
        ctx.credit_charge = h.credit_charge;
        ctx.session_id = h.session_id;
        ctx.tree_id = h.tree_id;
        ctx.dialect = dialect_;
        ctx.compound_file_id = &chain_file;

        if (status != ntstatus::success) {
            rep.status = status;
        } else {
            auto run = std::make_shared<running>();
            run->message_id = h.message_id;
            run->session_id = h.session_id;
            running_[h.message_id] = run;
            ctx.cancelled = [run] { return run->cancelled; };
            // MS-SMB2 3.3.5.2.7 (Windows behaviour, note <206>): only the last request of a
            // compound may go async; a handler without go_async must finish or fail now.
            if (i + 1 == parts->size()) ctx.go_async = [&, run]() -> std::uint64_t {
                if (run->async_id) return *run->async_id;
                run->async_id = next_async_id_++;
                async_id = run->async_id;
                granted = credits_.grant(h.credits);
                credits_granted = true;
                auto interim = finish_response(h, ntstatus::pending, {}, granted,
                                               async_id);
                out.push_back({std::move(interim),
                               sign_reply && sign_key ? std::optional<crypto::signing_key>(
                                                            crypto::signing_key{
                                                                sign_key->algorithm,
                                                                sign_key->key.copy()})
                                                      : std::nullopt});
                flush();
                g->release();
                return *run->async_id;
            };
            ctx.on_cancel = [run](std::function<void()> f) { run->on_cancel = std::move(f); };
            if (io_command && parts->size() == 1 && !io_.full())
                ctx.detach = [this, &ticket, g] {
                    ticket.take(io_);
                    g->release();
                };

            switch (h.cmd) {
            case command::negotiate:
                rep = co_await handle_negotiate(ctx);
                break;
            case command::session_setup: {
                session* s = sess;
                rep = co_await handle_session_setup(ctx, s);
                sess = s;
                ctx.sess = s;
                // The handler names the key that signs its response, if any: the new keys
                // for a completed logon, the session's for every step of a
                // re-authentication, the bound session's for a refused binding.
                sign_key = std::exchange(setup_reply_key_, std::nullopt);
                sign_reply = sign_key.has_value();
                break;
            }
            case command::logoff:
                rep = co_await handle_logoff(ctx);
                break;
            case command::tree_connect:
                rep = co_await handle_tree_connect(ctx);
                break;
            case command::tree_disconnect:
                rep = co_await handle_tree_disconnect(ctx);
                break;
            case command::echo:
                rep.body = encode_body(smb2::echo_response{});
                break;
            case command::ioctl:
                if (peek_u32(msg, 4) == smb2::fsctl::validate_negotiate_info) {
                    rep = co_await handle_validate_negotiate(ctx);
                    break;
                }
                [[fallthrough]];
            default: {
                auto fh = server_.file_handler(static_cast<std::uint16_t>(h.cmd));
                if (!fh) {
                    rep.status = ntstatus::not_supported;
                } else {
                    rep = co_await fh(ctx);
                }
                break;
            }
            }
            running_.erase(h.message_id);
        }
        if (!open_) co_return;

        if (h.cmd == command::create && is_error(rep.status)) chain_create_error = rep.status;
        // MS-SMB2 3.3.5.2.7.2: what a related request inherits is the session and tree the
        // previous request found; a failed look-up leaves nothing to inherit.
        chain_session = ctx.session_id;
        chain_tree = ctx.tree_id;
        if (needs_session(h.cmd) && !session_found) chain_session = 0;
        if (needs_tree(h.cmd) && !tree_found) chain_tree = 0;
        h.session_id = reply_session.value_or(ctx.session_id);
        h.tree_id = ctx.tree_id;
        if (!credits_granted) granted = credits_.grant(h.credits);

        // Bodies come from handlers with the header's 64 bytes in front (a header-relative
        // writer); an empty body means the error response.
        bytes body = std::move(rep.body);
        if (body.empty() && !rep.error_data.empty()) {
            smb2::error_response e;
            e.data = std::move(rep.error_data);
            body = encode_body(e);
        }
        auto msg_out = finish_response(h, rep.status, std::move(body),
                                       credits_granted ? 0 : granted, async_id);
        if (dialect_ == smb2::dialect::smb3_1_1) {
            if (h.cmd == command::negotiate && rep.status == ntstatus::success)
                preauth_.update(msg_out);
            if (h.cmd == command::session_setup &&
                rep.status == ntstatus::more_processing_required && sess)
                sess->preauth.update(msg_out);
        }
        bool sign = sign_reply && sign_key &&
                    (rep.status != ntstatus::more_processing_required ||
                     h.cmd == command::session_setup);
        out.push_back({std::move(msg_out), sign ? std::move(sign_key) : std::nullopt});
        if (h.cmd == command::logoff && rep.status == ntstatus::success) {
            // The response is signed with the keys copied above; the session goes now.
            flush();
            if (auto* gone = find_session(ctx.session_id); gone && gone->can_sign()) {
                if (logged_off_keys_.size() >= 8) logged_off_keys_.pop_front();
                logged_off_keys_.emplace_back(
                    gone->id, crypto::signing_key{gone->keys.signing.algorithm,
                                                  gone->keys.signing.key.copy()});
            }
            sessions_.erase(ctx.session_id);
        }
    }
    flush();
    g->release();
}

}  // namespace smbkit::server
