// Stored NT security descriptors (see nt_acl.hpp).
#include "vfs/nt_acl.hpp"

#include <sys/xattr.h>

#include <cerrno>
#include <vector>

#include "vfs/errno_map.hpp"

namespace smbkit::vfs {
namespace {

std::optional<bytes> unwrap(const std::uint8_t* buf, ssize_t n) {
    if (n < 2 || buf[0] != nt_acl_version) return std::nullopt;
    return bytes(buf + 1, buf + n);
}

// `get(buffer, size)` is one of the getxattr calls. Most descriptors fit 4 KiB; a larger one
// is read again at its size.
template <class Get> std::optional<bytes> read_with(Get get) {
    std::uint8_t small[4096];
    ssize_t n = get(small, sizeof small);
    if (n >= 0 || errno != ERANGE) return unwrap(small, n);
    std::vector<std::uint8_t> big(nt_acl_max_size + 1);
    n = get(big.data(), big.size());
    return unwrap(big.data(), n);
}

}  // namespace

std::optional<bytes> read_nt_acl(int fd) {
    auto r = read_with([fd](std::uint8_t* b, std::size_t n) {
        return fgetxattr(fd, nt_acl_xattr_name, b, n);
    });
    if (r || errno != EBADF) return r;
    // An O_PATH descriptor: through its /proc entry, which the kernel resolves to exactly
    // this inode.
    std::string p = "/proc/self/fd/" + std::to_string(fd);
    return read_with([&p](std::uint8_t* b, std::size_t n) {
        return getxattr(p.c_str(), nt_acl_xattr_name, b, n);
    });
}

std::optional<bytes> read_nt_acl_at(int dir_fd, const std::string& name) {
    if (name.empty()) return read_nt_acl(dir_fd);
    std::string p = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name;
    return read_with([&p](std::uint8_t* b, std::size_t n) {
        return lgetxattr(p.c_str(), nt_acl_xattr_name, b, n);
    });
}

result<void> write_nt_acl(int fd, byte_span sd) {
    if (sd.size() > nt_acl_max_size) return fail(ntstatus::invalid_security_descr);
    std::vector<std::uint8_t> blob;
    blob.reserve(sd.size() + 1);
    blob.push_back(nt_acl_version);
    blob.insert(blob.end(), sd.begin(), sd.end());
    if (fsetxattr(fd, nt_acl_xattr_name, blob.data(), blob.size(), 0) != 0)
        return fail(errno_to_ntstatus(errno));
    return {};
}

}  // namespace smbkit::vfs
