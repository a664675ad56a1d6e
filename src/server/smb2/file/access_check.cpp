// MS-DTYP 2.5.3.2 (access check), 2.5.3.4 (descriptor of a new object), 2.4.3 (generic
// mapping of files, as MS-SMB2 2.2.13.1.1 lists the rights).
#include "server/smb2/file/access_check.hpp"

#include <algorithm>

#include "server/smb2/file/security.hpp"
#include "smb2/constants.hpp"

namespace smbkit::server::file {
namespace {

namespace a = smb2::access;
namespace sf = smb2::fscc;
namespace fl = smb2::fscc::ace_flags;
namespace ctl = smb2::fscc::sd_control;
namespace si = smb2::security_information;

constexpr std::uint8_t inherit_bits =
    fl::object_inherit | fl::container_inherit | fl::no_propagate_inherit | fl::inherit_only;

sf::ace make_ace(std::uint8_t type, std::uint8_t flags, std::uint32_t mask, sf::sid who) {
    sf::ace e;
    e.type = type;
    e.flags = flags;
    e.mask = mask;
    e.trustee = std::move(who);
    return e;
}

}  // namespace

bool security_token::has(const sf::sid& s) const {
    return s == user || s == primary_group || std::find(groups.begin(), groups.end(), s) !=
                                                  groups.end();
}

security_token make_token(std::string user_name, std::uint32_t uid, std::uint32_t gid,
                          logon_type type) {
    security_token t;
    t.user_name = std::move(user_name);
    t.groups.push_back(sf::world_sid());
    t.groups.push_back(sf::network_sid());
    if (type == logon_type::anonymous) {
        t.user = sf::anonymous_sid();
        t.primary_group = sf::anonymous_sid();
        return t;
    }
    // A user or the guest account: its Unix identity, and the groups of its kind of logon.
    t.unix_uid = uid;
    t.unix_gid = gid;
    t.user = sf::unix_user_sid(uid);
    t.primary_group = sf::unix_group_sid(gid);
    if (type == logon_type::guest) {
        t.groups.push_back(sf::builtin_guests_sid());
    } else {
        t.groups.push_back(sf::authenticated_users_sid());
        t.groups.push_back(sf::builtin_users_sid());
    }
    return t;
}

std::uint32_t map_generic_file(std::uint32_t m) {
    std::uint32_t out = m & ~(a::generic_all | a::generic_read | a::generic_write |
                              a::generic_execute);
    if (m & a::generic_read) out |= a::file_generic_read;
    if (m & a::generic_write) out |= a::file_generic_write;
    if (m & a::generic_execute) out |= a::file_generic_execute;
    if (m & a::generic_all) out |= a::file_all_access;
    return out;
}

std::uint32_t granted_rights(const sf::security_descriptor& sd, const security_token& token) {
    if (!(sd.control & ctl::dacl_present) || !sd.dacl) return a::file_all_access;
    const bool is_owner = sd.owner && token.has(*sd.owner);
    const sf::sid owner_rights = sf::owner_rights_sid();
    bool owner_rights_aces = false;
    std::uint32_t granted = 0, denied = 0;
    for (const auto& e : sd.dacl->aces) {
        if (!e.is_basic() || (e.flags & fl::inherit_only)) continue;
        if (e.type != sf::ace_type::access_allowed && e.type != sf::ace_type::access_denied)
            continue;
        bool mine;
        if (e.trustee == owner_rights) {
            owner_rights_aces = true;
            mine = is_owner;
        } else {
            mine = token.has(e.trustee);
        }
        if (!mine) continue;
        std::uint32_t m = map_generic_file(e.mask);
        if (e.type == sf::ace_type::access_allowed)
            granted |= m & ~denied;
        else
            denied |= m & ~granted;
    }
    // MS-DTYP 2.5.3.2: the owner may always read and change the DACL, unless OWNER RIGHTS
    // ACEs say what the owner gets.
    if (is_owner && !owner_rights_aces) granted |= (a::read_control | a::write_dac) & ~denied;
    return granted & ~denied & (a::file_all_access | a::access_system_security);
}

result<std::uint32_t> decide_access(std::uint32_t desired, std::uint32_t allowed) {
    const bool max = desired & a::maximum_allowed;
    std::uint32_t want = map_generic_file(desired) & ~a::maximum_allowed;
    if (want & ~allowed) return fail(ntstatus::access_denied);
    return max ? (want | allowed) : want;
}

std::optional<sf::security_descriptor> inherit_descriptor(const sf::security_descriptor& parent,
                                                          bool is_directory,
                                                          const security_token& creator) {
    if (!(parent.control & ctl::dacl_present) || !parent.dacl) return std::nullopt;
    const sf::sid co = sf::creator_owner_sid(), cg = sf::creator_group_sid();
    sf::acl dacl;
    for (const auto& e : parent.dacl->aces) {
        if (!e.is_basic()) continue;
        const bool oi = e.flags & fl::object_inherit, ci = e.flags & fl::container_inherit;
        const bool np = e.flags & fl::no_propagate_inherit;
        const std::uint8_t audit = e.flags & (fl::successful_access | fl::failed_access);
        sf::ace eff = e;
        eff.flags = fl::inherited | audit;
        eff.mask = map_generic_file(e.mask);
        if (e.trustee == co) eff.trustee = creator.user;
        if (e.trustee == cg) eff.trustee = creator.primary_group;
        if (!is_directory) {
            if (oi) dacl.aces.push_back(std::move(eff));
            continue;
        }
        if (!ci) {
            // Object-inherit only: passed on to files below, applies not to the directory.
            if (oi && !np) {
                sf::ace pass = e;
                pass.flags = static_cast<std::uint8_t>((e.flags & ~inherit_bits) | fl::object_inherit |
                                                       fl::inherit_only | fl::inherited);
                dacl.aces.push_back(std::move(pass));
            }
            continue;
        }
        if (np) {
            dacl.aces.push_back(std::move(eff));
            continue;
        }
        const bool changed = eff.trustee != e.trustee || eff.mask != e.mask;
        if (changed) {
            // Windows splits the ACE: the effective one for this directory and the original
            // kept inherit-only for what is created below.
            dacl.aces.push_back(std::move(eff));
            sf::ace pass = e;
            pass.flags = static_cast<std::uint8_t>((e.flags & ~fl::no_propagate_inherit) |
                                                   fl::inherit_only | fl::inherited);
            dacl.aces.push_back(std::move(pass));
        } else {
            eff.flags = static_cast<std::uint8_t>((e.flags & (fl::object_inherit |
                                                              fl::container_inherit)) |
                                                  fl::inherited | audit);
            dacl.aces.push_back(std::move(eff));
        }
    }
    if (dacl.aces.empty()) return std::nullopt;
    sf::security_descriptor sd;
    sd.control = ctl::self_relative | ctl::dacl_present |
                 (parent.control & ctl::dacl_auto_inherited);
    sd.owner = creator.user;
    sd.group = creator.primary_group;
    dacl.revision = parent.dacl->revision;
    sd.dacl = std::move(dacl);
    return sd;
}

sf::security_descriptor default_descriptor(const security_token& creator, std::uint32_t unix_gid,
                                           std::uint32_t mode, bool is_directory) {
    const std::uint32_t others_extra = a::file_read_attributes | a::read_control | a::synchronize;
    const std::uint8_t inherit =
        is_directory ? (fl::object_inherit | fl::container_inherit) : 0;
    sf::security_descriptor sd;
    sd.control = ctl::self_relative | ctl::dacl_present;
    sd.owner = creator.user;
    sd.group = creator.primary_group;
    sf::acl dacl;
    dacl.aces.push_back(make_ace(sf::ace_type::access_allowed, 0, a::file_all_access,
                                 creator.user));
    if (is_directory)
        dacl.aces.push_back(make_ace(sf::ace_type::access_allowed, inherit | fl::inherit_only,
                                     a::file_all_access, sf::creator_owner_sid()));
    dacl.aces.push_back(make_ace(sf::ace_type::access_allowed, inherit,
                                 rights_from_bits((mode >> 3) & 7, is_directory) | others_extra,
                                 sf::unix_group_sid(unix_gid)));
    dacl.aces.push_back(make_ace(sf::ace_type::access_allowed, inherit,
                                 rights_from_bits(mode & 7, is_directory) | others_extra,
                                 sf::world_sid()));
    sd.dacl = std::move(dacl);
    return sd;
}

result<void> check_new_parts(const sf::security_descriptor& sd, std::uint32_t info,
                             const security_token& token) {
    if (info & si::sacl) return fail(ntstatus::privilege_not_held);
    if (info & si::owner) {
        if (!sd.owner) return fail(ntstatus::invalid_owner);
        if (!token.has(*sd.owner)) return fail(ntstatus::invalid_owner);
    }
    if ((info & si::group) && !sd.group) return fail(ntstatus::invalid_primary_group);
    return {};
}

sf::security_descriptor merge_descriptor(sf::security_descriptor stored,
                                         const sf::security_descriptor& given,
                                         std::uint32_t info) {
    if ((info & si::owner) && given.owner) stored.owner = given.owner;
    if ((info & si::group) && given.group) stored.group = given.group;
    constexpr std::uint16_t dacl_bits =
        ctl::dacl_present | ctl::dacl_defaulted | ctl::dacl_auto_inherited | ctl::dacl_protected;
    constexpr std::uint16_t sacl_bits =
        ctl::sacl_present | ctl::sacl_defaulted | ctl::sacl_auto_inherited | ctl::sacl_protected;
    if (info & si::dacl) {
        stored.control = static_cast<std::uint16_t>((stored.control & ~dacl_bits) |
                                                    (given.control & dacl_bits) |
                                                    ctl::dacl_present);
        stored.dacl = given.dacl;  // nullopt: a NULL DACL
    }
    if (info & si::sacl) {
        stored.control =
            static_cast<std::uint16_t>((stored.control & ~sacl_bits) | (given.control & sacl_bits));
        stored.sacl = given.sacl;
        if (!stored.sacl) stored.control &= static_cast<std::uint16_t>(~ctl::sacl_present);
    }
    stored.control |= ctl::self_relative;
    return stored;
}

sf::security_descriptor select_parts(const sf::security_descriptor& sd, std::uint32_t info) {
    sf::security_descriptor out;
    std::uint16_t keep = ctl::self_relative;
    if (info & si::owner) {
        out.owner = sd.owner;
        keep |= ctl::owner_defaulted;
    }
    if (info & si::group) {
        out.group = sd.group;
        keep |= ctl::group_defaulted;
    }
    if (info & si::dacl) {
        out.dacl = sd.dacl;
        keep |= ctl::dacl_present | ctl::dacl_defaulted | ctl::dacl_auto_inherited |
                ctl::dacl_protected;
    }
    if (info & si::sacl) {
        out.sacl = sd.sacl;
        keep |= ctl::sacl_present | ctl::sacl_defaulted | ctl::sacl_auto_inherited |
                ctl::sacl_protected;
    }
    out.control = static_cast<std::uint16_t>((sd.control & keep) | ctl::self_relative);
    return out;
}

}  // namespace smbkit::server::file
