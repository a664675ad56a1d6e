#pragma once
// A named pipe on IPC$ carrying connection-oriented DCE/RPC (MS-RPCE 2.1.1.2, ncacn_np). The
// SMB2 server opens one per CREATE of "srvsvc" or "wkssvc" and hands it the bytes of WRITE,
// READ and IOCTL FSCTL_PIPE_TRANSCEIVE; this layer answers with the bytes to return.
//
// Message-mode semantics (MS-SMB2 3.3.5.13 READ, 3.3.5.15.4 FSCTL_PIPE_TRANSCEIVE, as Samba
// and Windows behave): each response PDU is one message. A read or transceive whose buffer is
// smaller than the message returns the first part with `more_data` set; the server answers
// STATUS_BUFFER_OVERFLOW with that data, and the client READs the rest.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "rpc/context.hpp"

namespace smbkit::rpc {

class connection;

struct pipe_output {
    bytes data;
    // More of the same message remains: answer STATUS_BUFFER_OVERFLOW (with `data`).
    bool more_data = false;
};

class pipe {
public:
    // "srvsvc", "wkssvc", with or without a "\PIPE\" prefix, any case. Anything else is
    // STATUS_OBJECT_NAME_NOT_FOUND, which the server returns to the CREATE as it is.
    static result<std::unique_ptr<pipe>> open(std::string_view name, context ctx);
    ~pipe();
    pipe(const pipe&) = delete;
    pipe& operator=(const pipe&) = delete;

    // The canonical endpoint name ("srvsvc").
    std::string_view name() const;

    // SMB2 WRITE: accepts any split of the PDU stream (a PDU across several writes, several
    // PDUs in one). Complete requests are answered at once and their responses queued.
    // Errors: STATUS_PIPE_DISCONNECTED after a protocol error closed the association (the
    // fault that explains it is still readable first); STATUS_INSUFFICIENT_RESOURCES when
    // over a megabyte of requests waits behind unread answers.
    result<void> write(byte_span data);

    // SMB2 READ of at most `max` bytes. With nothing queued: STATUS_PIPE_EMPTY. The server
    // may instead keep the READ pending until the next write (Windows blocks; clients always
    // write a request first, so either works in practice); has_output() tells them apart.
    // STATUS_PIPE_DISCONNECTED once the association is closed and drained.
    result<pipe_output> read(std::size_t max);

    // FSCTL_PIPE_TRANSCEIVE: write `in`, then read at most `max_out` bytes. Input that does
    // not complete a request (a non-final fragment) yields an empty output.
    result<pipe_output> transceive(byte_span in, std::size_t max_out);

    // Bytes queued for reading, messages queued, and the unread part of the first message
    // (FSCTL_PIPE_PEEK: ReadDataAvailable, NumberOfMessages, MessageLength).
    bool has_output() const;
    std::size_t output_bytes() const;
    std::size_t message_count() const { return output_.messages.size(); }
    std::size_t next_message_bytes() const;

private:
    explicit pipe(std::unique_ptr<connection> conn);
    result<void> feed(byte_span data);

    struct output_queue {
        std::deque<bytes> messages;   // response PDUs, one message each
        std::size_t read_offset = 0;  // into messages.front()
        std::size_t queued = 0;       // unread bytes
    };

    std::unique_ptr<connection> conn_;
    output_queue output_;
};

}  // namespace smbkit::rpc
