#include "vfs/own_changes.hpp"

namespace smbkit::vfs {

void own_changes::expect(std::uint64_t dev, std::uint64_t ino) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (files_.size() >= max_files)
        std::erase_if(files_, [&](const auto& e) { return now - e.second.at > keep; });
    if (files_.size() >= max_files) files_.erase(files_.begin());
    auto& e = files_[{dev, ino}];
    if (now - e.at > keep) e.count = 0;  // an inode number used again
    ++e.count;
    e.at = now;
}

std::uint32_t own_changes::count(std::uint64_t dev, std::uint64_t ino) const {
    std::lock_guard lock(mutex_);
    auto it = files_.find({dev, ino});
    if (it == files_.end() || std::chrono::steady_clock::now() - it->second.at > keep) return 0;
    return it->second.count;
}

own_changes& own_attribute_changes() {
    static own_changes changes;
    return changes;
}

}  // namespace smbkit::vfs
