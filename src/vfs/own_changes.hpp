#pragma once
// Attribute changes the server makes itself while it creates a file (its DOS attributes, its
// ACL), announced just before they are made. A CHANGE_NOTIFY watch sees them as inotify
// IN_ATTRIB events, which do not say who made them; with this record it reports a creation
// as ADDED only, as Windows does, and a client's later attribute change still as MODIFIED.
// Process-wide and thread-safe; entries are forgotten after `keep`.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

namespace smbkit::vfs {

class own_changes {
public:
    static constexpr std::chrono::seconds keep{5};
    static constexpr std::size_t max_files = 4096;

    // One more attribute change of the file is the server's own. `dev` as detail::stx_dev
    // encodes it (vfs/resolve.hpp).
    void expect(std::uint64_t dev, std::uint64_t ino);
    // How many of the file's attribute changes were the server's own (0 once forgotten).
    std::uint32_t count(std::uint64_t dev, std::uint64_t ino) const;

private:
    struct entry {
        std::uint32_t count = 0;
        std::chrono::steady_clock::time_point at;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::uint64_t, std::uint64_t>, entry> files_;
};

own_changes& own_attribute_changes();

}  // namespace smbkit::vfs
