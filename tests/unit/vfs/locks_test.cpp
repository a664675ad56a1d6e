#include "vfs/locks.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::vfs {
namespace {

lock_range X(std::uint64_t o, std::uint64_t l) { return {o, l, true}; }
lock_range S(std::uint64_t o, std::uint64_t l) { return {o, l, false}; }

std::string take(lock_list& l, open_id who, lock_range r) {
    auto res = l.lock(who, std::span(&r, 1));
    return res ? "granted" : ntstatus_string(res.error());
}

// Each row: a lock held by `holder`, then a request by `requester`.
struct row {
    const char* what;
    open_id holder;
    lock_range held;
    open_id requester;
    lock_range req;
    const char* want;
};

TEST(LockList, ConflictTable) {
    const row rows[] = {
        {"excl vs excl, other, overlap", 1, X(0, 10), 2, X(5, 10), "STATUS_LOCK_NOT_GRANTED"},
        {"excl vs excl, other, adjacent", 1, X(0, 10), 2, X(10, 10), "granted"},
        {"excl vs shared, other", 1, X(0, 10), 2, S(0, 10), "STATUS_LOCK_NOT_GRANTED"},
        {"shared vs shared, other", 1, S(0, 10), 2, S(5, 10), "granted"},
        {"shared vs excl, other", 1, S(0, 10), 2, X(9, 1), "STATUS_LOCK_NOT_GRANTED"},
        {"excl vs excl, same open", 1, X(0, 10), 1, X(0, 10), "STATUS_LOCK_NOT_GRANTED"},
        {"excl then shared, same open", 1, X(0, 10), 1, S(0, 10), "granted"},
        {"shared then excl, same open", 1, S(0, 10), 1, X(0, 10), "STATUS_LOCK_NOT_GRANTED"},
        {"zero-length inside excl", 1, X(0, 10), 2, X(5, 0), "STATUS_LOCK_NOT_GRANTED"},
        {"zero-length at excl start", 1, X(5, 10), 2, X(5, 0), "granted"},
        {"zero-length at excl end", 1, X(5, 10), 2, X(15, 0), "granted"},
        {"zero-length vs zero-length", 1, X(5, 0), 2, X(5, 0), "granted"},
        {"excl over a zero-length lock", 1, X(5, 0), 2, X(0, 10), "STATUS_LOCK_NOT_GRANTED"},
        {"excl at the top of the range", 1, X(UINT64_MAX, 1), 2, X(UINT64_MAX - 1, 2),
         "STATUS_LOCK_NOT_GRANTED"},
        {"request wraps past 2^64", 1, X(0, 1), 2, X(UINT64_MAX, 2), "STATUS_INVALID_LOCK_RANGE"},
        {"request ends exactly at 2^64", 1, X(0, 1), 2, X(1, UINT64_MAX), "granted"},
        {"request ends past 2^64 by one", 1, X(0, 1), 2, X(2, UINT64_MAX),
         "STATUS_INVALID_LOCK_RANGE"},
        {"big offsets beyond 2^63", 1, X(1ULL << 63, 100), 2, X((1ULL << 63) + 50, 1),
         "STATUS_LOCK_NOT_GRANTED"},
    };
    for (const auto& r : rows) {
        lock_list l;
        ASSERT_EQ(take(l, r.holder, r.held), "granted") << r.what;
        EXPECT_EQ(take(l, r.requester, r.req), r.want) << r.what;
    }
}

TEST(LockList, AllOrNothing) {
    lock_list l;
    ASSERT_EQ(take(l, 1, X(100, 10)), "granted");
    std::vector<lock_range> batch{X(0, 10), X(20, 10), X(105, 1)};
    auto r = l.lock(2, batch);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ntstatus::lock_not_granted);
    EXPECT_EQ(l.size(), 1u);
    EXPECT_EQ(take(l, 3, X(0, 10)), "granted");  // nothing of the failed batch stayed
}

TEST(LockList, Unlock) {
    lock_list l;
    ASSERT_EQ(take(l, 1, X(0, 10)), "granted");
    auto one = [](lock_range r) { return std::vector<lock_range>{r}; };
    EXPECT_EQ(l.unlock(1, one(X(0, 5))).error(), ntstatus::range_not_locked);
    EXPECT_EQ(l.unlock(2, one(X(0, 10))).error(), ntstatus::range_not_locked);
    EXPECT_EQ(l.unlock(1, one(X(UINT64_MAX, 2))).error(), ntstatus::invalid_lock_range);
    EXPECT_TRUE(l.unlock(1, one(S(0, 10))));  // the type does not matter for unlock
    EXPECT_EQ(l.unlock(1, one(X(0, 10))).error(), ntstatus::range_not_locked);
    EXPECT_TRUE(l.empty());
    // Stacked locks come off one at a time.
    ASSERT_EQ(take(l, 1, S(0, 10)), "granted");
    ASSERT_EQ(take(l, 1, S(0, 10)), "granted");
    EXPECT_TRUE(l.unlock(1, one(X(0, 10))));
    EXPECT_EQ(take(l, 2, X(0, 10)), "STATUS_LOCK_NOT_GRANTED");
    EXPECT_TRUE(l.unlock(1, one(X(0, 10))));
    EXPECT_EQ(take(l, 2, X(0, 10)), "granted");
}

TEST(LockList, IoChecks) {
    lock_list l;
    ASSERT_EQ(take(l, 1, X(0, 10)), "granted");
    ASSERT_EQ(take(l, 1, S(100, 10)), "granted");
    auto io = [&](open_id who, std::uint64_t o, std::uint64_t n, bool w) {
        auto r = l.check_io(who, o, n, w);
        return r ? std::string("ok") : ntstatus_string(r.error());
    };
    EXPECT_EQ(io(1, 0, 10, false), "ok");                           // own exclusive: read
    EXPECT_EQ(io(1, 0, 10, true), "ok");                            // own exclusive: write
    EXPECT_EQ(io(2, 5, 1, false), "STATUS_FILE_LOCK_CONFLICT");     // other's exclusive
    EXPECT_EQ(io(2, 9, 100, true), "STATUS_FILE_LOCK_CONFLICT");
    EXPECT_EQ(io(2, 10, 90, true), "ok");                           // between the two
    EXPECT_EQ(io(2, 100, 10, false), "ok");                         // shared allows reads
    EXPECT_EQ(io(2, 105, 1, true), "STATUS_FILE_LOCK_CONFLICT");    // ...not writes
    EXPECT_EQ(io(1, 105, 1, true), "STATUS_FILE_LOCK_CONFLICT");    // not even the owner's
    EXPECT_EQ(io(2, 5, 0, true), "ok");                             // zero-length I/O
    EXPECT_EQ(io(2, UINT64_MAX - 1, 2, true), "ok");
    EXPECT_EQ(l.release_all(1), 2u);
    EXPECT_EQ(io(2, 0, 200, true), "ok");
}

}  // namespace
}  // namespace smbkit::vfs
