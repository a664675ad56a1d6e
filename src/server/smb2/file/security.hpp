#pragma once
// The security descriptor a client sees for a file (MS-DTYP 2.4.6, self-relative form),
// derived from its POSIX owner, group and mode the way Samba presents Unix files: owner
// S-1-22-1-UID, group S-1-22-2-GID, and a DACL of three allow ACEs (owner, group, Everyone)
// whose rights follow the rwx bits.

#include <cstdint>
#include <sys/types.h>

#include "core/bytes.hpp"

namespace smbkit::server::file {

struct posix_owner {
    uid_t uid = 0;
    gid_t gid = 0;
    std::uint32_t mode = 0;  // permission bits (st_mode & 07777)
    bool is_directory = false;
};

// File rights an rwx triplet grants (bit 4 r, 2 w, 1 x).
std::uint32_t rights_from_bits(unsigned rwx, bool is_directory);

// The self-relative descriptor holding the parts `security_information` asks for
// (OWNER 1, GROUP 2, DACL 4; SACL is never returned).
bytes security_descriptor(const posix_owner& o, std::uint32_t security_information);

}  // namespace smbkit::server::file
