#include "cli/command.hpp"

#include <algorithm>

namespace smbkit::cli {
namespace {
std::vector<command>& registry() {
    static std::vector<command> r;
    return r;
}
}  // namespace

bool add_command(command c) {
    auto& r = registry();
    r.push_back(std::move(c));
    std::stable_sort(r.begin(), r.end(),
                     [](const command& a, const command& b) { return a.order < b.order; });
    return true;
}

const std::vector<command>& commands() { return registry(); }

}  // namespace smbkit::cli
