#pragma once
// FILETIME: the count of 100 ns intervals since 1601-01-01 UTC that every NT timestamp uses
// (MS-DTYP 2.3.3), and its conversions to Unix time and to text.

#include <cstdint>
#include <ctime>
#include <string>

namespace smbkit {

// 11644473600 s between 1601-01-01 and 1970-01-01, in 100 ns intervals.
inline constexpr std::uint64_t filetime_unix_epoch = 116444736000000000ULL;
inline constexpr std::uint64_t filetime_per_second = 10000000ULL;

// Times before 1601 clamp to 0; times beyond what 64 bits hold clamp to UINT64_MAX.
std::uint64_t filetime_from_timespec(const struct timespec& ts);
// Times before 1970 become a negative tv_sec.
struct timespec filetime_to_timespec(std::uint64_t ft);
std::uint64_t filetime_now();

// "2026-11-26 17:17:48" (UTC); empty for 0 and for times before 1970, which servers send
// to mean "not known".
std::string filetime_text(std::uint64_t ft);
// ISO 8601 in UTC, "2026-11-26T17:17:48Z"; empty where filetime_text is.
std::string filetime_iso(std::uint64_t ft);

}  // namespace smbkit
