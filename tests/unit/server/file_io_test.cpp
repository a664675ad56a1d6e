// READ, WRITE, FLUSH (MS-SMB2 3.3.5.11-13) and LOCK (3.3.5.14) handlers.
#include "unit/server/file_test_fixture.hpp"

#include <thread>

#include "smb2/lock.hpp"
#include "smb2/read_write.hpp"

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;
namespace lf = smb2::lock_flags;

class file_io : public file_fixture {
protected:
    reply write(const smb2::file_id& id, std::uint64_t offset, std::string_view data,
                std::uint32_t flags = 0) {
        smb2::write_request w;
        w.id = id;
        w.offset = offset;
        w.flags = flags;
        w.data.assign(data.begin(), data.end());
        return call(w, smb2::command::write);
    }
    reply read(const smb2::file_id& id, std::uint64_t offset, std::uint32_t length,
               std::uint32_t minimum = 0) {
        smb2::read_request r;
        r.id = id;
        r.offset = offset;
        r.length = length;
        r.minimum_count = minimum;
        return call(r, smb2::command::read);
    }
    std::string data_of(const reply& r) {
        auto d = decode_body<smb2::read_response>(r).data;
        return std::string(d.begin(), d.end());
    }
    reply lock(const smb2::file_id& id, std::vector<smb2::lock_element> els) {
        smb2::lock_request l;
        l.id = id;
        l.locks = std::move(els);
        return call(l, smb2::command::lock);
    }
};

TEST_F(file_io, write_then_read_round_trips) {
    auto id = open_file("rw.bin", ac::generic_read | ac::generic_write, cd::create);
    auto w = write(id, 0, "hello world");
    ASSERT_EQ(w.status, ntstatus::success);
    EXPECT_EQ(decode_body<smb2::write_response>(w).count, 11u);
    ASSERT_EQ(write(id, 6, "WORLD").status, ntstatus::success);
    auto r = read(id, 0, 100);
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(data_of(r), "hello WORLD");
    EXPECT_EQ(data_of(read(id, 6, 3)), "WOR");
    EXPECT_EQ(read_file("rw.bin"), "hello WORLD");
    // Writing beyond the end leaves a hole of zeros.
    ASSERT_EQ(write(id, 20, "x").status, ntstatus::success);
    EXPECT_EQ(read_file("rw.bin").size(), 21u);
    close(id);
}

TEST_F(file_io, large_data_round_trips) {
    std::string big(3 * 1024 * 1024 + 17, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
    auto id = open_file("big", ac::generic_read | ac::generic_write, cd::create);
    ASSERT_EQ(write(id, 0, big).status, ntstatus::success);
    EXPECT_EQ(data_of(read(id, 0, static_cast<std::uint32_t>(big.size()))), big);
    close(id);
}

TEST_F(file_io, disk_io_detaches_from_the_connection_and_keeps_data_in_place) {
    auto id = open_file("d.bin", ac::generic_read | ac::generic_write, cd::create);
    ASSERT_EQ(write(id, 0, "abcdef").status, ntstatus::success);
    EXPECT_EQ(detach_calls_, 1);
    auto r = read(id, 2, 3);
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(detach_calls_, 2);
    // The body is the whole message: header room, then the READ response with its data.
    ASSERT_EQ(r.body.size(), smb2::read_response::data_offset + 3u);
    EXPECT_EQ(r.body[64], 17);                                 // StructureSize
    EXPECT_EQ(r.body[66], smb2::read_response::data_offset);  // DataOffset
    EXPECT_EQ(r.body[68], 3);                                  // DataLength
    EXPECT_EQ(data_of(r), "cde");
    // Checks that fail before any I/O do not detach.
    EXPECT_EQ(read(smb2::file_id{9, 9}, 0, 1).status, ntstatus::file_closed);
    EXPECT_EQ(detach_calls_, 2);
    close(id);
}

TEST_F(file_io, read_past_end_of_file) {
    write_file("short", "abc");
    auto id = open_file("short", ac::generic_read);
    EXPECT_EQ(read(id, 3, 10).status, ntstatus::end_of_file);
    EXPECT_EQ(read(id, 1000, 10).status, ntstatus::end_of_file);
    auto r = read(id, 1, 10);
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(data_of(r), "bc");
    // MinimumCount not reached.
    EXPECT_EQ(read(id, 0, 10, 5).status, ntstatus::end_of_file);
    close(id);
}

TEST_F(file_io, offsets_beyond_the_signed_64_bit_range_are_invalid) {
    constexpr std::uint64_t max = INT64_MAX;
    auto id = open_file("big", ac::generic_read | ac::generic_write, cd::create);
    EXPECT_EQ(read(id, max, 0).status, ntstatus::success);
    EXPECT_EQ(read(id, max, 1).status, ntstatus::invalid_parameter);
    EXPECT_EQ(read(id, max + 1, 0).status, ntstatus::invalid_parameter);
    EXPECT_EQ(read(id, UINT64_MAX, 0).status, ntstatus::invalid_parameter);
    EXPECT_EQ(read(id, max - 1, 1).status, ntstatus::end_of_file);
    EXPECT_EQ(write(id, UINT64_MAX, "x").status, ntstatus::invalid_parameter);  // not append
    EXPECT_EQ(write(id, max, "").status, ntstatus::success);
    EXPECT_EQ(write(id, max, "x").status, ntstatus::invalid_parameter);
    // MAXFILESIZE: a write at it is invalid, one that would end at it finds the disk full.
    EXPECT_EQ(write(id, 0xfffffff0000, "x").status, ntstatus::invalid_parameter);
    EXPECT_EQ(write(id, 0xfffffff0000 - 1, "x").status, ntstatus::disk_full);
    EXPECT_EQ(write(id, 0xfffffff0000, "").status, ntstatus::success);
    EXPECT_EQ(write(id, 0, "ok").status, ntstatus::success);
    close(id);
}

TEST_F(file_io, access_is_checked) {
    write_file("acc", "abc");
    auto ro = open_file("acc", ac::file_read_data | ac::file_read_attributes, cd::open);
    EXPECT_EQ(write(ro, 0, "x").status, ntstatus::access_denied);
    smb2::flush_request f;
    f.id = ro;
    EXPECT_EQ(call(f, smb2::command::flush).status, ntstatus::access_denied);
    close(ro);
    auto wo = open_file("acc", ac::file_write_data, cd::open);
    EXPECT_EQ(read(wo, 0, 1).status, ntstatus::access_denied);
    f.id = wo;
    EXPECT_EQ(call(f, smb2::command::flush).status, ntstatus::success);
    ASSERT_EQ(write(wo, 0, "X", smb2::write_flags::write_through).status, ntstatus::success);
    close(wo);
    EXPECT_EQ(read_file("acc"), "Xbc");
}

TEST_F(file_io, append_only_handle_writes_at_the_end) {
    write_file("log", "one\n");
    auto id = open_file("log", ac::file_append_data | ac::synchronize, cd::open);
    ASSERT_EQ(write(id, 0xFFFFFFFFFFFFFFFFull, "two\n").status, ntstatus::success);
    close(id);
    EXPECT_EQ(read_file("log"), "one\ntwo\n");
}

TEST_F(file_io, directories_refuse_read_and_write) {
    fs::create_directory(root_ / "d");
    auto id = open_file("d", ac::generic_read, cd::open, co::directory_file);
    EXPECT_EQ(read(id, 0, 10).status, ntstatus::invalid_device_request);
    EXPECT_EQ(write(id, 0, "x").status, ntstatus::invalid_device_request);
    close(id);
}

TEST_F(file_io, unknown_and_closed_handles) {
    smb2::file_id bogus{1234, 5678};
    EXPECT_EQ(read(bogus, 0, 1).status, ntstatus::file_closed);
    auto id = open_file("gone", ac::generic_all, cd::create);
    close(id);
    EXPECT_EQ(write(id, 0, "x").status, ntstatus::file_closed);
}

TEST_F(file_io, byte_range_locks_conflict_and_unlock) {
    write_file("locked", std::string(100, 'a'));
    auto a = open_file("locked", ac::generic_read | ac::generic_write, cd::open);
    auto b = open_file("locked", ac::generic_read | ac::generic_write, cd::open);
    ASSERT_EQ(lock(a, {{10, 10, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::success);
    EXPECT_EQ(lock(b, {{15, 1, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::lock_not_granted);
    EXPECT_EQ(lock(b, {{15, 1, lf::shared_lock | lf::fail_immediately}}).status,
              ntstatus::lock_not_granted);
    // I/O in the locked range by the other open conflicts.
    EXPECT_EQ(read(b, 12, 2).status, ntstatus::file_lock_conflict);
    EXPECT_EQ(write(b, 12, "zz").status, ntstatus::file_lock_conflict);
    EXPECT_EQ(read(a, 12, 2).status, ntstatus::success);
    // Outside the range is free.
    EXPECT_EQ(lock(b, {{20, 5, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::success);
    // Unlock needs the exact range.
    EXPECT_EQ(lock(a, {{10, 5, lf::unlock}}).status, ntstatus::range_not_locked);
    EXPECT_EQ(lock(a, {{10, 10, lf::unlock}}).status, ntstatus::success);
    EXPECT_EQ(lock(b, {{15, 1, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::success);
    close(a);
    close(b);
}

TEST_F(file_io, lock_request_validation) {
    write_file("lv", "x");
    auto a = open_file("lv", ac::generic_read | ac::generic_write, cd::open);
    // Unlocks run in order (MS-SMB2 3.3.5.14.1): a lock after them is INVALID_PARAMETER but
    // the unlock before it is done; an unlock of nothing answers first.
    EXPECT_EQ(lock(a, {{0, 1, lf::unlock}, {0, 1, lf::exclusive_lock}}).status,
              ntstatus::range_not_locked);
    ASSERT_EQ(lock(a, {{0, 1, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::success);
    EXPECT_EQ(lock(a, {{0, 1, lf::unlock}, {0, 1, lf::exclusive_lock | lf::fail_immediately}})
                  .status,
              ntstatus::invalid_parameter);
    EXPECT_EQ(lock(a, {{0, 1, lf::unlock}}).status, ntstatus::range_not_locked);
    // Both kinds at once, nothing at all.
    EXPECT_EQ(lock(a, {{0, 1, lf::shared_lock | lf::exclusive_lock}}).status,
              ntstatus::invalid_parameter);
    EXPECT_EQ(lock(a, {{0, 1, 0}}).status, ntstatus::invalid_parameter);
    // Several elements may not wait.
    EXPECT_EQ(lock(a, {{0, 1, lf::exclusive_lock}, {5, 1, lf::exclusive_lock}}).status,
              ntstatus::invalid_parameter);
    EXPECT_EQ(lock(a, {{0xFFFFFFFFFFFFFFF0ull, 0x20, lf::exclusive_lock | lf::fail_immediately}})
                  .status,
              ntstatus::invalid_lock_range);
    close(a);
}

// A blocking lock: STATUS_PENDING (go_async), then success once the holder unlocks.
TEST_F(file_io, blocking_lock_completes_after_unlock) {
    write_file("bl", std::string(10, 'b'));
    auto a = open_file("bl", ac::generic_read | ac::generic_write, cd::open);
    auto b = open_file("bl", ac::generic_read | ac::generic_write, cd::open);
    ASSERT_EQ(lock(a, {{0, 4, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::success);

    smb2::lock_request wait_req;
    wait_req.id = b;
    wait_req.locks = {{0, 4, lf::exclusive_lock}};
    auto wait_msg = message_of(wait_req, smb2::command::lock);
    smb2::lock_request unlock_req;
    unlock_req.id = a;
    unlock_req.locks = {{0, 4, lf::unlock}};
    auto unlock_msg = message_of(unlock_req, smb2::command::lock);

    asio::io_context io;
    std::optional<reply> waited, unlocked;
    auto ctx_wait = context_for(wait_msg, smb2::command::lock, 0);
    auto ctx_unlock = context_for(unlock_msg, smb2::command::lock, 0);
    bool went_async = false;
    ctx_wait.go_async = [&] {
        went_async = true;
        // Only now release the holder, from a second request on the same executor.
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            unlocked = co_await handle_lock(ctx_unlock);
        }, asio::detached);
        return std::uint64_t{7};
    };
    asio::co_spawn(io, [&]() -> asio::awaitable<void> { waited = co_await handle_lock(ctx_wait); },
                   asio::detached);
    io.run();
    ASSERT_TRUE(went_async);
    ASSERT_TRUE(unlocked && waited);
    EXPECT_EQ(unlocked->status, ntstatus::success);
    EXPECT_EQ(waited->status, ntstatus::success);
    // b holds it now.
    EXPECT_EQ(lock(a, {{0, 4, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::lock_not_granted);
    close(a);
    close(b);
}

TEST_F(file_io, blocking_lock_cancelled_and_closed) {
    write_file("bc", std::string(10, 'c'));
    auto a = open_file("bc", ac::generic_read | ac::generic_write, cd::open);
    auto b = open_file("bc", ac::generic_read | ac::generic_write, cd::open);
    ASSERT_EQ(lock(a, {{0, 4, lf::exclusive_lock | lf::fail_immediately}}).status,
              ntstatus::success);
    {
        smb2::lock_request req;
        req.id = b;
        req.locks = {{0, 4, lf::exclusive_lock}};
        auto msg = message_of(req, smb2::command::lock);
        auto ctx = context_for(msg, smb2::command::lock, 0);
        bool cancelled = false;
        ctx.cancelled = [&] { return cancelled; };
        ctx.go_async = [&] {
            cancelled = true;  // a CANCEL arrives right after the interim response
            return std::uint64_t{1};
        };
        asio::io_context io;
        std::optional<reply> out;
        asio::co_spawn(io, [&]() -> asio::awaitable<void> { out = co_await handle_lock(ctx); },
                       asio::detached);
        io.run();
        ASSERT_TRUE(out);
        EXPECT_EQ(out->status, ntstatus::cancelled);
    }
    {
        // Closing the waiting handle ends the wait.
        smb2::lock_request req;
        req.id = b;
        req.locks = {{0, 4, lf::exclusive_lock}};
        auto msg = message_of(req, smb2::command::lock);
        auto ctx = context_for(msg, smb2::command::lock, 0);
        smb2::close_request c;
        c.id = b;
        auto cmsg = message_of(c, smb2::command::close);
        auto cctx = context_for(cmsg, smb2::command::close, 0);
        asio::io_context io;
        std::optional<reply> out, closed;
        ctx.go_async = [&] {
            asio::co_spawn(io, [&]() -> asio::awaitable<void> { closed = co_await handle_close(cctx); },
                           asio::detached);
            return std::uint64_t{2};
        };
        asio::co_spawn(io, [&]() -> asio::awaitable<void> { out = co_await handle_lock(ctx); },
                       asio::detached);
        io.run();
        ASSERT_TRUE(out && closed);
        EXPECT_EQ(closed->status, ntstatus::success);
        EXPECT_EQ(out->status, ntstatus::range_not_locked);
    }
    close(a);
}

}  // namespace
}  // namespace smbkit::server::file::test
