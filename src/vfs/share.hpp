#pragma once
// A share backend rooted at a directory. Every client path is resolved beneath the root with
// openat2(2) RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS (and RESOLVE_NO_SYMLINKS unless symlinks
// are followed), so "..", absolute paths and symlinks leaving the share never escape. On a
// kernel without openat2 (ENOSYS) resolution walks component by component with O_NOFOLLOW
// and follows no symlink at all.
//
// All functions are thread-safe; the server may call them from any thread of its pool. They
// block on the file system: call them off the network threads.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ntstatus.hpp"
#include "vfs/short_name.hpp"
#include "vfs/types.hpp"

namespace smbkit::vfs {

class handle;

struct share_options {
    std::string root;                           // absolute or relative directory
    bool read_only = false;                     // every modifying path → ACCESS_DENIED
    case_mode case_handling = case_mode::insensitive;
    bool follow_symlinks = true;                // only ever to targets beneath the root
    bool hide_dot_files = true;                 // names starting with '.' get HIDDEN
    // "hide files": matching names get HIDDEN. "veto files": matching names are neither
    // listed nor reachable, at any depth, and cannot be created (name_filter.hpp).
    std::vector<std::string> hide_files;
    std::vector<std::string> veto_files;
    std::string volume_label;                   // FileFsVolumeInformation label
    // "mangled names": short names in listings (yes), or only for FileAlternateNameInformation
    // and lookup (illegal, Samba's default), or none (no). See short_name.hpp.
    mangled_names mangling = mangled_names::illegal;
};

// What SMB2 CREATE asks for, in plain terms. The server maps the wire fields:
// CreateDisposition → disp, FILE_DIRECTORY_FILE / FILE_NON_DIRECTORY_FILE → kind,
// FILE_DELETE_ON_CLOSE → delete_on_close, FileAttributes → attributes.
// What share::open asks a server that keeps NT security descriptors (see open_request).
struct access_query {
    int dir_fd = -1;            // O_PATH parent directory; the root itself for the root
    std::string_view name;      // final on-disk component; "" for the root
    bool exists = false;
    bool is_directory = false;  // of the existing file, or the kind being created
    std::uint32_t desired = 0;  // as the client asked (generic bits, MAXIMUM_ALLOWED)
    bool maximum_allowed = false;
};

struct open_request {
    std::string path;                            // UTF-8, '\' or '/' separators, "" = root
    disposition disp = disposition::open;
    object_kind kind = object_kind::any;
    std::uint32_t desired_access = access::read_data | access::read_attributes;  // generic
                                                 // bits and MAXIMUM_ALLOWED are mapped here
    std::uint32_t share_access = share_access::read | share_access::write;
    std::uint32_t attributes = 0;                // FILE_ATTRIBUTE_* for create/overwrite
    bool delete_on_close = false;                // needs DELETE in desired_access
    std::uint64_t allocation_size = 0;           // reserved on create/overwrite if non-zero
    // Optional access decision from security descriptors: called after the lookup and the
    // disposition checks, before anything is created, truncated or entered in the open-file
    // table. Returns the rights it allows (the open keeps those of the desired access that
    // are among them) or an error such as ACCESS_DENIED.
    std::function<result<std::uint32_t>(const access_query&)> check_access;
    // Optional: called with the descriptor of a newly created file or directory.
    std::function<void(int fd, bool is_directory)> on_created;
};

struct open_result {
    std::unique_ptr<handle> file;
    create_action action = create_action::opened;
};

class share : public std::enable_shared_from_this<share> {
public:
    // Opens the root directory (O_PATH); NOT_FOUND-type status if it is missing or not a
    // directory.
    static result<std::shared_ptr<share>> create(share_options options);
    ~share();
    share(const share&) = delete;
    share& operator=(const share&) = delete;

    const share_options& options() const { return options_; }
    int root_fd() const { return root_fd_; }

    // CREATE with NT semantics (MS-FSA 2.1.5.1), checks in this order:
    //  1. parameters: both directory and non-directory → INVALID_PARAMETER; a directory with
    //     a disposition other than create/open/open_if → INVALID_PARAMETER; delete_on_close
    //     without DELETE access → ACCESS_DENIED.
    //  2. the path (parse_client_path); missing directory on the way → OBJECT_PATH_NOT_FOUND.
    //  3. read-only share: any modifying access or a disposition that would create or
    //     truncate → ACCESS_DENIED.
    //  4. existence × disposition: create on an existing name → OBJECT_NAME_COLLISION;
    //     open/overwrite of a missing one → OBJECT_NAME_NOT_FOUND; kind mismatch →
    //     NOT_A_DIRECTORY / FILE_IS_A_DIRECTORY; supersede/overwrite of an existing
    //     directory → INVALID_PARAMETER (as Samba); write access or delete_on_close on a
    //     READONLY file → ACCESS_DENIED / CANNOT_DELETE; overwrite/supersede dropping HIDDEN or
    //     SYSTEM → ACCESS_DENIED.
    //  5. the open-file table: file pending delete → DELETE_PENDING; share modes →
    //     SHARING_VIOLATION (MS-FSA 2.1.5.1.2.1; opens that ask only for attributes, sync or
    //     read-control never conflict).
    //  6. only then is anything created or truncated.
    // New files get `attributes | ARCHIVE`, directories DIRECTORY; the creation time is
    // stored with the attributes in user.DOSATTRIB (dos_attrib.hpp).
    result<open_result> open(const open_request& request);

    // Information about a path without keeping it open (no share-mode check).
    result<file_info> stat(std::string_view path);

    // Deletes a file or an empty directory by path, as a Windows client does: open with
    // DELETE and delete-on-close, then close. Non-empty directory → DIRECTORY_NOT_EMPTY, open
    // without FILE_SHARE_DELETE elsewhere → SHARING_VIOLATION.
    result<void> remove(std::string_view path);

    // statvfs of the root; serial from the file-system id.
    result<fs_info> fs_information() const;

    // The file id reported to clients: st_ino for files on the root's device; for files on
    // other mounts beneath the root, st_ino mixed with the device number so ids stay unique.
    std::uint64_t file_id(std::uint64_t dev, std::uint64_t ino) const;

    // "veto files" / "hide files" for one name component.
    bool vetoed(std::string_view name) const;
    bool hidden_by_name(std::string_view name) const;
    // The status for a path with a vetoed component, as if it were not there: the last
    // component → OBJECT_NAME_NOT_FOUND, one before it → OBJECT_PATH_NOT_FOUND; success when
    // nothing in it is vetoed.
    result<void> check_veto(const std::vector<std::string>& components) const;

private:
    explicit share(share_options options) : options_(std::move(options)) {}
    friend class handle;
    friend class dir_cursor;
    share_options options_;
    int root_fd_ = -1;
    std::uint64_t root_dev_ = 0;
    std::uint64_t root_ino_ = 0;
};

}  // namespace smbkit::vfs
