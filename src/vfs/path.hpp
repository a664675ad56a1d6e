#pragma once
// Client path syntax: a name as SMB2 CREATE or FileRenameInformation carries it, relative to
// the share root, checked and split into components before anything touches the disk.

#include <string>
#include <string_view>
#include <vector>

#include "core/ntstatus.hpp"

namespace smbkit::vfs {

inline constexpr std::size_t max_component_bytes = 255;  // NAME_MAX
inline constexpr std::size_t max_path_bytes = 4095;      // PATH_MAX - 1

struct client_path {
    std::vector<std::string> components;  // empty: the share root
    // Components joined with '/', relative (no leading '/'); "" for the root.
    std::string relative() const;
    // Components joined with '\', as SMB2 reports names; "" for the root.
    std::string windows() const;
};

// Splits and checks a client path:
// - '\' and '/' both separate; leading separators are dropped (the path is relative to the
//   share whatever the client wrote), one trailing separator is allowed; an empty component
//   in the middle ("a\\b") → OBJECT_NAME_INVALID.
// - "." → OBJECT_NAME_INVALID. ".." removes the component before it, by name ("a\..\b" is
//   "b", as Samba resolves it); a ".." with nothing left to remove ("..", "a\..\..") →
//   OBJECT_PATH_SYNTAX_BAD, so no path climbs out of the share. The opens below the share
//   root are still made with RESOLVE_BENEATH.
// - A NUL byte, control characters 0x01-0x1F, or any of " * < > ? | in a component →
//   OBJECT_NAME_INVALID. Invalid UTF-8 → OBJECT_NAME_INVALID.
// - Streams: "name::$DATA" (any case) is the file itself; any other "name:stream[:type]" or a
//   ':' elsewhere → OBJECT_NAME_INVALID, as Windows answers for a file system without named
//   streams (and Samba without a streams module).
// - A component longer than 255 bytes, or a whole path longer than 4095 bytes → NAME_TOO_LONG.
// Trailing dots and spaces are kept: they are legal NT names and harmless on Linux.
result<client_path> parse_client_path(std::string_view path);

// True if `name` is acceptable as one component (same rules, no separators, no stream).
bool is_valid_component(std::string_view name);

}  // namespace smbkit::vfs
