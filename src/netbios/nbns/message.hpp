#pragma once
// NetBIOS Name Service messages, RFC 1002 4.2.1 (general format), 4.2.1.1 (header),
// 4.2.1.2 (question), 4.2.1.3 (resource record), 4.2.18 (node status response RDATA).
//
// decode() reads any well-formed NBNS packet into a `message`; encode() writes one back
// (names repeated within a message become compression pointers, as every stack does for the
// additional record of a registration). The typed requests and responses of RFC 1002
// 4.2.2-4.2.18 are built and recognised by nbns/packets.hpp.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"
#include "netbios/name.hpp"

namespace smbkit::nbns {

using netbios::domain_name;
using netbios::netbios_name;

inline constexpr std::uint16_t port = 137;
// RFC 1002 4.2.1: UDP packets are at most 576 bytes; over TCP (and from some stacks) larger
// ones occur, so the decoder takes whatever it is given up to the UDP maximum.
inline constexpr std::size_t max_udp_message = 576;

// RFC 1002 4.2.1.1 OPCODE. Refresh is 0x8 in the RFC's opcode table and 0x9 in its 4.2.4
// diagram; Windows and Samba send 0x8 and accept both. 0xF is Microsoft's multi-homed
// registration ([MS-NBTE] 2.2.1 / Samba NMB_NAME_MULTIHOMED_REG_OPCODE).
enum class opcode : std::uint8_t {
    query = 0x0,
    registration = 0x5,
    release = 0x6,
    wack = 0x7,
    refresh = 0x8,
    refresh_alt = 0x9,
    multihomed_registration = 0xF,
};
bool is_known_opcode(std::uint8_t op);
const char* opcode_name(opcode op);

// RFC 1002 4.2.1.1 RCODE.
enum class rcode : std::uint8_t {
    ok = 0x0,
    fmt_err = 0x1,  // format error
    srv_err = 0x2,  // server failure
    nam_err = 0x3,  // name does not exist
    imp_err = 0x4,  // unsupported request
    rfs_err = 0x5,  // refused
    act_err = 0x6,  // active error: name owned by another node
    cft_err = 0x7,  // name in conflict
};
const char* rcode_name(std::uint8_t rc);

// RFC 1002 4.2.1.2 / 4.2.1.3 TYPE and CLASS.
enum class rr_type : std::uint16_t {
    a = 0x0001,
    ns = 0x0002,
    null = 0x000A,
    nb = 0x0020,
    nbstat = 0x0021,
};
inline constexpr std::uint16_t class_in = 0x0001;

// NB_FLAGS (RFC 1002 4.2.1.3) and NAME_FLAGS (4.2.18): owner node type. H is Microsoft's
// hybrid node, carried in the value RFC 1002 reserved.
enum class node_type : std::uint8_t { b = 0, p = 1, m = 2, h = 3 };
const char* node_type_name(node_type t);  // "B", "P", "M", "H"

// RFC 1002 4.2.1.3 NB_FLAGS plus NB_ADDRESS: one entry of NB RDATA.
struct nb_address {
    bool group = false;
    node_type ont = node_type::b;
    std::uint16_t reserved = 0;         // the 13 low bits, zero on the wire from every stack
    std::array<std::uint8_t, 4> ip{};   // network order
    std::uint16_t flags() const;
    static nb_address from_flags(std::uint16_t flags, std::array<std::uint8_t, 4> ip);
    friend bool operator==(const nb_address&, const nb_address&) = default;
};

// RFC 1002 4.2.18 NAME_FLAGS of one entry of a node status response.
struct name_flags {
    bool group = false;
    node_type ont = node_type::b;
    bool deregister = false;  // DRG: being deleted
    bool conflict = false;    // CNF
    bool active = false;      // ACT: always set by real nodes
    bool permanent = false;   // PRM: the permanent node name
    std::uint16_t reserved = 0;  // the 9 low bits
    std::uint16_t value() const;
    static name_flags from_value(std::uint16_t v);
    friend bool operator==(const name_flags&, const name_flags&) = default;
};

struct node_name_entry {
    std::array<std::uint8_t, 16> raw{};  // name (15 bytes, padded) and suffix, not encoded
    name_flags flags;
    std::uint8_t suffix() const { return raw[15]; }
    std::string name() const;  // without trailing spaces/NULs
    friend bool operator==(const node_name_entry&, const node_name_entry&) = default;
};

// RFC 1002 4.2.18 STATISTICS. Samba and Windows fill only unit_id (the MAC); the rest is
// carried so that a response can be re-encoded as it came.
struct node_statistics {
    std::array<std::uint8_t, 6> unit_id{};
    std::uint8_t jumpers = 0;
    std::uint8_t test_result = 0;
    std::uint16_t version_number = 0;
    std::uint16_t period_of_statistics = 0;
    std::uint16_t number_of_crcs = 0;
    std::uint16_t number_alignment_errors = 0;
    std::uint16_t number_of_collisions = 0;
    std::uint16_t number_send_aborts = 0;
    std::uint32_t number_good_sends = 0;
    std::uint32_t number_good_receives = 0;
    std::uint16_t number_retransmits = 0;
    std::uint16_t number_no_resource_conditions = 0;
    std::uint16_t number_free_command_blocks = 0;
    std::uint16_t total_number_command_blocks = 0;
    std::uint16_t max_total_number_command_blocks = 0;
    std::uint16_t number_pending_sessions = 0;
    std::uint16_t max_number_pending_sessions = 0;
    std::uint16_t max_total_sessions_possible = 0;
    std::uint16_t session_data_packet_size = 0;
    friend bool operator==(const node_statistics&, const node_statistics&) = default;
};
inline constexpr std::size_t statistics_size = 46;

struct node_status {
    std::vector<node_name_entry> names;  // at most 255 (NUM_NAMES is one byte)
    node_statistics statistics;
    // Some stacks send fewer than 46 statistics bytes (the rest reads as zero) or pad the
    // RDATA; both are kept so that the response re-encodes byte for byte.
    std::size_t statistics_length = statistics_size;
    bytes trailing;
    std::string mac() const;  // "00:11:22:33:44:55"
    friend bool operator==(const node_status&, const node_status&) = default;
};

// RDATA of a WACK (RFC 1002 4.2.16): the 16-bit header flags of the request being
// acknowledged.
struct wack_rdata {
    std::uint16_t request_flags = 0;
    friend bool operator==(const wack_rdata&, const wack_rdata&) = default;
};

using rdata = std::variant<bytes,                     // NULL, unknown types, odd lengths
                           std::vector<nb_address>,   // NB
                           node_status,               // NBSTAT
                           wack_rdata,                // NB in a WACK
                           domain_name,               // NS (NSD_NAME)
                           std::array<std::uint8_t, 4>>;  // A (NSD_IP_ADDR)

struct question {
    netbios_name name;
    std::uint16_t type = static_cast<std::uint16_t>(rr_type::nb);
    std::uint16_t cls = class_in;
    friend bool operator==(const question&, const question&) = default;
};

struct resource_record {
    netbios_name name;
    std::uint16_t type = static_cast<std::uint16_t>(rr_type::nb);
    std::uint16_t cls = class_in;
    std::uint32_t ttl = 0;  // seconds
    rdata data;
    friend bool operator==(const resource_record&, const resource_record&) = default;

    const std::vector<nb_address>* addresses() const { return std::get_if<std::vector<nb_address>>(&data); }
    const node_status* status() const { return std::get_if<node_status>(&data); }
};

struct message {
    std::uint16_t transaction_id = 0;
    bool response = false;
    nbns::opcode opcode = opcode::query;
    // NM_FLAGS, RFC 1002 4.2.1.1.
    bool authoritative = false;       // AA
    bool truncated = false;           // TC
    bool recursion_desired = false;   // RD
    bool recursion_available = false; // RA
    bool broadcast = false;           // B
    std::uint8_t reserved_flags = 0;  // the two NM_FLAGS bits RFC 1002 reserves (0x0060)
    std::uint8_t rcode = 0;
    std::vector<question> questions;
    std::vector<resource_record> answers;
    std::vector<resource_record> authority;
    std::vector<resource_record> additional;

    // The 16-bit OPCODE/NM_FLAGS/RCODE word as on the wire.
    std::uint16_t flags() const;
    friend bool operator==(const message&, const message&) = default;
};

// Any malformation (truncation, counts larger than the packet, bad labels, pointer loops,
// unknown opcodes, RDLENGTH past the end) is an error: STATUS_INVALID_NETWORK_RESPONSE.
// Bytes after the last record are ignored, as Samba and Windows ignore them.
result<message> decode(byte_span packet);
bytes encode(const message& m);

// One-line summary for logs: "query request PEER8<20> id=0x70b1 B RD".
std::string describe(const message& m);

}  // namespace smbkit::nbns

// The codec is also reachable as netbios::nbns, beside the names it is built on.
namespace smbkit::netbios {
namespace nbns = ::smbkit::nbns;
}  // namespace smbkit::netbios
