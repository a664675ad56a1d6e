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
#include <vector>

namespace smbkit::vfs {

class own_changes {
public:
    static constexpr std::chrono::seconds keep{5};
    static constexpr std::size_t max_files = 4096;

    using clock = std::chrono::steady_clock;
    static constexpr std::size_t max_per_file = 8;

    // One more attribute change of the file is the server's own. `dev` as detail::stx_dev
    // encodes it (vfs/resolve.hpp).
    void expect(std::uint64_t dev, std::uint64_t ino);
    // How many of the file's attribute changes since `since` were the server's own (a watch
    // set up later never saw the earlier ones).
    std::uint32_t count_since(std::uint64_t dev, std::uint64_t ino, clock::time_point since) const;

private:
    struct entry {
        std::vector<clock::time_point> at;  // the newest max_per_file
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::uint64_t, std::uint64_t>, entry> files_;
};

own_changes& own_attribute_changes();

}  // namespace smbkit::vfs
