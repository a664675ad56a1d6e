#pragma once
// NTSTATUS values used on the wire ([MS-ERREF] 2.3.1). Add codes here as handlers need them;
// keep the X-macro list sorted by value so the name table stays one list.

#include <cstdint>
#include <expected>
#include <string>

namespace smbkit {

#define SMBKIT_NTSTATUS_LIST(X)                                  \
    X(success, 0x00000000)                                       \
    X(pending, 0x00000103)                                       \
    X(notify_cleanup, 0x0000010B)                                \
    X(notify_enum_dir, 0x0000010C)                               \
    X(buffer_overflow, 0x80000005)                               \
    X(no_more_files, 0x80000006)                                 \
    X(stopped_on_symlink, 0x8000002D)                            \
    X(unsuccessful, 0xC0000001)                                  \
    X(not_implemented, 0xC0000002)                               \
    X(invalid_info_class, 0xC0000003)                            \
    X(info_length_mismatch, 0xC0000004)                          \
    X(invalid_handle, 0xC0000008)                                \
    X(invalid_parameter, 0xC000000D)                             \
    X(no_such_device, 0xC000000E)                                \
    X(no_such_file, 0xC000000F)                                  \
    X(invalid_device_request, 0xC0000010)                        \
    X(end_of_file, 0xC0000011)                                   \
    X(more_processing_required, 0xC0000016)                      \
    X(no_memory, 0xC0000017)                                     \
    X(invalid_view_size, 0xC000001F)                             \
    X(access_denied, 0xC0000022)                                 \
    X(buffer_too_small, 0xC0000023)                              \
    X(object_type_mismatch, 0xC0000024)                          \
    X(object_name_invalid, 0xC0000033)                           \
    X(object_name_not_found, 0xC0000034)                         \
    X(object_name_collision, 0xC0000035)                         \
    X(object_path_invalid, 0xC0000039)                           \
    X(object_path_not_found, 0xC000003A)                         \
    X(object_path_syntax_bad, 0xC000003B)                        \
    X(data_error, 0xC000003E)                                    \
    X(sharing_violation, 0xC0000043)                             \
    X(eas_not_supported, 0xC000004F)                             \
    X(ea_too_large, 0xC0000050)                                  \
    X(file_lock_conflict, 0xC0000054)                            \
    X(lock_not_granted, 0xC0000055)                              \
    X(delete_pending, 0xC0000056)                                \
    X(privilege_not_held, 0xC0000061)                            \
    X(wrong_password, 0xC000006A)                                \
    X(logon_failure, 0xC000006D)                                 \
    X(account_restriction, 0xC000006E)                           \
    X(password_expired, 0xC0000071)                              \
    X(account_disabled, 0xC0000072)                              \
    X(none_mapped, 0xC0000073)                                   \
    X(range_not_locked, 0xC000007E)                              \
    X(disk_full, 0xC000007F)                                     \
    X(file_invalid, 0xC0000098)                                  \
    X(insufficient_resources, 0xC000009A)                        \
    X(media_write_protected, 0xC00000A2)                         \
    X(pipe_not_available, 0xC00000AC)                            \
    X(invalid_pipe_state, 0xC00000AD)                            \
    X(pipe_busy, 0xC00000AE)                                     \
    X(pipe_disconnected, 0xC00000B0)                             \
    X(pipe_closing, 0xC00000B1)                                  \
    X(io_timeout, 0xC00000B5)                                    \
    X(file_is_a_directory, 0xC00000BA)                           \
    X(not_supported, 0xC00000BB)                                 \
    X(network_name_deleted, 0xC00000C9)                          \
    X(network_access_denied, 0xC00000CA)                         \
    X(bad_device_type, 0xC00000CB)                               \
    X(bad_network_name, 0xC00000CC)                              \
    X(request_not_accepted, 0xC00000D0)                          \
    X(not_same_device, 0xC00000D4)                               \
    X(file_renamed, 0xC00000D5)                                  \
    X(pipe_empty, 0xC00000D9)                                    \
    X(internal_error, 0xC00000E5)                                \
    X(directory_not_empty, 0xC0000101)                           \
    X(file_corrupt_error, 0xC0000102)                            \
    X(not_a_directory, 0xC0000103)                               \
    X(cancelled, 0xC0000120)                                     \
    X(cannot_delete, 0xC0000121)                                 \
    X(file_closed, 0xC0000128)                                   \
    X(pipe_broken, 0xC000014B)                                   \
    X(logon_type_not_granted, 0xC000015B)                        \
    X(invalid_device_state, 0xC0000184)                          \
    X(invalid_lock_range, 0xC00001A1)                            \
    X(connection_disconnected, 0xC000020C)                       \
    X(connection_reset, 0xC000020D)                              \
    X(not_found, 0xC0000225)                                     \
    X(user_session_deleted, 0xC0000203)                          \
    X(duplicate_objectid, 0xC000022A)                            \
    X(network_session_expired, 0xC000035C)                       \
    X(request_out_of_sequence, 0xC000042A)                       \
    X(smb_too_many_uids, 0xC000205A)                             \
    X(fs_driver_required, 0xC000019C)                            \
    X(not_a_reparse_point, 0xC0000275)                           \
    X(encryption_failed, 0xC000028A)                             \
    X(decryption_failed, 0xC000028B)                             \
    X(hash_not_supported, 0xC000A100)                            \
    X(hash_not_present, 0xC000A101)                              \
    X(smb_no_preauth_integrity_hash_overlap, 0xC05D0000)         \
    X(smb_bad_cluster_dialect, 0xC05D0001)                       \
    X(object_name_exists, 0x40000000)                            \
    X(invalid_network_response, 0xC00000C3)                      \
    X(unexpected_network_error, 0xC00000C4)                      \
    X(io_device_error, 0xC0000185)                               \
    X(too_many_opened_files, 0xC000011F)                         \
    X(name_too_long, 0xC0000106)                                 \
    X(file_system_limitation, 0xC0000427)                        \
    X(user_mapped_file, 0xC0000243)                              \
    X(invalid_security_descr, 0xC0000079)                        \
    X(invalid_owner, 0xC000005A)                                 \
    X(invalid_primary_group, 0xC000005B)                         \
    X(invalid_acl, 0xC0000077)                                   \
    X(invalid_sid, 0xC0000078)                                   \
    X(no_such_user, 0xC0000064)                                  \
    X(access_violation, 0xC0000005)                              \
    X(bad_impersonation_level, 0xC00000A5)                       \
    X(invalid_smb, 0x00010002)                                   \
    X(smb_bad_command, 0x00160002)                               \
    X(network_busy, 0xC00000BF)                                  \
    X(too_many_sessions, 0xC00000CE)                             \
    X(server_unavailable, 0xC0000466)                            \
    X(unmappable_character, 0xC0000162)                          \
    X(illegal_character, 0xC0000161)                             \
    X(no_eas_on_file, 0xC0000052)                                \
    X(nonexistent_ea_entry, 0xC0000051)                          \
    X(invalid_ea_name, 0x80000013)                               \
    X(no_more_eas, 0x80000012)                                   \
    X(ea_list_inconsistent, 0x80000014)                          \
    X(invalid_ea_flag, 0x80000015)                               \
    X(no_more_entries, 0x8000001A)                               \
    X(some_not_mapped, 0x00000107)                               \
    X(no_logon_servers, 0xC000005E)                              \
    X(no_such_logon_session, 0xC000005F)                         \
    X(invalid_account_name, 0xC0000062)                          \
    X(user_exists, 0xC0000063)                                   \
    X(invalid_address, 0xC0000141)                               \
    X(address_already_exists, 0xC000020A)                        \
    X(wrong_volume, 0xC0000012)                                  \
    X(volume_dismounted, 0xC000026E)                             \
    X(oplock_not_granted, 0xC00000E2)                            \
    X(invalid_oplock_protocol, 0xC00000E3)                       \
    X(lock_range_not_valid, 0xC00001A0)

enum class ntstatus : std::uint32_t {
#define SMBKIT_NTSTATUS_ENUM(name, value) name = value,
    SMBKIT_NTSTATUS_LIST(SMBKIT_NTSTATUS_ENUM)
#undef SMBKIT_NTSTATUS_ENUM
};

// "STATUS_ACCESS_DENIED" for a known value, "0xC0001234" for any other.
std::string ntstatus_string(ntstatus s);

constexpr std::uint32_t to_u32(ntstatus s) { return static_cast<std::uint32_t>(s); }
// Severity bits 11 are errors; 10 are warnings (STATUS_BUFFER_OVERFLOW, NO_MORE_FILES).
constexpr bool is_error(ntstatus s) { return (to_u32(s) >> 30) == 3; }
constexpr bool is_warning(ntstatus s) { return (to_u32(s) >> 30) == 2; }

// The result type of codecs and handlers: a value or the NTSTATUS to answer with.
template <class T> using result = std::expected<T, ntstatus>;
using fail = std::unexpected<ntstatus>;

}  // namespace smbkit
