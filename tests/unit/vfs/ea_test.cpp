// EAs stored as "user." xattrs beside the file (vfs/ea.hpp).
#include <fcntl.h>
#include <sys/xattr.h>

#include "vfs/dos_attrib.hpp"
#include "vfs/ea.hpp"
#include "vfs/nt_acl.hpp"
#include "vfs/resolve.hpp"
#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

using ea_test = vfs_test;

bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

std::string xattr_of(const std::string& path, const std::string& name) {
    char buf[256];
    ssize_t n = lgetxattr(path.c_str(), name.c_str(), buf, sizeof buf);
    return n < 0 ? std::string("<none>") : std::string(buf, static_cast<std::size_t>(n));
}

TEST_F(ea_test, StoredAsUserXattrsAndReadBack) {
    auto h = must_open("f", disposition::create, rw);
    ASSERT_TRUE(h);
    std::vector<stored_ea> set{{"EAONE", b("VALUE1")}, {"second.ea", b("ValueTwo")}};
    ASSERT_TRUE(write_eas(h->fd(), set));
    EXPECT_EQ(xattr_of(on_disk("f"), "user.EAONE"), "VALUE1");
    EXPECT_EQ(xattr_of(on_disk("f"), "user.second.ea"), "ValueTwo");
    auto got = read_eas(h->fd());
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 2u);  // the DOS attributes written at creation are not EAs
    std::sort(got->begin(), got->end(), [](auto& x, auto& y) { return x.name < y.name; });
    EXPECT_EQ((*got)[0], set[0]);
    EXPECT_EQ((*got)[1], set[1]);
    auto sizes = ea_sizes(h->fd());
    ASSERT_TRUE(sizes);
    EXPECT_EQ(sizes->size(), 2u);
}

TEST_F(ea_test, EmptyValueRemovesAndAbsentIsNoError) {
    auto h = must_open("f", disposition::create, rw);
    ASSERT_TRUE(write_eas(h->fd(), std::vector<stored_ea>{{"a", b("1")}, {"b", b("2")}}));
    ASSERT_TRUE(write_eas(h->fd(), std::vector<stored_ea>{{"a", {}}, {"never", {}}}));
    EXPECT_EQ(xattr_of(on_disk("f"), "user.a"), "<none>");
    auto got = read_eas(h->fd());
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1u);
    EXPECT_EQ((*got)[0].name, "b");
}

TEST_F(ea_test, PrivateNamesAreRefusedAndNeverListed) {
    for (const char* n : {"DOSATTRIB", "dosattrib", "smbkit.ntacl", "SMBKIT.NTACL", "smbkit.x",
                          "SAMBA_PAI", "samba_streams", "SmbReparse", "DosStream.x:$DATA",
                          "org.netatalk.Metadata"})
        EXPECT_TRUE(is_private_ea_name(n)) << n;
    for (const char* n : {"DOSATTRIBX", "smbkitx", "user", "EAONE", "Samba"})
        EXPECT_FALSE(is_private_ea_name(n)) << n;

    auto h = must_open("f", disposition::create, rw);
    const std::string before = xattr_of(on_disk("f"), dosattrib_xattr_name);
    ASSERT_NE(before, "<none>");
    // Refused before anything is written, even the valid first entry.
    auto r = write_eas(h->fd(), std::vector<stored_ea>{{"ok", b("1")}, {"DOSATTRIB", b("x")}});
    EXPECT_EQ(status_of(r), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(xattr_of(on_disk("f"), "user.ok"), "<none>");
    EXPECT_EQ(xattr_of(on_disk("f"), dosattrib_xattr_name), before);
    EXPECT_EQ(status_of(write_eas(h->fd(), std::vector<stored_ea>{{"smbkit.ntacl", {}}})),
              "STATUS_ACCESS_DENIED");

    // Attributes the server and Samba keep are left out of the list.
    ASSERT_EQ(setxattr(on_disk("f").c_str(), nt_acl_xattr_name, "\x01x", 2, 0), 0);
    ASSERT_EQ(setxattr(on_disk("f").c_str(), "user.SAMBA_PAI", "p", 1, 0), 0);
    ASSERT_EQ(setxattr(on_disk("f").c_str(), "user.DosStream.s:$DATA", "s", 1, 0), 0);
    ASSERT_EQ(setxattr(on_disk("f").c_str(), "user.visible", "v", 1, 0), 0);
    ASSERT_EQ(setxattr(on_disk("f").c_str(), "user.empty", "", 0, 0), 0);
    auto got = read_eas(h->fd());
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1u);
    EXPECT_EQ((*got)[0].name, "visible");
}

TEST_F(ea_test, NamesLinuxCannotStoreAreInvalid) {
    auto h = must_open("f", disposition::create, rw);
    std::string longest(max_ea_xattr_name, 'n');
    EXPECT_TRUE(write_eas(h->fd(), std::vector<stored_ea>{{longest, b("1")}}));
    EXPECT_EQ(status_of(write_eas(h->fd(), std::vector<stored_ea>{{longest + "n", b("1")}})),
              "STATUS_INVALID_EA_NAME");
    EXPECT_EQ(status_of(write_eas(h->fd(), std::vector<stored_ea>{{"", b("1")}})),
              "STATUS_INVALID_EA_NAME");
    EXPECT_EQ(status_of(write_eas(h->fd(), std::vector<stored_ea>{{std::string("a\0b", 3),
                                                                   b("1")}})),
              "STATUS_INVALID_EA_NAME");
}

TEST_F(ea_test, LargeValuesRoundTripOrAreTooLarge) {
    auto h = must_open("f", disposition::create, rw);
    bytes big(3000, 0x5a);
    ASSERT_TRUE(write_eas(h->fd(), std::vector<stored_ea>{{"big", big}}));
    auto got = read_eas(h->fd());
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), 1u);
    EXPECT_EQ((*got)[0].value, big);
    // Beyond what the file system keeps beside one file: refused as too large, not as a
    // full disk.
    auto r = write_eas(h->fd(), std::vector<stored_ea>{{"huge", bytes(65000, 1)}});
    if (!r) {
        EXPECT_EQ(status_of(r), "STATUS_EA_TOO_LARGE");
    }
}

TEST_F(ea_test, DirectoryEntriesAndPathDescriptors) {
    mkdir_in("d");
    put("d/f", "x");
    ASSERT_EQ(setxattr(on_disk("d/f").c_str(), "user.one", "12345", 5, 0), 0);
    auto d = must_open("d", disposition::open, access::read_data, share_access::all,
                       object_kind::directory);
    ASSERT_TRUE(d);
    auto s = ea_sizes_at(d->fd(), "f");
    ASSERT_TRUE(s);
    ASSERT_EQ(s->size(), 1u);
    EXPECT_EQ((*s)[0].name, "one");
    EXPECT_EQ((*s)[0].size, 5u);
    // "" is the directory itself, which has none.
    auto self = ea_sizes_at(d->fd(), "");
    ASSERT_TRUE(self);
    EXPECT_TRUE(self->empty());
    // A symlink's own attributes, never its target's.
    ASSERT_EQ(symlink("f", on_disk("d/l").c_str()), 0);
    auto l = ea_sizes_at(d->fd(), "l");
    ASSERT_TRUE(l);
    EXPECT_TRUE(l->empty());
    // An O_PATH descriptor reads through /proc.
    detail::unique_fd p(::open(on_disk("d/f").c_str(), O_PATH | O_CLOEXEC));
    ASSERT_TRUE(p);
    auto viapath = read_eas(p.get());
    ASSERT_TRUE(viapath);
    ASSERT_EQ(viapath->size(), 1u);
    EXPECT_EQ((*viapath)[0].value, b("12345"));
    EXPECT_TRUE(eas_supported(p.get()));
    EXPECT_TRUE(eas_supported(share_->root_fd()));
}

TEST_F(ea_test, DirectoriesCarryEas) {
    auto d = must_open("dir", disposition::create, access::read_data | access::write_ea,
                       share_access::all, object_kind::directory);
    ASSERT_TRUE(d);
    ASSERT_TRUE(write_eas(d->fd(), std::vector<stored_ea>{{"on.dir", b("yes")}}));
    EXPECT_EQ(xattr_of(on_disk("dir"), "user.on.dir"), "yes");
}

}  // namespace
}  // namespace smbkit::vfs::testing
