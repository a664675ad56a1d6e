#pragma once
// MS-SMB2 2.2.19 READ request, 2.2.20 READ response, 2.2.21 WRITE request,
// 2.2.22 WRITE response.

#include <cstdint>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

struct read_request {
    static constexpr std::uint16_t structure_size = 49;
    std::uint8_t padding = 0;  // where the client wants the data in the response
    std::uint8_t flags = 0;    // read_flags
    std::uint32_t length = 0;
    std::uint64_t offset = 0;
    file_id id;
    std::uint32_t minimum_count = 0;
    std::uint32_t channel = channel::none;
    std::uint32_t remaining_bytes = 0;
    bytes channel_info;  // RDMA descriptors
    static result<read_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const read_request&) const = default;
};

struct read_response {
    static constexpr std::uint16_t structure_size = 17;
    // DataOffset is one byte: the data follows the 16 fixed bytes at 0x50 from the header.
    static constexpr std::uint8_t data_offset = 0x50;
    std::uint32_t data_remaining = 0;
    std::uint32_t flags = 0;  // 3.1.1: SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM
    bytes data;
    static result<read_response> decode(byte_span message);
    // The same checks as decode; the data is returned as a span into `message`.
    static result<byte_span> decode_data(byte_span message);
    void encode(writer& w) const;
    // The fixed part only, for a caller that appends `data_length` bytes itself right after
    // (the writer must be at offset 64, just past the header).
    static void encode_prefix(writer& w, std::uint32_t data_length, std::uint32_t remaining = 0);
    bool operator==(const read_response&) const = default;
};

// A WRITE request whose data stays in the received message (no copy of the payload).
struct write_request_view {
    std::uint64_t offset = 0;
    file_id id;
    std::uint32_t channel = channel::none;
    std::uint32_t remaining_bytes = 0;
    std::uint32_t flags = 0;
    byte_span data;  // into the message given to decode_view
    byte_span channel_info;
};

struct write_request {
    static constexpr std::uint16_t structure_size = 49;
    std::uint64_t offset = 0;
    file_id id;
    std::uint32_t channel = channel::none;
    std::uint32_t remaining_bytes = 0;
    std::uint32_t flags = 0;  // write_flags
    bytes data;
    bytes channel_info;
    static result<write_request> decode(byte_span message);
    // The same checks as decode; the spans point into `message`.
    static result<write_request_view> decode_view(byte_span message);
    void encode(writer& w) const;
    bool operator==(const write_request&) const = default;
};

struct write_response {
    static constexpr std::uint16_t structure_size = 17;
    std::uint32_t count = 0;
    std::uint32_t remaining = 0;
    static result<write_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const write_response&) const = default;
};

}  // namespace smbkit::smb2
