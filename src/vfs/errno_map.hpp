#pragma once
// The one errno → NTSTATUS map of the file-system layer. Every failing system call in src/vfs
// goes through here, so a given errno answers the same status everywhere.

#include "core/ntstatus.hpp"

namespace smbkit::vfs {

// Where the errno came from; some errors mean different things by place.
enum class errno_site {
    io,           // read, write, fsync, ftruncate, fstat, xattrs ...
    lookup,       // resolving the final component of a client path
    lookup_path,  // resolving a directory on the way (the parent of the final component)
    rename,       // renameat2
};

// ENOENT → OBJECT_NAME_NOT_FOUND (OBJECT_PATH_NOT_FOUND at lookup_path), ENOTDIR →
// NOT_A_DIRECTORY (OBJECT_PATH_NOT_FOUND at lookup_path), EEXIST → OBJECT_NAME_COLLISION,
// EACCES/EPERM → ACCESS_DENIED, EISDIR → FILE_IS_A_DIRECTORY, ENOTEMPTY → DIRECTORY_NOT_EMPTY,
// ENOSPC/EDQUOT/EFBIG → DISK_FULL, EROFS → MEDIA_WRITE_PROTECTED, ENAMETOOLONG →
// NAME_TOO_LONG, ELOOP → ACCESS_DENIED (a symlink we refuse to follow, or a loop), EXDEV →
// ACCESS_DENIED at lookup (openat2 RESOLVE_BENEATH refusing an escape) else NOT_SAME_DEVICE,
// EMFILE/ENFILE → TOO_MANY_OPENED_FILES, EBADF → INVALID_HANDLE, EINVAL → INVALID_PARAMETER,
// ENOMEM → NO_MEMORY, EBUSY/ETXTBSY → SHARING_VIOLATION, ENOTSUP → NOT_SUPPORTED, EILSEQ →
// OBJECT_NAME_INVALID, EIO → IO_DEVICE_ERROR, ETIMEDOUT → IO_TIMEOUT, others → UNSUCCESSFUL.
ntstatus errno_to_ntstatus(int err, errno_site site = errno_site::io);

}  // namespace smbkit::vfs
