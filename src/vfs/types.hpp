#pragma once
// Plain types of the file-system layer. No SMB2 wire formats here: the values of the flag
// constants are those of Windows (MS-FSCC 2.6 attributes, MS-DTYP 2.4.3 access mask,
// MS-SMB2 2.2.13 share access / disposition) only so the server can pass them through without
// a translation table.

#include <cstdint>
#include <ctime>
#include <string>

#include "core/filetime.hpp"

namespace smbkit::vfs {

// 100 ns intervals since 1601-01-01 UTC (FILETIME), as every NT timestamp.
using nt_time = std::uint64_t;

inline constexpr std::uint64_t nt_time_unix_epoch = filetime_unix_epoch;

nt_time to_nt_time(const struct timespec& ts);
// Times before 1970 become negative tv_sec; a value beyond what time_t can hold is clamped.
struct timespec from_nt_time(nt_time t);
nt_time nt_time_now();

// Access mask bits (MS-DTYP 2.4.3, file-specific rights MS-SMB2 2.2.13.1.1).
struct access {
    static constexpr std::uint32_t read_data = 0x00000001;  // also LIST_DIRECTORY
    static constexpr std::uint32_t write_data = 0x00000002;  // also ADD_FILE
    static constexpr std::uint32_t append_data = 0x00000004;  // also ADD_SUBDIRECTORY
    static constexpr std::uint32_t read_ea = 0x00000008;
    static constexpr std::uint32_t write_ea = 0x00000010;
    static constexpr std::uint32_t execute = 0x00000020;  // also TRAVERSE
    static constexpr std::uint32_t delete_child = 0x00000040;
    static constexpr std::uint32_t read_attributes = 0x00000080;
    static constexpr std::uint32_t write_attributes = 0x00000100;
    static constexpr std::uint32_t del = 0x00010000;  // DELETE
    static constexpr std::uint32_t read_control = 0x00020000;
    static constexpr std::uint32_t write_dac = 0x00040000;
    static constexpr std::uint32_t write_owner = 0x00080000;
    static constexpr std::uint32_t synchronize = 0x00100000;
    static constexpr std::uint32_t access_system_security = 0x01000000;
    static constexpr std::uint32_t maximum_allowed = 0x02000000;
    static constexpr std::uint32_t generic_all = 0x10000000;
    static constexpr std::uint32_t generic_execute = 0x20000000;
    static constexpr std::uint32_t generic_write = 0x40000000;
    static constexpr std::uint32_t generic_read = 0x80000000;

    static constexpr std::uint32_t all_file = 0x001F01FF;  // FILE_ALL_ACCESS
    // Rights that change the file or its name: refused on a read-only share.
    static constexpr std::uint32_t modifying =
        write_data | append_data | write_ea | write_attributes | del | delete_child |
        write_dac | write_owner;
};

// Maps GENERIC_* bits to file rights (MS-SMB2 3.3.5.9 / MS-DTYP 2.4.4). MAXIMUM_ALLOWED
// becomes FILE_ALL_ACCESS, or the read-only subset on a read-only share.
std::uint32_t map_generic_access(std::uint32_t desired, bool read_only_share);

struct share_access {
    static constexpr std::uint32_t read = 0x1;
    static constexpr std::uint32_t write = 0x2;
    static constexpr std::uint32_t del = 0x4;
    static constexpr std::uint32_t all = read | write | del;
};

// FILE_ATTRIBUTE_* (MS-FSCC 2.6).
struct attribute {
    static constexpr std::uint32_t readonly = 0x00000001;
    static constexpr std::uint32_t hidden = 0x00000002;
    static constexpr std::uint32_t system = 0x00000004;
    static constexpr std::uint32_t directory = 0x00000010;
    static constexpr std::uint32_t archive = 0x00000020;
    static constexpr std::uint32_t normal = 0x00000080;
    static constexpr std::uint32_t temporary = 0x00000100;
    static constexpr std::uint32_t sparse_file = 0x00000200;
    static constexpr std::uint32_t reparse_point = 0x00000400;
    static constexpr std::uint32_t compressed = 0x00000800;
    static constexpr std::uint32_t offline = 0x00001000;
    static constexpr std::uint32_t not_content_indexed = 0x00002000;
    static constexpr std::uint32_t encrypted = 0x00004000;
    // What a client may set; the rest is derived (directory) or unsupported.
    static constexpr std::uint32_t settable = readonly | hidden | system | archive | temporary |
                                              offline | not_content_indexed;
};

// CreateDisposition (MS-SMB2 2.2.13), same numbering.
enum class disposition : std::uint32_t {
    supersede = 0,     // replace if it exists, else create
    open = 1,          // open if it exists, else fail
    create = 2,        // fail if it exists, else create
    open_if = 3,       // open if it exists, else create
    overwrite = 4,     // truncate if it exists, else fail
    overwrite_if = 5,  // truncate if it exists, else create
};

// CreateAction of the CREATE response (MS-SMB2 2.2.14), same numbering.
enum class create_action : std::uint32_t {
    superseded = 0,
    opened = 1,
    created = 2,
    overwritten = 3,
};

// FILE_DIRECTORY_FILE / FILE_NON_DIRECTORY_FILE of CreateOptions.
enum class object_kind {
    any,
    directory,      // must be (or be created as) a directory, else STATUS_NOT_A_DIRECTORY
    non_directory,  // must not be a directory, else STATUS_FILE_IS_A_DIRECTORY
};

// Case handling of name lookup. smb.conf `case sensitive = yes` → sensitive; `no` and `auto`
// (Samba's default; SMB2 clients never announce case sensitivity) → insensitive.
enum class case_mode { sensitive, insensitive };

struct file_info {
    nt_time creation_time = 0;
    nt_time last_access_time = 0;
    nt_time last_write_time = 0;
    nt_time change_time = 0;
    std::uint64_t end_of_file = 0;       // st_size (0 for directories)
    std::uint64_t allocation_size = 0;   // st_blocks * 512
    std::uint32_t attributes = 0;        // never 0: NORMAL when nothing else applies
    std::uint32_t nlink = 0;
    std::uint64_t file_id = 0;           // stable per file within the share (see share.hpp)
    bool is_directory = false;
    bool delete_pending = false;         // from the open-file table (FileStandardInformation)
    // POSIX ownership and mode, for a server that synthesises security descriptors.
    std::uint32_t unix_mode = 0;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
};

// One entry of a directory enumeration; `name` is the on-disk name (UTF-8).
struct dir_entry {
    std::string name;
    file_info info;
};

// FS_SIZE / FS_FULL_SIZE / FS_VOLUME / FS_ATTRIBUTE / FS_SECTOR_SIZE information (MS-FSCC 2.5)
// in plain numbers.
struct fs_info {
    std::uint64_t total_units = 0;
    std::uint64_t caller_available_units = 0;  // f_bavail
    std::uint64_t actual_available_units = 0;  // f_bfree
    std::uint32_t sectors_per_unit = 0;
    std::uint32_t bytes_per_sector = 512;
    std::uint32_t volume_serial = 0;           // stable: derived from the file-system id
    nt_time volume_creation_time = 0;          // creation time of the share root
    std::string volume_label;                  // empty unless set in the share options
    std::string fs_name = "NTFS";              // what Windows clients expect to see
    std::uint32_t max_component_length = 255;
    std::uint32_t fs_attributes = 0;           // FILE_CASE_* etc. (fs_attribute below)
};

// FileFsAttributeInformation flags (MS-FSCC 2.5.1).
struct fs_attribute {
    static constexpr std::uint32_t case_sensitive_search = 0x00000001;
    static constexpr std::uint32_t case_preserved_names = 0x00000002;
    static constexpr std::uint32_t unicode_on_disk = 0x00000004;
    static constexpr std::uint32_t supports_sparse_files = 0x00000040;
    static constexpr std::uint32_t read_only_volume = 0x00080000;
};

}  // namespace smbkit::vfs
