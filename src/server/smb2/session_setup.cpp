// MS-SMB2 3.3.5.5 SESSION_SETUP (SPNEGO/NTLMSSP through auth::gss_server, guest mapping,
// null sessions, key derivation 3.3.5.5.3, re-authentication, refused binding) and 3.3.5.6
// LOGOFF.
#include "core/log.hpp"
#include "core/utf16.hpp"
#include "server/blocking.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/file/open_table.hpp"
#include "server/smb2/server.hpp"
#include "smb2/session_setup.hpp"
#include "smb2/simple.hpp"

namespace smbkit::server {
namespace {
log::rate_limiter logon_limiter;

crypto::signing_key copy_key(const crypto::signing_key& k) {
    return crypto::signing_key{k.algorithm, k.key.copy()};
}

}  // namespace

void connection::end_session(std::uint64_t id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    session& s = *it->second;
    s.state = session_state::expired;
    // Opens close now, also those a waiting request (a blocking LOCK) still holds.
    for (auto& [tid, t] : s.trees)
        if (t->opens) t->opens->close_all();
    s.trees.clear();
    if (s.can_sign()) {
        if (logged_off_keys_.size() >= 8) logged_off_keys_.pop_front();
        logged_off_keys_.emplace_back(s.id, copy_key(s.keys.signing));
    }
    sessions_.erase(it);
}

asio::awaitable<reply> connection::handle_session_setup(request_context& ctx, session*& sess) {
    setup_reply_key_.reset();
    auto req = smb2::session_setup_request::decode(ctx.message);
    if (!req) co_return reply{ntstatus::invalid_parameter, {}, {}};
    const auto& cfg = config();
    const bool request_signed = (ctx.flags & smb2::flags::signed_) != 0;

    if ((req->flags & smb2::session_setup_flags::binding) &&
        (dialect_ >= smb2::dialect::smb3_0 || ctx.session_id != 0)) {
        // MS-SMB2 3.3.5.5: binding names a session of any connection (GlobalSessionTable).
        if (ctx.session_id == 0) co_return reply{ntstatus::invalid_parameter, {}, {}};
        auto bound = server_.sessions()->find(ctx.session_id);
        if (!bound) co_return reply{ntstatus::user_session_deleted, {}, {}};
        // The refusal is signed with the session's key when the request was signed with it:
        // the client checks it with that key (it has no channel key yet).
        if (request_signed && bound->signing &&
            crypto::verify_signature(*bound->signing, ctx.message))
            setup_reply_key_ = copy_key(*bound->signing);
        co_return reply{binding_refusal(*bound, signing_alg_), {}, {}};
    }

    if (ctx.session_id == 0) {
        auto s = std::make_unique<session>();
        s->id = server_.new_session_id();
        s->registry = server_.sessions();
        sess = s.get();
        sessions_[s->id] = std::move(s);
    } else {
        sess = find_session(ctx.session_id);
        if (!sess) co_return reply{ntstatus::user_session_deleted, {}, {}};
    }
    session& s = *sess;
    ctx.session_id = s.id;
    ctx.sess = &s;
    // MS-SMB2 3.3.5.5.2: a session that is already valid (or expired) re-authenticates. Its
    // keys stay those of the first logon; every response of the exchange is signed with them
    // when the request was (the client checks them with those keys).
    const bool reauth = s.state != session_state::in_progress;
    if (reauth && s.can_sign() && (request_signed || s.signing_required))
        setup_reply_key_ = copy_key(s.keys.signing);
    if (!s.auth) {
        // A new exchange: first logon, or re-authentication of a valid/expired session.
        s.auth = std::make_unique<auth::gss_server>(server_.ntlm_config(), server_.accounts());
        // Session.PreauthIntegrityHashValue starts from the connection's (3.3.5.5).
        if (dialect_ == smb2::dialect::smb3_1_1) s.preauth = preauth_;
    }
    if (dialect_ == smb2::dialect::smb3_1_1) s.preauth.update(ctx.message);

    // A failed exchange ends the session, a re-authenticated one included (as Windows and
    // Samba do): its opens close and its id is gone.
    auto fail = [&](ntstatus st) {
        end_session(s.id);
        sess = nullptr;
        ctx.sess = nullptr;
        return reply{st, {}, {}};
    };

    // Once valid, the session is known to the other connections (for binding attempts).
    auto publish = [&] {
        session_record r;
        r.signing_algorithm = signing_alg_;
        if (s.can_sign()) r.signing = copy_key(s.keys.signing);
        if (!s.guest && !s.anonymous) r.user = s.user;
        r.owner = weak_from_this();
        server_.sessions()->put(s.id, std::move(r));
    };

    auto step = s.auth->accept(req->security_buffer);
    smb2::session_setup_response out;
    if (step.status == ntstatus::more_processing_required) {
        out.security_buffer = std::move(step.token);
        co_return reply{ntstatus::more_processing_required, encode_body(out), {}};
    }
    const auth::ntlm_logon* logon = s.auth->logon();
    if (step.status == ntstatus::invalid_parameter || !logon) {
        log::limited_warn(logon_limiter, "smb: {}: malformed security blob in SESSION_SETUP",
                          peer_);
        co_return fail(step.status == ntstatus::success ? ntstatus::logon_failure
                                                        : ntstatus::invalid_parameter);
    }

    bool guest = false;
    bool anonymous = false;
    if (step.status == ntstatus::success && logon->kind == auth::logon_kind::anonymous) {
        anonymous = true;
        if (cfg.restrict_anonymous >= 2) co_return fail(ntstatus::access_denied);
    } else if (step.status != ntstatus::success) {
        bool map = (cfg.map_to_guest == guest_mapping::bad_user &&
                    logon->kind == auth::logon_kind::unknown_user) ||
                   (cfg.map_to_guest == guest_mapping::bad_password &&
                    (logon->kind == auth::logon_kind::unknown_user ||
                     logon->kind == auth::logon_kind::wrong_password));
        if (!map) {
            log::limited_warn(logon_limiter, "smb: {}: logon failure for '{}\\{}'", peer_,
                              logon->domain, logon->user);
            co_return fail(logon->status());
        }
        guest = true;
        step.token = s.auth->guest_token();
    }
    out.security_buffer = std::move(step.token);
    std::string user = guest ? cfg.guest_account
                             : (anonymous ? std::string() : logon->account_name);

    if (reauth) {
        // Only who is logged on changes; the response carries no session flags, as Windows
        // and Samba answer a re-authentication.
        s.guest = guest;
        s.anonymous = anonymous;
        s.user = std::move(user);
        s.domain = logon->domain;
        for (auto& [tid, t] : s.trees)
            apply_share_rights(*t, s, may_connect(*t->share, s, cfg.restrict_anonymous));
        s.state = session_state::valid;
        s.auth.reset();
        spdlog::info("smb: {}: session {:#x} re-authenticated as {}", peer_, s.id,
                     anonymous ? "anonymous" : (guest ? "guest" : s.user));
        co_return reply{ntstatus::success, encode_body(out), {}};
    }

    s.guest = guest;
    s.anonymous = anonymous;
    s.user = std::move(user);
    s.domain = logon->domain;
    if (guest) out.session_flags |= smb2::session_flags::is_guest;
    if (anonymous) out.session_flags |= smb2::session_flags::is_null;

    if (!guest && !anonymous && !logon->session_key.empty()) {
        crypto::cipher_id cipher = cipher_;
        if (dialect_ < smb2::dialect::smb3_0) cipher = crypto::cipher_id::none;
        auto keys = crypto::derive_session_keys(dialect_, logon->session_key.span(),
                                                s.preauth.value(), cipher, signing_alg_);
        if (!keys) co_return fail(ntstatus::internal_error);
        s.keys = std::move(*keys);
        // MS-SMB2 3.3.5.5.3: signing is required when either side required it.
        s.signing_required =
            ((server_security_mode_ | client_security_mode_) &
             smb2::security_mode::signing_required) != 0 &&
            config().signing != signing_mode::disabled;
        if (config().signing == signing_mode::disabled &&
            (client_security_mode_ & smb2::security_mode::signing_required))
            s.signing_required = true;
        if (cfg.encrypt != encrypt_mode::off) {
            if (s.can_encrypt()) {
                s.encrypt_data = true;
                out.session_flags |= smb2::session_flags::encrypt_data;
            } else if (cfg.encrypt == encrypt_mode::required) {
                spdlog::info("smb: {}: encryption required but the client cannot encrypt",
                             peer_);
                co_return fail(ntstatus::access_denied);
            }
        }
        // The final response is signed with the new keys (MS-SMB2 3.3.5.5.3).
        setup_reply_key_ = copy_key(s.keys.signing);
    } else if (cfg.encrypt == encrypt_mode::required) {
        co_return fail(ntstatus::access_denied);
    }
    s.state = session_state::valid;
    s.auth.reset();
    publish();
    spdlog::info("smb: {}: session {:#x} for {} ({})", peer_, s.id,
                 anonymous ? "anonymous" : s.user, guest ? "guest" : dialect_name(dialect_));
    reply done{ntstatus::success, encode_body(out), {}};
    if (req->previous_session_id != 0 && req->previous_session_id != s.id && !guest &&
        !anonymous)
        co_await end_previous_session(req->previous_session_id, s.user);
    co_return done;
}

// MS-SMB2 3.3.5.5.3: a client that lost its connection logs on again naming its old session
// as PreviousSessionId. When that session belongs to the same user, it ends (its opens close,
// a request still naming it gets USER_SESSION_DELETED) before the new session's response, so
// the new opens do not wait for or collide with the old ones. Another user's session, a guest
// or anonymous one, or an unknown id is left alone, as Windows and Samba do.
asio::awaitable<void> connection::end_previous_session(std::uint64_t previous,
                                                       const std::string& user) {
    auto old = server_.sessions()->find(previous);
    if (!old || old->user.empty() || !iequals_utf8(old->user, user)) co_return;
    auto owner = old->owner.lock();
    if (!owner) co_return;
    spdlog::info("smb: {}: session {:#x} of {} ended: its user logged on again", peer_,
                 previous, user);
    if (owner.get() == this) {
        end_session(previous);
        co_return;
    }
    co_await run_on(owner->executor(), [owner, previous] { owner->end_session(previous); });
}

asio::awaitable<reply> connection::handle_logoff(request_context& ctx) {
    if (!smb2::logoff_request::decode(ctx.message))
        co_return reply{ntstatus::invalid_parameter, {}, {}};
    if (auto* s = find_session(ctx.session_id)) {
        s->state = session_state::expired;
        // Opens close now, also those a waiting request (a blocking LOCK) still holds.
        for (auto& [id, t] : s->trees)
            if (t->opens) t->opens->close_all();
        s->trees.clear();
    }
    co_return reply{ntstatus::success, encode_body(smb2::logoff_response{}), {}};
}

}  // namespace smbkit::server
