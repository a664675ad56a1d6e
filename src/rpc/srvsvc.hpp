#pragma once
// MS-SRVS (Server Service Remote Protocol) over \PIPE\srvsvc: the calls clients use to list
// and describe shares and the server. Interface 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0.
//
// Access (decided here, as Windows does; Samba shows more): levels 0, 1, 501 and 1005 are
// open to every session; levels 2 and 502, which reveal local paths, answer
// ERROR_ACCESS_DENIED unless the session is an administrator.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "rpc/interface.hpp"

namespace smbkit::rpc::srvsvc {

const interface_def& interface();

// Opnums, MS-SRVS 3.1.4.
inline constexpr std::uint16_t op_net_share_enum = 15;       // 3.1.4.8 NetrShareEnum
inline constexpr std::uint16_t op_net_share_get_info = 16;   // 3.1.4.10 NetrShareGetInfo
inline constexpr std::uint16_t op_net_server_get_info = 21;  // 3.1.4.17 NetrServerGetInfo

// Every field of SHARE_INFO_0/1/2/501/502/1004/1005/1006 (MS-SRVS 2.2.4.22-2.2.4.31); a level
// marshals the ones it has. nullopt strings are null pointers.
struct share_info {
    std::optional<std::string> netname;
    std::uint32_t type = 0;
    std::optional<std::string> remark;
    std::uint32_t permissions = 0;
    std::uint32_t max_uses = 0xFFFFFFFF;
    std::uint32_t current_uses = 0;
    std::optional<std::string> path;
    std::optional<std::string> passwd;
    std::uint32_t flags = 0;                   // 501, 1005: shi1005_flags
    std::uint32_t reserved = 0;                // 502: shi502_reserved, decoded only
    std::optional<bytes> security_descriptor;  // 502; its size is written as shi502_reserved
};

bool share_enum_level_known(std::uint32_t level);  // an arm of SHARE_ENUM_UNION
bool share_info_level_known(std::uint32_t level);  // an arm of SHARE_INFO
// Levels this server fills in; the others answer ERROR_INVALID_LEVEL.
bool share_enum_level_served(std::uint32_t level);
bool share_get_info_level_served(std::uint32_t level);
bool server_info_level_served(std::uint32_t level);
// The wire size of one SHARE_INFO_x without its strings (the smallest an entry can be).
std::size_t share_info_fixed_size(std::uint32_t level);

// NetrShareEnum, MS-SRVS 3.1.4.8.
struct share_enum_request {
    std::optional<std::string> server_name;
    std::uint32_t level = 1;
    bool container = true;            // the union arm's container pointer is not null
    std::vector<share_info> entries;  // the [in] container's entries (normally none)
    std::uint32_t prefmaxlen = 0xFFFFFFFF;
    std::optional<std::uint32_t> resume_handle;
};
struct share_enum_response {
    std::uint32_t level = 1;
    bool container = true;
    std::vector<share_info> entries;
    std::uint32_t total_entries = 0;
    std::optional<std::uint32_t> resume_handle;
    std::uint32_t status = werr_ok;
};

// NetrShareGetInfo, MS-SRVS 3.1.4.10.
struct share_get_info_request {
    std::optional<std::string> server_name;
    std::string netname;
    std::uint32_t level = 1;
};
struct share_get_info_response {
    std::uint32_t level = 1;
    std::optional<share_info> info;  // nullopt: null arm pointer
    std::uint32_t status = werr_ok;
};

// NetrServerGetInfo, MS-SRVS 3.1.4.17: SERVER_INFO_100/101/102 (2.2.4.40-42).
struct server_info {
    std::uint32_t platform_id = platform_id_nt;
    std::optional<std::string> name;
    std::uint32_t version_major = 0;
    std::uint32_t version_minor = 0;
    std::uint32_t type = 0;
    std::optional<std::string> comment;
    std::uint32_t users = 0;
    std::int32_t disc = 0;
    std::uint32_t hidden = 0;
    std::uint32_t announce = 0;
    std::uint32_t anndelta = 0;
    std::uint32_t licenses = 0;
    std::optional<std::string> userpath;
};
struct server_get_info_request {
    std::optional<std::string> server_name;
    std::uint32_t level = 101;
};
struct server_get_info_response {
    std::uint32_t level = 101;
    std::optional<server_info> info;
    std::uint32_t status = werr_ok;
};

// NDR stubs of both directions, so that tests (and a client) can speak the protocol too.
bytes encode(const share_enum_request& r);
result<share_enum_request> decode_share_enum_request(byte_span stub);
bytes encode(const share_enum_response& r);
result<share_enum_response> decode_share_enum_response(byte_span stub);
bytes encode(const share_get_info_request& r);
result<share_get_info_request> decode_share_get_info_request(byte_span stub);
bytes encode(const share_get_info_response& r);
result<share_get_info_response> decode_share_get_info_response(byte_span stub);
bytes encode(const server_get_info_request& r);
result<server_get_info_request> decode_server_get_info_request(byte_span stub);
bytes encode(const server_get_info_response& r);
result<server_get_info_response> decode_server_get_info_response(byte_span stub);

// The server side of each call, on decoded requests.
share_enum_response net_share_enum(const share_enum_request& req, const context& ctx);
share_get_info_response net_share_get_info(const share_get_info_request& req, const context& ctx);
server_get_info_response net_server_get_info(const server_get_info_request& req,
                                             const context& ctx);

// Dispatcher: opnum + request stub → response stub, or a fault status.
call_result call(std::uint16_t opnum, byte_span stub, const context& ctx);

}  // namespace smbkit::rpc::srvsvc
