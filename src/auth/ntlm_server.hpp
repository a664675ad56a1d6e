#pragma once
// Server side of NTLMSSP (MS-NLMP 3.2.5): CHALLENGE from NEGOTIATE, then verification of the
// AUTHENTICATE message (NTLMv2 only by default; LMv2 when configured), key exchange and MIC.
// A failed logon gives the reason to the caller (for "map to guest") but its wire status is
// always STATUS_LOGON_FAILURE, so a client never learns whether the user exists.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "auth/ntlm.hpp"
#include "auth/ntlmssp.hpp"
#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "crypto/secret.hpp"

namespace smbkit::auth {

// What the user database knows of one account.
struct account {
    std::string name;  // as stored
    nt_hash_t nt_hash{};
    bool disabled = false;
    bool no_password = false;  // [N]: informational; nt_hash then is that of the empty password
};
// Looks up a user name case-insensitively; nullopt for an unknown user.
using account_lookup = std::function<std::optional<account>(std::string_view user)>;

struct ntlm_server_config {
    // A standalone server (as Samba's) names itself as the domain: TargetName and
    // MsvAvNbDomainName are netbios_domain, which defaults to netbios_name when empty.
    std::string netbios_name = "SMBKIT";  // MsvAvNbComputerName, upper case
    std::string netbios_domain;           // MsvAvNbDomainName and TargetName
    std::string dns_name;                 // MsvAvDnsComputerName (default: lower netbios_name)
    std::string dns_domain;               // MsvAvDnsDomainName (may stay empty)
    bool domain_member = false;           // TargetTypeDomain instead of TargetTypeServer
    bool allow_lmv2 = false;                 // accept an LMv2-only response
    bool allow_anonymous = true;             // report anonymous logons (else logon failure)
    // Tests only: fixed challenge and timestamp instead of random/current.
    std::optional<std::array<std::uint8_t, 8>> fixed_challenge;
    std::optional<std::uint64_t> fixed_time;
};

enum class logon_kind {
    authenticated,     // user and password verified
    anonymous,         // empty user name and empty NT response
    unknown_user,      // no such user: "map to guest = bad user" may turn it into guest
    wrong_password,    // "map to guest = bad password" may turn it into guest
    account_disabled,  // password right, account disabled
};

struct ntlm_logon {
    logon_kind kind = logon_kind::unknown_user;
    std::string user;         // as the client sent it
    std::string domain;       // as the client sent it
    std::string workstation;  // as the client sent it
    std::string account_name;  // as stored in the database (authenticated/disabled)
    std::uint32_t flags = 0;   // negotiated NTLMSSP flags
    bool mic_verified = false;  // a MIC was present and correct
    // ExportedSessionKey: the GSS session key for SMB2 key derivation (empty for anonymous and
    // failures).
    crypto::secret session_key;

    bool ok() const { return kind == logon_kind::authenticated || kind == logon_kind::anonymous; }
    // success for authenticated/anonymous; STATUS_LOGON_FAILURE for every failure (a
    // disabled account, whose password was right, gets STATUS_ACCOUNT_DISABLED).
    ntstatus status() const;
};

class ntlm_server {
public:
    ntlm_server(ntlm_server_config config, account_lookup lookup);

    // NEGOTIATE -> CHALLENGE. invalid_parameter for a malformed NEGOTIATE.
    result<bytes> challenge(byte_span negotiate);
    // Puts the server in the state of having answered `negotiate` with `challenge` (both
    // whole NTLMSSP messages), to verify an AUTHENTICATE against a recorded exchange.
    result<void> resume(byte_span negotiate, byte_span challenge);
    // AUTHENTICATE -> outcome. invalid_parameter when the message is malformed or arrives
    // out of order; a bad MIC is a wrong_password outcome (the key did not match).
    result<ntlm_logon> authenticate(byte_span authenticate);

    // Signing for mechListMIC after a successful logon (nullopt before).
    std::optional<ntlm_session_security>& security() { return security_; }

private:
    ntlm_server_config config_;
    account_lookup lookup_;
    bytes negotiate_msg_, challenge_msg_;
    std::uint32_t flags_ = 0;
    std::array<std::uint8_t, 8> server_challenge_{};
    bool challenged_ = false;
    std::optional<ntlm_session_security> security_;
};

}  // namespace smbkit::auth
