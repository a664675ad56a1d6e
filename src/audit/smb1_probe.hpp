#pragma once
// Detecting SMB1 the only honest way: send a real SMB1 NEGOTIATE offering "NT LM 0.12" alone
// (MS-CIFS 2.2.4.52) and see whether the server picks it. smbkit never serves SMB1; this is
// only ever a client-side probe.

#include <optional>

#include "core/bytes.hpp"

namespace smbkit::audit {

// The request, without the 4-byte transport header.
bytes smb1_negotiate_probe();

enum class smb1_answer {
    accepted,  // an SMB1 NEGOTIATE response that selected NT LM 0.12
    refused,   // an SMB1 response with an error or DialectIndex 0xFFFF
    smb2,      // the server answered in SMB2 (it upgraded or refused SMB1)
    garbage,   // anything else
};

smb1_answer classify_smb1_reply(byte_span reply);

}  // namespace smbkit::audit
