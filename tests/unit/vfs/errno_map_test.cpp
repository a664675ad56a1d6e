#include "vfs/errno_map.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace smbkit::vfs {
namespace {

TEST(ErrnoMap, Table) {
    struct row {
        int err;
        errno_site site;
        ntstatus want;
    } rows[] = {
        {0, errno_site::io, ntstatus::success},
        {ENOENT, errno_site::lookup, ntstatus::object_name_not_found},
        {ENOENT, errno_site::lookup_path, ntstatus::object_path_not_found},
        {ENOENT, errno_site::io, ntstatus::object_name_not_found},
        {ENOTDIR, errno_site::lookup_path, ntstatus::object_path_not_found},
        {ENOTDIR, errno_site::lookup, ntstatus::not_a_directory},
        {EEXIST, errno_site::lookup, ntstatus::object_name_collision},
        {EEXIST, errno_site::rename, ntstatus::object_name_collision},
        {EACCES, errno_site::io, ntstatus::access_denied},
        {EPERM, errno_site::io, ntstatus::access_denied},
        {EISDIR, errno_site::lookup, ntstatus::file_is_a_directory},
        {ENOTEMPTY, errno_site::io, ntstatus::directory_not_empty},
        {ENOSPC, errno_site::io, ntstatus::disk_full},
        {EDQUOT, errno_site::io, ntstatus::disk_full},
        {EROFS, errno_site::io, ntstatus::media_write_protected},
        {ENAMETOOLONG, errno_site::lookup, ntstatus::name_too_long},
        {ELOOP, errno_site::lookup, ntstatus::access_denied},
        {EXDEV, errno_site::lookup, ntstatus::access_denied},
        {EXDEV, errno_site::lookup_path, ntstatus::access_denied},
        {EXDEV, errno_site::rename, ntstatus::not_same_device},
        {EMFILE, errno_site::io, ntstatus::too_many_opened_files},
        {ENFILE, errno_site::io, ntstatus::too_many_opened_files},
        {EBADF, errno_site::io, ntstatus::invalid_handle},
        {EINVAL, errno_site::io, ntstatus::invalid_parameter},
        {ENOMEM, errno_site::io, ntstatus::no_memory},
        {EBUSY, errno_site::io, ntstatus::sharing_violation},
        {EOPNOTSUPP, errno_site::io, ntstatus::not_supported},
        {EIO, errno_site::io, ntstatus::io_device_error},
        {ETIMEDOUT, errno_site::io, ntstatus::io_timeout},
        {EPIPE, errno_site::io, ntstatus::unsuccessful},
        {12345, errno_site::io, ntstatus::unsuccessful},
    };
    for (const auto& r : rows)
        EXPECT_EQ(errno_to_ntstatus(r.err, r.site), r.want)
            << "errno " << r.err << " site " << static_cast<int>(r.site);
}

}  // namespace
}  // namespace smbkit::vfs
