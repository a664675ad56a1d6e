// Extended attributes as "user." xattrs (see ea.hpp).
#include "vfs/ea.hpp"

#include <sys/xattr.h>

#include <array>
#include <cerrno>
#include <optional>

#include "vfs/errno_map.hpp"
#include "vfs/own_changes.hpp"
#include "vfs/resolve.hpp"

namespace smbkit::vfs {
namespace {

constexpr std::size_t list_max = 65536;   // XATTR_LIST_MAX
constexpr std::size_t value_max = 65536;  // XATTR_SIZE_MAX

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}
bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequal(s.substr(0, prefix.size()), prefix);
}

// The three getxattr-family calls for one file: by descriptor, or by a /proc path that the
// kernel resolves to the file the descriptor names (O_PATH descriptors, directory entries).
struct xattr_source {
    int fd = -1;
    std::string path;  // used when not empty
    bool follow = true;

    ssize_t list(char* buf, std::size_t n) const {
        if (path.empty()) return flistxattr(fd, buf, n);
        return follow ? listxattr(path.c_str(), buf, n) : llistxattr(path.c_str(), buf, n);
    }
    ssize_t get(const std::string& name, void* buf, std::size_t n) const {
        if (path.empty()) return fgetxattr(fd, name.c_str(), buf, n);
        return follow ? getxattr(path.c_str(), name.c_str(), buf, n)
                      : lgetxattr(path.c_str(), name.c_str(), buf, n);
    }
};

xattr_source from_fd(int fd) {
    // flistxattr on an O_PATH descriptor fails with EBADF; its /proc entry does not.
    char probe;
    if (flistxattr(fd, &probe, 0) < 0 && errno == EBADF)
        return {fd, "/proc/self/fd/" + std::to_string(fd), true};
    return {fd, {}, true};
}

bool unsupported(int err) { return err == ENOTSUP || err == EOPNOTSUPP; }

// The EA names (prefix stripped) among the file's attribute names.
result<std::vector<std::string>> list_names(const xattr_source& src) {
    std::array<char, 1024> small{};
    std::vector<char> big;
    char* buf = small.data();
    ssize_t n = src.list(buf, small.size());
    if (n < 0 && errno == ERANGE) {
        big.resize(list_max);
        buf = big.data();
        n = src.list(buf, big.size());
    }
    if (n < 0) {
        if (unsupported(errno)) return std::vector<std::string>{};
        return fail(errno_to_ntstatus(errno));
    }
    std::vector<std::string> out;
    std::string_view all(buf, static_cast<std::size_t>(n));
    while (!all.empty()) {
        std::size_t end = all.find('\0');
        std::string_view one = all.substr(0, end);
        all.remove_prefix(end == std::string_view::npos ? all.size() : end + 1);
        if (!one.starts_with(ea_xattr_prefix)) continue;
        std::string_view name = one.substr(ea_xattr_prefix.size());
        if (name.empty() || is_private_ea_name(name)) continue;
        out.emplace_back(name);
    }
    return out;
}

result<std::vector<stored_ea_size>> sizes_of(const xattr_source& src) {
    auto names = list_names(src);
    if (!names) return fail(names.error());
    std::vector<stored_ea_size> out;
    for (auto& n : *names) {
        ssize_t len = src.get(std::string(ea_xattr_prefix) + n, nullptr, 0);
        if (len <= 0) continue;  // removed meanwhile, or empty (not an EA)
        out.push_back({std::move(n), static_cast<std::size_t>(len)});
    }
    return out;
}

}  // namespace

bool is_private_ea_name(std::string_view name) {
    static constexpr std::array<std::string_view, 5> exact = {
        "DOSATTRIB", "SAMBA_PAI", "SAMBA_STREAMS", "SmbReparse", "org.netatalk.Metadata"};
    for (auto e : exact)
        if (iequal(name, e)) return true;
    return istarts_with(name, "smbkit.") || iequal(name, "smbkit") ||
           istarts_with(name, "DosStream.");
}

result<std::vector<stored_ea>> read_eas(int fd) {
    xattr_source src = from_fd(fd);
    auto names = list_names(src);
    if (!names) return fail(names.error());
    std::vector<stored_ea> out;
    std::vector<std::uint8_t> buf;
    for (auto& n : *names) {
        const std::string full = std::string(ea_xattr_prefix) + n;
        buf.resize(256);
        ssize_t len = src.get(full, buf.data(), buf.size());
        if (len < 0 && errno == ERANGE) {
            buf.resize(value_max);
            len = src.get(full, buf.data(), buf.size());
        }
        if (len < 0) {
            if (errno == ENODATA) continue;  // removed since it was listed
            return fail(errno_to_ntstatus(errno));
        }
        if (len == 0) continue;
        out.push_back({std::move(n), bytes(buf.begin(), buf.begin() + len)});
    }
    return out;
}

result<std::vector<stored_ea_size>> ea_sizes(int fd) { return sizes_of(from_fd(fd)); }

result<std::vector<stored_ea_size>> ea_sizes_at(int dir_fd, const std::string& name) {
    if (name.empty()) return ea_sizes(dir_fd);
    return sizes_of({dir_fd, "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name, false});
}

result<void> write_eas(int fd, std::span<const stored_ea> eas, bool servers_own) {
    for (const auto& e : eas) {
        if (is_private_ea_name(e.name)) return fail(ntstatus::access_denied);
        if (e.name.empty() || e.name.size() > max_ea_xattr_name ||
            e.name.find('\0') != std::string::npos)
            return fail(ntstatus::invalid_ea_name);
    }
    std::optional<struct statx> st;
    if (servers_own)
        if (auto s = detail::statx_fd(fd)) st = *s;
    for (const auto& e : eas) {
        if (st) own_attribute_changes().expect(detail::stx_dev(*st), st->stx_ino);
        const std::string full = std::string(ea_xattr_prefix) + e.name;
        int rc = e.value.empty() ? fremovexattr(fd, full.c_str())
                                 : fsetxattr(fd, full.c_str(), e.value.data(), e.value.size(), 0);
        if (rc == 0) continue;
        int err = errno;
        if (e.value.empty() && err == ENODATA) continue;
        if (unsupported(err)) return fail(ntstatus::eas_not_supported);
        if (err == E2BIG || err == ENOSPC || err == ERANGE) return fail(ntstatus::ea_too_large);
        return fail(errno_to_ntstatus(err));
    }
    return {};
}

bool eas_supported(int fd) {
    xattr_source src = from_fd(fd);
    char probe;
    // ENODATA: the namespace exists and the attribute does not.
    ssize_t n = src.get("user.smbkit.probe", &probe, sizeof probe);
    return n >= 0 || errno == ENODATA || errno == ERANGE;
}

}  // namespace smbkit::vfs
