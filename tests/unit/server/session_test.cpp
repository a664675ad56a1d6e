// Sessions (server/smb2/session.hpp): the server-wide session table, the answer to a binding
// attempt (MS-SMB2 3.3.5.5, the statuses Windows and Samba give) and the rights a tree gets
// for the session's user, also after a re-authentication.
#include <gtest/gtest.h>

#include "server/smb2/session.hpp"

using namespace smbkit;
using namespace smbkit::server;
using crypto::signing_algorithm;

namespace {

const bytes key_bytes(16, 0x5a);

session_record record(signing_algorithm a, bool with_key = true) {
    session_record r;
    r.signing_algorithm = a;
    if (with_key) r.signing = crypto::signing_key{a, crypto::secret(byte_span(key_bytes))};
    return r;
}

}  // namespace

TEST(session_registry, sessions_leave_it_when_they_end) {
    auto reg = std::make_shared<session_registry>();
    {
        session s;
        s.id = 0x1234;
        s.registry = reg;
        reg->put(s.id, record(signing_algorithm::aes_cmac));
        auto found = reg->find(0x1234);
        ASSERT_TRUE(found);
        ASSERT_TRUE(found->signing);
        EXPECT_EQ(found->signing->algorithm, signing_algorithm::aes_cmac);
        EXPECT_EQ(found->signing->key.span().size(), 16u);
        EXPECT_FALSE(reg->find(0x1235));
    }
    EXPECT_FALSE(reg->find(0x1234));
    EXPECT_EQ(reg->size(), 0u);
}

TEST(session_registry, a_guest_session_has_no_key_to_copy) {
    session_registry reg;
    reg.put(7, record(signing_algorithm::hmac_sha256, false));
    auto found = reg.find(7);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->signing);
    reg.remove(7);
    EXPECT_FALSE(reg.find(7));
}

TEST(session_binding, refused_with_the_status_windows_gives) {
    using a = signing_algorithm;
    struct row {
        a bound, connection;
        ntstatus expect;
    } rows[] = {
        // smbtorture smb2.session.bind_negative_*: same algorithm or neither GMAC: no
        // multichannel here, so REQUEST_NOT_ACCEPTED (smb202, smb210, smb3to2, CtoH, HtoC).
        {a::hmac_sha256, a::hmac_sha256, ntstatus::request_not_accepted},
        {a::aes_cmac, a::hmac_sha256, ntstatus::request_not_accepted},
        {a::aes_cmac, a::aes_cmac, ntstatus::request_not_accepted},
        {a::hmac_sha256, a::aes_cmac, ntstatus::request_not_accepted},
        {a::aes_gmac, a::aes_gmac, ntstatus::request_not_accepted},
        // A GMAC session bound from another algorithm (signGtoC, signGtoH).
        {a::aes_gmac, a::aes_cmac, ntstatus::request_out_of_sequence},
        {a::aes_gmac, a::hmac_sha256, ntstatus::request_out_of_sequence},
        // A GMAC connection binding a session of another algorithm (signCtoG, signHtoG).
        {a::aes_cmac, a::aes_gmac, ntstatus::not_supported},
        {a::hmac_sha256, a::aes_gmac, ntstatus::not_supported},
    };
    for (const auto& r : rows)
        EXPECT_EQ(binding_refusal(record(r.bound), r.connection), r.expect)
            << static_cast<int>(r.bound) << " <- " << static_cast<int>(r.connection);
}

TEST(session_tree_rights, who_may_connect) {
    share_config disk;
    disk.name = "share";
    share_config ipc;
    ipc.name = "IPC$";
    ipc.ipc = true;
    share_config pub;
    pub.name = "pub";
    pub.guest_ok = true;
    share_config bob_only;
    bob_only.name = "bob";
    bob_only.valid_users = {"bob"};

    session user;
    user.user = "alice";
    session guest;
    guest.guest = true;
    guest.user = "nobody";
    session anon;
    anon.anonymous = true;

    EXPECT_TRUE(may_connect(disk, user, 0));
    EXPECT_FALSE(may_connect(bob_only, user, 0));
    user.user = "BOB";  // user names compare without case
    EXPECT_TRUE(may_connect(bob_only, user, 0));
    EXPECT_FALSE(may_connect(disk, guest, 0));
    EXPECT_TRUE(may_connect(pub, guest, 0));
    EXPECT_TRUE(may_connect(ipc, guest, 0));
    EXPECT_FALSE(may_connect(disk, anon, 0));
    EXPECT_FALSE(may_connect(pub, anon, 0));
    EXPECT_TRUE(may_connect(ipc, anon, 0));
    EXPECT_FALSE(may_connect(ipc, anon, 2));
}

TEST(session_tree_rights, reauthentication_changes_what_a_tree_allows) {
    share_config disk;
    disk.name = "share";
    disk.read_only = true;
    disk.write_list = {"alice"};
    session s;
    s.user = "alice";
    tree_connect t;
    t.share = &disk;
    apply_share_rights(t, s, may_connect(disk, s, 0));
    EXPECT_FALSE(t.read_only);  // "write list" wins over "read only"
    EXPECT_EQ(t.maximal_access, 0x001F01FFu);

    // Re-authenticated as anonymous: the opens stay, but the tree no longer writes.
    s.user.clear();
    s.anonymous = true;
    apply_share_rights(t, s, may_connect(disk, s, 0));
    EXPECT_TRUE(t.read_only);
    EXPECT_EQ(t.maximal_access, 0x001200A9u);

    // Back as alice.
    s.anonymous = false;
    s.user = "alice";
    apply_share_rights(t, s, may_connect(disk, s, 0));
    EXPECT_FALSE(t.read_only);

    // Someone else on the "read list" of a writable share.
    disk.read_only = false;
    disk.write_list.clear();
    disk.read_list = {"carol"};
    s.user = "Carol";
    apply_share_rights(t, s, may_connect(disk, s, 0));
    EXPECT_TRUE(t.read_only);
}
