#pragma once
// Windows name matching for QUERY_DIRECTORY (MS-FSA 2.1.4.4, FsRtlIsNameInExpression):
//   *  any run of characters (also none)
//   ?  exactly one character
//   <  (DOS_STAR) any run of characters that does not go past the last '.' of the name
//   >  (DOS_QM) one character, or none at a '.' or at the end of the name
//   "  (DOS_DOT) a '.', or nothing at the end of the name
// Anything else matches itself. An empty name matches only an empty expression.

#include <string_view>

namespace smbkit::vfs {

bool has_wildcards(std::string_view expression);

// Both strings UTF-8 and compared by code point; with ignore_case both are upper-cased
// (upper_utf8) first. Malformed UTF-8 on either side never matches.
bool name_matches(std::string_view expression, std::string_view name, bool ignore_case);

}  // namespace smbkit::vfs
