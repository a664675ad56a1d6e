// MS-SMB2 3.3.1.4, 3.3.4.7, 3.3.5.9.8, 3.3.5.9.11, 3.3.5.22.2: lease state transitions.
#include "server/smb2/file/lease.hpp"

namespace smbkit::server::file {
namespace {

namespace ls = smb2::lease_state;
constexpr std::uint32_t R = ls::read_caching;
constexpr std::uint32_t H = ls::handle_caching;
constexpr std::uint32_t W = ls::write_caching;

lease_break_out notification(const lease_record& l, std::uint32_t from, std::uint32_t to,
                             bool ack) {
    lease_break_out b;
    b.from = from;
    b.to = to;
    b.ack_required = ack;
    b.epoch = l.version > 1 ? l.epoch : 0;
    return b;
}

}  // namespace

std::uint32_t lease_grantable(std::uint32_t requested, bool others_open, bool oplock_held) {
    std::uint32_t g = requested & (R | H | W);
    // W alone, H alone and W+H are no lease Windows grants (smb2.lease.request).
    if (!(g & R)) return 0;
    if (others_open) g &= ~W;
    if (oplock_held) g &= ~H;
    return g;
}

lease_record lease_new(const smb2::guid& client, const smb2::lease& req, std::uint32_t granted) {
    lease_record l;
    l.client = client;
    l.key = req.key;
    l.state = granted;
    l.version = req.v2 ? 2 : 1;
    l.epoch = req.epoch;
    l.flags = req.v2 ? (req.flags & smb2::lease_flags::parent_lease_key_set) : 0;
    if (l.flags) l.parent_key = req.parent_key;
    // The epoch moves with every change of state (MS-SMB2 3.3.5.9.8).
    if (granted) ++l.epoch;
    return l;
}

void lease_upgrade(lease_record& l, std::uint32_t requested, std::uint32_t granted) {
    const bool superset = (l.state & requested) == l.state;
    if (superset && granted != l.state && granted == requested && !l.breaking) {
        l.state = granted;
        ++l.epoch;
    }
}

std::optional<lease_break_out> lease_break(lease_record& l, std::uint32_t to) {
    to &= l.state;
    if (l.breaking) {
        // One notification at a time; the lease must now reach the narrower state.
        l.breaking_to_required &= to;
        return std::nullopt;
    }
    if (to == l.state) return std::nullopt;
    const std::uint32_t from = l.state;
    ++l.epoch;
    if (from == R) {
        // Read caching alone is dropped without an acknowledgment.
        l.state = 0;
        return notification(l, from, 0, false);
    }
    l.breaking = true;
    l.breaking_to_requested = to;
    l.breaking_to_required = to;
    return notification(l, from, to, true);
}

void lease_break_timed_out(lease_record& l) {
    l.state = 0;
    l.breaking = false;
    l.breaking_to_requested = 0;
    l.breaking_to_required = 0;
}

result<std::optional<lease_break_out>> lease_acknowledge(lease_record& l, std::uint32_t acked) {
    // Samba's answers: an acknowledgment nobody waits for is STATUS_UNSUCCESSFUL, one that
    // keeps more than the notification offered is STATUS_REQUEST_NOT_ACCEPTED.
    if (!l.breaking) return fail(ntstatus::unsuccessful);
    if ((acked & l.breaking_to_requested) != acked) return fail(ntstatus::request_not_accepted);
    l.state = acked;
    if ((acked & ~l.breaking_to_required) == 0) {
        l.breaking = false;
        l.breaking_to_requested = 0;
        l.breaking_to_required = 0;
        return std::optional<lease_break_out>{};
    }
    // Not broken far enough (a later open narrowed the break): break again, through R first
    // when W or H is still held (smb2.lease.breaking3, v2_breaking3).
    std::uint32_t next = l.breaking_to_required;
    if (acked & (W | H)) {
        next |= R;
        l.breaking_to_requested = next;
        return std::optional<lease_break_out>{notification(l, acked, next, true)};
    }
    l.state = 0;
    l.breaking = false;
    l.breaking_to_requested = 0;
    l.breaking_to_required = 0;
    return std::optional<lease_break_out>{notification(l, acked, next, false)};
}

smb2::lease lease_response(const lease_record& l) {
    smb2::lease r;
    r.v2 = l.version > 1;
    r.key = l.key;
    r.state = l.state;
    r.flags = l.flags & smb2::lease_flags::parent_lease_key_set;
    if (l.breaking) r.flags |= smb2::lease_flags::break_in_progress;
    if (r.v2) {
        r.parent_key = l.parent_key;
        r.epoch = l.epoch;
    } else {
        r.flags &= ~smb2::lease_flags::parent_lease_key_set;
    }
    return r;
}

}  // namespace smbkit::server::file
