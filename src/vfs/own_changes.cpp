#include "vfs/own_changes.hpp"

namespace smbkit::vfs {

void own_changes::expect(std::uint64_t dev, std::uint64_t ino) {
    const auto now = clock::now();
    std::lock_guard lock(mutex_);
    if (files_.size() >= max_files)
        std::erase_if(files_, [&](const auto& e) { return now - e.second.at.back() > keep; });
    if (files_.size() >= max_files) files_.erase(files_.begin());
    auto& at = files_[{dev, ino}].at;
    if (at.size() >= max_per_file) at.erase(at.begin());
    at.push_back(now);
}

std::uint32_t own_changes::count_since(std::uint64_t dev, std::uint64_t ino,
                                       clock::time_point since) const {
    const auto now = clock::now();
    std::lock_guard lock(mutex_);
    auto it = files_.find({dev, ino});
    if (it == files_.end()) return 0;
    std::uint32_t n = 0;
    for (auto t : it->second.at) n += t >= since && now - t <= keep;
    return n;
}

own_changes& own_attribute_changes() {
    // Never destroyed: a blocking-pool worker may still record a change while the process
    // exits.
    static auto* changes = new own_changes;
    return *changes;
}

}  // namespace smbkit::vfs
