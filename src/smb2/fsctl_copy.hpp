#pragma once
// FSCTL payloads for server-side copy and snapshots: SRV_REQUEST_RESUME_KEY response
// (MS-SMB2 2.2.32.3), SRV_COPYCHUNK_COPY (2.2.31.1) and its response (2.2.32.1),
// SRV_SNAPSHOT_ARRAY (2.2.32.2), and the FSCTL_PIPE_WAIT request (MS-FSCC 2.3.49).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2 {

using resume_key = std::array<std::uint8_t, 24>;

// MS-SMB2 2.2.32.3
struct resume_key_response {
    resume_key key{};
    static result<resume_key_response> decode(byte_span output);
    bytes encode() const;
    bool operator==(const resume_key_response&) const = default;
};

// MS-SMB2 2.2.31.1.1
struct copychunk {
    std::uint64_t source_offset = 0;
    std::uint64_t target_offset = 0;
    std::uint32_t length = 0;
    bool operator==(const copychunk&) const = default;
};

// MS-SMB2 2.2.31.1
struct copychunk_request {
    resume_key source_key{};
    std::vector<copychunk> chunks;
    static result<copychunk_request> decode(byte_span input);
    bytes encode() const;
    bool operator==(const copychunk_request&) const = default;
};

// MS-SMB2 2.2.32.1. On STATUS_INVALID_PARAMETER the same fields carry the server's limits
// (maximum chunk count, maximum chunk size, maximum total bytes).
struct copychunk_response {
    std::uint32_t chunks_written = 0;
    std::uint32_t chunk_bytes_written = 0;
    std::uint32_t total_bytes_written = 0;
    static result<copychunk_response> decode(byte_span output);
    bytes encode() const;
    bool operator==(const copychunk_response&) const = default;
};

// MS-SMB2 2.2.32.2: "@GMT-YYYY.MM.DD-HH.MM.SS" tokens. With a MaxOutputResponse too small
// for the array, a server sends only the counts (encode(false)).
struct snapshot_array {
    std::uint32_t number_of_snapshots = 0;  // all the server has
    std::vector<std::string> snapshots;     // the ones returned
    static result<snapshot_array> decode(byte_span output);
    bytes encode(bool with_names = true) const;
    bool operator==(const snapshot_array&) const = default;
};

// MS-FSCC 2.3.49
struct pipe_wait_request {
    std::int64_t timeout = 0;  // 100 ns units, negative relative
    bool timeout_specified = false;
    std::string name;
    static result<pipe_wait_request> decode(byte_span input);
    bytes encode() const;
    bool operator==(const pipe_wait_request&) const = default;
};

}  // namespace smbkit::smb2
