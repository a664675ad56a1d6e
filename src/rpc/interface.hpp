#pragma once
// An RPC interface served on a named pipe: its syntax and a dispatcher from opnum and NDR stub
// to the response stub, or to a fault status (MS-RPCE 2.2.2.11) when the call cannot run.

#include <cstdint>
#include <expected>
#include <string_view>

#include "core/bytes.hpp"
#include "rpc/context.hpp"
#include "rpc/pdu.hpp"

namespace smbkit::rpc {

using call_result = std::expected<bytes, std::uint32_t>;

struct interface_def {
    std::string_view endpoint;  // pipe name, lower case: "srvsvc"
    std::string_view name;      // for logs: "srvsvc"
    syntax_id syntax;
    call_result (*call)(std::uint16_t opnum, byte_span stub, const context& ctx);
};

// The interface served on a pipe name ("srvsvc", "\PIPE\wkssvc", any case), or nullptr.
const interface_def* find_interface(std::string_view pipe_name);

// Win32 error codes carried as NET_API_STATUS / WERROR (MS-ERREF 2.2).
inline constexpr std::uint32_t werr_ok = 0;
inline constexpr std::uint32_t werr_access_denied = 5;
inline constexpr std::uint32_t werr_invalid_parameter = 87;
inline constexpr std::uint32_t werr_invalid_level = 124;
inline constexpr std::uint32_t werr_more_data = 234;
inline constexpr std::uint32_t nerr_net_name_not_found = 2310;

// MS-SRVS 2.2.2.6 / MS-WKST 2.2.1: platform id of Windows NT and later.
inline constexpr std::uint32_t platform_id_nt = 500;

}  // namespace smbkit::rpc
