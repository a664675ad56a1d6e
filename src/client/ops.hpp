#pragma once
// Whole operations built from the file commands: list a folder, stat, make and remove
// folders, delete and rename files. Each opens what it needs and closes it again, in one
// compounded round trip where it can (MS-SMB2 3.2.4.1.4): stat is CREATE+QUERY_INFO+CLOSE,
// a listing starts with CREATE+QUERY_DIRECTORY, mkdir and rm are CREATE+CLOSE, and a rename
// is CREATE+SET_INFO+CLOSE.

#include <string>
#include <vector>

#include <asio.hpp>

#include "client/tree.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/file_info.hpp"

namespace smbkit::client {

struct opened_chain {
    open_file file;                 // what the CREATE opened
    std::vector<response> replies;  // the replies to `then`, then the CLOSE's (when closing)
};

// CREATE `path`, then `then` on its handle (built with smb2::related_file_id), then CLOSE when
// `close`, as one related chain. A failed CREATE is the error (the requests after it fail
// with its status). When a request in `then` fails and the server cascades that failure onto
// the CLOSE, the handle is closed again by its real FileId so that nothing stays open.
asio::awaitable<outcome<opened_chain>> open_chain(tree& t, std::string_view path, const open_options& o,
                                                  std::vector<chained_request> then, bool close);
// The first reply with an error status, as an error naming its command: the cause in a
// related chain, where the requests after a failure repeat its status.
std::optional<error> first_failure(const std::vector<response>& replies);

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
