// Leases: the state transitions of lease.hpp from tables, and grants, upgrades, breaks and
// acknowledgments (MS-SMB2 3.3.5.9.8, 3.3.5.9.11, 3.3.4.7, 3.3.5.22.2) through the CREATE and
// OPLOCK_BREAK handlers. The fixture has no connection: a break that needs an acknowledgment
// counts as acknowledged to none at once (as a break to a closed connection does).
#include "file_test_fixture.hpp"

#include "server/smb2/file/common.hpp"
#include "server/smb2/file/lease.hpp"
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

constexpr std::uint32_t R = smb2::lease_state::read_caching;
constexpr std::uint32_t H = smb2::lease_state::handle_caching;
constexpr std::uint32_t W = smb2::lease_state::write_caching;

smb2::lease_key key_of(std::uint8_t n) {
    smb2::lease_key k{};
    k[0] = n;
    k[15] = 0x5A;
    return k;
}

// --- lease.hpp from tables ---------------------------------------------------------------

TEST(lease_state_machine, grantable_states) {
    struct row {
        std::uint32_t requested;
        bool others, oplock;
        std::uint32_t granted;
    };
    const row rows[] = {
        {R | W | H, false, false, R | W | H}, {R | W, false, false, R | W},
        {R | H, false, false, R | H},         {R, false, false, R},
        {W, false, false, 0},                 {H, false, false, 0},
        {W | H, false, false, 0},             {0, false, false, 0},
        {R | W | H, true, false, R | H},      {R | W, true, false, R},
        {R | W | H, false, true, R | W},      {R | W | H, true, true, R},
        {0xF0 | R, false, false, R},
    };
    for (const auto& r : rows)
        EXPECT_EQ(lease_grantable(r.requested, r.others, r.oplock), r.granted)
            << r.requested << " " << r.others << " " << r.oplock;
}

TEST(lease_state_machine, new_lease_moves_the_epoch_only_when_granted) {
    smb2::lease req;
    req.v2 = true;
    req.key = key_of(1);
    req.epoch = 4;
    EXPECT_EQ(lease_new({}, req, R | H).epoch, 5);
    EXPECT_EQ(lease_new({}, req, 0).epoch, 4);
    EXPECT_EQ(lease_new({}, req, R).version, 2);
    req.v2 = false;
    EXPECT_EQ(lease_new({}, req, R).version, 1);
}

TEST(lease_state_machine, upgrades_only_to_strict_supersets_granted_in_full) {
    struct row {
        std::uint32_t held, requested, granted;
        bool breaking;
        std::uint32_t after;
    };
    const row rows[] = {
        {R, R | H, R | H, false, R | H},     {R | H, R | W | H, R | W | H, false, R | W | H},
        {R | H, R, R, false, R | H},         {R | W, R | H, R | H, false, R | W},
        {R, R | W | H, R | H, false, R},     {R, R | H, R | H, true, R},
        {R | W | H, R | W | H, R | W | H, false, R | W | H},
    };
    for (const auto& r : rows) {
        lease_record l;
        l.state = r.held;
        l.breaking = r.breaking;
        lease_upgrade(l, r.requested, r.granted);
        EXPECT_EQ(l.state, r.after) << r.held << " " << r.requested << " " << r.granted;
    }
}

TEST(lease_state_machine, a_break_of_read_alone_needs_no_acknowledgment) {
    lease_record l;
    l.state = R;
    l.version = 2;
    l.epoch = 1;
    auto b = lease_break(l, 0);
    ASSERT_TRUE(b);
    EXPECT_FALSE(b->ack_required);
    EXPECT_EQ(b->from, R);
    EXPECT_EQ(b->to, 0u);
    EXPECT_EQ(b->epoch, 2);
    EXPECT_EQ(l.state, 0u);
    EXPECT_FALSE(l.breaking);
    EXPECT_FALSE(lease_break(l, 0));  // nothing left to break
}

TEST(lease_state_machine, breaks_wait_for_the_acknowledgment_and_narrow_meanwhile) {
    lease_record l;
    l.state = R | W | H;
    auto b = lease_break(l, R | H);
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->ack_required);
    EXPECT_EQ(b->epoch, 0);  // v1: no epoch on the wire
    EXPECT_TRUE(l.breaking);
    EXPECT_EQ(l.state, R | W | H);  // held until acknowledged
    // A second break while the first is outstanding sends nothing but narrows the goal.
    EXPECT_FALSE(lease_break(l, R));
    EXPECT_EQ(l.breaking_to_required, R);
    EXPECT_EQ(l.breaking_to_requested, R | H);
    // Acknowledging more than offered is refused; RH is accepted and leads to RH -> R.
    EXPECT_EQ(lease_acknowledge(l, R | W | H).error(), ntstatus::request_not_accepted);
    auto next = lease_acknowledge(l, R | H);
    ASSERT_TRUE(next);
    ASSERT_TRUE(next->has_value());
    EXPECT_EQ((*next)->from, R | H);
    EXPECT_EQ((*next)->to, R);
    EXPECT_TRUE((*next)->ack_required);
    EXPECT_EQ(l.state, R | H);
    auto done = lease_acknowledge(l, R);
    ASSERT_TRUE(done);
    EXPECT_FALSE(done->has_value());
    EXPECT_FALSE(l.breaking);
    EXPECT_EQ(l.state, R);
    EXPECT_EQ(lease_acknowledge(l, R).error(), ntstatus::unsuccessful);
}

TEST(lease_state_machine, an_acknowledgment_of_read_when_none_is_required_drops_it) {
    lease_record l;
    l.state = R | H;
    ASSERT_TRUE(lease_break(l, R));
    EXPECT_FALSE(lease_break(l, 0));
    auto next = lease_acknowledge(l, R);
    ASSERT_TRUE(next && next->has_value());
    EXPECT_FALSE((*next)->ack_required);
    EXPECT_EQ((*next)->to, 0u);
    EXPECT_EQ(l.state, 0u);
    EXPECT_FALSE(l.breaking);
}

TEST(lease_state_machine, timeout_and_response) {
    lease_record l;
    l.state = R | W | H;
    l.version = 2;
    l.epoch = 7;
    l.key = key_of(3);
    ASSERT_TRUE(lease_break(l, R));
    auto r = lease_response(l);
    EXPECT_TRUE(r.v2);
    EXPECT_EQ(r.flags & smb2::lease_flags::break_in_progress,
              smb2::lease_flags::break_in_progress);
    EXPECT_EQ(r.epoch, 8);
    EXPECT_EQ(r.key, key_of(3));
    lease_break_timed_out(l);
    EXPECT_EQ(l.state, 0u);
    EXPECT_FALSE(l.breaking);
    EXPECT_EQ(lease_response(l).flags, 0u);
}

// --- through the handlers ------------------------------------------------------------------

class file_lease : public file_fixture {
protected:
    struct granted {
        ntstatus status = ntstatus::success;
        std::uint8_t level = 0;
        std::optional<smb2::lease> lease;
        smb2::file_id id{};
    };
    granted open_leased(const std::string& name, std::uint32_t access, std::uint32_t state,
                        std::uint8_t key, bool v2 = false, std::uint32_t options = 0,
                        std::uint32_t disposition = cd::open_if, std::uint16_t epoch = 0) {
        smb2::lease l;
        l.v2 = v2;
        l.key = key_of(key);
        l.state = state;
        l.epoch = epoch;
        smb2::create_request req;
        req.name = name;
        req.desired_access = access;
        req.create_disposition = disposition;
        req.create_options = options;
        req.share_access = 7;
        req.requested_oplock_level = ol::lease;
        req.contexts.push_back(l.to_context());
        auto r = call(req, smb2::command::create);
        granted g;
        g.status = r.status;
        if (r.status != ntstatus::success) return g;
        auto resp = decode_body<smb2::create_response>(r);
        g.level = resp.oplock_level;
        g.id = resp.id;
        if (auto* c = smb2::find_context(resp.contexts, smb2::create_context_name::request_lease)) {
            auto p = smb2::lease::parse(c->data);
            EXPECT_TRUE(p);
            if (p) g.lease = *p;
        }
        return g;
    }
    reply ack(std::uint8_t key, std::uint32_t state) {
        smb2::lease_break_ack a;
        a.lease_key = key_of(key);
        a.lease_state = state;
        return call(a, smb2::command::oplock_break);
    }
    std::shared_ptr<open> find(const smb2::file_id& id) {
        auto o = tree_->opens.get()->find(from_smb2(id));
        EXPECT_TRUE(o.has_value());
        return o.value_or(nullptr);
    }
};

TEST_F(file_lease, a_lone_open_gets_rwh_and_the_lease_oplock_level) {
    auto a = open_leased("f", ac::generic_read | ac::generic_write, R | W | H, 1);
    ASSERT_EQ(a.status, ntstatus::success);
    EXPECT_EQ(a.level, ol::lease);
    ASSERT_TRUE(a.lease);
    EXPECT_FALSE(a.lease->v2);
    EXPECT_EQ(a.lease->key, key_of(1));
    EXPECT_EQ(a.lease->state, R | W | H);
    EXPECT_EQ(lease_state_of(*find(a.id)), R | W | H);
    EXPECT_EQ(oplock_level_of(*find(a.id)), ol::lease);
    close(a.id);
}

TEST_F(file_lease, ungrantable_requests_get_an_empty_lease) {
    for (std::uint32_t s : {W, H, W | H, 0u}) {
        auto a = open_leased("f", ac::generic_read, s, 1);
        ASSERT_EQ(a.status, ntstatus::success);
        EXPECT_EQ(a.level, ol::lease);
        ASSERT_TRUE(a.lease);
        EXPECT_EQ(a.lease->state, 0u) << s;
        close(a.id);
    }
}

TEST_F(file_lease, the_same_key_shares_the_lease_and_upgrades_it) {
    auto a = open_leased("f", ac::generic_read, R, 1);
    ASSERT_EQ(a.lease->state, R);
    auto b = open_leased("f", ac::generic_read, R | H, 1);
    ASSERT_TRUE(b.lease);
    EXPECT_EQ(b.lease->state, R | H);
    EXPECT_EQ(lease_state_of(*find(a.id)), R | H);  // one lease for both opens
    // Asking for less leaves the lease as it is.
    auto c = open_leased("f", ac::generic_read, R, 1);
    EXPECT_EQ(c.lease->state, R | H);
    close(a.id);
    close(b.id);
    close(c.id);
}

TEST_F(file_lease, a_second_key_takes_write_caching_away) {
    auto a = open_leased("f", ac::generic_read | ac::generic_write, R | W | H, 1);
    ASSERT_EQ(a.lease->state, R | W | H);
    // The holder has no connection: its break counts as acknowledged to none.
    auto b = open_leased("f", ac::generic_read, R | W | H, 2);
    ASSERT_TRUE(b.lease);
    EXPECT_EQ(b.lease->state, R | H);
    EXPECT_EQ(lease_state_of(*find(a.id)), 0u);
    EXPECT_EQ(async_calls_, 0u);
    close(a.id);
    close(b.id);
}

TEST_F(file_lease, leases_and_oplocks_limit_each_other) {
    auto a = open_leased("f", ac::generic_read, R | H, 1);
    ASSERT_EQ(a.lease->state, R | H);
    // Samba and Windows: no oplock next to a lease with handle caching.
    smb2::create_request req;
    req.name = "f";
    req.desired_access = ac::generic_read;
    req.create_disposition = cd::open;
    req.share_access = 7;
    req.requested_oplock_level = ol::batch;
    auto r = call(req, smb2::command::create);
    ASSERT_EQ(r.status, ntstatus::success);
    auto o = decode_body<smb2::create_response>(r);
    EXPECT_EQ(o.oplock_level, ol::none);
    close(o.id);
    close(a.id);
    // A lease next to a level II oplock gets neither W nor H.
    req.requested_oplock_level = ol::level_ii;
    r = call(req, smb2::command::create);
    ASSERT_EQ(r.status, ntstatus::success);
    o = decode_body<smb2::create_response>(r);
    ASSERT_EQ(o.oplock_level, ol::level_ii);
    auto b = open_leased("f", ac::generic_read, R | W | H, 2);
    EXPECT_EQ(b.lease->state, R);
    close(b.id);
    close(o.id);
}

TEST_F(file_lease, a_key_names_one_file) {
    auto a = open_leased("f", ac::generic_read, R, 1);
    ASSERT_EQ(a.status, ntstatus::success);
    EXPECT_EQ(open_leased("g", ac::generic_read, R, 1).status, ntstatus::invalid_parameter);
    EXPECT_FALSE(fs::exists(root_ / "g"));  // refused before anything was created
    write_file("h", "x");
    EXPECT_EQ(open_leased("h", ac::generic_read, R, 1, false, 0, cd::open).status,
              ntstatus::invalid_parameter);
    close(a.id);
    // With its last open closed the lease is gone and the key is free again.
    auto g = open_leased("g", ac::generic_read, R, 1);
    EXPECT_EQ(g.status, ntstatus::success);
    close(g.id);
}

TEST_F(file_lease, directories_get_no_lease) {
    auto d = open_leased("d", ac::generic_read, R | H, 1, false,
                         smb2::create_options::directory_file);
    ASSERT_EQ(d.status, ntstatus::success);
    EXPECT_EQ(d.level, ol::none);
    EXPECT_FALSE(d.lease);
    close(d.id);
}

TEST_F(file_lease, v2_carries_the_epoch_and_needs_smb3) {
    auto a = open_leased("f", ac::generic_read, R | H, 1, true, 0, cd::open_if, 10);
    ASSERT_TRUE(a.lease);
    EXPECT_TRUE(a.lease->v2);
    EXPECT_EQ(a.lease->epoch, 11);
    auto b = open_leased("f", ac::generic_read, R | W | H, 1, true);
    EXPECT_EQ(b.lease->state, R | W | H);
    EXPECT_EQ(b.lease->epoch, 12);  // the upgrade moved it
    close(a.id);
    close(b.id);
    dialect_ = 0x0210;
    auto c = open_leased("f", ac::generic_read, R | H, 2, true);
    EXPECT_EQ(c.level, ol::none);
    EXPECT_FALSE(c.lease);
    close(c.id);
    auto d = open_leased("f", ac::generic_read, R | H, 2, false);
    EXPECT_EQ(d.level, ol::lease);
    close(d.id);
    dialect_ = 0x0202;
    auto e = open_leased("f", ac::generic_read, R | H, 3, false);
    EXPECT_EQ(e.level, ol::none);
    close(e.id);
}

TEST_F(file_lease, a_malformed_or_zero_key_request) {
    smb2::create_request req;
    req.name = "f";
    req.desired_access = ac::generic_read;
    req.create_disposition = cd::open_if;
    req.share_access = 7;
    req.requested_oplock_level = ol::lease;
    req.contexts.push_back({"RqLs", bytes(40)});
    EXPECT_EQ(call(req, smb2::command::create).status, ntstatus::invalid_parameter);
    auto z = open_leased("f", ac::generic_read, R, 0);
    // key_of(0) is not all zero; an all-zero key asks for nothing.
    close(z.id);
    req.contexts = {smb2::lease{}.to_context()};
    auto r = call(req, smb2::command::create);
    ASSERT_EQ(r.status, ntstatus::success);
    auto o = decode_body<smb2::create_response>(r);
    EXPECT_EQ(o.oplock_level, ol::none);
    close(o.id);
}

TEST_F(file_lease, a_write_by_another_key_breaks_read_leases) {
    auto a = open_leased("f", ac::generic_read, R, 1);
    auto b = open_leased("f", ac::generic_read | ac::generic_write, R, 2);
    ASSERT_EQ(a.lease->state, R);
    ASSERT_EQ(b.lease->state, R);
    smb2::write_request w;
    w.id = b.id;
    w.data = {1, 2, 3};
    ASSERT_EQ(call(w, smb2::command::write).status, ntstatus::success);
    EXPECT_EQ(lease_state_of(*find(a.id)), 0u);
    EXPECT_EQ(lease_state_of(*find(b.id)), R);  // the writer's own lease stays
    close(a.id);
    close(b.id);
}

TEST_F(file_lease, a_file_about_to_go_takes_handle_caching_from_other_keys) {
    // The unit fixture has no connection to send a break to: a break that needs an
    // acknowledgment then counts as timed out, and the lease drops to none.
    auto a = open_leased("f", ac::generic_read, R | H, 1);
    auto b = open_leased("f", ac::generic_read | ac::delete_, R | H, 2);
    ASSERT_EQ(a.lease->state, R | H);
    ASSERT_EQ(b.lease->state, R | H);
    smb2::fscc::disposition_information d;
    d.delete_pending = true;
    ASSERT_EQ(set_file_info(b.id, smb2::file_info_class::disposition, d).status,
              ntstatus::success);
    EXPECT_EQ(lease_state_of(*find(a.id)), 0u) << "handle caching was not broken";
    EXPECT_EQ(lease_state_of(*find(b.id)), R | H);  // the deleter's own lease stays
    close(a.id);
    close(b.id);
    // An open made delete-on-close does the same.
    auto c = open_leased("g", ac::generic_read, R | H, 3);
    ASSERT_EQ(c.lease->state, R | H);
    auto del = open_leased("g", ac::delete_, R, 4, false, smb2::create_options::delete_on_close,
                           cd::open);
    ASSERT_EQ(del.status, ntstatus::success);
    EXPECT_EQ(lease_state_of(*find(c.id)), 0u);
    close(del.id);
    close(c.id);
}

TEST_F(file_lease, a_rename_takes_handle_caching_from_other_keys_only) {
    auto a = open_leased("f", ac::generic_read, R | H, 1);
    auto b = open_leased("f", ac::generic_read | ac::delete_, R | H, 2);
    auto c = open_leased("f", ac::generic_read, R | H, 2);  // the renamer's key again
    ASSERT_EQ(a.lease->state, R | H);
    ASSERT_EQ(b.lease->state, R | H);
    smb2::fscc::rename_information r;
    r.file_name = "g";
    ASSERT_EQ(set_file_info(b.id, smb2::file_info_class::rename, r).status, ntstatus::success);
    // The fixture's break cannot be sent: it counts as timed out, so nothing is waited for.
    EXPECT_EQ(lease_state_of(*find(a.id)), 0u) << "handle caching was not broken";
    EXPECT_EQ(async_calls_, 0u);
    EXPECT_EQ(lease_state_of(*find(b.id)), R | H);
    EXPECT_EQ(lease_state_of(*find(c.id)), R | H);
    close(a.id);
    close(b.id);
    close(c.id);
}

TEST_F(file_lease, acknowledgment_checks) {
    EXPECT_EQ(ack(9, 0).status, ntstatus::object_name_not_found);
    auto a = open_leased("f", ac::generic_read, R | H, 1);
    EXPECT_EQ(ack(1, R).status, ntstatus::unsuccessful);  // no break under way
    close(a.id);
    EXPECT_EQ(ack(1, R).status, ntstatus::object_name_not_found);
    // A 36-byte body cut short.
    smb2::lease_break_ack x;
    auto m = message_of(x, smb2::command::oplock_break);
    m.resize(m.size() - 4);
    EXPECT_EQ(call_raw(m, smb2::command::oplock_break).status, ntstatus::invalid_parameter);
}

}  // namespace
}  // namespace smbkit::server::file::test
