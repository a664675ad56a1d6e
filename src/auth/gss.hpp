#pragma once
// The security-buffer exchange of SMB2 SESSION_SETUP: SPNEGO around NTLMSSP (or raw NTLMSSP
// when the client sends it bare), server and client sides. One object per authentication.

#include <memory>
#include <optional>

#include "auth/ntlm_client.hpp"
#include "auth/ntlm_server.hpp"
#include "auth/spnego.hpp"
#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::auth {

class gss_server {
public:
    gss_server(ntlm_server_config config, account_lookup lookup);

    // The SMB2 NEGOTIATE response security buffer.
    static bytes initial_token() { return server_initial_token(); }

    struct step {
        // more_processing_required (token to send, call accept again), success (done, token
        // is accept-completed), logon_failure / account_disabled (token is a reject; logon()
        // tells why), invalid_parameter (malformed input: no token).
        ntstatus status = ntstatus::invalid_parameter;
        bytes token;
    };
    step accept(byte_span token);

    // The logon once the exchange has ended (success or failure), else nullptr.
    const ntlm_logon* logon() const { return logon_ ? &*logon_ : nullptr; }
    // The accept-completed token for a failed logon the caller maps to guest.
    bytes guest_token() const;

private:
    ntlm_server ntlm_;
    bool raw_ = false;       // the client spoke bare NTLMSSP
    bool started_ = false;
    std::vector<std::string> client_mechs_;
    bytes client_mech_types_der_;
    std::optional<ntlm_logon> logon_;
};

class gss_client {
public:
    explicit gss_client(ntlm_credentials creds, bool use_spnego = true);

    // The first SESSION_SETUP security buffer. `server_token` is the NEGOTIATE response's
    // buffer (may be empty); it is checked to offer NTLMSSP when not empty.
    result<bytes> initial(byte_span server_token);
    // A SESSION_SETUP response's buffer -> next token (empty when nothing is left to send).
    // invalid_parameter / logon_failure when the server's token is malformed or rejects.
    result<bytes> step(byte_span server_token);
    bool complete() const { return complete_; }
    const crypto::secret& session_key() const { return ntlm_.session_key(); }

private:
    ntlm_client ntlm_;
    bool spnego_;
    bool complete_ = false;
    bool sent_auth_ = false;
    bytes mech_types_der_;
};

}  // namespace smbkit::auth
