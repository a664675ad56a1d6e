#include "cli/file_time.hpp"

#include "core/filetime.hpp"

namespace smbkit::cli {
namespace {
std::string or_dash(std::string s) { return s.empty() ? "-" : s; }
}  // namespace

std::string format_filetime(std::uint64_t ft) { return or_dash(filetime_text(ft)); }
std::string iso_filetime(std::uint64_t ft) { return or_dash(filetime_iso(ft)); }

std::string attribute_letters(std::uint32_t a) {
    std::string s;
    if (a & 0x10) s += 'D';
    if (a & 0x02) s += 'H';
    if (a & 0x04) s += 'S';
    if (a & 0x01) s += 'R';
    if (a & 0x20) s += 'A';
    if (s.empty()) s = "N";
    return s;
}
}  // namespace smbkit::cli
