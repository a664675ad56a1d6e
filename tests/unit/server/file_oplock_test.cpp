// Oplock grants and acknowledgments (MS-SMB2 3.3.5.9, 3.3.5.22.1) through the CREATE, WRITE
// and OPLOCK_BREAK handlers. The fixture has no connection, so a break counts as acknowledged
// to none at once (as a break to a closed connection does).
#include "file_test_fixture.hpp"

#include "server/smb2/file/common.hpp"
#include "server/smb2/file/oplock.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/info.hpp"
#include "smb2/oplock_break.hpp"
#include "smb2/read_write.hpp"

namespace smbkit::server::file::test {
namespace {

namespace ac = smb2::access;
namespace cd = smb2::create_disposition;
namespace ol = smb2::oplock_level;

class file_oplock : public file_fixture {
protected:
    // CREATE asking for `level`; returns the level granted (0xEE on failure).
    std::uint8_t open_with(const std::string& name, std::uint32_t access, std::uint8_t level,
                           smb2::file_id* id, std::uint32_t disposition = cd::open_if) {
        smb2::create_request req;
        req.name = name;
        req.desired_access = access;
        req.create_disposition = disposition;
        req.share_access = 7;
        req.requested_oplock_level = level;
        auto r = call(req, smb2::command::create);
        if (r.status != ntstatus::success) return 0xEE;
        auto resp = decode_body<smb2::create_response>(r);
        *id = resp.id;
        return resp.oplock_level;
    }
    reply ack(const smb2::file_id& id, std::uint8_t level) {
        smb2::oplock_break b;
        b.oplock_level = level;
        b.id = id;
        return call(b, smb2::command::oplock_break);
    }
};

TEST_F(file_oplock, a_lone_open_gets_the_level_it_asks_for) {
    smb2::file_id a;
    EXPECT_EQ(open_with("f", ac::generic_read | ac::generic_write, ol::batch, &a), ol::batch);
    close(a);
    EXPECT_EQ(open_with("f", ac::generic_read, ol::exclusive, &a), ol::exclusive);
    close(a);
    EXPECT_EQ(open_with("f", ac::generic_read, ol::level_ii, &a), ol::level_ii);
    close(a);
    EXPECT_EQ(open_with("f", ac::generic_read, ol::none, &a), ol::none);
    close(a);
}

TEST_F(file_oplock, leases_and_directories_get_none) {
    smb2::file_id a;
    EXPECT_EQ(open_with("f", ac::generic_read, ol::lease, &a), ol::none);
    close(a);
    smb2::create_request req;
    req.name = "d";
    req.desired_access = ac::generic_read;
    req.create_disposition = cd::open_if;
    req.create_options = smb2::create_options::directory_file;
    req.share_access = 7;
    req.requested_oplock_level = ol::batch;
    auto r = call(req, smb2::command::create);
    ASSERT_EQ(r.status, ntstatus::success);
    auto resp = decode_body<smb2::create_response>(r);
    EXPECT_EQ(resp.oplock_level, ol::none);
    close(resp.id);
}

TEST_F(file_oplock, a_second_open_breaks_batch_and_gets_level_ii) {
    smb2::file_id a, b;
    ASSERT_EQ(open_with("f", ac::generic_read | ac::generic_write, ol::batch, &a), ol::batch);
    // The holder has no connection: the break counts as acknowledged to none.
    EXPECT_EQ(open_with("f", ac::generic_read, ol::batch, &b), ol::level_ii);
    EXPECT_EQ(async_calls_, 0u);  // nothing to wait for
    close(b);
    close(a);
}

TEST_F(file_oplock, a_stat_open_breaks_nothing_and_gets_nothing_next_to_an_oplock) {
    smb2::file_id a, b;
    ASSERT_EQ(open_with("f", ac::generic_read, ol::exclusive, &a), ol::exclusive);
    const std::uint32_t stat = ac::file_read_attributes | ac::synchronize;
    EXPECT_EQ(open_with("f", stat, ol::exclusive, &b), ol::none);
    close(b);
    // The holder still has its oplock: acknowledging a break nobody sent is refused.
    EXPECT_EQ(ack(a, ol::level_ii).status, ntstatus::invalid_oplock_protocol);
    close(a);
    // Alone, a stat open may hold one.
    EXPECT_EQ(open_with("f", stat, ol::batch, &b), ol::batch);
    close(b);
}

TEST_F(file_oplock, a_write_breaks_level_ii_to_none) {
    smb2::file_id a;
    ASSERT_EQ(open_with("f", ac::generic_read | ac::generic_write, ol::level_ii, &a),
              ol::level_ii);
    auto table = tree_->opens.get();
    ASSERT_NE(table, nullptr);
    auto o = table->find(from_smb2(a));
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(oplock_level_of(**o), ol::level_ii);
    smb2::write_request w;
    w.id = a;
    w.offset = 0;
    w.data = {1, 2, 3};
    ASSERT_EQ(call(w, smb2::command::write).status, ntstatus::success);
    EXPECT_EQ(oplock_level_of(**o), ol::none);
    close(a);
}

TEST_F(file_oplock, acknowledgment_checks) {
    smb2::file_id a;
    ASSERT_EQ(open_with("f", ac::generic_read, ol::batch, &a), ol::batch);
    smb2::file_id bogus = a;
    bogus.volatile_id ^= 0x55;
    EXPECT_EQ(ack(bogus, ol::none).status, ntstatus::file_closed);
    EXPECT_EQ(ack(a, ol::none).status, ntstatus::invalid_oplock_protocol);
    close(a);
    EXPECT_EQ(ack(a, ol::none).status, ntstatus::file_closed);
}

TEST_F(file_oplock, a_rename_leaves_level_ii_alone) {
    // smbtorture smb2.oplock.batch20: only batch oplocks hold handle caching a rename takes.
    smb2::file_id a, b;
    ASSERT_EQ(open_with("f", ac::generic_read, ol::level_ii, &a), ol::level_ii);
    ASSERT_EQ(open_with("f", ac::generic_read | ac::delete_, ol::level_ii, &b), ol::level_ii);
    smb2::fscc::rename_information r;
    r.file_name = "g";
    ASSERT_EQ(set_file_info(b, smb2::file_info_class::rename, r).status, ntstatus::success);
    EXPECT_EQ(async_calls_, 0u);
    auto o = tree_->opens.get()->find(from_smb2(a));
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(oplock_level_of(**o), ol::level_ii);
    close(b);
    close(a);
}

}  // namespace
}  // namespace smbkit::server::file::test
