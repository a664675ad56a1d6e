// MS-SMB2 3.3.5.5 SESSION_SETUP (SPNEGO/NTLMSSP through auth::gss_server, guest mapping,
// null sessions, key derivation 3.3.5.5.3) and 3.3.5.6 LOGOFF.
#include "core/log.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/file/open_table.hpp"
#include "server/smb2/server.hpp"
#include "smb2/session_setup.hpp"
#include "smb2/simple.hpp"

namespace smbkit::server {
namespace {
log::rate_limiter logon_limiter;
}

asio::awaitable<reply> connection::handle_session_setup(request_context& ctx, session*& sess) {
    auto req = smb2::session_setup_request::decode(ctx.message);
    if (!req) co_return reply{ntstatus::invalid_parameter, {}, {}};
    const auto& cfg = config();
    if ((req->flags & smb2::session_setup_flags::binding) && dialect_ >= smb2::dialect::smb3_0) {
        // Multichannel is not offered, so no session can be bound to a second connection.
        co_return reply{ntstatus::request_not_accepted, {}, {}};
    }
    bool created = false;
    if (ctx.session_id == 0) {
        auto s = std::make_unique<session>();
        s->id = server_.new_session_id();
        sess = s.get();
        sessions_[s->id] = std::move(s);
        created = true;
    } else {
        sess = find_session(ctx.session_id);
        if (!sess) co_return reply{ntstatus::user_session_deleted, {}, {}};
    }
    session& s = *sess;
    ctx.session_id = s.id;
    ctx.sess = &s;
    if (!s.auth) {
        // A new exchange: first logon, or re-authentication of a valid/expired session.
        s.auth = std::make_unique<auth::gss_server>(server_.ntlm_config(), server_.accounts());
        if (dialect_ == smb2::dialect::smb3_1_1) {
            s.preauth = crypto::preauth_hash();
            // Session.PreauthIntegrityHashValue starts from the connection's (3.3.5.5).
            s.preauth = preauth_;
        }
    }
    if (dialect_ == smb2::dialect::smb3_1_1) s.preauth.update(ctx.message);

    auto forget = [&] {
        if (created || s.state == session_state::in_progress) {
            sessions_.erase(s.id);
            sess = nullptr;
        } else {
            s.auth.reset();
        }
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
        forget();
        co_return reply{step.status == ntstatus::success ? ntstatus::logon_failure
                                                         : ntstatus::invalid_parameter,
                        {}, {}};
    }

    bool guest = false;
    bool anonymous = false;
    if (step.status == ntstatus::success && logon->kind == auth::logon_kind::anonymous) {
        anonymous = true;
        if (cfg.restrict_anonymous >= 2) {
            forget();
            co_return reply{ntstatus::access_denied, {}, {}};
        }
    } else if (step.status != ntstatus::success) {
        bool map = (cfg.map_to_guest == guest_mapping::bad_user &&
                    logon->kind == auth::logon_kind::unknown_user) ||
                   (cfg.map_to_guest == guest_mapping::bad_password &&
                    (logon->kind == auth::logon_kind::unknown_user ||
                     logon->kind == auth::logon_kind::wrong_password));
        if (!map) {
            log::limited_warn(logon_limiter, "smb: {}: logon failure for '{}\\{}'", peer_,
                              logon->domain, logon->user);
            auto st = logon->status();
            forget();
            co_return reply{st, {}, {}};
        }
        guest = true;
        step.token = s.auth->guest_token();
    }

    s.guest = guest;
    s.anonymous = anonymous;
    s.user = guest ? cfg.guest_account
                   : (anonymous ? std::string() : logon->account_name);
    s.domain = logon->domain;
    out.security_buffer = std::move(step.token);
    if (guest) out.session_flags |= smb2::session_flags::is_guest;
    if (anonymous) out.session_flags |= smb2::session_flags::is_null;

    if (!guest && !anonymous && !logon->session_key.empty()) {
        crypto::cipher_id cipher = cipher_;
        if (dialect_ < smb2::dialect::smb3_0) cipher = crypto::cipher_id::none;
        auto keys = crypto::derive_session_keys(dialect_, logon->session_key.span(),
                                                s.preauth.value(), cipher, signing_alg_);
        if (!keys) {
            forget();
            co_return reply{ntstatus::internal_error, {}, {}};
        }
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
                forget();
                co_return reply{ntstatus::access_denied, {}, {}};
            }
        }
    } else if (cfg.encrypt == encrypt_mode::required) {
        forget();
        co_return reply{ntstatus::access_denied, {}, {}};
    }
    s.state = session_state::valid;
    s.auth.reset();
    spdlog::info("smb: {}: session {:#x} for {} ({})", peer_, s.id,
                 anonymous ? "anonymous" : s.user, guest ? "guest" : dialect_name(dialect_));
    co_return reply{ntstatus::success, encode_body(out), {}};
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
