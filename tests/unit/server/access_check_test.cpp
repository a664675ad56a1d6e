// Access checks, inheritance and descriptor merging (MS-DTYP 2.5.3.2, 2.5.3.4).
#include <gtest/gtest.h>

#include "server/smb2/file/access_check.hpp"
#include "smb2/constants.hpp"

using namespace smbkit;
using namespace smbkit::server::file;
using namespace smbkit::smb2::fscc;
namespace a = smbkit::smb2::access;
namespace si = smbkit::smb2::security_information;

namespace {

ace entry(std::uint8_t type, std::uint8_t flags, std::uint32_t mask, sid who) {
    return ace{type, flags, mask, std::move(who), {}};
}

security_descriptor with_dacl(std::vector<ace> aces, sid owner = unix_user_sid(0)) {
    security_descriptor sd;
    sd.control |= sd_control::dacl_present;
    sd.owner = std::move(owner);
    sd.group = unix_group_sid(0);
    sd.dacl = acl{2, std::move(aces)};
    return sd;
}

const security_token alice = make_token("alice", 1000, 100, logon_type::user);
const security_token bob = make_token("bob", 1001, 100, logon_type::user);

}  // namespace

TEST(access_check, token_holds_user_groups_and_well_known_sids) {
    EXPECT_EQ(alice.user, unix_user_sid(1000));
    EXPECT_EQ(alice.primary_group, unix_group_sid(100));
    EXPECT_TRUE(alice.has(world_sid()));
    EXPECT_TRUE(alice.has(authenticated_users_sid()));
    EXPECT_TRUE(alice.has(builtin_users_sid()));
    EXPECT_FALSE(alice.has(unix_user_sid(1001)));
    auto guest = make_token("nobody", 65534, 65534, logon_type::guest);
    EXPECT_FALSE(guest.has(authenticated_users_sid()));
    EXPECT_TRUE(guest.has(builtin_guests_sid()));
    auto anon = make_token("", 0, 0, logon_type::anonymous);
    EXPECT_EQ(anon.user, anonymous_sid());
    EXPECT_FALSE(anon.has(unix_user_sid(0)));  // never root
}

TEST(access_check, generic_rights_map_to_file_rights) {
    EXPECT_EQ(map_generic_file(a::generic_read), a::file_generic_read);
    EXPECT_EQ(map_generic_file(a::generic_write), a::file_generic_write);
    EXPECT_EQ(map_generic_file(a::generic_execute), a::file_generic_execute);
    EXPECT_EQ(map_generic_file(a::generic_all | a::maximum_allowed),
              a::file_all_access | a::maximum_allowed);
}

TEST(access_check, no_dacl_or_null_dacl_grants_everything) {
    security_descriptor none;
    EXPECT_EQ(granted_rights(none, alice), a::file_all_access);
    security_descriptor null_dacl;
    null_dacl.control |= sd_control::dacl_present;
    EXPECT_EQ(granted_rights(null_dacl, alice), a::file_all_access);
    // An empty DACL grants nothing, except what the owner always has.
    EXPECT_EQ(granted_rights(with_dacl({}), alice), 0u);
    EXPECT_EQ(granted_rights(with_dacl({}, alice.user), alice), a::read_control | a::write_dac);
}

TEST(access_check, aces_in_order_first_to_speak_decides) {
    auto sd = with_dacl({entry(ace_type::access_denied, 0, a::delete_, world_sid()),
                         entry(ace_type::access_allowed, 0, a::generic_all, alice.user)});
    EXPECT_EQ(granted_rights(sd, alice), a::file_all_access & ~a::delete_);
    EXPECT_EQ(granted_rights(sd, bob), 0u);
    // A deny after the allow comes too late.
    auto late = with_dacl({entry(ace_type::access_allowed, 0, a::file_all_access, alice.user),
                           entry(ace_type::access_denied, 0, a::delete_, world_sid())});
    EXPECT_EQ(granted_rights(late, alice), a::file_all_access);
    // Inherit-only ACEs do not apply to the object itself.
    auto io = with_dacl({entry(ace_type::access_allowed, ace_flags::inherit_only |
                                                            ace_flags::object_inherit,
                               a::file_all_access, world_sid())});
    EXPECT_EQ(granted_rights(io, alice), 0u);
}

TEST(access_check, owner_rights_ace_replaces_implicit_owner_rights) {
    auto sd = with_dacl({entry(ace_type::access_allowed, 0, a::file_read_data, owner_rights_sid())},
                        alice.user);
    EXPECT_EQ(granted_rights(sd, alice), a::file_read_data);
    EXPECT_EQ(granted_rights(sd, bob), 0u);
}

TEST(access_check, decide_access_and_maximum_allowed) {
    const std::uint32_t allowed = a::file_generic_read;
    EXPECT_EQ(decide_access(a::file_read_data, allowed).value(), a::file_read_data);
    EXPECT_EQ(decide_access(a::generic_read, allowed).value(), a::file_generic_read);
    EXPECT_EQ(decide_access(a::file_write_data, allowed).error(), ntstatus::access_denied);
    EXPECT_EQ(decide_access(a::maximum_allowed, allowed).value(), allowed);
    EXPECT_EQ(decide_access(a::maximum_allowed | a::delete_, allowed).error(),
              ntstatus::access_denied);
    EXPECT_EQ(decide_access(a::maximum_allowed, 0).value(), 0u);
}

TEST(access_check, inheritance_to_files_and_directories) {
    const std::uint8_t oi = ace_flags::object_inherit, ci = ace_flags::container_inherit;
    auto parent = with_dacl({
        entry(ace_type::access_allowed, oi | ci, a::file_all_access, world_sid()),
        entry(ace_type::access_allowed, oi | ci | ace_flags::inherit_only, a::generic_all,
              creator_owner_sid()),
        entry(ace_type::access_allowed, ci, a::file_read_data, builtin_users_sid()),
        entry(ace_type::access_allowed, oi | ace_flags::no_propagate_inherit, a::file_execute,
              network_sid()),
        entry(ace_type::access_denied, 0, a::delete_, world_sid()),  // not inheritable
    });
    parent.control |= sd_control::dacl_auto_inherited;

    auto file = inherit_descriptor(parent, false, alice);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->owner, alice.user);
    EXPECT_EQ(file->group, alice.primary_group);
    EXPECT_TRUE(file->control & sd_control::dacl_auto_inherited);
    ASSERT_EQ(file->dacl->aces.size(), 3u);
    EXPECT_EQ(file->dacl->aces[0], entry(ace_type::access_allowed, ace_flags::inherited,
                                         a::file_all_access, world_sid()));
    EXPECT_EQ(file->dacl->aces[1], entry(ace_type::access_allowed, ace_flags::inherited,
                                         a::file_all_access, alice.user));
    EXPECT_EQ(file->dacl->aces[2], entry(ace_type::access_allowed, ace_flags::inherited,
                                         a::file_execute, network_sid()));

    auto dir = inherit_descriptor(parent, true, alice);
    ASSERT_TRUE(dir);
    ASSERT_EQ(dir->dacl->aces.size(), 4u);
    EXPECT_EQ(dir->dacl->aces[0], entry(ace_type::access_allowed, oi | ci | ace_flags::inherited,
                                        a::file_all_access, world_sid()));
    // CREATOR OWNER: the effective ACE for the new owner, the original passed on.
    EXPECT_EQ(dir->dacl->aces[1], entry(ace_type::access_allowed, ace_flags::inherited,
                                        a::file_all_access, alice.user));
    EXPECT_EQ(dir->dacl->aces[2],
              entry(ace_type::access_allowed,
                    oi | ci | ace_flags::inherit_only | ace_flags::inherited, a::generic_all,
                    creator_owner_sid()));
    EXPECT_EQ(dir->dacl->aces[3], entry(ace_type::access_allowed, ci | ace_flags::inherited,
                                        a::file_read_data, builtin_users_sid()));

    // Nothing inheritable: the caller's default applies.
    EXPECT_FALSE(inherit_descriptor(with_dacl({entry(ace_type::access_allowed, 0,
                                                     a::file_all_access, world_sid())}),
                                    false, alice));
    security_descriptor null_dacl;
    null_dacl.control |= sd_control::dacl_present;
    EXPECT_FALSE(inherit_descriptor(null_dacl, true, alice));
}

TEST(access_check, default_descriptor_gives_creator_full_control) {
    auto f = default_descriptor(alice, 100, 0644, false);
    EXPECT_EQ(f.owner, alice.user);
    EXPECT_EQ(granted_rights(f, alice), a::file_all_access);
    EXPECT_EQ(granted_rights(f, bob) & a::file_write_data, 0u);
    EXPECT_NE(granted_rights(f, bob) & a::file_read_data, 0u);
    auto d = default_descriptor(alice, 100, 0755, true);
    // bob's own files in alice's directory are his (CREATOR OWNER is passed on).
    auto child = inherit_descriptor(d, false, bob);
    ASSERT_TRUE(child);
    EXPECT_EQ(granted_rights(*child, bob), a::file_all_access);
    EXPECT_EQ(granted_rights(*child, alice) & a::file_write_data, 0u);
}

TEST(access_check, new_parts_need_owner_in_token_and_no_sacl) {
    security_descriptor sd;
    sd.owner = alice.user;
    sd.group = unix_group_sid(5);
    EXPECT_TRUE(check_new_parts(sd, si::owner | si::group, alice));
    EXPECT_EQ(check_new_parts(sd, si::owner, bob).error(), ntstatus::invalid_owner);
    sd.owner = world_sid();  // a group of the token may own
    EXPECT_TRUE(check_new_parts(sd, si::owner, bob));
    EXPECT_EQ(check_new_parts(sd, si::sacl, alice).error(), ntstatus::privilege_not_held);
    security_descriptor empty;
    EXPECT_EQ(check_new_parts(empty, si::owner, alice).error(), ntstatus::invalid_owner);
    EXPECT_TRUE(check_new_parts(empty, si::dacl, alice));
}

TEST(access_check, merge_replaces_named_parts_only) {
    auto stored = with_dacl({entry(ace_type::access_allowed, 0, a::file_all_access, alice.user)},
                            alice.user);
    stored.control |= sd_control::dacl_protected;
    security_descriptor given;
    given.owner = bob.user;
    given.group = unix_group_sid(7);
    given.control |= sd_control::dacl_present;  // a NULL DACL
    auto m = merge_descriptor(stored, given, si::group);
    EXPECT_EQ(m.owner, alice.user);
    EXPECT_EQ(m.group, unix_group_sid(7));
    EXPECT_EQ(m.dacl, stored.dacl);
    EXPECT_TRUE(m.control & sd_control::dacl_protected);
    m = merge_descriptor(stored, given, si::dacl);
    EXPECT_FALSE(m.dacl);
    EXPECT_TRUE(m.control & sd_control::dacl_present);
    EXPECT_FALSE(m.control & sd_control::dacl_protected);
    EXPECT_EQ(granted_rights(m, bob), a::file_all_access);
    auto back = security_descriptor::decode(m.encode());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, m);
}

TEST(access_check, select_parts_returns_only_what_is_asked) {
    auto sd = with_dacl({entry(ace_type::access_allowed, 0, a::file_all_access, alice.user)},
                        alice.user);
    auto o = select_parts(sd, si::owner);
    EXPECT_EQ(o.owner, alice.user);
    EXPECT_FALSE(o.group);
    EXPECT_FALSE(o.dacl);
    EXPECT_FALSE(o.control & sd_control::dacl_present);
    auto d = select_parts(sd, si::dacl);
    EXPECT_FALSE(d.owner);
    EXPECT_EQ(d.dacl, sd.dacl);
    auto none = select_parts(sd, 0).encode();
    EXPECT_EQ(none.size(), 20u);
}
