#pragma once
// Samba's "hide files" and "veto files" lists (smb.conf(5)): names or wildcard patterns
// between slashes, "/*.tmp/.DS_Store/Thumbs.db/". A pattern may hold spaces; '*' and '?'
// are the wildcards (the other MS-FSA wildcard characters match as in QUERY_DIRECTORY). A
// pattern is compared with one name component at a time, never with a whole path.

#include <string>
#include <string_view>
#include <vector>

namespace smbkit::vfs {

// Splits a list; empty entries are dropped. Samba also reads a list without slashes as one
// pattern ("*.tmp"), and so do we.
std::vector<std::string> parse_name_list(std::string_view list);

// True if `name` (one component, UTF-8) matches a pattern of the list; case is ignored
// unless the share is case sensitive.
bool name_in_list(const std::vector<std::string>& patterns, std::string_view name,
                  bool case_sensitive);

}  // namespace smbkit::vfs
