#include "server/smb2/file/security.hpp"

#include "smb2/constants.hpp"
#include "smb2/fscc/security.hpp"

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

bytes security_descriptor(const posix_owner& o, std::uint32_t info) {
    namespace si = smb2::security_information;
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
    if (info & si::owner) sd.owner = sf::unix_user_sid(o.uid);
    if (info & si::group) sd.group = sf::unix_group_sid(o.gid);
    if (info & si::dacl) {
        sf::acl dacl;
        dacl.aces.push_back(allow(rights_from_bits((o.mode >> 6) & 7, o.is_directory) | owner_extra,
                                  sf::unix_user_sid(o.uid), inherit));
        dacl.aces.push_back(allow(rights_from_bits((o.mode >> 3) & 7, o.is_directory) | others_extra,
                                  sf::unix_group_sid(o.gid), inherit));
        dacl.aces.push_back(allow(rights_from_bits(o.mode & 7, o.is_directory) | others_extra,
                                  sf::world_sid(), inherit));
        sd.dacl = std::move(dacl);
    }
    return sd.encode();
}

}  // namespace smbkit::server::file
