#pragma once
// Byte-range locks of one file (MS-FSA 2.1.5.7 / MS-SMB2 3.3.5.14), pure bookkeeping: who
// holds which range. Thread safety is the caller's (the open-file table's) business.
//
// Rules, as Windows (and Samba's brl code) apply them:
// - A range is [offset, offset + length); offset + length may not exceed 2^64
//   (→ INVALID_LOCK_RANGE). A zero-length range overlaps a lock only when it falls strictly
//   inside it (so it never conflicts at the lock's first byte, nor with another zero-length).
// - Shared locks never conflict with shared locks. An exclusive lock conflicts with every
//   overlapping lock, including the requester's own; a shared request may sit on top of an
//   exclusive lock held by the same open.
// - Unlock needs the exact offset and length held by that open (→ RANGE_NOT_LOCKED otherwise)
//   and removes one such lock.
// - I/O checks: a read conflicts with another open's exclusive lock; a write conflicts with
//   another open's exclusive lock and with any shared lock, the writer's own included
//   (LockFileEx semantics).

#include <cstdint>
#include <span>
#include <vector>

#include "core/ntstatus.hpp"

namespace smbkit::vfs {

using open_id = std::uint64_t;  // identifies one open handle (never reused in a process)

struct lock_range {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    bool exclusive = true;  // ignored by unlock
};

class lock_list {
public:
    // Takes every range or none: on a conflict the ranges already taken by this call are
    // released and LOCK_NOT_GRANTED returned (the caller may turn it into
    // FILE_LOCK_CONFLICT as MS-SMB2 3.3.5.14.2 describes).
    result<void> lock(open_id owner, std::span<const lock_range> ranges);
    // Unlocks each range in order; stops at the first one not held (RANGE_NOT_LOCKED).
    result<void> unlock(open_id owner, std::span<const lock_range> ranges);
    // FILE_LOCK_CONFLICT if I/O of `length` bytes at `offset` by `owner` is blocked.
    result<void> check_io(open_id owner, std::uint64_t offset, std::uint64_t length,
                          bool write) const;
    // Drops every lock of `owner`; returns how many there were.
    std::size_t release_all(open_id owner);
    bool empty() const { return locks_.empty(); }
    std::size_t size() const { return locks_.size(); }

private:
    struct held {
        open_id owner;
        std::uint64_t offset;
        std::uint64_t length;
        bool exclusive;
    };
    bool conflicts(open_id owner, const lock_range& r) const;
    std::vector<held> locks_;
};

// INVALID_LOCK_RANGE if offset + length overflows 64 bits.
result<void> check_lock_range(std::uint64_t offset, std::uint64_t length);

}  // namespace smbkit::vfs
