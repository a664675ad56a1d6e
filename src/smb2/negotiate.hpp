#pragma once
// MS-SMB2 2.2.3 NEGOTIATE request, 2.2.4 NEGOTIATE response and the 3.1.1 negotiate
// contexts (2.2.3.1). Contexts travel as a generic list so unknown ones survive a round
// trip; the typed structs below parse and build the data of the known ones.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"

namespace smbkit::smb2 {

// MS-SMB2 2.2.3.1
struct negotiate_context {
    std::uint16_t type = 0;
    bytes data;
    bool operator==(const negotiate_context&) const = default;
};

// Finds the first context of a type.
const negotiate_context* find_context(const std::vector<negotiate_context>& list,
                                      std::uint16_t type);

// MS-SMB2 2.2.3.1.1
struct preauth_integrity_capabilities {
    std::vector<std::uint16_t> hash_algorithms;
    bytes salt;
    static result<preauth_integrity_capabilities> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const preauth_integrity_capabilities&) const = default;
};

// MS-SMB2 2.2.3.1.2
struct encryption_capabilities {
    std::vector<std::uint16_t> ciphers;
    static result<encryption_capabilities> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const encryption_capabilities&) const = default;
};

// MS-SMB2 2.2.3.1.3
struct compression_capabilities {
    std::uint32_t flags = 0;  // compression_flags::chained
    std::vector<std::uint16_t> algorithms;
    static result<compression_capabilities> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const compression_capabilities&) const = default;
};

// MS-SMB2 2.2.3.1.4: the server name the client connects to.
struct netname_context {
    std::string net_name;
    static result<netname_context> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const netname_context&) const = default;
};

// MS-SMB2 2.2.3.1.5
struct transport_capabilities {
    std::uint32_t flags = 0;
    static result<transport_capabilities> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const transport_capabilities&) const = default;
};

// MS-SMB2 2.2.3.1.6
struct rdma_transform_capabilities {
    std::vector<std::uint16_t> transforms;
    static result<rdma_transform_capabilities> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const rdma_transform_capabilities&) const = default;
};

// MS-SMB2 2.2.3.1.7
struct signing_capabilities {
    std::vector<std::uint16_t> algorithms;
    static result<signing_capabilities> parse(byte_span data);
    negotiate_context to_context() const;
    bool operator==(const signing_capabilities&) const = default;
};

// MS-SMB2 2.2.3
struct negotiate_request {
    static constexpr std::uint16_t structure_size = 36;
    std::uint16_t security_mode = 0;
    std::uint32_t capabilities = 0;
    guid client_guid{};
    std::vector<std::uint16_t> dialects;
    // With 3.1.1 among the dialects the last 8 fixed bytes locate the contexts; otherwise
    // they are ClientStartTime (sent as zero).
    std::uint64_t client_start_time = 0;
    std::vector<negotiate_context> contexts;

    bool offers(std::uint16_t dialect) const;
    static result<negotiate_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const negotiate_request&) const = default;
};

// MS-SMB2 2.2.4
struct negotiate_response {
    static constexpr std::uint16_t structure_size = 65;
    std::uint16_t security_mode = 0;
    std::uint16_t dialect_revision = 0;
    guid server_guid{};
    std::uint32_t capabilities = 0;
    std::uint32_t max_transact_size = 0;
    std::uint32_t max_read_size = 0;
    std::uint32_t max_write_size = 0;
    std::uint64_t system_time = 0;        // FILETIME
    std::uint64_t server_start_time = 0;  // FILETIME
    bytes security_buffer;                // SPNEGO NegTokenInit
    std::vector<negotiate_context> contexts;  // 3.1.1 only

    static result<negotiate_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const negotiate_response&) const = default;
};

}  // namespace smbkit::smb2
