#pragma once
// The probes of `smbkit audit`: which ports answer, the NetBIOS names, every SMB dialect
// one by one (SMB1 with a real SMB1 NEGOTIATE), signing and encryption, and what anonymous,
// guest and (with credentials) a user can list, read and write. Writes are tested by
// creating a file with delete-on-close, so nothing is left behind.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "audit/report.hpp"
#include "client/connection.hpp"
#include "netbios/nbns/message.hpp"

namespace smbkit::audit {

struct probe_options {
    std::uint16_t smb_port = 445;
    std::uint16_t nbss_port = 139;
    std::uint16_t nbns_port = 137;
    std::uint16_t nbds_port = 138;
    std::chrono::milliseconds timeout{3000};
    bool internet_facing = false;  // --internet-facing: grade LAN addresses as exposed
    std::optional<client::credentials> user;
    bool write_test = true;
    bool try_anonymous = true;
    bool try_guest = true;
};

// The NetBIOS facts from a node status answer (or none when the host did not answer).
void fill_netbios(host_report& r, const netbios::nbns::node_status* status);

// Probes one IPv4 host: its four ports at once (NODE STATUS fills the NetBIOS facts), then
// SMB when 445 or 139 is open.
asio::awaitable<void> probe_host(host_report& report, probe_options o);

}  // namespace smbkit::audit
