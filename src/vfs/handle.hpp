#pragma once
// An open file or directory of a share: an O_CLOEXEC descriptor plus its entry in the
// process-wide open-file table (share modes, delete-pending state, byte-range locks).
// Destroying a handle closes it exactly as close() does.
//
// Access is enforced here with the rights granted at open (after generic mapping):
// read → READ_DATA, write → WRITE_DATA or APPEND_DATA, end-of-file and allocation →
// WRITE_DATA, times and attributes → WRITE_ATTRIBUTES, delete-pending and rename → DELETE;
// missing rights → ACCESS_DENIED. Different handles may be used from different threads at
// once; one handle's mutating calls should not race each other.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/ntstatus.hpp"
#include "vfs/dir_cursor.hpp"
#include "vfs/locks.hpp"
#include "vfs/types.hpp"

namespace smbkit::vfs {

class share;
namespace detail {
struct file_node;
}

// Changes of FileBasicInformation; nullopt leaves a field alone. SMB2 clients send 0 for
// "don't change" and 0xFFFFFFFFFFFFFFFF (-1) for "don't change and stop updating it for this
// handle" (MS-FSCC 2.4.7); both conventions are the caller's to map to nullopt. The
// "stop updating" part is not implemented: Linux updates mtime on every write.
struct basic_info_change {
    std::optional<nt_time> creation_time;     // kept in user.DOSATTRIB
    std::optional<nt_time> last_access_time;  // utimensat
    std::optional<nt_time> last_write_time;   // utimensat
    std::optional<nt_time> change_time;       // kept until the mtime moves (dos_attrib.hpp)
    std::optional<std::uint32_t> attributes;  // 0 means "don't change" (caller maps it)
};

// Offset meaning "at the current end of file" for write() (MS-SMB2 2.2.21: 0xFFFFFFFFFFFFFFFF
// with FILE_APPEND_DATA access).
inline constexpr std::uint64_t append_offset = UINT64_MAX;

class handle {
public:
    ~handle();
    handle(const handle&) = delete;
    handle& operator=(const handle&) = delete;

    // Releases locks and the share-mode entry; if the open had delete_on_close, the file
    // becomes delete-pending; the last close of a delete-pending file unlinks it (rmdir for
    // a directory). The error of that unlink, if any, is returned; the handle is closed
    // either way. Lock retry callbacks registered through this handle are dropped uncalled.
    result<void> close();
    bool is_open() const { return fd_ >= 0; }

    open_id id() const { return id_; }
    std::uint64_t file_id() const { return file_id_; }
    bool is_directory() const { return is_directory_; }
    std::uint32_t granted_access() const { return granted_access_; }
    std::uint32_t share_access() const { return share_access_; }
    bool delete_on_close() const { return delete_on_close_; }
    // Current path relative to the share root with '\' separators ("" for the root); follows
    // renames made through any handle of the file.
    std::string path() const;
    // Final component of path() (empty for the root).
    std::string name() const;
    // The descriptor, for sendfile/splice; owned by the handle.
    int fd() const { return fd_; }

    result<file_info> info() const;
    // How many opens the file has now, this one included (for oplock/lease decisions).
    std::size_t open_count() const;

    // pread; 0 bytes at or past the end of file (the caller answers END_OF_FILE). Blocked by
    // another open's exclusive lock → FILE_LOCK_CONFLICT.
    result<std::size_t> read(std::uint64_t offset, std::span<std::uint8_t> out);
    // pwrite of all of `data` (loops over short writes); append_offset or an APPEND_DATA-only
    // handle write at the end. offset + size beyond 2^63 → INVALID_PARAMETER. Locks as
    // locks.hpp says → FILE_LOCK_CONFLICT.
    result<std::size_t> write(std::uint64_t offset, std::span<const std::uint8_t> data);
    // Server-side copy (FSCTL_SRV_COPYCHUNK): `length` bytes from `source` at `source_offset`
    // to this file at `offset`, with copy_file_range (reflink/in-kernel where the file system
    // can). Needs READ_DATA on the source and WRITE_DATA on this handle; byte-range locks are
    // checked on both sides. Returns the bytes copied (fewer at the source's end of file).
    result<std::uint64_t> copy_from(handle& source, std::uint64_t source_offset,
                                    std::uint64_t offset, std::uint64_t length);
    // fsync (fdatasync with data_only). Directories are synced too.
    result<void> flush(bool data_only = false);

    result<void> set_end_of_file(std::uint64_t size);
    // fallocate(FALLOC_FL_KEEP_SIZE) when growing beyond the blocks in use; a file system
    // that cannot (EOPNOTSUPP) is left as it is, as allocation is only a hint. Shrinking
    // below end of file truncates, as NTFS does.
    result<void> set_allocation_size(std::uint64_t size);
    // READONLY in attributes also clears the write bits of the mode (and setting it off
    // gives the owner write back); DIRECTORY is derived and cannot be changed.
    result<void> set_basic_info(const basic_info_change& change);

    // FileDispositionInformation: marks (or unmarks) the file delete-pending; later opens
    // get DELETE_PENDING and the last close deletes it. READONLY → CANNOT_DELETE, non-empty
    // directory → DIRECTORY_NOT_EMPTY, share root → ACCESS_DENIED.
    result<void> set_delete_pending(bool pending);
    // Whether the file is delete-pending now (through this handle or another). Takes only the
    // open-file table's lock: cheap enough to poll.
    bool delete_pending() const;

    // FileRenameInformation: `new_path` is relative to the share root. Target exists →
    // OBJECT_NAME_COLLISION unless `replace`; replacing a directory, or a file that is open →
    // ACCESS_DENIED; renaming a directory with open files beneath it → ACCESS_DENIED. A
    // change of case only is allowed in case-insensitive mode. Every handle of the file sees
    // the new path. `may_add`, when given, is asked whether the new name may be put in its
    // directory (open as O_PATH): the caller's access check (the directory's ACL).
    using add_check = std::function<result<void>(int dir_fd, bool is_directory)>;
    result<void> rename(std::string_view new_path, bool replace, const add_check& may_add = {});

    // Byte-range locks (locks.hpp); need READ_DATA or WRITE_DATA (→ ACCESS_DENIED) and a
    // file (directory → INVALID_PARAMETER). On LOCK_NOT_GRANTED, if `retry` is given it is
    // registered atomically with the failed attempt and called once, on the releasing thread
    // and without VFS locks held, after any lock of this file is released (unlock or close
    // of another handle); the caller then tries again (this is how the server answers
    // STATUS_PENDING and completes the LOCK later).
    result<void> lock(std::span<const lock_range> ranges, std::function<void()> retry = {});
    result<void> unlock(std::span<const lock_range> ranges);
    // Drops this handle's pending retry callbacks uncalled (CANCEL of a pending LOCK).
    void cancel_lock_retries();

    // Directory enumeration (dir_cursor.hpp) with a Windows pattern; "" means "*". Not a
    // directory → INVALID_PARAMETER; needs READ_DATA (LIST_DIRECTORY) → ACCESS_DENIED.
    result<dir_cursor> list(std::string_view pattern) const;

private:
    friend class share;
    handle() = default;
    result<void> check_access(std::uint32_t needed) const;
    result<void> allocate(std::uint64_t size);
    std::string rel_path() const;

    std::shared_ptr<share> share_;
    std::shared_ptr<detail::file_node> node_;
    int fd_ = -1;
    open_id id_ = 0;
    std::uint64_t file_id_ = 0;
    bool is_directory_ = false;
    std::uint32_t granted_access_ = 0;
    std::uint32_t share_access_ = 0;
    bool delete_on_close_ = false;
};

}  // namespace smbkit::vfs
