#pragma once
// MS-SMB2 2.2.26 LOCK request (its response is the empty body of simple.hpp).

#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

// MS-SMB2 2.2.26.1
struct lock_element {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint32_t flags = 0;  // lock_flags
    bool operator==(const lock_element&) const = default;
};

struct lock_request {
    static constexpr std::uint16_t structure_size = 48;
    std::uint8_t lock_sequence_number = 0;  // 4 bits
    std::uint32_t lock_sequence_index = 0;  // 28 bits
    file_id id;
    std::vector<lock_element> locks;  // at least one
    static result<lock_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const lock_request&) const = default;
};

}  // namespace smbkit::smb2
