#pragma once
// MS-SMB2 2.2.13.2 SMB2_CREATE_CONTEXT lists, as a generic list of (name, data) so that
// contexts nobody here knows (AAPL, SVHDX, app instance ids...) pass through untouched,
// and the typed contexts clients send (2.2.13.2.x) and servers answer (2.2.14.2.x).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"
#include "smb2/fscc/ea.hpp"
#include "smb2/fscc/security.hpp"

namespace smbkit::smb2 {

namespace create_context_name {
inline constexpr std::string_view ea_buffer = "ExtA";
inline constexpr std::string_view sd_buffer = "SecD";
inline constexpr std::string_view durable_handle_request = "DHnQ";
inline constexpr std::string_view durable_handle_reconnect = "DHnC";
inline constexpr std::string_view allocation_size = "AlSi";
inline constexpr std::string_view query_maximal_access = "MxAc";
inline constexpr std::string_view timewarp_token = "TWrp";
inline constexpr std::string_view query_on_disk_id = "QFid";
inline constexpr std::string_view request_lease = "RqLs";
inline constexpr std::string_view durable_handle_request_v2 = "DH2Q";
inline constexpr std::string_view durable_handle_reconnect_v2 = "DH2C";
inline constexpr std::string_view aapl = "AAPL";
}  // namespace create_context_name

struct create_context {
    std::string name;  // raw bytes of the name (4 ASCII letters for the ones above)
    bytes data;
    bool operator==(const create_context&) const = default;
};

const create_context* find_context(const std::vector<create_context>& list,
                                   std::string_view name);

// The list in a CREATE request or response: `list` is exactly CreateContextsLength bytes.
result<std::vector<create_context>> decode_create_contexts(byte_span list);
// Appends the list (8-byte aligned entries; the writer's position is the first entry's).
void encode_create_contexts(writer& w, const std::vector<create_context>& list);

using lease_key = std::array<std::uint8_t, 16>;

// MS-SMB2 2.2.13.2.5 request (optional Timestamp) / 2.2.14.2.5 response.
struct mxac_request {
    std::uint64_t timestamp = 0;
    bool has_timestamp = false;
    static result<mxac_request> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const mxac_request&) const = default;
};
struct mxac_response {
    ntstatus query_status = ntstatus::success;
    std::uint32_t maximal_access = 0;
    static result<mxac_response> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const mxac_response&) const = default;
};

// MS-SMB2 2.2.14.2.9: QFid response (the request has no data).
struct qfid_response {
    std::array<std::uint8_t, 32> on_disk_id{};  // DiskFileId (8 used by Windows) + VolumeId
    static result<qfid_response> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const qfid_response&) const = default;
};

// MS-SMB2 2.2.13.2.3 DHnQ request (16 reserved bytes) / 2.2.14.2.3 response (8).
struct durable_request {
    static result<durable_request> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const durable_request&) const = default;
};
create_context durable_response_context();

// MS-SMB2 2.2.13.2.4 DHnC.
struct durable_reconnect {
    file_id id;
    static result<durable_reconnect> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const durable_reconnect&) const = default;
};

namespace durable_v2_flags {
inline constexpr std::uint32_t persistent = 0x00000002;
}

// MS-SMB2 2.2.13.2.11 DH2Q request.
struct durable_v2_request {
    std::uint32_t timeout = 0;  // milliseconds
    std::uint32_t flags = 0;
    guid create_guid{};
    static result<durable_v2_request> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const durable_v2_request&) const = default;
};
// MS-SMB2 2.2.14.2.12 DH2Q response.
struct durable_v2_response {
    std::uint32_t timeout = 0;
    std::uint32_t flags = 0;
    static result<durable_v2_response> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const durable_v2_response&) const = default;
};
// MS-SMB2 2.2.13.2.12 DH2C.
struct durable_v2_reconnect {
    file_id id;
    guid create_guid{};
    std::uint32_t flags = 0;
    static result<durable_v2_reconnect> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const durable_v2_reconnect&) const = default;
};

// MS-SMB2 2.2.13.2.8 (v1, 32 bytes) and 2.2.13.2.10 (v2, 52 bytes) RqLs, request and
// response alike (2.2.14.2.10, 2.2.14.2.11).
struct lease {
    bool v2 = false;
    lease_key key{};
    std::uint32_t state = 0;  // lease_state bits
    std::uint32_t flags = 0;  // lease_flags bits
    std::uint64_t duration = 0;
    lease_key parent_key{};  // v2
    std::uint16_t epoch = 0;  // v2
    static result<lease> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const lease&) const = default;
};

// MS-SMB2 2.2.13.2.7 TWrp and 2.2.13.2.6 AlSi: one 64-bit value.
struct timewarp_token {
    std::uint64_t timestamp = 0;
    static result<timewarp_token> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const timewarp_token&) const = default;
};
struct allocation_size {
    std::uint64_t size = 0;
    static result<allocation_size> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const allocation_size&) const = default;
};

// MS-SMB2 2.2.13.2.1 ExtA: a FILE_FULL_EA_INFORMATION list.
struct ea_buffer {
    std::vector<fscc::full_ea> eas;
    static result<ea_buffer> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const ea_buffer&) const = default;
};

// MS-SMB2 2.2.13.2.2 SecD: a self-relative security descriptor.
struct sd_buffer {
    fscc::security_descriptor descriptor;
    static result<sd_buffer> parse(byte_span data);
    create_context to_context() const;
    bool operator==(const sd_buffer&) const = default;
};

}  // namespace smbkit::smb2
