#include "cli/file_time.hpp"

#include <ctime>

namespace smbkit::cli {
namespace {
std::string format(std::uint64_t ft, const char* fmt) {
    if (ft == 0) return "-";
    constexpr std::uint64_t epoch_delta = 116444736000000000ull;
    if (ft < epoch_delta) return "-";
    std::time_t t = static_cast<std::time_t>((ft - epoch_delta) / 10000000ull);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, fmt, &tm);
    return buf;
}
}  // namespace

std::string format_filetime(std::uint64_t ft) { return format(ft, "%Y-%m-%d %H:%M:%S"); }
std::string iso_filetime(std::uint64_t ft) { return format(ft, "%Y-%m-%dT%H:%M:%SZ"); }

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
