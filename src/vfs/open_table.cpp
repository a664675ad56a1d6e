#include "vfs/open_table.hpp"

#include "vfs/types.hpp"

namespace smbkit::vfs::detail {

open_entry* file_node::find(open_id id) {
    for (auto& o : opens)
        if (o.id == id) return &o;
    return nullptr;
}

result<void> check_sharing(const std::vector<open_entry>& existing, std::uint32_t acc,
                           std::uint32_t share) {
    constexpr std::uint32_t data_rights = access::read_data | access::write_data |
                                          access::append_data | access::execute | access::del;
    if (!(acc & data_rights)) return {};
    for (const auto& o : existing) {
        if (!(o.access & data_rights)) continue;
        // MS-FSA 2.1.5.1.2.1: each side's access against the other side's share mode.
        bool conflict =
            ((o.access & (access::read_data | access::execute)) && !(share & share_access::read)) ||
            ((o.access & (access::write_data | access::append_data)) &&
             !(share & share_access::write)) ||
            ((o.access & access::del) && !(share & share_access::del)) ||
            ((acc & (access::read_data | access::execute)) && !(o.share_access & share_access::read)) ||
            ((acc & (access::write_data | access::append_data)) &&
             !(o.share_access & share_access::write)) ||
            ((acc & access::del) && !(o.share_access & share_access::del));
        if (conflict) return fail(ntstatus::sharing_violation);
    }
    return {};
}

open_table& open_table::instance() {
    // Never destroyed: a close still running on a blocking-pool worker while the process
    // exits would otherwise use the table after its destructor ran.
    static auto* table = new open_table;
    return *table;
}

std::shared_ptr<file_node> open_table::find(const file_key& key) {
    auto it = files_.find(key);
    return it == files_.end() ? nullptr : it->second;
}

std::shared_ptr<file_node> open_table::find_or_add(const file_key& key) {
    auto& slot = files_[key];
    if (!slot) {
        slot = std::make_shared<file_node>();
        slot->key = key;
    }
    return slot;
}

void open_table::remove_if_unused(const std::shared_ptr<file_node>& node) {
    if (!node || !node->opens.empty()) return;
    auto it = files_.find(node->key);
    if (it != files_.end() && it->second == node) files_.erase(it);
}

bool open_table::has_open_beneath(const share* s, const std::string& dir) const {
    std::string prefix = dir.empty() ? std::string() : dir + "/";
    for (const auto& [key, node] : files_)
        for (const auto& o : node->opens)
            if (o.owner_share == s && o.path.size() > prefix.size() &&
                o.path.compare(0, prefix.size(), prefix) == 0)
                return true;
    return false;
}

}  // namespace smbkit::vfs::detail
