#pragma once
// Whole operations built from the file commands: list a folder, stat, make and remove
// folders, delete and rename files. Each opens what it needs and closes it again.

#include <string>
#include <vector>

#include <asio.hpp>

#include "client/tree.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/file_info.hpp"

namespace smbkit::client {

// Every entry of a folder (FileIdBothDirectoryInformation), "." and ".." left out.
asio::awaitable<outcome<std::vector<smb2::fscc::directory_entry>>> list_directory(
    tree& t, std::string_view dir, std::string_view pattern = "*");
asio::awaitable<outcome<smb2::fscc::all_information>> stat_path(tree& t, std::string_view path);
asio::awaitable<outcome<void>> make_directory(tree& t, std::string_view path);
// Files with delete-on-close; folders must be empty.
asio::awaitable<outcome<void>> remove_path(tree& t, std::string_view path, bool directory);
asio::awaitable<outcome<void>> rename_path(tree& t, std::string_view from, std::string_view to,
                                           bool replace);

}  // namespace smbkit::client
