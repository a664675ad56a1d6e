#pragma once
// SMB2/SMB3 protocol constants: commands, header flags, dialects, capabilities and the
// flag sets carried by the messages of MS-SMB2 2.2, plus the MS-FSCC / MS-DTYP values the
// messages refer to (access masks, file attributes, information classes).

#include <array>
#include <cstdint>

namespace smbkit::smb2 {

using guid = std::array<std::uint8_t, 16>;
using signature_bytes = std::array<std::uint8_t, 16>;

// MS-SMB2 2.2.14.1: SMB2_FILEID.
struct file_id {
    std::uint64_t persistent = 0;
    std::uint64_t volatile_id = 0;
    bool operator==(const file_id&) const = default;
};
// The FileId of a compounded request that refers to the handle of the previous one.
inline constexpr file_id related_file_id{0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull};

// MS-SMB2 2.2.1.2: Command.
enum class command : std::uint16_t {
    negotiate = 0x0000,
    session_setup = 0x0001,
    logoff = 0x0002,
    tree_connect = 0x0003,
    tree_disconnect = 0x0004,
    create = 0x0005,
    close = 0x0006,
    flush = 0x0007,
    read = 0x0008,
    write = 0x0009,
    lock = 0x000A,
    ioctl = 0x000B,
    cancel = 0x000C,
    echo = 0x000D,
    query_directory = 0x000E,
    change_notify = 0x000F,
    query_info = 0x0010,
    set_info = 0x0011,
    oplock_break = 0x0012,
};
inline constexpr std::uint16_t command_count = 0x0013;
const char* command_name(command c);

// MS-SMB2 2.2.1.2: Flags.
namespace flags {
inline constexpr std::uint32_t server_to_redir = 0x00000001;
inline constexpr std::uint32_t async_command = 0x00000002;
inline constexpr std::uint32_t related_operations = 0x00000004;
inline constexpr std::uint32_t signed_ = 0x00000008;
inline constexpr std::uint32_t priority_mask = 0x00000070;
inline constexpr std::uint32_t dfs_operations = 0x10000000;
inline constexpr std::uint32_t replay_operation = 0x20000000;
}  // namespace flags

// MS-SMB2 2.2.3: DialectRevision values.
namespace dialect {
inline constexpr std::uint16_t smb2_002 = 0x0202;
inline constexpr std::uint16_t smb2_1 = 0x0210;
inline constexpr std::uint16_t smb3_0 = 0x0300;
inline constexpr std::uint16_t smb3_0_2 = 0x0302;
inline constexpr std::uint16_t smb3_1_1 = 0x0311;
inline constexpr std::uint16_t smb2_wildcard = 0x02FF;  // answer to an SMB1 "SMB 2.???"
}  // namespace dialect

// MS-SMB2 2.2.3 / 2.2.4: SecurityMode.
namespace security_mode {
inline constexpr std::uint16_t signing_enabled = 0x0001;
inline constexpr std::uint16_t signing_required = 0x0002;
}  // namespace security_mode

// MS-SMB2 2.2.3 / 2.2.4 / 2.2.5: Capabilities.
namespace cap {
inline constexpr std::uint32_t dfs = 0x00000001;
inline constexpr std::uint32_t leasing = 0x00000002;
inline constexpr std::uint32_t large_mtu = 0x00000004;
inline constexpr std::uint32_t multi_channel = 0x00000008;
inline constexpr std::uint32_t persistent_handles = 0x00000010;
inline constexpr std::uint32_t directory_leasing = 0x00000020;
inline constexpr std::uint32_t encryption = 0x00000040;
inline constexpr std::uint32_t notifications = 0x00000080;
}  // namespace cap

// MS-SMB2 2.2.3.1: negotiate context types and their values.
namespace negotiate_context_type {
inline constexpr std::uint16_t preauth_integrity_capabilities = 0x0001;
inline constexpr std::uint16_t encryption_capabilities = 0x0002;
inline constexpr std::uint16_t compression_capabilities = 0x0003;
inline constexpr std::uint16_t netname_negotiate_context_id = 0x0005;
inline constexpr std::uint16_t transport_capabilities = 0x0006;
inline constexpr std::uint16_t rdma_transform_capabilities = 0x0007;
inline constexpr std::uint16_t signing_capabilities = 0x0008;
inline constexpr std::uint16_t contexttype_reserved = 0x0100;
}  // namespace negotiate_context_type

namespace hash_algorithm {
inline constexpr std::uint16_t sha512 = 0x0001;
}
namespace cipher {
inline constexpr std::uint16_t aes128_ccm = 0x0001;
inline constexpr std::uint16_t aes128_gcm = 0x0002;
inline constexpr std::uint16_t aes256_ccm = 0x0003;
inline constexpr std::uint16_t aes256_gcm = 0x0004;
}  // namespace cipher
namespace compression_algorithm {
inline constexpr std::uint16_t none = 0x0000;
inline constexpr std::uint16_t lznt1 = 0x0001;
inline constexpr std::uint16_t lz77 = 0x0002;
inline constexpr std::uint16_t lz77_huffman = 0x0003;
inline constexpr std::uint16_t pattern_v1 = 0x0004;
inline constexpr std::uint16_t lz4 = 0x0005;
}  // namespace compression_algorithm
namespace compression_flags {
inline constexpr std::uint32_t none = 0x00000000;
inline constexpr std::uint32_t chained = 0x00000001;
}  // namespace compression_flags
namespace signing_algorithm {
inline constexpr std::uint16_t hmac_sha256 = 0x0000;
inline constexpr std::uint16_t aes_cmac = 0x0001;
inline constexpr std::uint16_t aes_gmac = 0x0002;
}  // namespace signing_algorithm
namespace transport_flags {
inline constexpr std::uint32_t accept_transport_level_security = 0x00000001;
}
namespace rdma_transform {
inline constexpr std::uint16_t none = 0x0000;
inline constexpr std::uint16_t encryption = 0x0001;
inline constexpr std::uint16_t signing = 0x0002;
}  // namespace rdma_transform

// MS-SMB2 2.2.5 / 2.2.6: session setup flags.
namespace session_setup_flags {
inline constexpr std::uint8_t binding = 0x01;
}
namespace session_flags {
inline constexpr std::uint16_t is_guest = 0x0001;
inline constexpr std::uint16_t is_null = 0x0002;
inline constexpr std::uint16_t encrypt_data = 0x0004;
}  // namespace session_flags

// MS-SMB2 2.2.9: tree connect request flags (3.1.1).
namespace tree_connect_flags {
inline constexpr std::uint16_t cluster_reconnect = 0x0001;
inline constexpr std::uint16_t redirect_to_owner = 0x0002;
inline constexpr std::uint16_t extension_present = 0x0004;
}  // namespace tree_connect_flags
namespace tree_connect_context_type {
inline constexpr std::uint16_t remoted_identity = 0x0001;
}

// MS-SMB2 2.2.10: ShareType, ShareFlags, Capabilities.
namespace share_type {
inline constexpr std::uint8_t disk = 0x01;
inline constexpr std::uint8_t pipe = 0x02;
inline constexpr std::uint8_t print = 0x03;
}  // namespace share_type
namespace share_flags {
inline constexpr std::uint32_t manual_caching = 0x00000000;
inline constexpr std::uint32_t auto_caching = 0x00000010;
inline constexpr std::uint32_t vdo_caching = 0x00000020;
inline constexpr std::uint32_t no_caching = 0x00000030;
inline constexpr std::uint32_t dfs = 0x00000001;
inline constexpr std::uint32_t dfs_root = 0x00000002;
inline constexpr std::uint32_t restrict_exclusive_opens = 0x00000100;
inline constexpr std::uint32_t force_shared_delete = 0x00000200;
inline constexpr std::uint32_t allow_namespace_caching = 0x00000400;
inline constexpr std::uint32_t access_based_directory_enum = 0x00000800;
inline constexpr std::uint32_t force_levelii_oplock = 0x00001000;
inline constexpr std::uint32_t enable_hash_v1 = 0x00002000;
inline constexpr std::uint32_t enable_hash_v2 = 0x00004000;
inline constexpr std::uint32_t encrypt_data = 0x00008000;
inline constexpr std::uint32_t identity_remoting = 0x00040000;
inline constexpr std::uint32_t compress_data = 0x00100000;
inline constexpr std::uint32_t isolated_transport = 0x00200000;
}  // namespace share_flags
namespace share_cap {
inline constexpr std::uint32_t dfs = 0x00000008;
inline constexpr std::uint32_t continuous_availability = 0x00000010;
inline constexpr std::uint32_t scaleout = 0x00000020;
inline constexpr std::uint32_t cluster = 0x00000040;
inline constexpr std::uint32_t asymmetric = 0x00000080;
inline constexpr std::uint32_t redirect_to_owner = 0x00000100;
}  // namespace share_cap

// MS-SMB2 2.2.13: oplock levels, impersonation, dispositions, options, actions.
namespace oplock_level {
inline constexpr std::uint8_t none = 0x00;
inline constexpr std::uint8_t level_ii = 0x01;
inline constexpr std::uint8_t exclusive = 0x08;
inline constexpr std::uint8_t batch = 0x09;
inline constexpr std::uint8_t lease = 0xFF;
}  // namespace oplock_level
namespace impersonation {
inline constexpr std::uint32_t anonymous = 0;
inline constexpr std::uint32_t identification = 1;
inline constexpr std::uint32_t impersonation = 2;
inline constexpr std::uint32_t delegate = 3;
}  // namespace impersonation
namespace share_access {
inline constexpr std::uint32_t read = 0x00000001;
inline constexpr std::uint32_t write = 0x00000002;
inline constexpr std::uint32_t delete_ = 0x00000004;
}  // namespace share_access
namespace create_disposition {
inline constexpr std::uint32_t supersede = 0;
inline constexpr std::uint32_t open = 1;
inline constexpr std::uint32_t create = 2;
inline constexpr std::uint32_t open_if = 3;
inline constexpr std::uint32_t overwrite = 4;
inline constexpr std::uint32_t overwrite_if = 5;
}  // namespace create_disposition
namespace create_options {
inline constexpr std::uint32_t directory_file = 0x00000001;
inline constexpr std::uint32_t write_through = 0x00000002;
inline constexpr std::uint32_t sequential_only = 0x00000004;
inline constexpr std::uint32_t no_intermediate_buffering = 0x00000008;
inline constexpr std::uint32_t synchronous_io_alert = 0x00000010;
inline constexpr std::uint32_t synchronous_io_nonalert = 0x00000020;
inline constexpr std::uint32_t non_directory_file = 0x00000040;
inline constexpr std::uint32_t complete_if_oplocked = 0x00000100;
inline constexpr std::uint32_t no_ea_knowledge = 0x00000200;
inline constexpr std::uint32_t random_access = 0x00000800;
inline constexpr std::uint32_t delete_on_close = 0x00001000;
inline constexpr std::uint32_t open_by_file_id = 0x00002000;
inline constexpr std::uint32_t open_for_backup_intent = 0x00004000;
inline constexpr std::uint32_t no_compression = 0x00008000;
inline constexpr std::uint32_t open_remote_instance = 0x00000400;
inline constexpr std::uint32_t open_requiring_oplock = 0x00010000;
inline constexpr std::uint32_t disallow_exclusive = 0x00020000;
inline constexpr std::uint32_t reserve_opfilter = 0x00100000;
inline constexpr std::uint32_t open_reparse_point = 0x00200000;
inline constexpr std::uint32_t open_no_recall = 0x00400000;
inline constexpr std::uint32_t open_for_free_space_query = 0x00800000;
}  // namespace create_options
namespace create_action {
inline constexpr std::uint32_t superseded = 0;
inline constexpr std::uint32_t opened = 1;
inline constexpr std::uint32_t created = 2;
inline constexpr std::uint32_t overwritten = 3;
}  // namespace create_action
namespace create_response_flags {
inline constexpr std::uint8_t reparsepoint = 0x01;
}

// MS-DTYP 2.4.3 / MS-SMB2 2.2.13.1: access masks.
namespace access {
inline constexpr std::uint32_t file_read_data = 0x00000001;   // FILE_LIST_DIRECTORY
inline constexpr std::uint32_t file_write_data = 0x00000002;  // FILE_ADD_FILE
inline constexpr std::uint32_t file_append_data = 0x00000004;  // FILE_ADD_SUBDIRECTORY
inline constexpr std::uint32_t file_read_ea = 0x00000008;
inline constexpr std::uint32_t file_write_ea = 0x00000010;
inline constexpr std::uint32_t file_execute = 0x00000020;  // FILE_TRAVERSE
inline constexpr std::uint32_t file_delete_child = 0x00000040;
inline constexpr std::uint32_t file_read_attributes = 0x00000080;
inline constexpr std::uint32_t file_write_attributes = 0x00000100;
inline constexpr std::uint32_t delete_ = 0x00010000;
inline constexpr std::uint32_t read_control = 0x00020000;
inline constexpr std::uint32_t write_dac = 0x00040000;
inline constexpr std::uint32_t write_owner = 0x00080000;
inline constexpr std::uint32_t synchronize = 0x00100000;
inline constexpr std::uint32_t access_system_security = 0x01000000;
inline constexpr std::uint32_t maximum_allowed = 0x02000000;
inline constexpr std::uint32_t generic_all = 0x10000000;
inline constexpr std::uint32_t generic_execute = 0x20000000;
inline constexpr std::uint32_t generic_write = 0x40000000;
inline constexpr std::uint32_t generic_read = 0x80000000;
inline constexpr std::uint32_t file_all_access = 0x001F01FF;
inline constexpr std::uint32_t file_generic_read = 0x00120089;
inline constexpr std::uint32_t file_generic_write = 0x00120116;
inline constexpr std::uint32_t file_generic_execute = 0x001200A0;
}  // namespace access

// MS-FSCC 2.6: file attributes.
namespace file_attribute {
inline constexpr std::uint32_t readonly = 0x00000001;
inline constexpr std::uint32_t hidden = 0x00000002;
inline constexpr std::uint32_t system = 0x00000004;
inline constexpr std::uint32_t directory = 0x00000010;
inline constexpr std::uint32_t archive = 0x00000020;
inline constexpr std::uint32_t normal = 0x00000080;
inline constexpr std::uint32_t temporary = 0x00000100;
inline constexpr std::uint32_t sparse_file = 0x00000200;
inline constexpr std::uint32_t reparse_point = 0x00000400;
inline constexpr std::uint32_t compressed = 0x00000800;
inline constexpr std::uint32_t offline = 0x00001000;
inline constexpr std::uint32_t not_content_indexed = 0x00002000;
inline constexpr std::uint32_t encrypted = 0x00004000;
inline constexpr std::uint32_t integrity_stream = 0x00008000;
inline constexpr std::uint32_t no_scrub_data = 0x00020000;
}  // namespace file_attribute

// MS-SMB2 2.2.15: close flags.
namespace close_flags {
inline constexpr std::uint16_t postquery_attrib = 0x0001;
}

// MS-SMB2 2.2.19 / 2.2.21: read and write flags, channels.
namespace read_flags {
inline constexpr std::uint8_t unbuffered = 0x01;
inline constexpr std::uint8_t request_compressed = 0x02;
}  // namespace read_flags
namespace write_flags {
inline constexpr std::uint32_t write_through = 0x00000001;
inline constexpr std::uint32_t write_unbuffered = 0x00000002;
}  // namespace write_flags
namespace channel {
inline constexpr std::uint32_t none = 0x00000000;
inline constexpr std::uint32_t rdma_v1 = 0x00000001;
inline constexpr std::uint32_t rdma_v1_invalidate = 0x00000002;
inline constexpr std::uint32_t rdma_transform = 0x00000003;
}  // namespace channel

// MS-SMB2 2.2.26.1: lock flags.
namespace lock_flags {
inline constexpr std::uint32_t shared_lock = 0x00000001;
inline constexpr std::uint32_t exclusive_lock = 0x00000002;
inline constexpr std::uint32_t unlock = 0x00000004;
inline constexpr std::uint32_t fail_immediately = 0x00000010;
}  // namespace lock_flags

// MS-SMB2 2.2.31: IOCTL flags and the FSCTL codes a server meets (MS-FSCC 2.3).
namespace ioctl_flags {
inline constexpr std::uint32_t is_ioctl = 0x00000000;
inline constexpr std::uint32_t is_fsctl = 0x00000001;
}  // namespace ioctl_flags
namespace fsctl {
inline constexpr std::uint32_t dfs_get_referrals = 0x00060194;
inline constexpr std::uint32_t dfs_get_referrals_ex = 0x000601B0;
inline constexpr std::uint32_t pipe_peek = 0x0011400C;
inline constexpr std::uint32_t pipe_wait = 0x00110018;
inline constexpr std::uint32_t pipe_transceive = 0x0011C017;
inline constexpr std::uint32_t srv_copychunk = 0x001440F2;
inline constexpr std::uint32_t srv_copychunk_write = 0x001480F2;
inline constexpr std::uint32_t srv_enumerate_snapshots = 0x00144064;
inline constexpr std::uint32_t srv_request_resume_key = 0x00140078;
inline constexpr std::uint32_t srv_read_hash = 0x001441BB;
inline constexpr std::uint32_t lmr_request_resiliency = 0x001401D4;
inline constexpr std::uint32_t query_network_interface_info = 0x001401FC;
inline constexpr std::uint32_t set_reparse_point = 0x000900A4;
inline constexpr std::uint32_t get_reparse_point = 0x000900A8;
inline constexpr std::uint32_t file_level_trim = 0x00098208;
inline constexpr std::uint32_t validate_negotiate_info = 0x00140204;
inline constexpr std::uint32_t query_allocated_ranges = 0x000940CF;
inline constexpr std::uint32_t set_sparse = 0x000900C4;
inline constexpr std::uint32_t set_zero_data = 0x000980C8;
inline constexpr std::uint32_t get_object_id = 0x0009009C;
inline constexpr std::uint32_t create_or_get_object_id = 0x000900C0;
inline constexpr std::uint32_t get_compression = 0x0009003C;
inline constexpr std::uint32_t set_compression = 0x0009C040;
inline constexpr std::uint32_t get_integrity_information = 0x0009027C;
inline constexpr std::uint32_t query_file_regions = 0x00090284;
inline constexpr std::uint32_t duplicate_extents_to_file = 0x00098344;
}  // namespace fsctl

// MS-SMB2 2.2.33: query directory flags.
namespace query_directory_flags {
inline constexpr std::uint8_t restart_scans = 0x01;
inline constexpr std::uint8_t return_single_entry = 0x02;
inline constexpr std::uint8_t index_specified = 0x04;
inline constexpr std::uint8_t reopen = 0x10;
}  // namespace query_directory_flags

// MS-SMB2 2.2.35: change notify flags and CompletionFilter (MS-FSCC 2.7.1 actions).
namespace change_notify_flags {
inline constexpr std::uint16_t watch_tree = 0x0001;
}
namespace notify_filter {
inline constexpr std::uint32_t file_name = 0x00000001;
inline constexpr std::uint32_t dir_name = 0x00000002;
inline constexpr std::uint32_t attributes = 0x00000004;
inline constexpr std::uint32_t size = 0x00000008;
inline constexpr std::uint32_t last_write = 0x00000010;
inline constexpr std::uint32_t last_access = 0x00000020;
inline constexpr std::uint32_t creation = 0x00000040;
inline constexpr std::uint32_t ea = 0x00000080;
inline constexpr std::uint32_t security = 0x00000100;
inline constexpr std::uint32_t stream_name = 0x00000200;
inline constexpr std::uint32_t stream_size = 0x00000400;
inline constexpr std::uint32_t stream_write = 0x00000800;
}  // namespace notify_filter
namespace notify_action {
inline constexpr std::uint32_t added = 0x00000001;
inline constexpr std::uint32_t removed = 0x00000002;
inline constexpr std::uint32_t modified = 0x00000003;
inline constexpr std::uint32_t renamed_old_name = 0x00000004;
inline constexpr std::uint32_t renamed_new_name = 0x00000005;
inline constexpr std::uint32_t added_stream = 0x00000006;
inline constexpr std::uint32_t removed_stream = 0x00000007;
inline constexpr std::uint32_t modified_stream = 0x00000008;
}  // namespace notify_action

// MS-SMB2 2.2.37: InfoType; MS-FSCC 2.4 / 2.5: information classes.
namespace info_type {
inline constexpr std::uint8_t file = 0x01;
inline constexpr std::uint8_t filesystem = 0x02;
inline constexpr std::uint8_t security = 0x03;
inline constexpr std::uint8_t quota = 0x04;
}  // namespace info_type
namespace file_info_class {
inline constexpr std::uint8_t directory = 1;
inline constexpr std::uint8_t full_directory = 2;
inline constexpr std::uint8_t both_directory = 3;
inline constexpr std::uint8_t basic = 4;
inline constexpr std::uint8_t standard = 5;
inline constexpr std::uint8_t internal = 6;
inline constexpr std::uint8_t ea = 7;
inline constexpr std::uint8_t access = 8;
inline constexpr std::uint8_t name = 9;
inline constexpr std::uint8_t rename = 10;
inline constexpr std::uint8_t link = 11;
inline constexpr std::uint8_t names = 12;
inline constexpr std::uint8_t disposition = 13;
inline constexpr std::uint8_t position = 14;
inline constexpr std::uint8_t full_ea = 15;
inline constexpr std::uint8_t mode = 16;
inline constexpr std::uint8_t alignment = 17;
inline constexpr std::uint8_t all = 18;
inline constexpr std::uint8_t allocation = 19;
inline constexpr std::uint8_t end_of_file = 20;
inline constexpr std::uint8_t alternate_name = 21;
inline constexpr std::uint8_t stream = 22;
inline constexpr std::uint8_t pipe = 23;
inline constexpr std::uint8_t pipe_local = 24;
inline constexpr std::uint8_t pipe_remote = 25;
inline constexpr std::uint8_t compression = 28;
inline constexpr std::uint8_t network_open = 34;
inline constexpr std::uint8_t attribute_tag = 35;
inline constexpr std::uint8_t id_both_directory = 37;
inline constexpr std::uint8_t id_full_directory = 38;
inline constexpr std::uint8_t valid_data_length = 39;
inline constexpr std::uint8_t short_name = 40;
inline constexpr std::uint8_t normalized_name = 48;
inline constexpr std::uint8_t id_information = 59;
inline constexpr std::uint8_t id_extd_directory = 60;
inline constexpr std::uint8_t disposition_ex = 64;
inline constexpr std::uint8_t rename_ex = 65;
}  // namespace file_info_class
namespace fs_info_class {
inline constexpr std::uint8_t volume = 1;
inline constexpr std::uint8_t label = 2;
inline constexpr std::uint8_t size = 3;
inline constexpr std::uint8_t device = 4;
inline constexpr std::uint8_t attribute = 5;
inline constexpr std::uint8_t control = 6;
inline constexpr std::uint8_t full_size = 7;
inline constexpr std::uint8_t object_id = 8;
inline constexpr std::uint8_t sector_size = 11;
}  // namespace fs_info_class
// MS-SMB2 2.2.37: AdditionalInformation for security queries (MS-DTYP SECURITY_INFORMATION).
namespace security_information {
inline constexpr std::uint32_t owner = 0x00000001;
inline constexpr std::uint32_t group = 0x00000002;
inline constexpr std::uint32_t dacl = 0x00000004;
inline constexpr std::uint32_t sacl = 0x00000008;
inline constexpr std::uint32_t label = 0x00000010;
inline constexpr std::uint32_t attribute = 0x00000020;
inline constexpr std::uint32_t scope = 0x00000040;
inline constexpr std::uint32_t backup = 0x00010000;
}  // namespace security_information
namespace query_info_flags {
inline constexpr std::uint32_t restart_scan = 0x00000001;
inline constexpr std::uint32_t return_single_entry = 0x00000002;
inline constexpr std::uint32_t index_specified = 0x00000004;
}  // namespace query_info_flags

// MS-SMB2 2.2.13.2.8 / 2.2.23.2: lease state and flags.
namespace lease_state {
inline constexpr std::uint32_t none = 0x00;
inline constexpr std::uint32_t read_caching = 0x01;
inline constexpr std::uint32_t handle_caching = 0x02;
inline constexpr std::uint32_t write_caching = 0x04;
}  // namespace lease_state
namespace lease_flags {
inline constexpr std::uint32_t break_in_progress = 0x00000002;
inline constexpr std::uint32_t parent_lease_key_set = 0x00000004;
inline constexpr std::uint32_t ack_required = 0x00000001;  // in a lease break notification
}  // namespace lease_flags

}  // namespace smbkit::smb2
