#pragma once
// MS-SMB2 2.2.13 CREATE request and 2.2.14 CREATE response.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "smb2/constants.hpp"
#include "smb2/create_context.hpp"

namespace smbkit::smb2 {

struct create_request {
    static constexpr std::uint16_t structure_size = 57;
    std::uint8_t security_flags = 0;
    std::uint8_t requested_oplock_level = oplock_level::none;
    std::uint32_t impersonation_level = impersonation::impersonation;
    std::uint64_t smb_create_flags = 0;
    std::uint64_t reserved = 0;
    std::uint32_t desired_access = 0;
    std::uint32_t file_attributes = 0;
    std::uint32_t share_access = 0;
    std::uint32_t create_disposition = create_disposition::open;
    std::uint32_t create_options = 0;
    std::string name;  // relative to the share root, '\' separated, UTF-8
    std::vector<create_context> contexts;

    static result<create_request> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const create_request&) const = default;
};

struct create_response {
    static constexpr std::uint16_t structure_size = 89;
    std::uint8_t oplock_level = oplock_level::none;
    std::uint8_t flags = 0;  // create_response_flags
    std::uint32_t create_action = create_action::opened;
    std::uint64_t creation_time = 0;
    std::uint64_t last_access_time = 0;
    std::uint64_t last_write_time = 0;
    std::uint64_t change_time = 0;
    std::uint64_t allocation_size = 0;
    std::uint64_t end_of_file = 0;
    std::uint32_t file_attributes = 0;
    file_id id;
    std::vector<create_context> contexts;

    static result<create_response> decode(byte_span message);
    void encode(writer& w) const;
    bool operator==(const create_response&) const = default;
};

}  // namespace smbkit::smb2
