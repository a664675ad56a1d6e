#pragma once
// Oplocks of the SMB2 server: Open.OplockLevel and Open.OplockState (MS-SMB2 3.3.1.10), the
// grant at CREATE (3.3.5.9), the break the object store asks for and its notification
// (3.3.4.6, MS-FSA 2.1.5.17 / 2.1.4.12) and the client's acknowledgment (3.3.5.22.1).
//
// The oplocks of every open of a file live in one server-wide table keyed by the file (device
// of the share root and file id), so opens of other connections see them. Decisions follow
// Windows as Samba implements them: batch = read + write + handle caching, exclusive = read +
// write, level II = read.
//  - A CREATE by another open breaks a batch or exclusive oplock (to level II, or to none
//    when the CREATE overwrites or supersedes) and waits for the holder to acknowledge or
//    close, at most break_wait. When the new open meets a sharing violation only batch
//    oplocks are broken (their holder may close the handle); the open is then tried again.
//  - Level II oplocks are broken to none, with no acknowledgment, by a write, a byte-range
//    lock or a change of the end of file through any open (the holder's own included).
//  - Opens asking only for FILE_READ_ATTRIBUTES, FILE_WRITE_ATTRIBUTES and SYNCHRONIZE
//    ("stat opens") break nothing and do not keep others from an exclusive oplock.
//  - Leases (lease.hpp) live in the same table: each open with a lease points at the one
//    record of its (client GUID, lease key), so opens with the same key never break each
//    other, and a lease's break goes once to the connection that holds it. Oplocks and
//    leases on one file break each other as Windows does.
// Directories and named pipes get no oplock and no lease.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "server/smb2/file/open_table.hpp"
#include "server/smb2/handler.hpp"
#include "smb2/create_context.hpp"

namespace smbkit::vfs {
class share;
}

namespace smbkit::server::file {

// How long a CREATE waits for a break to be acknowledged before the oplock is taken away
// (Samba's "oplock break wait time" default, OPLOCK_BREAK_TIMEOUT).
inline constexpr std::chrono::seconds oplock_break_wait{35};

// MS-SMB2 3.3.5.9.8 / 3.3.5.9.11: the lease a CREATE asks for. STATUS_INVALID_PARAMETER for
// a malformed RqLs; nothing when the oplock level is not SMB2_OPLOCK_LEVEL_LEASE, the dialect
// has no leases (2.0.2; v2 needs 3.x) or the key is zero (as Samba decides).
result<std::optional<smb2::lease>> lease_request(const request_context& ctx,
                                                 std::uint8_t requested_level,
                                                 const std::vector<smb2::create_context>& list);

// Before a CREATE with a lease opens `path`: a key this client already uses for another file
// is STATUS_INVALID_PARAMETER (smb2.lease.request).
asio::awaitable<ntstatus> lease_key_check(request_context& ctx, std::shared_ptr<vfs::share> share,
                                          std::string path, smb2::lease lease);

struct oplock_grant {
    std::uint8_t level = smb2::oplock_level::none;  // SMB2_OPLOCK_LEVEL_LEASE with a lease
    std::optional<smb2::lease> lease;                // the RqLs context of the response
};

// CREATE: records the new open `o` (already in its tree's table), breaks the oplocks and
// leases of other opens of the file that it conflicts with (answering STATUS_PENDING while
// it waits), then returns the oplock level or lease granted to it.
asio::awaitable<oplock_grant> oplock_on_open(request_context& ctx, const std::shared_ptr<open>& o,
                                             std::uint8_t requested, std::uint32_t disposition,
                                             std::optional<smb2::lease> lease = std::nullopt);

// CREATE that failed with STATUS_SHARING_VIOLATION on `path`: breaks the handle caching
// (batch oplocks, H of leases other than `lease`'s) of the file and waits for it. True when
// something was broken, so the open is worth another try.
asio::awaitable<bool> oplock_break_for_sharing(request_context& ctx,
                                               std::shared_ptr<vfs::share> share,
                                               std::string path, std::uint32_t desired_access,
                                               std::optional<smb2::lease> lease = std::nullopt);

// CLOSE (and tree or session end): forgets the open and wakes CREATEs waiting on it.
void oplock_on_close(const open& o);

// WRITE, LOCK, set end of file / allocation through `o`: level II oplocks of the file are
// broken to none (MS-FSA 2.1.4.12: no acknowledgment is expected), and so are the read
// leases of other keys (unless `o` holds write caching: then nobody else caches).
void oplock_break_level2(const open& o);

// An open made delete-on-close, or a SET_INFO that sets delete pending, through `o`: the
// leases of other keys on the file lose handle caching (RH → R, RWH → RW), as Windows and
// Samba break them when a file is about to go; the holders acknowledge as usual, nothing
// waits here.
void oplock_break_handle(const open& o);

// SET_INFO FileRenameInformation through `o`, before the rename (MS-FSA 2.1.5.14.11 with
// 2.1.4.12; Samba's delay_for_handle_lease_break): the leases of other keys lose handle
// caching (RH → R, RWH → RW) and batch oplocks of other opens break to level II, and the
// request waits (answering STATUS_PENDING) until those breaks are acknowledged, their opens
// closed, or oplock_break_wait has passed. A request that may not go async (one in the middle
// of a compound) only sends the lease breaks, as oplock_break_handle does.
asio::awaitable<void> oplock_break_handle_wait(request_context& ctx, const open& o);

// The level an open holds now (oplock_level::none when it is not in the table).
std::uint8_t oplock_level_of(const open& o);
// The state of the lease an open holds (0 when it has none).
std::uint32_t lease_state_of(const open& o);

// MS-SMB2 3.3.5.22.1 / 3.3.5.22.2: the OPLOCK_BREAK acknowledgment of an oplock or a lease.
asio::awaitable<reply> handle_oplock_break(request_context& ctx);

}  // namespace smbkit::server::file
