// Named pipe in message mode over an RPC association: MS-SMB2 3.3.5.13 (READ on a pipe),
// 3.3.5.15.4 (FSCTL_PIPE_TRANSCEIVE), MS-FSCC 2.3.51 (STATUS_BUFFER_OVERFLOW for a message
// longer than the buffer, STATUS_PIPE_BUSY when unread data is queued).
#include "rpc/pipe.hpp"

#include "rpc/connection.hpp"

namespace smbkit::rpc {

namespace {
// Responses a client has not read yet; beyond this, further requests wait unprocessed.
constexpr std::size_t max_queued_output = 1 << 20;
}  // namespace

result<std::unique_ptr<pipe>> pipe::open(std::string_view name, context ctx) {
    const interface_def* iface = find_interface(name);
    if (!iface) return fail(ntstatus::object_name_not_found);
    return std::unique_ptr<pipe>(new pipe(std::make_unique<connection>(*iface, std::move(ctx))));
}

pipe::pipe(std::unique_ptr<connection> conn) : conn_(std::move(conn)) {}
pipe::~pipe() = default;

std::string_view pipe::name() const { return conn_->endpoint(); }

result<void> pipe::write(byte_span data) { return feed(data); }

// Hands input to the association with the room left in the output queue as its budget, so
// that a stream of small requests with large answers cannot queue unbounded output.
result<void> pipe::feed(byte_span data) {
    std::size_t budget =
        output_.queued < max_queued_output ? max_queued_output - output_.queued : 0;
    std::size_t before = output_.messages.size();
    auto r = conn_->input(data, output_.messages, budget);
    for (std::size_t i = before; i < output_.messages.size(); ++i)
        output_.queued += output_.messages[i].size();
    return r;
}

result<pipe_output> pipe::read(std::size_t max) {
    if (output_.messages.empty()) {
        if (conn_->current_state() == connection::state::closed)
            return fail(ntstatus::pipe_disconnected);
        return fail(ntstatus::pipe_empty);
    }
    const bytes& msg = output_.messages.front();
    std::size_t left = msg.size() - output_.read_offset;
    std::size_t n = std::min(left, max);
    pipe_output out;
    out.data.assign(msg.begin() + static_cast<std::ptrdiff_t>(output_.read_offset),
                    msg.begin() + static_cast<std::ptrdiff_t>(output_.read_offset + n));
    output_.queued -= n;
    if (n < left) {
        output_.read_offset += n;
        out.more_data = true;
    } else {
        output_.messages.pop_front();
        output_.read_offset = 0;
        // Requests held back for lack of room are answered once the queue has drained.
        if (output_.messages.empty() && conn_->has_pending_input()) (void)feed({});
    }
    return out;
}

result<pipe_output> pipe::transceive(byte_span in, std::size_t max_out) {
    // MS-FSCC 2.3.51: a transceive on a pipe with unread data fails with STATUS_PIPE_BUSY.
    if (!output_.messages.empty()) return fail(ntstatus::pipe_busy);
    auto w = write(in);
    if (!w) return fail(w.error());
    if (output_.messages.empty()) return pipe_output{};
    return read(max_out);
}

bool pipe::has_output() const { return !output_.messages.empty(); }
std::size_t pipe::output_bytes() const { return output_.queued; }
std::size_t pipe::next_message_bytes() const {
    if (output_.messages.empty()) return 0;
    return output_.messages.front().size() - output_.read_offset;
}

}  // namespace smbkit::rpc
