#pragma once
// MS-WKST (Workstation Service Remote Protocol) over \PIPE\wkssvc: NetrWkstaGetInfo, which
// clients (Windows "net view", nmap, enum4linux) use to learn the computer name and domain.
// Interface 6bffd098-a112-3610-9833-46c3f87e345a v1.0.
//
// Access, as Samba has it: level 100 for every session, 101 for authenticated users, 102
// (which counts logged-on users) for administrators; others get ERROR_ACCESS_DENIED.

#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "rpc/interface.hpp"

namespace smbkit::rpc::wkssvc {

const interface_def& interface();

inline constexpr std::uint16_t op_netr_wksta_get_info = 0;  // MS-WKST 3.2.4.1

// WKSTA_INFO_100/101/102, MS-WKST 2.2.5.1-3.
struct wksta_info {
    std::uint32_t platform_id = platform_id_nt;
    std::optional<std::string> computername;
    std::optional<std::string> langroup;
    std::uint32_t ver_major = 0;
    std::uint32_t ver_minor = 0;
    std::optional<std::string> lanroot;  // 101, 102
    std::uint32_t logged_on_users = 0;   // 102
};

struct wksta_get_info_request {
    std::optional<std::string> server_name;
    std::uint32_t level = 100;
};
struct wksta_get_info_response {
    std::uint32_t level = 100;
    std::optional<wksta_info> info;
    std::uint32_t status = werr_ok;
};

bytes encode(const wksta_get_info_request& r);
result<wksta_get_info_request> decode_wksta_get_info_request(byte_span stub);
bytes encode(const wksta_get_info_response& r);
result<wksta_get_info_response> decode_wksta_get_info_response(byte_span stub);

wksta_get_info_response netr_wksta_get_info(const wksta_get_info_request& req, const context& ctx);

call_result call(std::uint16_t opnum, byte_span stub, const context& ctx);

}  // namespace smbkit::rpc::wkssvc
