#pragma once
// Connection-oriented DCE/RPC PDUs: C706 chapter 12.6, MS-RPCE 2.2.2. Bytes in, structs out,
// and back. Decoding honours the sender's integer representation (drep); encoding always
// writes little-endian NDR, the only representation this server speaks.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::rpc {

// C706 12.6.3.1 PDU types.
enum class ptype : std::uint8_t {
    request = 0,
    ping = 1,
    response = 2,
    fault = 3,
    working = 4,
    nocall = 5,
    reject = 6,
    ack = 7,
    cl_cancel = 8,
    fack = 9,
    cancel_ack = 10,
    bind = 11,
    bind_ack = 12,
    bind_nak = 13,
    alter_context = 14,
    alter_context_resp = 15,
    auth3 = 16,
    shutdown = 17,
    co_cancel = 18,
    orphaned = 19,
};

// C706 12.6.3.1 pfc_flags.
inline constexpr std::uint8_t pfc_first_frag = 0x01;
inline constexpr std::uint8_t pfc_last_frag = 0x02;
inline constexpr std::uint8_t pfc_pending_cancel =
    0x04;  // MS-RPCE: PFC_SUPPORT_HEADER_SIGN on bind
inline constexpr std::uint8_t pfc_conc_mpx = 0x10;
inline constexpr std::uint8_t pfc_did_not_execute = 0x20;
inline constexpr std::uint8_t pfc_maybe = 0x40;
inline constexpr std::uint8_t pfc_object_uuid = 0x80;

// C706 14.1 data representation label, byte 0: integer order in the high nibble.
inline constexpr std::uint8_t drep_little_endian = 0x10;

inline constexpr std::size_t header_size = 16;
inline constexpr std::size_t sec_trailer_size = 8;

// C706 appendix A: fields in host order, marshalled in NDR order.
struct uuid {
    std::uint32_t time_low = 0;
    std::uint16_t time_mid = 0;
    std::uint16_t time_hi_and_version = 0;
    std::array<std::uint8_t, 8> node{};  // clock_seq_hi, clock_seq_low, node[6]

    friend bool operator==(const uuid&, const uuid&) = default;
};
// "8a885d04-1ceb-11c9-9fe8-08002b104860" → uuid; nullopt when malformed.
std::optional<uuid> parse_uuid(std::string_view text);
std::string to_string(const uuid& u);

// C706 12.6.3.1 p_syntax_id_t: an interface or transfer syntax and its version (major in the
// low 16 bits, minor in the high 16 bits for interfaces; transfer syntaxes use a plain u32).
struct syntax_id {
    uuid id;
    std::uint32_t version = 0;

    std::uint16_t major() const { return static_cast<std::uint16_t>(version & 0xFFFF); }
    std::uint16_t minor() const { return static_cast<std::uint16_t>(version >> 16); }
    friend bool operator==(const syntax_id&, const syntax_id&) = default;
};
syntax_id make_syntax(std::string_view uuid_text, std::uint16_t major, std::uint16_t minor = 0);

// Well-known transfer syntaxes: NDR 2.0 (C706 14), NDR64 (MS-RPCE 2.2.5), and the bind-time
// feature negotiation pseudo-syntax (MS-RPCE 3.3.1.5.3), whose uuid carries a bitmask in the
// first two bytes of `node`.
const syntax_id& ndr20_syntax();
const syntax_id& ndr64_syntax();
bool is_bind_time_feature_syntax(const syntax_id& s);
std::uint16_t bind_time_features(const syntax_id& s);
inline constexpr std::uint16_t btfn_security_context_multiplexing = 0x0001;
inline constexpr std::uint16_t btfn_keep_connection_on_orphan = 0x0002;

// C706 12.6.3.1 common header.
struct header {
    std::uint8_t rpc_vers = 5;
    std::uint8_t rpc_vers_minor = 0;
    ptype type = ptype::request;
    std::uint8_t flags = pfc_first_frag | pfc_last_frag;
    std::array<std::uint8_t, 4> drep{drep_little_endian, 0, 0, 0};
    std::uint16_t frag_length = 0;
    std::uint16_t auth_length = 0;
    std::uint32_t call_id = 0;

    bool little_endian() const { return (drep[0] & 0xF0) == drep_little_endian; }
};

// C706 12.6.3.1 p_cont_elem_t.
struct context_element {
    std::uint16_t context_id = 0;
    syntax_id abstract_syntax;
    std::vector<syntax_id> transfer_syntaxes;
};

// bind (C706 12.6.4.3) and alter_context (12.6.4.1) share one body.
struct bind_body {
    std::uint16_t max_xmit_frag = 4280;
    std::uint16_t max_recv_frag = 4280;
    std::uint32_t assoc_group_id = 0;
    std::vector<context_element> contexts;
};

// C706 12.6.3.1 p_cont_def_result_t and p_provider_reason_t; MS-RPCE 2.2.2.4 adds
// negotiate_ack, whose `reason` then carries the accepted bind-time features.
enum class context_result_code : std::uint16_t {
    acceptance = 0,
    user_rejection = 1,
    provider_rejection = 2,
    negotiate_ack = 3,
};
enum class provider_reason : std::uint16_t {
    not_specified = 0,
    abstract_syntax_not_supported = 1,
    proposed_transfer_syntaxes_not_supported = 2,
    local_limit_exceeded = 3,
};
struct context_result {
    context_result_code result = context_result_code::acceptance;
    std::uint16_t reason = 0;
    syntax_id transfer_syntax;
};

// bind_ack (C706 12.6.4.4) and alter_context_resp (12.6.4.2).
struct bind_ack_body {
    std::uint16_t max_xmit_frag = 4280;
    std::uint16_t max_recv_frag = 4280;
    std::uint32_t assoc_group_id = 0;
    std::string secondary_address;  // "\PIPE\srvsvc"; empty in alter_context_resp
    std::vector<context_result> results;
};

// C706 12.6.3.1 p_reject_reason_t.
enum class bind_nak_reason : std::uint16_t {
    not_specified = 0,
    temporary_congestion = 1,
    local_limit_exceeded = 2,
    called_paddr_unknown = 3,
    protocol_version_not_supported = 4,
    default_context_not_supported = 5,
    user_data_not_readable = 6,
    no_psap_available = 7,
    authentication_type_not_recognized = 8,
    invalid_checksum = 9,
};
// bind_nak (C706 12.6.4.5): the reason and the protocol versions this end supports.
struct bind_nak_body {
    bind_nak_reason reason = bind_nak_reason::not_specified;
    std::vector<std::pair<std::uint8_t, std::uint8_t>> versions{{5, 0}};
};

// request (C706 12.6.4.9); the stub views the decoded buffer.
struct request_body {
    std::uint32_t alloc_hint = 0;
    std::uint16_t context_id = 0;
    std::uint16_t opnum = 0;
    std::optional<uuid> object;
    byte_span stub;
};

// response (C706 12.6.4.10).
struct response_body {
    std::uint32_t alloc_hint = 0;
    std::uint16_t context_id = 0;
    std::uint8_t cancel_count = 0;
    byte_span stub;
};

// fault (C706 12.6.4.7, MS-RPCE 2.2.2.11).
struct fault_body {
    std::uint32_t alloc_hint = 0;
    std::uint16_t context_id = 0;
    std::uint8_t cancel_count = 0;
    std::uint32_t status = 0;
};

// Fault status codes (C706 appendix E, MS-RPCE 2.2.2.11 / MS-ERREF).
inline constexpr std::uint32_t nca_s_op_rng_error = 0x1C010002;
inline constexpr std::uint32_t nca_s_unk_if = 0x1C010003;
inline constexpr std::uint32_t nca_s_proto_error = 0x1C01000B;
inline constexpr std::uint32_t nca_s_fault_invalid_tag = 0x1C000006;
inline constexpr std::uint32_t nca_s_fault_remote_no_memory = 0x1C00001B;
inline constexpr std::uint32_t nca_s_invalid_pres_context_id = 0x1C00001C;
inline constexpr std::uint32_t nca_s_unsupported_authn_level = 0x1C00001D;
inline constexpr std::uint32_t rpc_s_access_denied = 0x00000005;
inline constexpr std::uint32_t rpc_s_unsupported_authn_service = 0x000006D2;
inline constexpr std::uint32_t rpc_x_bad_stub_data = 0x000006F7;  // nca_s_fault_ndr

using pdu_body = std::variant<std::monostate, bind_body, bind_ack_body, bind_nak_body, request_body,
                              response_body, fault_body>;

struct pdu {
    header hdr;
    pdu_body body;   // monostate for types carried without a body here (auth3, shutdown, ...)
    byte_span auth;  // auth_value when auth_length != 0 (never used by this server)
};

// Reads the 16-byte common header and checks what every PDU must satisfy: version 5.0/5.1,
// frag_length within [16, available] and room for the auth trailer. Does not need the whole
// PDU: `data` may be just the first 16 bytes when only the length is wanted.
result<header> decode_header(byte_span data);
// Decodes one complete PDU from the first hdr.frag_length bytes of `data`.
result<pdu> decode_pdu(byte_span data);

// Encodes `p` (type from p.hdr.type, frag_length computed; auth is never written).
bytes encode_pdu(const pdu& p);

}  // namespace smbkit::rpc
