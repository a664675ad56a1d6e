#pragma once
// SPNEGO, RFC 4178 (with the GSS-API InitialContextToken framing of RFC 2743 3.1 around the
// first token). NegTokenInit is [0], NegTokenResp (NegTokenTarg in older texts) is [1].

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::auth {

inline constexpr std::string_view oid_spnego = "1.3.6.1.5.5.2";
inline constexpr std::string_view oid_ntlmssp = "1.3.6.1.4.1.311.2.2.10";
inline constexpr std::string_view oid_krb5 = "1.2.840.113554.1.2.2";
inline constexpr std::string_view oid_ms_krb5 = "1.2.840.48018.1.2.2";
// The negHints hintName Windows and Samba put in the server's initial token.
inline constexpr std::string_view spnego_hint_name = "not_defined_in_RFC4178@please_ignore";

enum class neg_state : std::uint8_t {
    accept_completed = 0,
    accept_incomplete = 1,
    reject = 2,
    request_mic = 3,
};

struct neg_token_init {
    std::vector<std::string> mech_types;  // dotted OIDs, preference order
    bytes mech_types_der;  // the mechTypes SEQUENCE as received (the mechListMIC covers it)
    std::optional<std::uint32_t> req_flags;
    bytes mech_token;
    std::optional<std::string> hint_name;  // negHints.hintName (server's initial token)
    bytes mech_list_mic;
};

struct neg_token_resp {
    std::optional<neg_state> state;
    std::optional<std::string> supported_mech;
    bytes response_token;
    bytes mech_list_mic;
};

// A bare NTLMSSP message, from clients that skip SPNEGO.
struct raw_ntlmssp {
    bytes message;
};

using spnego_token = std::variant<neg_token_init, neg_token_resp, raw_ntlmssp>;

// Accepts a GSS-API-framed NegTokenInit, a bare [0] NegTokenInit, a [1] NegTokenResp, or a
// raw NTLMSSP message; invalid_parameter for anything malformed.
result<spnego_token> decode_spnego(byte_span token);

// The DER of a mechTypes SEQUENCE OF OID (what mechListMIC signs).
bytes encode_mech_types(const std::vector<std::string>& mechs);
// GSS-API framed NegTokenInit (mechTypes, reqFlags if set, mechToken if not empty, negHints if
// hint_name is set, mechListMIC if not empty).
bytes encode(const neg_token_init& t);
bytes encode(const neg_token_resp& t);

// The security buffer of an SMB2 NEGOTIATE response: NegTokenInit offering NTLMSSP with the
// negHints hintName.
bytes server_initial_token();

}  // namespace smbkit::auth
