#include "vfs/locks.hpp"

#include <algorithm>

namespace smbkit::vfs {
namespace {

// Overlap as Windows (and Samba's brl_overlap) decides it; `b_len == 0` ranges overlap only
// when strictly inside `a`. Ranges were checked not to wrap.
// Ranges may end exactly at 2^64, hence the 128-bit ends.
bool overlaps(std::uint64_t a_off, std::uint64_t a_len, std::uint64_t b_off, std::uint64_t b_len) {
    using u128 = unsigned __int128;
    if (a_len != 0 && a_off == b_off && a_len == b_len) return true;
    if (a_off >= u128{b_off} + b_len || b_off >= u128{a_off} + a_len) return false;
    return true;
}

}  // namespace

result<void> check_lock_range(std::uint64_t offset, std::uint64_t length) {
    // The last byte locked must exist: a range may end exactly at 2^64, not beyond.
    if (length != 0 && offset + (length - 1) < offset) return fail(ntstatus::invalid_lock_range);
    return {};
}

bool lock_list::conflicts(open_id owner, const lock_range& r) const {
    for (const auto& h : locks_) {
        if (!h.exclusive && !r.exclusive) continue;
        // A shared lock may stack on the same open's exclusive lock.
        if (h.exclusive && !r.exclusive && h.owner == owner) continue;
        if (overlaps(h.offset, h.length, r.offset, r.length)) return true;
    }
    return false;
}

result<void> lock_list::lock(open_id owner, std::span<const lock_range> ranges) {
    for (const auto& r : ranges)
        if (auto c = check_lock_range(r.offset, r.length); !c) return c;
    std::size_t taken = 0;
    for (const auto& r : ranges) {
        if (conflicts(owner, r)) {
            // Undo this call's locks, newest first.
            for (std::size_t k = 0; k < taken; ++k) locks_.pop_back();
            return fail(ntstatus::lock_not_granted);
        }
        locks_.push_back(held{owner, r.offset, r.length, r.exclusive});
        ++taken;
    }
    return {};
}

result<void> lock_list::unlock(open_id owner, std::span<const lock_range> ranges) {
    for (const auto& r : ranges) {
        if (auto c = check_lock_range(r.offset, r.length); !c) return c;
        auto it = std::find_if(locks_.begin(), locks_.end(), [&](const held& h) {
            return h.owner == owner && h.offset == r.offset && h.length == r.length;
        });
        if (it == locks_.end()) return fail(ntstatus::range_not_locked);
        locks_.erase(it);
    }
    return {};
}

result<void> lock_list::check_io(open_id owner, std::uint64_t offset, std::uint64_t length,
                                 bool write) const {
    using u128 = unsigned __int128;
    if (length == 0) return {};
    for (const auto& h : locks_) {
        if (h.length == 0) continue;
        bool blocks = h.exclusive ? h.owner != owner : write;
        if (!blocks) continue;
        if (offset < u128{h.offset} + h.length && h.offset < u128{offset} + length)
            return fail(ntstatus::file_lock_conflict);
    }
    return {};
}

std::size_t lock_list::release_all(open_id owner) {
    auto before = locks_.size();
    std::erase_if(locks_, [&](const held& h) { return h.owner == owner; });
    return before - locks_.size();
}

}  // namespace smbkit::vfs
