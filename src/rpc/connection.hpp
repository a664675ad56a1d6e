#pragma once
// One DCE/RPC association over a byte stream (MS-RPCE 3.3.1, C706 chapter 11 server state
// machine): binds presentation contexts, reassembles fragmented requests, dispatches calls
// and fragments responses. Each output entry is one PDU, i.e. one pipe message.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "rpc/context.hpp"
#include "rpc/interface.hpp"
#include "rpc/pdu.hpp"

namespace smbkit::rpc {

class connection {
public:
    // Our fragment limit on named pipes; Windows and Samba both offer 4280 on ncacn_np.
    static constexpr std::uint16_t max_frag = 4280;
    // C706 12.6.3.6 MUST_RECV_FRAG_SIZE: no peer may negotiate below it.
    static constexpr std::uint16_t min_frag = 1432;
    // A reassembled request larger than this ends the association (no call needs a tenth).
    static constexpr std::size_t max_request_stub = 1 << 20;

    enum class state { awaiting_bind, bound, closed };

    connection(const interface_def& iface, context ctx);

    // Unprocessed client bytes held at most; a client writing more without reading its
    // answers is refused (STATUS_INSUFFICIENT_RESOURCES) instead of growing memory.
    static constexpr std::size_t max_pending_input = 1 << 20;

    // Consumes stream bytes; responses are appended to `out`. PDUs are handled until about
    // `budget` bytes of output have been produced; the rest waits in the connection until
    // input() is called again (with no new data, once the reader has made room).
    // STATUS_PIPE_DISCONNECTED once closed (the PDU explaining why was already queued).
    result<void> input(byte_span data, std::deque<bytes>& out, std::size_t budget = SIZE_MAX);
    bool has_pending_input() const { return !inbuf_.empty(); }

    state current_state() const { return state_; }
    std::string_view endpoint() const { return iface_.endpoint; }
    std::uint16_t xmit_frag() const { return xmit_frag_; }

private:
    void handle(const pdu& p, std::deque<bytes>& out);
    void on_bind(const pdu& p, const bind_body& b, std::deque<bytes>& out);
    void on_alter_context(const pdu& p, const bind_body& b, std::deque<bytes>& out);
    void on_request(const pdu& p, const request_body& b, std::deque<bytes>& out);
    std::vector<context_result> negotiate(const bind_body& b);
    void dispatch(std::uint32_t call_id, std::uint16_t context_id, std::uint16_t opnum,
                  byte_span stub, std::deque<bytes>& out);
    void send_fault(std::uint32_t call_id, std::uint16_t context_id, std::uint32_t status,
                    std::deque<bytes>& out);
    void send_bind_nak(std::uint32_t call_id, bind_nak_reason reason, std::deque<bytes>& out);
    // Answers with a fault and ends the association, as Samba does on protocol errors.
    void abort(std::uint32_t call_id, std::uint32_t status, std::deque<bytes>& out);

    const interface_def& iface_;
    context ctx_;
    state state_ = state::awaiting_bind;
    bytes inbuf_;
    std::uint16_t xmit_frag_ = max_frag;
    std::uint16_t recv_frag_ = max_frag;
    std::uint32_t assoc_group_ = 0;
    std::map<std::uint16_t, bool> contexts_;  // accepted presentation context ids

    struct partial_call {
        std::uint32_t call_id = 0;
        std::uint16_t context_id = 0;
        std::uint16_t opnum = 0;
        bytes stub;
    };
    std::optional<partial_call> partial_;
};

}  // namespace smbkit::rpc
