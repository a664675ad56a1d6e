#pragma once
// SET_INFO with InfoType SMB2_0_INFO_SECURITY (MS-SMB2 3.3.5.21.3, MS-FSA 2.1.5.16): the
// parts AdditionalInformation names are replaced in the file's descriptor, which is stored
// with the file (security.hpp).

#include <cstdint>

#include "core/bytes.hpp"
#include "server/smb2/file/open_table.hpp"
#include "server/smb2/handler.hpp"

namespace smbkit::server::file {

// OWNER / GROUP need WRITE_OWNER, DACL WRITE_DAC, SACL ACCESS_SYSTEM_SECURITY (ACCESS_DENIED);
// a malformed descriptor → INVALID_SECURITY_DESCR; an owner outside the user's token →
// INVALID_OWNER.
asio::awaitable<reply> set_security(request_context& ctx, open& op, std::uint32_t info,
                                    byte_span descriptor);

}  // namespace smbkit::server::file
