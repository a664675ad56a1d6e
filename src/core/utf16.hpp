#pragma once
// UTF-8 <-> UTF-16LE, as SMB2 and NTLMSSP carry names. Invalid input (unpaired surrogates,
// odd byte counts, bad UTF-8) is an error, never silently replaced: a path that cannot be
// represented must not match a different file.

#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace smbkit {

std::optional<bytes> utf8_to_utf16le(std::string_view utf8);
std::optional<std::string> utf16le_to_utf8(byte_span utf16le);
// Upper-cases ASCII and the Latin-1/Latin Extended-A/Greek/Cyrillic ranges the way Windows'
// name comparisons do for them; other code points stay as they are.
std::string upper_utf8(std::string_view utf8);
bool iequals_utf8(std::string_view a, std::string_view b);

}  // namespace smbkit
