#pragma once
// MS-SMB2 2.2.9 TREE_CONNECT request (with the 3.1.1 extension of 2.2.9.1 and its contexts,
// 2.2.9.2) and 2.2.10 TREE_CONNECT response.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

// MS-SMB2 2.2.9.2
struct tree_connect_context {
    std::uint16_t type = 0;
    bytes data;
    bool operator==(const tree_connect_context&) const = default;
};

struct tree_connect_request {
    static constexpr std::uint16_t structure_size = 9;
    std::uint16_t flags = 0;  // tree_connect_flags (3.1.1), reserved before
    std::string path;         // "\\server\share"
    // Present when flags has tree_connect_flags::extension_present. In that form PathOffset
    // counts from the start of the extension (the Buffer) and TreeConnectContextOffset from
    // the start of the request body, as Windows does.
    std::vector<tree_connect_context> contexts;

    bool has_extension() const { return flags & tree_connect_flags::extension_present; }
    // The share name: the last component of the path, "" when the path has none.
    std::string share_name() const;
    static result<tree_connect_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const tree_connect_request&) const = default;
};

struct tree_connect_response {
    static constexpr std::uint16_t structure_size = 16;
    std::uint8_t share_type = share_type::disk;
    std::uint32_t share_flags = 0;
    std::uint32_t capabilities = 0;
    std::uint32_t maximal_access = 0;

    static result<tree_connect_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const tree_connect_response&) const = default;
};

}  // namespace smbkit::smb2
