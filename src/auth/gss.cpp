// SPNEGO (RFC 4178, MS-SPNG 3.2/3.3) driving NTLMSSP, as SMB2 SESSION_SETUP carries it
// (MS-SMB2 3.3.5.5.3 hands the buffer to GSS and returns its output token).
#include "auth/gss.hpp"

#include <algorithm>

namespace smbkit::auth {
namespace {

bool offers_ntlmssp(const std::vector<std::string>& mechs) {
    return std::find(mechs.begin(), mechs.end(), oid_ntlmssp) != mechs.end();
}

bytes reject_token() {
    neg_token_resp r;
    r.state = neg_state::reject;
    return encode(r);
}

}  // namespace

gss_server::gss_server(ntlm_server_config config, account_lookup lookup)
    : ntlm_(std::move(config), std::move(lookup)) {}

gss_server::step gss_server::accept(byte_span token) {
    step out;
    if (logon_) return out;  // the exchange is over
    auto t = decode_spnego(token);
    if (!t) return out;

    // The NTLMSSP message inside, and the client's mechListMIC when SPNEGO carried one.
    byte_span inner;
    byte_span client_mic;
    if (auto* raw = std::get_if<raw_ntlmssp>(&*t)) {
        if (started_ && !raw_) return out;
        raw_ = true;
        inner = raw->message;
    } else if (raw_) {
        return out;
    } else if (auto* init = std::get_if<neg_token_init>(&*t)) {
        if (started_) return out;
        if (!offers_ntlmssp(init->mech_types)) {
            out.status = ntstatus::logon_failure;
            out.token = reject_token();
            return out;
        }
        client_mechs_ = init->mech_types;
        client_mech_types_der_ = init->mech_types_der;
        // An optimistic token belongs to the client's first mechanism only.
        if (init->mech_types.front() == oid_ntlmssp) inner = init->mech_token;
        if (inner.empty()) {
            started_ = true;
            neg_token_resp r;
            r.state = neg_state::accept_incomplete;
            r.supported_mech = std::string(oid_ntlmssp);
            out.status = ntstatus::more_processing_required;
            out.token = encode(r);
            return out;
        }
    } else {
        auto& resp = std::get<neg_token_resp>(*t);
        if (!started_ || client_mechs_.empty()) return out;
        if (resp.state == neg_state::reject) {
            logon_.emplace();
            out.status = ntstatus::logon_failure;
            return out;
        }
        inner = resp.response_token;
        client_mic = resp.mech_list_mic;
    }

    auto type = ntlm_type(inner);
    if (!type) return out;
    if (*type == ntlm_message_type::negotiate) {
        auto challenge = ntlm_.challenge(inner);
        if (!challenge) return out;
        bool first = !started_;
        started_ = true;
        out.status = ntstatus::more_processing_required;
        if (raw_) {
            out.token = std::move(*challenge);
        } else {
            neg_token_resp r;
            r.state = neg_state::accept_incomplete;
            if (first) r.supported_mech = std::string(oid_ntlmssp);
            r.response_token = std::move(*challenge);
            out.token = encode(r);
        }
        return out;
    }
    if (*type != ntlm_message_type::authenticate || !started_) return out;
    auto logon = ntlm_.authenticate(inner);
    if (!logon) return out;
    logon_ = std::move(*logon);

    // mechListMIC (RFC 4178 5): the client's must verify when sent; ours is sent back when
    // the client sent one or the NTLM MIC was in use (Samba's and Windows' clients expect it).
    bool send_mic = false;
    if (logon_->kind == logon_kind::authenticated && !raw_ && ntlm_.security()) {
        if (!client_mic.empty()) {
            if (!ntlm_.security()->verify(client_mech_types_der_, client_mic)) {
                logon_->kind = logon_kind::wrong_password;
                logon_->session_key.clear();
            } else {
                send_mic = true;
            }
        } else if (logon_->mic_verified) {
            send_mic = true;
        }
    }
    out.status = logon_->status();
    if (!logon_->ok()) {
        if (!raw_) out.token = reject_token();
        return out;
    }
    if (raw_) return out;
    neg_token_resp r;
    r.state = neg_state::accept_completed;
    if (send_mic) {
        auto mic = ntlm_.security()->sign(client_mech_types_der_);
        r.mech_list_mic.assign(mic.begin(), mic.end());
    }
    out.token = encode(r);
    return out;
}

bytes gss_server::guest_token() const {
    if (raw_) return {};
    neg_token_resp r;
    r.state = neg_state::accept_completed;
    return encode(r);
}

gss_client::gss_client(ntlm_credentials creds, bool use_spnego)
    : ntlm_(std::move(creds)), spnego_(use_spnego) {}

result<bytes> gss_client::initial(byte_span server_token) {
    if (spnego_ && !server_token.empty()) {
        auto t = decode_spnego(server_token);
        if (!t) return fail(t.error());
        auto* init = std::get_if<neg_token_init>(&*t);
        if (!init || !offers_ntlmssp(init->mech_types)) return fail(ntstatus::not_supported);
    }
    auto negotiate = ntlm_.negotiate();
    if (!spnego_) return negotiate;
    neg_token_init init;
    init.mech_types = {std::string(oid_ntlmssp)};
    mech_types_der_ = encode_mech_types(init.mech_types);
    init.mech_token = std::move(negotiate);
    return encode(init);
}

result<bytes> gss_client::step(byte_span server_token) {
    if (complete_) return fail(ntstatus::invalid_parameter);
    if (!spnego_) {
        if (sent_auth_) {
            complete_ = true;
            return bytes{};
        }
        auto auth = ntlm_.authenticate(server_token);
        if (!auth) return fail(auth.error());
        sent_auth_ = true;
        return auth;
    }
    auto t = decode_spnego(server_token);
    if (!t) return fail(t.error());
    auto* resp = std::get_if<neg_token_resp>(&*t);
    if (!resp) return fail(ntstatus::invalid_parameter);
    if (resp->state == neg_state::reject) return fail(ntstatus::logon_failure);
    if (resp->supported_mech && *resp->supported_mech != oid_ntlmssp)
        return fail(ntstatus::not_supported);
    if (!sent_auth_) {
        if (resp->response_token.empty()) return fail(ntstatus::invalid_parameter);
        auto auth = ntlm_.authenticate(resp->response_token);
        if (!auth) return fail(auth.error());
        sent_auth_ = true;
        neg_token_resp out;
        out.response_token = std::move(*auth);
        if (ntlm_.security()) {
            auto mic = ntlm_.security()->sign(mech_types_der_);
            out.mech_list_mic.assign(mic.begin(), mic.end());
        }
        return encode(out);
    }
    if (resp->state != neg_state::accept_completed) return fail(ntstatus::invalid_parameter);
    if (!resp->mech_list_mic.empty()) {
        if (!ntlm_.security() || !ntlm_.security()->verify(mech_types_der_, resp->mech_list_mic))
            return fail(ntstatus::logon_failure);
    }
    complete_ = true;
    return bytes{};
}

}  // namespace smbkit::auth
