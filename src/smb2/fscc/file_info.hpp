#pragma once
// MS-FSCC 2.4 file information classes a server answers in QUERY_INFO (InfoType
// SMB2_0_INFO_FILE) and accepts in SET_INFO. Each has decode (the class's buffer, too short →
// STATUS_INFO_LENGTH_MISMATCH) and encode (appends to a writer). Times are FILETIMEs.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2::fscc {

// MS-FSCC 2.4.7
struct basic_information {
    static constexpr std::size_t size = 40;
    std::uint64_t creation_time = 0;
    std::uint64_t last_access_time = 0;
    std::uint64_t last_write_time = 0;
    std::uint64_t change_time = 0;
    std::uint32_t file_attributes = 0;
    static result<basic_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const basic_information&) const = default;
};

// MS-FSCC 2.4.41
struct standard_information {
    static constexpr std::size_t size = 24;
    std::uint64_t allocation_size = 0;
    std::uint64_t end_of_file = 0;
    std::uint32_t number_of_links = 1;
    bool delete_pending = false;
    bool directory = false;
    static result<standard_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const standard_information&) const = default;
};

// MS-FSCC 2.4.22 Internal, 2.4.35 Position, 2.4.14 EndOfFile, 2.4.4 Allocation: one u64.
template <int Tag> struct u64_information {
    static constexpr std::size_t size = 8;
    std::uint64_t value = 0;
    static result<u64_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const u64_information&) const = default;
};
using internal_information = u64_information<0>;     // IndexNumber
using position_information = u64_information<1>;     // CurrentByteOffset
using end_of_file_information = u64_information<2>;  // EndOfFile
using allocation_information = u64_information<3>;   // AllocationSize

// MS-FSCC 2.4.13 Ea, 2.4.1 Access, 2.4.26 Mode, 2.4.3 Alignment, 2.4.11.2 DispositionEx:
// one u32.
template <int Tag> struct u32_information {
    static constexpr std::size_t size = 4;
    std::uint32_t value = 0;
    static result<u32_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const u32_information&) const = default;
};
using ea_information = u32_information<0>;         // EaSize
using access_information = u32_information<1>;     // AccessFlags
using mode_information = u32_information<2>;       // Mode
using alignment_information = u32_information<3>;  // AlignmentRequirement
using disposition_ex_information = u32_information<4>;  // Flags

namespace disposition_ex_flags {
inline constexpr std::uint32_t do_not_delete = 0x00000000;
inline constexpr std::uint32_t delete_ = 0x00000001;
inline constexpr std::uint32_t posix_semantics = 0x00000002;
inline constexpr std::uint32_t force_image_section_check = 0x00000004;
inline constexpr std::uint32_t on_close = 0x00000008;
inline constexpr std::uint32_t ignore_readonly_attribute = 0x00000010;
}  // namespace disposition_ex_flags

// MS-FSCC 2.4.11
struct disposition_information {
    static constexpr std::size_t size = 1;
    bool delete_pending = false;
    static result<disposition_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const disposition_information&) const = default;
};

// MS-FSCC 2.4.28 FileNameInformation, also the shape of FileNormalizedNameInformation
// (2.4.30) and FileAlternateNameInformation.
struct name_information {
    std::string file_name;
    static result<name_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const name_information&) const = default;
};

// MS-FSCC 2.4.2
struct all_information {
    basic_information basic;
    standard_information standard;
    std::uint64_t index_number = 0;
    std::uint32_t ea_size = 0;
    std::uint32_t access_flags = 0;
    std::uint64_t current_byte_offset = 0;
    std::uint32_t mode = 0;
    std::uint32_t alignment_requirement = 0;
    std::string file_name;
    static result<all_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const all_information&) const = default;
};

// MS-FSCC 2.4.29
struct network_open_information {
    static constexpr std::size_t size = 56;
    std::uint64_t creation_time = 0;
    std::uint64_t last_access_time = 0;
    std::uint64_t last_write_time = 0;
    std::uint64_t change_time = 0;
    std::uint64_t allocation_size = 0;
    std::uint64_t end_of_file = 0;
    std::uint32_t file_attributes = 0;
    static result<network_open_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const network_open_information&) const = default;
};

// MS-FSCC 2.4.6
struct attribute_tag_information {
    static constexpr std::size_t size = 8;
    std::uint32_t file_attributes = 0;
    std::uint32_t reparse_tag = 0;
    static result<attribute_tag_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const attribute_tag_information&) const = default;
};

// MS-FSCC 2.4.43: entries 8-byte aligned, chained by NextEntryOffset. A plain file has one
// entry, "::$DATA"; a directory has none.
struct stream_entry {
    std::string name = "::$DATA";
    std::uint64_t size = 0;
    std::uint64_t allocation_size = 0;
    bool operator==(const stream_entry&) const = default;
};
result<std::vector<stream_entry>> decode_stream_information(byte_span data);
void encode_stream_information(writer& w, const std::vector<stream_entry>& list);

// MS-FSCC 2.4.9
struct compression_information {
    static constexpr std::size_t size = 16;
    std::uint64_t compressed_file_size = 0;
    std::uint16_t compression_format = 0;  // COMPRESSION_FORMAT_NONE
    std::uint8_t compression_unit_shift = 0;
    std::uint8_t chunk_shift = 0;
    std::uint8_t cluster_shift = 0;
    static result<compression_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const compression_information&) const = default;
};

// MS-FSCC 2.4.24 FileIdInformation
struct id_information {
    static constexpr std::size_t size = 24;
    std::uint64_t volume_serial_number = 0;
    std::array<std::uint8_t, 16> file_id{};
    static result<id_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const id_information&) const = default;
};

// MS-FSCC 2.4.37.2 FileRenameInformation (SMB2 form) and 2.4.27.2 FileLinkInformation
// (same layout). The name is the target, from the share root.
template <int Tag> struct rename_like_information {
    bool replace_if_exists = false;
    std::uint64_t root_directory = 0;  // must be 0 over SMB2
    std::string file_name;
    static result<rename_like_information> decode(byte_span data);
    void encode(writer& w) const;
    bool operator==(const rename_like_information&) const = default;
};
using rename_information = rename_like_information<0>;
using link_information = rename_like_information<1>;

}  // namespace smbkit::smb2::fscc
