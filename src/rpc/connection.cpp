// MS-RPCE 3.3.1.5 (server: bind, alter_context, request processing, fragmentation) on top of
// the C706 12.6 PDUs.
#include "rpc/connection.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>

#include "core/log.hpp"

namespace smbkit::rpc {

namespace {

log::rate_limiter rpc_limiter;

std::uint32_t next_assoc_group() {
    static std::atomic<std::uint32_t> counter{0x5aa0};
    return counter.fetch_add(1) & 0x00FFFFFF;
}

}  // namespace

connection::connection(const interface_def& iface, context ctx)
    : iface_(iface), ctx_(std::move(ctx)) {}

result<void> connection::input(byte_span data, std::deque<bytes>& out, std::size_t budget) {
    if (state_ == state::closed) return fail(ntstatus::pipe_disconnected);
    if (inbuf_.size() + data.size() > max_pending_input + 0xFFFF)
        return fail(ntstatus::insufficient_resources);
    inbuf_.insert(inbuf_.end(), data.begin(), data.end());
    std::size_t pos = 0;
    std::size_t produced = 0;
    std::size_t queued_before = out.size();
    while (state_ != state::closed && inbuf_.size() - pos >= header_size && produced < budget) {
        byte_span rest(inbuf_.data() + pos, inbuf_.size() - pos);
        auto h = decode_header(rest);
        if (!h) {
            // Wrong version or an impossible length: the stream cannot be resynchronised.
            log::limited_warn(rpc_limiter, "rpc {}: bad PDU header ({}), closing", iface_.name,
                              ntstatus_string(h.error()));
            std::uint32_t call_id = 0;
            if (rest.size() >= 16)
                call_id = std::uint32_t(rest[12]) | std::uint32_t(rest[13]) << 8 |
                          std::uint32_t(rest[14]) << 16 | std::uint32_t(rest[15]) << 24;
            if (rest[2] == static_cast<std::uint8_t>(ptype::bind) && rest[0] != 5) {
                send_bind_nak(call_id, bind_nak_reason::protocol_version_not_supported, out);
                state_ = state::closed;
            } else {
                abort(call_id, nca_s_proto_error, out);
            }
            break;
        }
        if (rest.size() < h->frag_length) break;  // wait for the rest of this PDU
        auto p = decode_pdu(rest.first(h->frag_length));
        pos += h->frag_length;
        if (!p) {
            log::limited_warn(rpc_limiter, "rpc {}: malformed {} PDU, closing", iface_.name,
                              static_cast<int>(h->type));
            if (h->type == ptype::bind) {
                send_bind_nak(h->call_id, bind_nak_reason::not_specified, out);
                state_ = state::closed;
            } else {
                abort(h->call_id, nca_s_proto_error, out);
            }
            break;
        }
        handle(*p, out);
        for (; queued_before < out.size(); ++queued_before) produced += out[queued_before].size();
    }
    if (state_ == state::closed) {
        inbuf_.clear();
    } else {
        inbuf_.erase(inbuf_.begin(), inbuf_.begin() + static_cast<std::ptrdiff_t>(pos));
    }
    return {};
}

void connection::handle(const pdu& p, std::deque<bytes>& out) {
    switch (p.hdr.type) {
        case ptype::bind:
            on_bind(p, std::get<bind_body>(p.body), out);
            break;
        case ptype::alter_context:
            on_alter_context(p, std::get<bind_body>(p.body), out);
            break;
        case ptype::request:
            on_request(p, std::get<request_body>(p.body), out);
            break;
        case ptype::co_cancel:
            // Calls run to completion at once; nothing is left to cancel.
            break;
        case ptype::orphaned:
            // The client abandons a call: drop what was reassembled of it (MS-RPCE 3.3.1.5.7).
            if (partial_ && partial_->call_id == p.hdr.call_id) partial_.reset();
            break;
        default:
            // auth3 without an auth context, or a PDU only a server sends.
            abort(p.hdr.call_id, nca_s_proto_error, out);
            break;
    }
}

std::vector<context_result> connection::negotiate(const bind_body& b) {
    std::vector<context_result> results;
    bool features_answered = false;
    for (const auto& c : b.contexts) {
        context_result r;
        r.result = context_result_code::provider_rejection;
        auto btfn = std::find_if(c.transfer_syntaxes.begin(), c.transfer_syntaxes.end(),
                                 is_bind_time_feature_syntax);
        if (btfn != c.transfer_syntaxes.end() && !features_answered) {
            // MS-RPCE 3.3.1.5.3: acknowledge the features we honour; Windows and Samba
            // return the intersection in `reason` with a zero transfer syntax.
            r.result = context_result_code::negotiate_ack;
            r.reason = bind_time_features(*btfn) &
                       (btfn_security_context_multiplexing | btfn_keep_connection_on_orphan);
            features_answered = true;
        } else if (c.abstract_syntax.id != iface_.syntax.id ||
                   c.abstract_syntax.major() != iface_.syntax.major() ||
                   c.abstract_syntax.minor() > iface_.syntax.minor()) {
            r.reason = static_cast<std::uint16_t>(provider_reason::abstract_syntax_not_supported);
        } else if (std::find(c.transfer_syntaxes.begin(), c.transfer_syntaxes.end(),
                             ndr20_syntax()) != c.transfer_syntaxes.end()) {
            r.result = context_result_code::acceptance;
            r.transfer_syntax = ndr20_syntax();
            contexts_[c.context_id] = true;
        } else {
            // NDR64 and anything else: only NDR 2.0 is spoken here.
            r.reason = static_cast<std::uint16_t>(
                provider_reason::proposed_transfer_syntaxes_not_supported);
        }
        results.push_back(r);
    }
    return results;
}

void connection::on_bind(const pdu& p, const bind_body& b, std::deque<bytes>& out) {
    if (state_ != state::awaiting_bind) {
        // One bind per association; further contexts come through alter_context.
        send_bind_nak(p.hdr.call_id, bind_nak_reason::not_specified, out);
        return;
    }
    if (!p.hdr.little_endian()) {
        send_bind_nak(p.hdr.call_id, bind_nak_reason::not_specified, out);
        return;
    }
    if (p.hdr.auth_length != 0) {
        // No security providers on pipes: SMB already authenticated the session.
        send_bind_nak(p.hdr.call_id, bind_nak_reason::authentication_type_not_recognized, out);
        return;
    }
    if (b.contexts.empty()) {
        send_bind_nak(p.hdr.call_id, bind_nak_reason::not_specified, out);
        return;
    }
    // Samba sends and accepts the smaller of the client's two limits, within our own.
    std::uint16_t frag = std::min({b.max_xmit_frag, b.max_recv_frag, max_frag});
    frag = std::max(frag, min_frag);
    xmit_frag_ = recv_frag_ = frag;
    assoc_group_ = b.assoc_group_id ? b.assoc_group_id : next_assoc_group();

    pdu ack;
    ack.hdr.type = ptype::bind_ack;
    ack.hdr.call_id = p.hdr.call_id;
    bind_ack_body body;
    body.max_xmit_frag = xmit_frag_;
    body.max_recv_frag = recv_frag_;
    body.assoc_group_id = assoc_group_;
    body.secondary_address = "\\PIPE\\" + std::string(iface_.endpoint);
    body.results = negotiate(b);
    ack.body = std::move(body);
    out.push_back(encode_pdu(ack));
    state_ = state::bound;
}

void connection::on_alter_context(const pdu& p, const bind_body& b, std::deque<bytes>& out) {
    if (state_ != state::bound) {
        abort(p.hdr.call_id, nca_s_proto_error, out);
        return;
    }
    if (p.hdr.auth_length != 0 || !p.hdr.little_endian()) {
        abort(p.hdr.call_id, rpc_s_access_denied, out);
        return;
    }
    pdu rsp;
    rsp.hdr.type = ptype::alter_context_resp;
    rsp.hdr.call_id = p.hdr.call_id;
    bind_ack_body body;
    body.max_xmit_frag = xmit_frag_;
    body.max_recv_frag = recv_frag_;
    body.assoc_group_id = assoc_group_;
    body.results = negotiate(b);
    rsp.body = std::move(body);
    out.push_back(encode_pdu(rsp));
}

void connection::on_request(const pdu& p, const request_body& b, std::deque<bytes>& out) {
    if (state_ != state::bound) {
        abort(p.hdr.call_id, nca_s_proto_error, out);
        return;
    }
    if (p.hdr.auth_length != 0) {
        abort(p.hdr.call_id, rpc_s_access_denied, out);
        return;
    }
    bool first = p.hdr.flags & pfc_first_frag;
    bool last = p.hdr.flags & pfc_last_frag;
    if (first) {
        if (partial_) {
            // A new call while another is still arriving: the stream is out of step.
            abort(p.hdr.call_id, nca_s_proto_error, out);
            return;
        }
        if (last) {
            if (!p.hdr.little_endian()) {
                send_fault(p.hdr.call_id, b.context_id, rpc_x_bad_stub_data, out);
                return;
            }
            dispatch(p.hdr.call_id, b.context_id, b.opnum, b.stub, out);
            return;
        }
        partial_ =
            partial_call{p.hdr.call_id, b.context_id, b.opnum, bytes(b.stub.begin(), b.stub.end())};
        return;
    }
    if (!partial_ || partial_->call_id != p.hdr.call_id || partial_->context_id != b.context_id ||
        partial_->opnum != b.opnum) {
        abort(p.hdr.call_id, nca_s_proto_error, out);
        return;
    }
    if (partial_->stub.size() + b.stub.size() > max_request_stub) {
        log::limited_warn(rpc_limiter, "rpc {}: request over {} bytes, closing", iface_.name,
                          max_request_stub);
        abort(p.hdr.call_id, nca_s_proto_error, out);
        return;
    }
    partial_->stub.insert(partial_->stub.end(), b.stub.begin(), b.stub.end());
    if (!last) return;
    partial_call call = std::move(*partial_);
    partial_.reset();
    if (!p.hdr.little_endian()) {
        send_fault(call.call_id, call.context_id, rpc_x_bad_stub_data, out);
        return;
    }
    dispatch(call.call_id, call.context_id, call.opnum, call.stub, out);
}

void connection::dispatch(std::uint32_t call_id, std::uint16_t context_id, std::uint16_t opnum,
                          byte_span stub, std::deque<bytes>& out) {
    if (!contexts_.contains(context_id)) {
        send_fault(call_id, context_id, nca_s_unk_if, out);
        return;
    }
    auto reply = iface_.call(opnum, stub, ctx_);
    if (!reply) {
        spdlog::debug("rpc {}: opnum {} fault 0x{:08x}", iface_.name, opnum, reply.error());
        send_fault(call_id, context_id, reply.error(), out);
        return;
    }
    // C706 12.6.2: fragments no larger than the negotiated size; stub chunks kept to
    // multiples of 8 so every fragment boundary is NDR-aligned, as Windows sends them.
    const std::size_t overhead = header_size + 8;
    std::size_t chunk = (xmit_frag_ - overhead) & ~std::size_t(7);
    const bytes& data = *reply;
    std::size_t offset = 0;
    do {
        std::size_t n = std::min(chunk, data.size() - offset);
        pdu rsp;
        rsp.hdr.type = ptype::response;
        rsp.hdr.call_id = call_id;
        rsp.hdr.flags = 0;
        if (offset == 0) rsp.hdr.flags |= pfc_first_frag;
        if (offset + n == data.size()) rsp.hdr.flags |= pfc_last_frag;
        response_body body;
        body.alloc_hint = static_cast<std::uint32_t>(data.size() - offset);
        body.context_id = context_id;
        body.stub = byte_span(data.data() + offset, n);
        rsp.body = body;
        out.push_back(encode_pdu(rsp));
        offset += n;
    } while (offset < data.size());
}

void connection::send_fault(std::uint32_t call_id, std::uint16_t context_id, std::uint32_t status,
                            std::deque<bytes>& out) {
    pdu f;
    f.hdr.type = ptype::fault;
    f.hdr.call_id = call_id;
    // Every fault raised here is raised before the server routine runs.
    f.hdr.flags = pfc_first_frag | pfc_last_frag | pfc_did_not_execute;
    fault_body body;
    body.context_id = context_id;
    body.status = status;
    f.body = body;
    out.push_back(encode_pdu(f));
}

void connection::send_bind_nak(std::uint32_t call_id, bind_nak_reason reason,
                               std::deque<bytes>& out) {
    pdu n;
    n.hdr.type = ptype::bind_nak;
    n.hdr.call_id = call_id;
    bind_nak_body body;
    body.reason = reason;
    n.body = body;
    out.push_back(encode_pdu(n));
}

void connection::abort(std::uint32_t call_id, std::uint32_t status, std::deque<bytes>& out) {
    send_fault(call_id, 0, status, out);
    state_ = state::closed;
    partial_.reset();
}

}  // namespace smbkit::rpc
