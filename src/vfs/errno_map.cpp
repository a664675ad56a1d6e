#include "vfs/errno_map.hpp"

#include <cerrno>

namespace smbkit::vfs {

ntstatus errno_to_ntstatus(int err, errno_site site) {
    switch (err) {
    case 0:
        return ntstatus::success;
    case ENOENT:
        return site == errno_site::lookup_path ? ntstatus::object_path_not_found
                                               : ntstatus::object_name_not_found;
    case ENOTDIR:
        return site == errno_site::lookup_path ? ntstatus::object_path_not_found
                                               : ntstatus::not_a_directory;
    case EEXIST:
        return ntstatus::object_name_collision;
    case EACCES:
    case EPERM:
        return ntstatus::access_denied;
    case EISDIR:
        return ntstatus::file_is_a_directory;
    case ENOTEMPTY:
        return ntstatus::directory_not_empty;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return ntstatus::disk_full;
    case EROFS:
        return ntstatus::media_write_protected;
    case ENAMETOOLONG:
        return ntstatus::name_too_long;
    case ELOOP:
        // A symlink the share does not follow, one leaving the share, or a loop: the client
        // gets no hint of what lies behind it.
        return ntstatus::access_denied;
    case EXDEV:
        // openat2 RESOLVE_BENEATH answers EXDEV for an escape attempt.
        return site == errno_site::lookup || site == errno_site::lookup_path
                   ? ntstatus::access_denied
                   : ntstatus::not_same_device;
    case EMFILE:
    case ENFILE:
        return ntstatus::too_many_opened_files;
    case EBADF:
        return ntstatus::invalid_handle;
    case EINVAL:
        return ntstatus::invalid_parameter;
    case ENOMEM:
        return ntstatus::no_memory;
    case EBUSY:
    case ETXTBSY:
        return ntstatus::sharing_violation;
    case EOPNOTSUPP:
        return ntstatus::not_supported;
    case EILSEQ:
        return ntstatus::object_name_invalid;
    case EIO:
        return ntstatus::io_device_error;
    case ETIMEDOUT:
        return ntstatus::io_timeout;
    default:
        return ntstatus::unsuccessful;
    }
}

}  // namespace smbkit::vfs
