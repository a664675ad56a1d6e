#pragma once
// A minimal self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6) with SIDs (2.4.2.2), ACLs
// (2.4.5) and ACEs (2.4.4), for QUERY_INFO / SET_INFO security and the SecD create context.
// ACE types with a plain Mask + SID body (allowed, denied, audit, alarm) are decoded; the
// body of any other type is kept as bytes. Malformed input is STATUS_INVALID_SECURITY_DESCR.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2::fscc {

struct sid {
    std::uint8_t revision = 1;
    std::array<std::uint8_t, 6> authority{};  // big-endian 48-bit IdentifierAuthority
    std::vector<std::uint32_t> sub_authorities;  // at most 15

    std::size_t size() const { return 8 + 4 * sub_authorities.size(); }
    std::string to_string() const;  // "S-1-5-32-544"
    static std::optional<sid> parse(std::string_view text);
    static result<sid> decode(byte_span data);  // a SID at the start of `data`
    void encode(writer& w) const;
    bool operator==(const sid&) const = default;
};

namespace ace_type {
inline constexpr std::uint8_t access_allowed = 0x00;
inline constexpr std::uint8_t access_denied = 0x01;
inline constexpr std::uint8_t system_audit = 0x02;
inline constexpr std::uint8_t system_alarm = 0x03;
}  // namespace ace_type
namespace ace_flags {
inline constexpr std::uint8_t object_inherit = 0x01;
inline constexpr std::uint8_t container_inherit = 0x02;
inline constexpr std::uint8_t no_propagate_inherit = 0x04;
inline constexpr std::uint8_t inherit_only = 0x08;
inline constexpr std::uint8_t inherited = 0x10;
inline constexpr std::uint8_t successful_access = 0x40;
inline constexpr std::uint8_t failed_access = 0x80;
}  // namespace ace_flags

struct ace {
    std::uint8_t type = ace_type::access_allowed;
    std::uint8_t flags = 0;
    std::uint32_t mask = 0;
    sid trustee;
    bytes other_body;  // the whole body for types other than the four above

    bool is_basic() const { return type <= ace_type::system_alarm; }
    bool operator==(const ace&) const = default;
};

struct acl {
    std::uint8_t revision = 2;  // ACL_REVISION
    std::vector<ace> aces;
    std::size_t size() const;
    bool operator==(const acl&) const = default;
};

namespace sd_control {
inline constexpr std::uint16_t owner_defaulted = 0x0001;
inline constexpr std::uint16_t group_defaulted = 0x0002;
inline constexpr std::uint16_t dacl_present = 0x0004;
inline constexpr std::uint16_t dacl_defaulted = 0x0008;
inline constexpr std::uint16_t sacl_present = 0x0010;
inline constexpr std::uint16_t sacl_defaulted = 0x0020;
inline constexpr std::uint16_t dacl_auto_inherited = 0x0400;
inline constexpr std::uint16_t sacl_auto_inherited = 0x0800;
inline constexpr std::uint16_t dacl_protected = 0x1000;
inline constexpr std::uint16_t sacl_protected = 0x2000;
inline constexpr std::uint16_t self_relative = 0x8000;
}  // namespace sd_control

struct security_descriptor {
    // As on the wire; encode() adds self_relative and dacl_present / sacl_present for the
    // ACLs that are there. dacl_present without a DACL is a NULL DACL (everyone allowed).
    std::uint16_t control = sd_control::self_relative;
    std::optional<sid> owner;
    std::optional<sid> group;
    std::optional<acl> sacl;
    std::optional<acl> dacl;

    static result<security_descriptor> decode(byte_span data);
    // Self-relative, laid out owner, group, SACL, DACL (as Samba does).
    void encode(writer& w) const;
    bytes encode() const;
    bool operator==(const security_descriptor&) const = default;
};

// Well-known SIDs a server uses.
sid world_sid();                 // S-1-1-0 Everyone
sid builtin_administrators_sid();  // S-1-5-32-544
sid creator_owner_sid();         // S-1-3-0, replaced by the owner when inherited
sid creator_group_sid();         // S-1-3-1, replaced by the group when inherited
sid owner_rights_sid();          // S-1-3-4, its ACEs replace the owner's implicit rights
sid network_sid();               // S-1-5-2
sid anonymous_sid();             // S-1-5-7
sid authenticated_users_sid();   // S-1-5-11
sid local_system_sid();          // S-1-5-18
sid builtin_users_sid();         // S-1-5-32-545
sid builtin_guests_sid();        // S-1-5-32-546
sid unix_user_sid(std::uint32_t uid);   // S-1-22-1-uid, as Samba maps Unix users
sid unix_group_sid(std::uint32_t gid);  // S-1-22-2-gid

}  // namespace smbkit::smb2::fscc
