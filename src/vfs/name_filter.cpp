#include "vfs/name_filter.hpp"

#include "vfs/wildcard.hpp"

namespace smbkit::vfs {

std::vector<std::string> parse_name_list(std::string_view list) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= list.size()) {
        auto slash = list.find('/', at);
        auto item = list.substr(at, slash == std::string_view::npos ? list.npos : slash - at);
        // Leading and trailing blanks come from how the line was written, not from the name.
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (slash == std::string_view::npos) break;
        at = slash + 1;
    }
    return out;
}

bool name_in_list(const std::vector<std::string>& patterns, std::string_view name,
                  bool case_sensitive) {
    if (name.empty() || name == "." || name == "..") return false;
    for (const auto& p : patterns)
        if (name_matches(p, name, !case_sensitive)) return true;
    return false;
}

}  // namespace smbkit::vfs
