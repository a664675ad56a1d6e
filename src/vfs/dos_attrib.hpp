#pragma once
// DOS attributes and creation time kept in the xattr "user.DOSATTRIB", in Samba's on-disk
// format (librpc/idl/xattr.idl, NDR little-endian), so a share moved between smbkit and smbd
// keeps its attributes:
//   attrib_hex   ASCII NUL-terminated string (empty for v4/v5), padded to 2
//   version      uint16
//   level        uint32 (= version)
//   v5: valid_flags uint32, attrib uint32, create_time NTTIME
//   v4: valid_flags uint32, attrib uint32, itime NTTIME, create_time NTTIME
//   v3: attrib uint32, ea_size uint32, size uint64, alloc_size uint64, create_time NTTIME,
//       change_time NTTIME
// smbkit writes version 5 (what Samba 4.17 writes) and reads 3, 4 and 5. After the v5 fields
// it may add a ChangeTime a client set and the modification time it was set at (two NTTIME):
// Linux ctime cannot be set, so that ChangeTime holds until the file's mtime moves. Samba
// reads v5 without the trailer (it does not pull the whole blob) and drops it on rewrite.

#include <cstdint>
#include <optional>

#include "core/bytes.hpp"
#include "vfs/types.hpp"

namespace smbkit::vfs {

inline constexpr const char* dosattrib_xattr_name = "user.DOSATTRIB";

struct dos_attrib {
    std::optional<std::uint32_t> attributes;
    std::optional<nt_time> creation_time;
    std::optional<nt_time> change_time;  // as a client set it
    nt_time change_time_mtime = 0;       // the mtime it holds for
};

bytes encode_dos_attrib(const dos_attrib& a);
// nullopt for a blob this code does not understand (it is then treated as absent).
std::optional<dos_attrib> decode_dos_attrib(byte_span blob);

}  // namespace smbkit::vfs
