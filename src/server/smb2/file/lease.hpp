#pragma once
// The state of one lease (MS-SMB2 3.3.1.4 Lease: LeaseState, Breaking, BreakToLeaseState,
// Epoch, Version) and its transitions: the grant at CREATE (3.3.5.9.8, 3.3.5.9.11), the
// break the object store asks for (3.3.4.7) and the client's acknowledgment (3.3.5.22.2).
// Pure functions of the record, so they are tested from tables; the server-wide table of
// leases and the sending of notifications live in oplock.cpp.
//
// Decisions follow Windows as Samba implements them (smbtorture smb2.lease.*):
//  - Only R, RW, RH and RWH are granted; anything else becomes no lease (state 0).
//  - A lease held by one open of a file that others also open (non-stat opens, or any open
//    holding an oplock or another lease) gets no W; one next to an oplock gets no H.
//  - A second open with the same key upgrades the lease only to a strict superset of what it
//    holds, only when everything asked for can be had, and never while it is breaking.
//  - A break of R alone goes to none at once (no acknowledgment); any other break waits for
//    the acknowledgment. A further break while one is outstanding only narrows the state the
//    lease must reach. An acknowledgment that leaves more than that starts the next break
//    (in steps through R when W or H is held, as Windows does).

#include <cstdint>
#include <optional>

#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"
#include "smb2/create_context.hpp"

namespace smbkit::server::file {

struct lease_record {
    smb2::guid client{};
    smb2::lease_key key{};
    std::uint32_t state = 0;  // smb2::lease_state bits
    bool breaking = false;
    std::uint32_t breaking_to_requested = 0;  // what the notification asked for
    std::uint32_t breaking_to_required = 0;   // what the lease must at least drop to
    std::uint16_t version = 1;                // 1: RqLs v1, 2: v2 (epochs are sent)
    std::uint16_t epoch = 0;
    std::uint32_t flags = 0;  // parent_lease_key_set, as the client asked
    smb2::lease_key parent_key{};
};

// A lease break notification to send (MS-SMB2 2.2.23.2).
struct lease_break_out {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    bool ack_required = false;
    std::uint16_t epoch = 0;  // NewEpoch: 0 for a v1 lease
};

// What a lease request may be granted: `requested` trimmed to a grantable state.
// `others_open`: another open (not a stat open, or holding an oplock or a lease with another
// key) exists; `oplock_held`: another open holds an oplock.
std::uint32_t lease_grantable(std::uint32_t requested, bool others_open, bool oplock_held);

// A new lease of `req` (its key, version, epoch, flags) in state `granted`.
lease_record lease_new(const smb2::guid& client, const smb2::lease& req, std::uint32_t granted);

// An open with the key of an existing lease: upgrades it when it may (see above).
void lease_upgrade(lease_record& l, std::uint32_t requested, std::uint32_t granted);

// The object store breaks the lease to (at most) `to`. Returns the notification to send, or
// nothing when no notification is due (already there, or a break is outstanding).
std::optional<lease_break_out> lease_break(lease_record& l, std::uint32_t to);

// A break that timed out: the lease is taken to none (as an acknowledgment of none).
void lease_break_timed_out(lease_record& l);

// MS-SMB2 3.3.5.22.2: the acknowledgment of `acked`. On success the lease holds `acked`;
// the optional notification is the next break to send (after the response).
result<std::optional<lease_break_out>> lease_acknowledge(lease_record& l, std::uint32_t acked);

// The RqLs context answering a CREATE (2.2.14.2.10 v1 / 2.2.14.2.11 v2).
smb2::lease lease_response(const lease_record& l);

}  // namespace smbkit::server::file
