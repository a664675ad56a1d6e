// Security descriptors through the handlers: SET_INFO / QUERY_INFO security (MS-SMB2
// 3.3.5.21.3, 3.3.5.20.3), the SecD create context (2.2.13.2.2), inheritance to new files,
// and the access check of CREATE (3.3.5.9) with MAXIMUM_ALLOWED and MxAc.
#include "unit/server/file_test_fixture.hpp"

#include <sys/xattr.h>
#include <unistd.h>

#include "server/smb2/file/access_check.hpp"
#include "smb2/create_context.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/fscc/security.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;
namespace si = smb2::security_information;
namespace sf = smb2::fscc;

sf::ace allow(std::uint32_t mask, sf::sid who, std::uint8_t flags = 0) {
    return sf::ace{sf::ace_type::access_allowed, flags, mask, std::move(who), {}};
}
sf::ace deny(std::uint32_t mask, sf::sid who) {
    return sf::ace{sf::ace_type::access_denied, 0, mask, std::move(who), {}};
}

class file_security : public file_fixture {
protected:
    void SetUp() override {
        file_fixture::SetUp();
        sess_.user = "alice";
        sess_.token = std::make_shared<const security_token>(
            make_token("alice", 1000, 100, logon_type::user));
        // Extended attributes in the user namespace are needed (tmpfs has them).
        std::string probe = (root_ / "probe").string();
        write_file("probe", "");
        xattrs_ = ::setxattr(probe.c_str(), "user.smbkit.probe", "1", 1, 0) == 0;
        fs::remove(root_ / "probe");
    }
    void as_bob() {
        sess_.user = "bob";
        sess_.token = std::make_shared<const security_token>(
            make_token("bob", 1001, 100, logon_type::user));
    }
    reply get_sd(const smb2::file_id& id, std::uint32_t info) {
        smb2::query_info_request q;
        q.id = id;
        q.info_type = smb2::info_type::security;
        q.output_buffer_length = 65536;
        q.additional_information = info;
        return call(q, smb2::command::query_info);
    }
    sf::security_descriptor sd_of(const smb2::file_id& id,
                                  std::uint32_t info = si::owner | si::group | si::dacl) {
        auto r = get_sd(id, info);
        EXPECT_EQ(r.status, ntstatus::success) << ntstatus_string(r.status);
        auto sd = sf::security_descriptor::decode(
            decode_body<smb2::query_info_response>(r).output);
        EXPECT_TRUE(sd);
        return sd.value_or(sf::security_descriptor{});
    }
    reply set_sd(const smb2::file_id& id, std::uint32_t info, bytes blob) {
        smb2::set_info_request s;
        s.id = id;
        s.info_type = smb2::info_type::security;
        s.additional_information = info;
        s.buffer = std::move(blob);
        return call(s, smb2::command::set_info);
    }
    static sf::security_descriptor dacl_of(std::vector<sf::ace> aces) {
        sf::security_descriptor sd;
        sd.dacl = sf::acl{2, std::move(aces)};
        return sd;
    }
    reply rename(const smb2::file_id& id, const std::string& to) {
        sf::rename_information r;
        r.file_name = to;
        return set_file_info(id, smb2::file_info_class::rename, r);
    }
    bool xattrs_ = false;
};

TEST_F(file_security, new_file_belongs_to_its_creator_and_set_dacl_is_stored) {
    if (!xattrs_) GTEST_SKIP() << "no user xattrs on " << root_;
    auto id = open_file("f.txt", ac::generic_all, cd::create);
    auto sd = sd_of(id);
    // Given to the user's Unix account (only root may).
    if (::getuid() == 0) EXPECT_EQ(sd.owner, sf::unix_user_sid(1000));
    ASSERT_TRUE(sd.dacl);
    const auto first_owner = sd.owner;
    auto mine = dacl_of({allow(ac::file_all_access, sf::unix_user_sid(1000)),
                         allow(ac::file_generic_read, sf::authenticated_users_sid())});
    ASSERT_EQ(set_sd(id, si::dacl, mine.encode()).status, ntstatus::success);
    sd = sd_of(id);
    EXPECT_EQ(sd.dacl, mine.dacl);
    EXPECT_EQ(sd.owner, first_owner);  // untouched
    // Only what was asked.
    auto only_owner = sd_of(id, si::owner);
    EXPECT_TRUE(only_owner.owner && !only_owner.group && !only_owner.dacl);
    close(id);
    EXPECT_GT(::getxattr((root_ / "f.txt").c_str(), "user.smbkit.ntacl", nullptr, 0), 0)
        << "stored beside the file";
}

TEST_F(file_security, set_checks_access_and_the_blob) {
    if (!xattrs_) GTEST_SKIP() << "no user xattrs on " << root_;
    auto id = open_file("g.txt", ac::file_read_data | ac::read_control, cd::open_if);
    auto d = dacl_of({allow(ac::file_all_access, sf::world_sid())});
    EXPECT_EQ(set_sd(id, si::dacl, d.encode()).status, ntstatus::access_denied);  // WRITE_DAC
    close(id);
    id = open_file("g.txt", ac::write_dac | ac::write_owner | ac::read_control, cd::open);
    EXPECT_EQ(set_sd(id, si::dacl, bytes{1, 0, 4}).status, ntstatus::invalid_security_descr);
    EXPECT_EQ(set_sd(id, si::sacl, d.encode()).status, ntstatus::access_denied);
    sf::security_descriptor other;
    other.owner = sf::unix_user_sid(4242);
    EXPECT_EQ(set_sd(id, si::owner, other.encode()).status, ntstatus::invalid_owner);
    other.owner = sf::world_sid();  // a SID of the token
    EXPECT_EQ(set_sd(id, si::owner, other.encode()).status, ntstatus::success);
    EXPECT_EQ(sd_of(id).owner, sf::world_sid());
    close(id);
}

TEST_F(file_security, dacl_is_enforced_at_create) {
    if (!xattrs_) GTEST_SKIP() << "no user xattrs on " << root_;
    auto id = open_file("e.txt", ac::generic_all, cd::create);
    auto d = dacl_of({deny(ac::file_write_data, sf::unix_user_sid(1000)),
                      allow(ac::file_generic_read | ac::file_generic_write,
                            sf::unix_user_sid(1000))});
    ASSERT_EQ(set_sd(id, si::dacl, d.encode()).status, ntstatus::success);
    close(id);
    EXPECT_EQ(create("e.txt", ac::file_write_data, cd::open).status, ntstatus::access_denied);
    EXPECT_EQ(create("e.txt", ac::generic_write, cd::open).status, ntstatus::access_denied);
    smb2::file_id r;
    EXPECT_EQ(create("e.txt", ac::file_read_data, cd::open, 0, &r).status, ntstatus::success);
    close(r);
    // MAXIMUM_ALLOWED opens with what the DACL gives, and MxAc says so.
    smb2::mxac_request mx;
    auto rep = create("e.txt", ac::maximum_allowed, cd::open, 0, &r, 7, {mx.to_context()});
    ASSERT_EQ(rep.status, ntstatus::success);
    auto body = decode_body<smb2::create_response>(rep);
    const smb2::create_context* c = smb2::find_context(body.contexts, "MxAc");
    ASSERT_TRUE(c);
    auto m = smb2::mxac_response::parse(c->data);
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->maximal_access & ac::file_write_data);
    EXPECT_TRUE(m->maximal_access & ac::file_append_data);
    EXPECT_TRUE(m->maximal_access & ac::delete_);  // through the share root
    close(r);
    // Another user is not in the DACL at all.
    as_bob();
    EXPECT_EQ(create("e.txt", ac::file_read_data, cd::open).status, ntstatus::access_denied);
    EXPECT_EQ(create("e.txt", ac::maximum_allowed, cd::open).status, ntstatus::success);
}

TEST_F(file_security, delete_needs_delete_or_the_parents_delete_child) {
    if (!xattrs_) GTEST_SKIP() << "no user xattrs on " << root_;
    auto dir = open_file("d", ac::generic_all, cd::create, co::directory_file);
    // The directory lets the owner add files but not delete children; new files inherit an
    // ACE without DELETE.
    const std::uint32_t no_delete = ac::file_all_access & ~(ac::delete_ | ac::file_delete_child);
    auto d = dacl_of({allow(no_delete, sf::unix_user_sid(1000), sf::ace_flags::object_inherit)});
    ASSERT_EQ(set_sd(dir, si::dacl, d.encode()).status, ntstatus::success);
    close(dir);
    // A new file may be created delete-on-close: the creator gets what it asks for.
    EXPECT_EQ(create("d\\new.txt", ac::delete_ | ac::file_write_data, cd::create,
                     co::delete_on_close | co::non_directory_file)
                  .status,
              ntstatus::success);
    auto f = open_file("d\\keep.txt", ac::file_write_data, cd::create);
    EXPECT_EQ(get_sd(f, si::dacl).status, ntstatus::access_denied);  // no READ_CONTROL
    close(f);
    f = open_file("d\\keep.txt", ac::read_control, cd::open);
    auto fsd = sd_of(f, si::dacl | si::owner);
    ASSERT_TRUE(fsd.dacl);
    ASSERT_EQ(fsd.dacl->aces.size(), 1u);
    EXPECT_EQ(fsd.dacl->aces[0].flags, sf::ace_flags::inherited);
    EXPECT_EQ(fsd.owner, sf::unix_user_sid(1000));
    close(f);
    // The existing file: neither its DACL nor the parent give DELETE.
    EXPECT_EQ(create("d\\keep.txt", ac::delete_, cd::open).status, ntstatus::access_denied);
    EXPECT_EQ(create("d\\keep.txt", ac::delete_ | ac::file_write_data, cd::overwrite_if,
                     co::delete_on_close)
                  .status,
              ntstatus::access_denied);
    // FILE_DELETE_CHILD on the parent is enough.
    dir = open_file("d", ac::write_dac | ac::read_control, cd::open, co::directory_file);
    auto d2 = dacl_of({allow(ac::file_all_access & ~ac::delete_, sf::unix_user_sid(1000),
                             sf::ace_flags::object_inherit)});
    ASSERT_EQ(set_sd(dir, si::dacl, d2.encode()).status, ntstatus::success);
    close(dir);
    EXPECT_EQ(create("d\\keep.txt", ac::delete_, cd::open, co::delete_on_close).status,
              ntstatus::success);
}

TEST_F(file_security, secd_context_sets_the_descriptor_of_a_new_file) {
    if (!xattrs_) GTEST_SKIP() << "no user xattrs on " << root_;
    smb2::sd_buffer b;
    b.descriptor = dacl_of({allow(ac::file_generic_read, sf::authenticated_users_sid())});
    b.descriptor.control |= sf::sd_control::dacl_present;
    smb2::file_id id;
    ASSERT_EQ(create("s.txt", ac::generic_all, cd::create, 0, &id, 7, {b.to_context()}).status,
              ntstatus::success);
    auto sd = sd_of(id);
    EXPECT_EQ(sd.dacl, b.descriptor.dacl);
    EXPECT_EQ(sd.owner, sf::unix_user_sid(1000));  // filled in: none was given
    close(id);
    EXPECT_EQ(create("s.txt", ac::file_write_data, cd::open).status, ntstatus::access_denied);
    // A SACL needs a privilege; a foreign owner is refused.
    b.descriptor.sacl = sf::acl{};
    EXPECT_EQ(create("t.txt", ac::generic_all, cd::create, 0, nullptr, 7, {b.to_context()}).status,
              ntstatus::privilege_not_held);
    b.descriptor.sacl.reset();
    b.descriptor.owner = sf::unix_user_sid(4242);
    EXPECT_EQ(create("t.txt", ac::generic_all, cd::create, 0, nullptr, 7, {b.to_context()}).status,
              ntstatus::invalid_owner);
    EXPECT_FALSE(fs::exists(root_ / "t.txt"));
}

TEST_F(file_security, files_without_a_stored_descriptor_keep_the_share_rights) {
    write_file("plain.txt", "x");
    ::chmod((root_ / "plain.txt").c_str(), 0600);  // root's, not alice's, yet writable via SMB
    smb2::file_id id;
    EXPECT_EQ(create("plain.txt", ac::file_write_data, cd::open, 0, &id).status,
              ntstatus::success);
    close(id);
}

TEST_F(file_security, rename_needs_add_file_on_the_target_directory) {
    if (!xattrs_) GTEST_SKIP() << "no user xattrs on " << root_;
    // The owner may do everything in "locked" but add names (ADD_FILE is WRITE_DATA and
    // ADD_SUBDIRECTORY is APPEND_DATA on a directory).
    auto dir = open_file("locked", ac::generic_all, cd::create, co::directory_file);
    const std::uint32_t no_add = ac::file_all_access & ~(ac::file_write_data | ac::file_append_data);
    ASSERT_EQ(set_sd(dir, si::dacl, dacl_of({allow(no_add, sf::unix_user_sid(1000))}).encode())
                  .status,
              ntstatus::success);
    close(dir);
    auto f = open_file("a.txt", ac::generic_all, cd::create);
    auto sub = open_file("sub", ac::generic_all, cd::create, co::directory_file);
    EXPECT_EQ(rename(f, "locked\\a.txt").status, ntstatus::access_denied);
    EXPECT_EQ(rename(sub, "locked\\sub").status, ntstatus::access_denied);
    EXPECT_FALSE(fs::exists(root_ / "locked" / "a.txt"));
    // The share root has no stored descriptor: its share rights apply.
    EXPECT_EQ(rename(f, "b.txt").status, ntstatus::success);
    EXPECT_TRUE(fs::exists(root_ / "b.txt"));
    close(f);
    close(sub);
}

}  // namespace
}  // namespace smbkit::server::file::test
