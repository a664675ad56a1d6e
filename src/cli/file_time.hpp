#pragma once
// FILETIME (100 ns since 1601-01-01 UTC) for listings.
#include <cstdint>
#include <string>

namespace smbkit::cli {
// "2026-11-26 17:17:48" in UTC; "-" for 0.
std::string format_filetime(std::uint64_t ft);
// ISO 8601, for JSON.
std::string iso_filetime(std::uint64_t ft);
// "DHSRA" style attribute letters, as smbclient prints them.
std::string attribute_letters(std::uint32_t attributes);
}  // namespace smbkit::cli
