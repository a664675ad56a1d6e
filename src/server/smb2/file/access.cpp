#include "server/smb2/file/access.hpp"

#include "smb2/constants.hpp"

namespace smbkit::server::file {

namespace a = smb2::access;

std::uint32_t maximal_access(const access_limits& limits) {
    std::uint32_t m = a::file_all_access & limits.share_max;
    if (limits.read_only_share) m &= ~write_rights;
    // A read-only file may still be deleted, renamed and have its attributes changed (which
    // is how clients clear the flag), but not written.
    if (limits.read_only_file && !limits.is_directory)
        m &= ~(a::file_write_data | a::file_append_data);
    return m;
}

}  // namespace smbkit::server::file
