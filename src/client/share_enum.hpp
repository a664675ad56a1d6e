#pragma once
// Share listing over IPC$: the srvsvc pipe, a DCE/RPC bind, then NetrShareEnum level 1
// (MS-SRVS 3.1.4.8), as smbclient -L and every Windows client do.

#include <cstdint>
#include <string>
#include <vector>

#include <asio.hpp>

#include "client/tree.hpp"
#include "core/bytes.hpp"

namespace smbkit::client {

struct share_entry {
    std::string name;
    std::uint32_t type = 0;  // STYPE_*: 0 disk, 1 print queue, 3 IPC; 0x80000000 special
    std::string comment;
    std::string type_name() const;  // "disk", "printer", "ipc", "device"
    bool special() const { return type & 0x80000000u; }
};

// `ipc` is a tree connected to IPC$; `server` is the name put in ServerName.
asio::awaitable<outcome<std::vector<share_entry>>> enum_shares(tree& ipc, const std::string& server);

// The NDR pieces, exposed for tests.
bytes encode_share_enum_request(const std::string& server);
outcome<std::vector<share_entry>> decode_share_enum_response(byte_span stub);

}  // namespace smbkit::client
