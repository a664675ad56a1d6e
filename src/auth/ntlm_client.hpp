#pragma once
// Client side of NTLMSSP (MS-NLMP 3.1.5): NEGOTIATE, then an NTLMv2 AUTHENTICATE answering
// the server's CHALLENGE, with key exchange and MIC.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/ntlm.hpp"
#include "auth/ntlmssp.hpp"
#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "crypto/secret.hpp"

namespace smbkit::auth {

struct ntlm_credentials {
    std::string user;       // empty + anonymous: anonymous logon
    std::string domain;     // empty: the server's NetBIOS domain from the CHALLENGE
    std::string password;   // used when nt_hash is not set
    std::optional<nt_hash_t> nt_hash;
    std::string workstation;
    bool anonymous = false;
    // Tests only: fixed client challenge, timestamp and exported session key.
    std::optional<std::array<std::uint8_t, 8>> fixed_client_challenge;
    std::optional<std::uint64_t> fixed_time;
    std::optional<std::array<std::uint8_t, 16>> fixed_session_key;
};

class ntlm_client {
public:
    explicit ntlm_client(ntlm_credentials creds);

    bytes negotiate();
    // CHALLENGE -> AUTHENTICATE. invalid_parameter for a malformed CHALLENGE or one that
    // offers no NTLMv2 target info.
    result<bytes> authenticate(byte_span challenge);

    // ExportedSessionKey after authenticate() (empty for anonymous).
    const crypto::secret& session_key() const { return session_key_; }
    std::optional<ntlm_session_security>& security() { return security_; }

private:
    ntlm_credentials creds_;
    bytes negotiate_msg_;
    std::uint32_t flags_ = 0;
    crypto::secret session_key_;
    std::optional<ntlm_session_security> security_;
};

}  // namespace smbkit::auth
