#pragma once
// Directory enumeration for QUERY_DIRECTORY. The cursor takes a snapshot of the names when it
// starts (and on restart), sorted by byte value, with "." and ".." first — as Samba returns
// them, also at the share root, where ".." describes the root itself. Entries are stat'ed as
// they are pulled; a name that vanished in between is skipped. Names that cannot be used
// through SMB (invalid UTF-8, characters Windows forbids such as ':' or '\') are not listed.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ntstatus.hpp"
#include "vfs/types.hpp"

namespace smbkit::vfs {

class share;

class dir_cursor {
public:
    dir_cursor(dir_cursor&&) noexcept;
    dir_cursor& operator=(dir_cursor&&) noexcept;
    ~dir_cursor();

    // The next matching entry without consuming it; nullptr at the end.
    result<const dir_entry*> peek();
    // Consumes the entry peek() returned.
    void advance();
    // peek() + advance(); nullopt at the end.
    result<std::optional<dir_entry>> next();
    // As many entries as the caller's `fits` accepts (and at most `max`). The first entry
    // `fits` refuses is not consumed; it comes first on the next call.
    result<std::vector<dir_entry>> next_batch(const std::function<bool(const dir_entry&)>& fits,
                                              std::size_t max = SIZE_MAX);

    // SMB2_RESTART_SCANS: start over with the same pattern, re-reading the directory.
    result<void> restart();
    // SMB2_REOPEN: start over with a new pattern.
    result<void> restart(std::string_view pattern);

    const std::string& pattern() const { return pattern_; }
    // True until the first entry has been consumed since the start: SMB2 answers
    // STATUS_NO_SUCH_FILE rather than STATUS_NO_MORE_FILES when a first call finds nothing.
    bool at_start() const { return consumed_ == 0; }

private:
    friend class handle;
    dir_cursor(std::shared_ptr<share> s, int dir_fd, std::string rel, std::string pattern);
    result<void> load();
    std::optional<dir_entry> make_entry(const std::string& name) const;

    std::shared_ptr<share> share_;
    int dir_fd_ = -1;  // our own dup, O_RDONLY | O_DIRECTORY
    std::string rel_;  // the directory beneath the root, '/'-separated, "" = root
    std::string pattern_;
    std::vector<std::string> names_;
    std::size_t pos_ = 0;
    std::size_t consumed_ = 0;
    std::optional<dir_entry> current_;
};

}  // namespace smbkit::vfs
