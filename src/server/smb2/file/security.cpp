// MS-DTYP 2.4.6 descriptors of files: stored, derived from POSIX, and checked at CREATE
// (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1).
#include "server/smb2/file/security.hpp"

#include <pwd.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/log.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/server.hpp"
#include "server/smb2/session.hpp"
#include "smb2/constants.hpp"
#include "vfs/errno_map.hpp"
#include "vfs/nt_acl.hpp"
#include "vfs/own_changes.hpp"
#include "vfs/resolve.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

namespace a = smb2::access;
namespace sf = smb2::fscc;

sf::ace allow(std::uint32_t mask, sf::sid who, std::uint8_t flags) {
    sf::ace e;
    e.type = sf::ace_type::access_allowed;
    e.flags = flags;
    e.mask = mask;
    e.trustee = std::move(who);
    return e;
}

std::optional<sf::security_descriptor> parse_stored(std::optional<bytes> blob) {
    if (!blob) return std::nullopt;
    auto sd = sf::security_descriptor::decode(*blob);
    if (!sd) {
        spdlog::warn("smb: a stored security descriptor does not parse; ignored");
        return std::nullopt;
    }
    return std::move(*sd);
}

std::uint32_t unix_gid_of(const char* name, std::uint32_t fallback) {
    if (!name || !*name) return fallback;
    struct passwd pw {};
    struct passwd* found = nullptr;
    char buf[1024];
    if (getpwnam_r(name, &pw, buf, sizeof buf, &found) == 0 && found) return found->pw_gid;
    return fallback;
}

std::optional<std::uint32_t> unix_uid_of(const char* name) {
    struct passwd pw {};
    struct passwd* found = nullptr;
    char buf[1024];
    if (name && *name && getpwnam_r(name, &pw, buf, sizeof buf, &found) == 0 && found)
        return found->pw_uid;
    return std::nullopt;
}

}  // namespace

std::uint32_t rights_from_bits(unsigned rwx, bool is_directory) {
    std::uint32_t m = 0;
    if (rwx & 4) m |= a::file_generic_read;
    if (rwx & 2) {
        m |= a::file_generic_write | a::delete_;
        if (is_directory) m |= a::file_delete_child;
    }
    if (rwx & 1) m |= a::file_generic_execute;
    return m;
}

sf::security_descriptor posix_descriptor(const posix_owner& o) {
    // The owner may always read and change the descriptor and attributes, as on a Unix file
    // it owns.
    const std::uint32_t owner_extra = a::read_control | a::write_dac | a::write_owner |
                                      a::file_read_attributes | a::file_write_attributes |
                                      a::file_read_ea | a::file_write_ea | a::synchronize;
    const std::uint32_t others_extra = a::file_read_attributes | a::read_control | a::synchronize;
    // Directories pass their ACEs on, so new files show the same shape.
    const std::uint8_t inherit = o.is_directory ? (sf::ace_flags::object_inherit |
                                                   sf::ace_flags::container_inherit)
                                                : 0;
    sf::security_descriptor sd;
    sd.control = sf::sd_control::self_relative | sf::sd_control::dacl_present;
    sd.owner = sf::unix_user_sid(o.uid);
    sd.group = sf::unix_group_sid(o.gid);
    sf::acl dacl;
    dacl.aces.push_back(allow(rights_from_bits((o.mode >> 6) & 7, o.is_directory) | owner_extra,
                              sf::unix_user_sid(o.uid), inherit));
    dacl.aces.push_back(allow(rights_from_bits((o.mode >> 3) & 7, o.is_directory) | others_extra,
                              sf::unix_group_sid(o.gid), inherit));
    dacl.aces.push_back(allow(rights_from_bits(o.mode & 7, o.is_directory) | others_extra,
                              sf::world_sid(), inherit));
    sd.dacl = std::move(dacl);
    return sd;
}

bytes security_descriptor(const posix_owner& o, std::uint32_t info) {
    return select_parts(posix_descriptor(o), info).encode();
}

std::optional<sf::security_descriptor> stored_descriptor(int fd) {
    return parse_stored(vfs::read_nt_acl(fd));
}

std::optional<sf::security_descriptor> stored_descriptor_at(int dir_fd, const std::string& name) {
    return parse_stored(vfs::read_nt_acl_at(dir_fd, name));
}

result<sf::security_descriptor> effective_descriptor(int fd, bool is_directory) {
    if (auto sd = stored_descriptor(fd)) return std::move(*sd);
    struct stat s {};
    if (::fstat(fd, &s) != 0) return fail(vfs::errno_to_ntstatus(errno));
    return posix_descriptor(
        {s.st_uid, s.st_gid, static_cast<std::uint32_t>(s.st_mode & 07777), is_directory});
}

std::shared_ptr<const security_token> session_token(request_context& ctx) {
    session* s = ctx.sess;
    if (!s) {
        static const auto anon = std::make_shared<const security_token>(
            make_token("", 0, 0, logon_type::anonymous));
        return anon;
    }
    if (s->token && s->token->user_name == s->user) return s->token;
    logon_type type = s->anonymous ? logon_type::anonymous
                                   : (s->guest ? logon_type::guest : logon_type::user);
    // The smbpasswd uid names the user, as Samba's passdb does; a guest is its Unix account.
    std::optional<std::uint32_t> uid;
    if (type == logon_type::user && ctx.conn) uid = ctx.conn->server().account_uid(s->user);
    if (!uid) uid = unix_uid_of(s->user.c_str());
    std::uint32_t u = uid.value_or(65534);
    std::uint32_t g = unix_gid_of(s->user.c_str(), u);
    s->token = std::make_shared<const security_token>(make_token(s->user, u, g, type));
    return s->token;
}

result<std::uint32_t> check_open_access(const vfs::access_query& q, const security_token& token,
                                        open_access_state& state) {
    std::optional<sf::security_descriptor> sd;
    if (q.exists) {
        sd = stored_descriptor_at(q.dir_fd, std::string(q.name));
        if (!sd) return ~0u;  // nothing stored: the share's rights apply
    }
    // The parent's rights, for adding a name and for DELETE through FILE_DELETE_CHILD.
    if (!q.name.empty()) state.parent = stored_descriptor_at(q.dir_fd, "");
    const std::uint32_t parent_allowed = state.parent ? granted_rights(*state.parent, token) : ~0u;
    state.parent_grants_delete = parent_allowed & a::file_delete_child;
    if (!q.exists) {
        const std::uint32_t need = q.is_directory ? a::file_append_data : a::file_write_data;
        if (!(parent_allowed & need)) return fail(ntstatus::access_denied);
        return ~0u;  // the creator gets what it asked for
    }
    std::uint32_t allowed = granted_rights(*sd, token);
    if (state.parent_grants_delete) allowed |= a::delete_;
    return decide_access(q.desired, allowed);
}

result<void> check_rename_target(int dir_fd, bool is_directory, const security_token& token) {
    auto sd = stored_descriptor_at(dir_fd, "");
    if (!sd) return {};
    const std::uint32_t need = is_directory ? a::file_append_data : a::file_write_data;
    if (!(granted_rights(*sd, token) & need)) return fail(ntstatus::access_denied);
    return {};
}

std::uint32_t allowed_rights(int fd, const security_token& token, const open_access_state& state) {
    auto sd = stored_descriptor(fd);
    if (!sd) return a::file_all_access;
    std::uint32_t allowed = granted_rights(*sd, token);
    if (state.parent_grants_delete) allowed |= a::delete_;
    return allowed;
}

namespace {

// The change below is part of the file's creation, not one a CHANGE_NOTIFY watch reports.
void announce_own_change(int fd) {
    struct statx st {};
    if (::statx(fd, "", AT_EMPTY_PATH, STATX_INO, &st) == 0)
        vfs::own_attribute_changes().expect(vfs::detail::stx_dev(st), st.stx_ino);
}

}  // namespace

void store_new_descriptor(int fd, bool is_directory, const security_token& token,
                          const std::optional<sf::security_descriptor>& given,
                          const open_access_state& state) {
    if (!given && !state.parent) {
        // Nothing to inherit: the file is given to the user's Unix account, as smbd creates
        // it, so the descriptor derived from POSIX shows the creator as owner. No xattr is
        // written (one more would cost ext4 a block, seen in the allocation size).
        if (token.unix_uid) announce_own_change(fd);
        if (token.unix_uid && ::fchown(fd, *token.unix_uid, static_cast<gid_t>(-1)) != 0)
            spdlog::warn("smb: cannot give a new file to uid {}: {}", *token.unix_uid,
                         std::strerror(errno));
        return;
    }
    std::optional<sf::security_descriptor> base;
    if (state.parent) base = inherit_descriptor(*state.parent, is_directory, token);
    if (!base || given) {
        struct stat s {};
        if (::fstat(fd, &s) != 0) return;
        auto def = default_descriptor(token, s.st_gid, s.st_mode & 07777, is_directory);
        if (!base) base = std::move(def);
    }
    sf::security_descriptor sd = std::move(*base);
    if (given) {
        namespace si = smb2::security_information;
        std::uint32_t parts = 0;
        if (given->owner) parts |= si::owner;
        if (given->group) parts |= si::group;
        if (given->control & sf::sd_control::dacl_present) parts |= si::dacl;
        sd = merge_descriptor(std::move(sd), *given, parts);
    }
    announce_own_change(fd);
    if (auto w = vfs::write_nt_acl(fd, sd.encode()); !w)
        spdlog::warn("smb: cannot store the security descriptor of a new file: {}",
                     ntstatus_string(w.error()));
}

}  // namespace smbkit::server::file
