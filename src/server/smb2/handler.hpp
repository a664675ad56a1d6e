#pragma once
// The contract between the SMB2 request pipeline and the command handlers.
//
// The pipeline (server/smb2/connection, pipeline) decrypts, finds the session and tree,
// verifies the signature, grants credits, and then calls the handler for the command with a
// request_context. The handler decodes the request body (smb2/ codecs), does the work (file
// system calls through run_blocking, server/blocking.hpp) and returns a reply. The pipeline
// writes the 64-byte response header, builds the error response body (MS-SMB2 2.2.2) when the
// status is an error and the body is empty, signs or encrypts, and sends.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

#include <asio.hpp>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::server {

class connection;
class session;
class tree_connect;

using file_id = std::array<std::uint8_t, 16>;  // persistent (8) + volatile (8), as on the wire

struct request_context {
    connection* conn = nullptr;
    session* sess = nullptr;       // null before SESSION_SETUP completes / for NEGOTIATE, ECHO
    tree_connect* tree = nullptr;  // null for commands that need no tree
    byte_span message;             // 64-byte header + body; body offsets are relative to it
    std::uint16_t command = 0;
    std::uint64_t message_id = 0;
    std::uint32_t flags = 0;
    std::uint16_t credit_charge = 0;
    std::uint64_t session_id = 0;
    std::uint32_t tree_id = 0;
    std::uint16_t dialect = 0;  // negotiated dialect, 0x0202 .. 0x0311
    // Related compound requests (MS-SMB2 3.3.5.2.7.2): the handler of a request that uses
    // FileId 0xFFFF...FF takes the file id from here; a CREATE sets it for what follows.
    std::optional<file_id>* compound_file_id = nullptr;
    // Sends an interim STATUS_PENDING response now and returns the AsyncId the final reply
    // will carry (for operations that wait: blocking locks, change notify, pipe reads).
    std::function<std::uint64_t()> go_async;
    // READ/WRITE only, and only when the pipeline allows it: called just before the file I/O,
    // lets the connection read and start the next request meanwhile (see io_barrier).
    std::function<void()> detach;
    // Set by the pipeline when a CANCEL for this request arrives.
    std::function<bool()> cancelled;
    // Added by the pipeline owner: registers a function the pipeline calls (on the
    // connection's strand) when a CANCEL for this request arrives or the connection ends, so a
    // waiting handler can wake up and answer STATUS_CANCELLED.
    std::function<void(std::function<void()>)> on_cancel;
};

struct reply {
    ntstatus status = ntstatus::success;
    // The whole response message: 64 bytes the pipeline overwrites with the header, then the
    // body, so buffer offsets count from the start and the message is never copied again.
    // Empty + error status: the pipeline sends the standard error response.
    bytes body;
    // For an error response carrying ErrorData (e.g. the required size with
    // STATUS_BUFFER_TOO_SMALL), the pipeline wraps these bytes in the error body.
    bytes error_data;
};

using handler = std::function<asio::awaitable<reply>(request_context&)>;

}  // namespace smbkit::server
