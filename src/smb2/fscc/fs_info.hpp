#pragma once
// MS-FSCC 2.5 file system information classes a server answers in QUERY_INFO (InfoType
// SMB2_0_INFO_FILESYSTEM).

#include <array>
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2::fscc {

// MS-FSCC 2.5.9
struct fs_volume_information {
    std::uint64_t volume_creation_time = 0;
    std::uint32_t volume_serial_number = 0;
    bool supports_objects = false;
    std::string volume_label;
    static result<fs_volume_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_volume_information&) const = default;
};

// MS-FSCC 2.5.8
struct fs_size_information {
    static constexpr std::size_t size = 24;
    std::uint64_t total_allocation_units = 0;
    std::uint64_t available_allocation_units = 0;
    std::uint32_t sectors_per_allocation_unit = 0;
    std::uint32_t bytes_per_sector = 0;
    static result<fs_size_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_size_information&) const = default;
};

// MS-FSCC 2.5.4
struct fs_full_size_information {
    static constexpr std::size_t size = 32;
    std::uint64_t total_allocation_units = 0;
    std::uint64_t caller_available_allocation_units = 0;
    std::uint64_t actual_available_allocation_units = 0;
    std::uint32_t sectors_per_allocation_unit = 0;
    std::uint32_t bytes_per_sector = 0;
    static result<fs_full_size_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_full_size_information&) const = default;
};

// MS-FSCC 2.5.10
namespace device_type {
inline constexpr std::uint32_t disk = 0x00000007;
inline constexpr std::uint32_t named_pipe = 0x00000011;
}  // namespace device_type
namespace device_characteristics {
inline constexpr std::uint32_t remote_device = 0x00000010;
inline constexpr std::uint32_t device_is_mounted = 0x00000020;
}  // namespace device_characteristics

struct fs_device_information {
    static constexpr std::size_t size = 8;
    std::uint32_t device_type = device_type::disk;
    std::uint32_t characteristics = 0;
    static result<fs_device_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_device_information&) const = default;
};

// MS-FSCC 2.5.1
namespace fs_attribute {
inline constexpr std::uint32_t case_sensitive_search = 0x00000001;
inline constexpr std::uint32_t case_preserved_names = 0x00000002;
inline constexpr std::uint32_t unicode_on_disk = 0x00000004;
inline constexpr std::uint32_t persistent_acls = 0x00000008;
inline constexpr std::uint32_t file_compression = 0x00000010;
inline constexpr std::uint32_t volume_quotas = 0x00000020;
inline constexpr std::uint32_t supports_sparse_files = 0x00000040;
inline constexpr std::uint32_t supports_reparse_points = 0x00000080;
inline constexpr std::uint32_t supports_object_ids = 0x00010000;
inline constexpr std::uint32_t named_streams = 0x00040000;
inline constexpr std::uint32_t read_only_volume = 0x00080000;
inline constexpr std::uint32_t supports_hard_links = 0x00400000;
inline constexpr std::uint32_t supports_extended_attributes = 0x00800000;
}  // namespace fs_attribute

struct fs_attribute_information {
    std::uint32_t file_system_attributes = 0;
    std::uint32_t maximum_component_name_length = 255;
    std::string file_system_name = "NTFS";
    static result<fs_attribute_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_attribute_information&) const = default;
};

// MS-FSCC 2.5.7
struct fs_sector_size_information {
    static constexpr std::size_t size = 28;
    std::uint32_t logical_bytes_per_sector = 512;
    std::uint32_t physical_bytes_per_sector_for_atomicity = 512;
    std::uint32_t physical_bytes_per_sector_for_performance = 512;
    std::uint32_t effective_physical_bytes_per_sector_for_atomicity = 512;
    std::uint32_t flags = 0;
    std::uint32_t byte_offset_for_sector_alignment = 0;
    std::uint32_t byte_offset_for_partition_alignment = 0;
    static result<fs_sector_size_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_sector_size_information&) const = default;
};

// MS-FSCC 2.5.6
struct fs_object_id_information {
    static constexpr std::size_t size = 64;
    std::array<std::uint8_t, 16> object_id{};
    std::array<std::uint8_t, 48> extended_info{};
    static result<fs_object_id_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const fs_object_id_information&) const = default;
};

}  // namespace smbkit::smb2::fscc
