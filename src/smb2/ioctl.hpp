#pragma once
// MS-SMB2 2.2.31 IOCTL request and 2.2.32 IOCTL response, with the typed FSCTL payloads a
// server answers: VALIDATE_NEGOTIATE_INFO (2.2.31.4, 2.2.32.6), QUERY_NETWORK_INTERFACE_INFO
// (2.2.32.5), DFS_GET_REFERRALS (MS-DFSC 2.2.2). FSCTL_PIPE_TRANSCEIVE carries the pipe's
// bytes as they are: the request's input is written to the pipe, the response's output is
// what it answered.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

struct ioctl_request {
    static constexpr std::uint16_t structure_size = 57;
    std::uint32_t ctl_code = 0;
    file_id id;
    bytes input;
    std::uint32_t max_input_response = 0;
    bytes output;  // clients send none, but the format allows it
    std::uint32_t max_output_response = 0;
    std::uint32_t flags = ioctl_flags::is_fsctl;
    static result<ioctl_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const ioctl_request&) const = default;
};

struct ioctl_response {
    static constexpr std::uint16_t structure_size = 49;
    std::uint32_t ctl_code = 0;
    file_id id;
    bytes input;
    bytes output;
    std::uint32_t flags = 0;
    static result<ioctl_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const ioctl_response&) const = default;
};

// MS-SMB2 2.2.31.4
struct validate_negotiate_info_request {
    std::uint32_t capabilities = 0;
    guid client_guid{};
    std::uint16_t security_mode = 0;
    std::vector<std::uint16_t> dialects;
    static result<validate_negotiate_info_request> decode(byte_span input);
    bytes encode() const;
    bool operator==(const validate_negotiate_info_request&) const = default;
};

// MS-SMB2 2.2.32.6
struct validate_negotiate_info_response {
    std::uint32_t capabilities = 0;
    guid server_guid{};
    std::uint16_t security_mode = 0;
    std::uint16_t dialect = 0;
    static result<validate_negotiate_info_response> decode(byte_span output);
    bytes encode() const;
    bool operator==(const validate_negotiate_info_response&) const = default;
};

// MS-SMB2 2.2.32.5 NETWORK_INTERFACE_INFO with its SOCKADDR_STORAGE (2.2.32.5.1).
namespace interface_capability {
inline constexpr std::uint32_t rss_capable = 0x00000001;
inline constexpr std::uint32_t rdma_capable = 0x00000002;
}  // namespace interface_capability

struct network_interface_info {
    std::uint32_t if_index = 0;
    std::uint32_t capability = 0;
    std::uint64_t link_speed = 0;  // bits per second
    bool ipv6 = false;
    std::array<std::uint8_t, 16> address{};  // first 4 bytes for IPv4, network order
    std::uint16_t port = 0;                  // network order on the wire, host value here
    std::uint32_t flow_info = 0;             // IPv6
    std::uint32_t scope_id = 0;              // IPv6
    bool operator==(const network_interface_info&) const = default;
};

result<std::vector<network_interface_info>> decode_network_interfaces(byte_span output);
bytes encode_network_interfaces(const std::vector<network_interface_info>& list);

// MS-DFSC 2.2.2 REQ_GET_DFS_REFERRAL.
struct dfs_referral_request {
    std::uint16_t max_referral_level = 4;
    std::string request_file_name;
    static result<dfs_referral_request> decode(byte_span input);
    bytes encode() const;
    bool operator==(const dfs_referral_request&) const = default;
};

}  // namespace smbkit::smb2
