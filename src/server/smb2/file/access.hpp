#pragma once
// The maximal access of an open (MS-SMB2 2.2.14.2.5, the MxAc create context): what a share
// and a file's attributes allow. The access check of CREATE itself is the vfs's.

#include <cstdint>

#include "core/ntstatus.hpp"

namespace smbkit::server::file {

// Rights that change a file or its metadata; denied on a read-only share.
inline constexpr std::uint32_t write_rights = 0x00000002 | 0x00000004 | 0x00000010 | 0x00000040 |
                                              0x00000100 | 0x00010000 | 0x00040000 | 0x00080000;

struct access_limits {
    bool read_only_share = false;
    bool read_only_file = false;   // FILE_ATTRIBUTE_READONLY on an existing file
    bool is_directory = false;
    std::uint32_t share_max = 0x001F01FF;  // share-level maximal access
};

// The maximal access of an open under these limits (the MxAc create context).
std::uint32_t maximal_access(const access_limits& limits);

}  // namespace smbkit::server::file
