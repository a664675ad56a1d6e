#pragma once
// Extended attributes of the file server (MS-SMB2 3.3.5.9 ExtA, 3.3.5.20.1 and 3.3.5.21.1
// FileFullEaInformation; MS-FSCC 2.4.13, 2.4.15): Windows' rules on top of the "user."
// xattrs of vfs/ea.hpp. All of these make blocking file-system calls: run them on the
// blocking pool.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/ntstatus.hpp"
#include "smb2/create_context.hpp"
#include "smb2/fscc/ea.hpp"

namespace smbkit::server::file {

// The EAs a client sees on the file open as `fd`: the stored ones whose name and size the
// wire can carry (names Windows would refuse are left out, as Samba leaves them out).
result<std::vector<smb2::fscc::full_ea>> file_eas(int fd);
// Their FileEaInformation / directory-entry EaSize (0 when there are none or on error).
std::uint32_t ea_size_of(int fd);
std::uint32_t ea_size_of_entry(int dir_fd, const std::string& name);

// A client's list checked before anything is written (or created): a name Windows refuses
// or a flag other than FILE_NEED_EA → STATUS_INVALID_EA_NAME; a name of the server's own
// attributes → STATUS_ACCESS_DENIED; a name Linux cannot store (over 250 bytes) →
// STATUS_INVALID_EA_NAME.
result<void> check_client_eas(std::span<const smb2::fscc::full_ea> eas);
// Sets (or, with an empty value, removes) each EA; a name matching an existing EA in another
// case replaces it. More than Windows' 64 KiB of packed EAs on the file → STATUS_EA_TOO_LARGE
// with nothing written. Checks with check_client_eas first. `with_create`: the EAs come with
// the CREATE that made the file (a CHANGE_NOTIFY watch reports the creation only).
result<void> store_client_eas(int fd, std::span<const smb2::fscc::full_ea> eas,
                              bool with_create = false);

// The ExtA context of a CREATE, checked; empty without one. A list that does not parse →
// STATUS_EA_LIST_INCONSISTENT (an empty one: STATUS_INVALID_PARAMETER).
result<std::vector<smb2::fscc::full_ea>> create_context_eas(
    const std::vector<smb2::create_context>& contexts);

}  // namespace smbkit::server::file
