#pragma once
// The typed NBNS packets of RFC 1002 4.2.2-4.2.18: builders that fill a `message` exactly as
// the RFC lays each packet out, and classify(), which tells which packet a decoded message
// is and checks its shape (counts, types) so that a server or client can switch on it.
//
//   4.2.2  NAME REGISTRATION REQUEST        4.2.10 NAME RELEASE RESPONSE
//   4.2.3  NAME OVERWRITE REQUEST & DEMAND  4.2.12 NAME QUERY REQUEST
//   4.2.4  NAME REFRESH REQUEST             4.2.13 POSITIVE NAME QUERY RESPONSE
//   4.2.5  POSITIVE NAME REGISTRATION RESP  4.2.14 NEGATIVE NAME QUERY RESPONSE
//   4.2.6  NEGATIVE NAME REGISTRATION RESP  4.2.15 REDIRECT NAME QUERY RESPONSE
//   4.2.7  END-NODE CHALLENGE REG. RESPONSE 4.2.16 WAIT FOR ACKNOWLEDGEMENT (WACK)
//   4.2.8  NAME CONFLICT DEMAND             4.2.17 NODE STATUS REQUEST
//   4.2.9  NAME RELEASE REQUEST & DEMAND    4.2.18 NODE STATUS RESPONSE
// Multi-homed registration (opcode 0xF) is [MS-NBTE] 2.2.1.1 / Samba's behaviour.

#include <optional>

#include "netbios/nbns/message.hpp"

namespace smbkit::nbns {

enum class packet_kind {
    name_query_request,
    node_status_request,
    positive_query_response,
    negative_query_response,
    redirect_query_response,
    node_status_response,
    registration_request,              // 4.2.2 (B clear: to a name server) / 4.2.3 (B set)
    multihomed_registration_request,
    refresh_request,                   // opcode 0x8 or 0x9
    registration_response,             // positive (rcode 0), negative, or end-node challenge
    conflict_demand,                   // 4.2.8: registration response with CFT_ERR
    release_request,                   // 4.2.9
    release_response,                  // 4.2.10
    wack,                              // 4.2.16
};
const char* packet_kind_name(packet_kind k);

// What a decoded message is; an error when its shape fits no packet of RFC 1002 4.2 (a
// query with no question, a response with no answer, a status response without NBSTAT, ...).
result<packet_kind> classify(const message& m);

// Default TTLs: Samba and Windows register for 3 days and answer queries with the TTL left.
inline constexpr std::uint32_t default_ttl = 259200;

// ---- requests ----
// 4.2.12. `broadcast` sets B; `recursion_desired` sets RD (nmblookup -R, and any query to a
// WINS server).
message make_name_query(std::uint16_t id, const netbios_name& name, bool broadcast,
                        bool recursion_desired);
// 4.2.17: QUESTION_TYPE NBSTAT for `name` (normally the wildcard "*").
message make_node_status_request(std::uint16_t id,
                                 const netbios_name& name = netbios_name::wildcard());

struct registration_options {
    bool broadcast = true;            // B-node registration, else to a name server (RD set)
    bool multihomed = false;          // opcode 0xF (to a WINS server only)
    std::uint32_t ttl = default_ttl;
};
// 4.2.2 / 4.2.3: question + additional record NB pointing at the question name.
message make_registration_request(std::uint16_t id, const netbios_name& name,
                                  const nb_address& address, const registration_options& o = {});
// 4.2.4: refresh to a name server. The RFC's opcode table says 0x8 and its diagram 0x9;
// Windows and Samba send 0x8 and accept both.
message make_refresh_request(std::uint16_t id, const netbios_name& name, const nb_address& address,
                             std::uint32_t ttl = default_ttl, bool opcode_9 = false);
// 4.2.9: release (B set: broadcast to the segment; clear: to the name server).
message make_release_request(std::uint16_t id, const netbios_name& name, const nb_address& address,
                             bool broadcast);

// ---- responses ----
// 4.2.13: AA set, RD copied from the request, RA when a name server answers.
message make_positive_query_response(std::uint16_t id, const netbios_name& name,
                                     std::vector<nb_address> addresses,
                                     std::uint32_t ttl = default_ttl, bool recursion_desired = false,
                                     bool recursion_available = false);
// 4.2.14: RCODE NAM_ERR (or another error), RR_TYPE NULL, no RDATA.
message make_negative_query_response(std::uint16_t id, const netbios_name& name,
                                     rcode error = rcode::nam_err, bool recursion_desired = false,
                                     bool recursion_available = false);
// 4.2.15: no answer; an NS record naming the next server and an A record with its address.
message make_redirect_query_response(std::uint16_t id, const netbios_name& name,
                                     const domain_name& server, std::array<std::uint8_t, 4> ip,
                                     std::uint32_t ttl = 0, bool recursion_desired = true);
// 4.2.18: the name table and statistics for `name` (the question name of the request).
message make_node_status_response(std::uint16_t id, const netbios_name& name, node_status status);
// 4.2.5 / 4.2.6 / 4.2.7: rcode 0 positive, an error negative; the answer echoes the name and
// the address. `ra`: true from a name server; an end-node challenge has RA clear.
message make_registration_response(std::uint16_t id, const netbios_name& name,
                                   const nb_address& address, rcode result, std::uint32_t ttl,
                                   bool recursion_desired = true, bool recursion_available = true);
// 4.2.8: a registration response with CFT_ERR sent to a node that holds the name wrongly.
message make_conflict_demand(std::uint16_t id, const netbios_name& name, const nb_address& address);
// 4.2.10: release response with rcode 0 (or an error).
message make_release_response(std::uint16_t id, const netbios_name& name, const nb_address& address,
                              rcode result = rcode::ok);
// 4.2.16: a WACK for `request`, asking it to wait `ttl` seconds.
message make_wack(const message& request, std::uint32_t ttl);

// The first NB address of a message's first answer, or of its first additional record
// (registrations carry the address there).
std::optional<nb_address> first_address(const message& m);
// The name a message is about: the question name, else the first answer's or additional
// record's name.
const netbios_name* subject_name(const message& m);

}  // namespace smbkit::nbns
