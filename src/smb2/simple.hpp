#pragma once
// The bodies that carry nothing but StructureSize 4 and a reserved word:
// MS-SMB2 2.2.7/2.2.8 LOGOFF, 2.2.11/2.2.12 TREE_DISCONNECT, 2.2.28/2.2.29 ECHO,
// 2.2.18 FLUSH response, 2.2.27 LOCK response, 2.2.30 CANCEL. (The SET_INFO response,
// StructureSize 2, is in info.hpp.)

#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2 {

template <int Tag> struct empty_body {
    static constexpr std::uint16_t structure_size = 4;
    static result<empty_body> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const empty_body&) const = default;
};

// Tags only tell the types apart.
using logoff_request = empty_body<0>;           // MS-SMB2 2.2.7
using logoff_response = empty_body<1>;          // MS-SMB2 2.2.8
using tree_disconnect_request = empty_body<2>;  // MS-SMB2 2.2.11
using tree_disconnect_response = empty_body<3>; // MS-SMB2 2.2.12
using echo_request = empty_body<4>;             // MS-SMB2 2.2.28
using echo_response = empty_body<5>;            // MS-SMB2 2.2.29
using flush_response = empty_body<6>;           // MS-SMB2 2.2.18
using lock_response = empty_body<7>;            // MS-SMB2 2.2.27
using cancel_request = empty_body<8>;           // MS-SMB2 2.2.30

}  // namespace smbkit::smb2
