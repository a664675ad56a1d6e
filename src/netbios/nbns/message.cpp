// RFC 1002 4.2.1 (header, question, resource record) and 4.2.18 (node status RDATA).
#include "netbios/nbns/message.hpp"

#include <cstdio>

namespace smbkit::nbns {
namespace {

constexpr std::uint16_t flag_response = 0x8000;
constexpr std::uint16_t flag_aa = 0x0400;
constexpr std::uint16_t flag_tc = 0x0200;
constexpr std::uint16_t flag_rd = 0x0100;
constexpr std::uint16_t flag_ra = 0x0080;
constexpr std::uint16_t flag_reserved = 0x0060;
constexpr std::uint16_t flag_b = 0x0010;

constexpr std::size_t header_size = 12;
constexpr std::size_t min_question_size = 2 + 4;  // a pointer, type, class
constexpr std::size_t min_record_size = 2 + 10;   // a pointer, type, class, ttl, rdlength
constexpr std::size_t node_entry_size = 18;

result<node_status> read_node_status(reader& r) {
    node_status st;
    std::uint8_t count = r.u8();
    if (!r.ok() || r.remaining() < std::size_t{count} * node_entry_size)
        return fail(ntstatus::invalid_network_response);
    st.names.reserve(count);
    for (int i = 0; i < count; ++i) {
        node_name_entry e;
        auto raw = r.take(16);
        std::copy(raw.begin(), raw.end(), e.raw.begin());
        e.flags = name_flags::from_value(r.u16be());
        st.names.push_back(e);
    }
    std::size_t stats_len = std::min(r.remaining(), statistics_size);
    bytes stats(statistics_size, 0);
    auto given = r.take(stats_len);
    std::copy(given.begin(), given.end(), stats.begin());
    st.statistics_length = stats_len;
    auto rest = r.take(r.remaining());
    st.trailing.assign(rest.begin(), rest.end());

    reader s(stats, byte_order::big);
    auto& t = st.statistics;
    auto mac = s.take(6);
    std::copy(mac.begin(), mac.end(), t.unit_id.begin());
    t.jumpers = s.u8();
    t.test_result = s.u8();
    t.version_number = s.u16();
    t.period_of_statistics = s.u16();
    t.number_of_crcs = s.u16();
    t.number_alignment_errors = s.u16();
    t.number_of_collisions = s.u16();
    t.number_send_aborts = s.u16();
    t.number_good_sends = s.u32();
    t.number_good_receives = s.u32();
    t.number_retransmits = s.u16();
    t.number_no_resource_conditions = s.u16();
    t.number_free_command_blocks = s.u16();
    t.total_number_command_blocks = s.u16();
    t.max_total_number_command_blocks = s.u16();
    t.number_pending_sessions = s.u16();
    t.max_number_pending_sessions = s.u16();
    t.max_total_sessions_possible = s.u16();
    t.session_data_packet_size = s.u16();
    if (!r.ok() || !s.ok()) return fail(ntstatus::invalid_network_response);
    return st;
}

void write_node_status(writer& w, const node_status& st) {
    auto count = std::min<std::size_t>(st.names.size(), 255);
    w.u8(static_cast<std::uint8_t>(count));
    for (std::size_t i = 0; i < count; ++i) {
        w.put(byte_span(st.names[i].raw));
        w.u16be(st.names[i].flags.value());
    }
    writer s(byte_order::big);
    const auto& t = st.statistics;
    s.put(byte_span(t.unit_id));
    s.u8(t.jumpers);
    s.u8(t.test_result);
    s.u16(t.version_number);
    s.u16(t.period_of_statistics);
    s.u16(t.number_of_crcs);
    s.u16(t.number_alignment_errors);
    s.u16(t.number_of_collisions);
    s.u16(t.number_send_aborts);
    s.u32(t.number_good_sends);
    s.u32(t.number_good_receives);
    s.u16(t.number_retransmits);
    s.u16(t.number_no_resource_conditions);
    s.u16(t.number_free_command_blocks);
    s.u16(t.total_number_command_blocks);
    s.u16(t.max_total_number_command_blocks);
    s.u16(t.number_pending_sessions);
    s.u16(t.max_number_pending_sessions);
    s.u16(t.max_total_sessions_possible);
    s.u16(t.session_data_packet_size);
    auto len = std::min(st.statistics_length, statistics_size);
    w.put(byte_span(s.data()).first(len));
    w.put(byte_span(st.trailing));
}

// RDATA by RR_TYPE (and, for the WACK, by OPCODE). `r` covers exactly RDLENGTH bytes of the
// message but keeps the whole message visible for NSD_NAME compression pointers, so it is a
// reader over the message positioned at the RDATA; `end` is where the RDATA stops.
result<rdata> read_rdata(reader& msg, std::size_t end, std::uint16_t type, opcode op) {
    std::size_t start = msg.offset();
    std::size_t len = end - start;
    auto rest = [&]() -> rdata {
        auto b = msg.take(len);
        return bytes(b.begin(), b.end());
    };
    switch (static_cast<rr_type>(type)) {
    case rr_type::nb:
        if (op == opcode::wack && len == 2) return wack_rdata{msg.u16be()};
        if (len % 6 == 0) {
            std::vector<nb_address> addrs;
            addrs.reserve(len / 6);
            for (std::size_t i = 0; i < len / 6; ++i) {
                auto flags = msg.u16be();
                std::array<std::uint8_t, 4> ip{};
                auto b = msg.take(4);
                std::copy(b.begin(), b.end(), ip.begin());
                addrs.push_back(nb_address::from_flags(flags, ip));
            }
            return addrs;
        }
        return rest();
    case rr_type::nbstat: {
        if (len == 0) return rest();
        reader sub = msg.sub(start, len);
        auto st = read_node_status(sub);
        if (!st) return fail(st.error());
        msg.skip(len);
        return *st;
    }
    case rr_type::ns: {
        if (len == 0) return rest();
        auto dn = netbios::read_domain_name(msg);
        if (!dn || msg.offset() != end) return fail(ntstatus::invalid_network_response);
        return *dn;
    }
    case rr_type::a:
        if (len == 4) {
            std::array<std::uint8_t, 4> ip{};
            auto b = msg.take(4);
            std::copy(b.begin(), b.end(), ip.begin());
            return ip;
        }
        return rest();
    default:
        return rest();
    }
}

result<resource_record> read_record(reader& r, opcode op) {
    resource_record rr;
    auto name = netbios::read_name(r);
    if (!name) return fail(name.error());
    rr.name = std::move(*name);
    rr.type = r.u16be();
    rr.cls = r.u16be();
    rr.ttl = r.u32be();
    std::uint16_t rdlength = r.u16be();
    if (!r.ok() || r.remaining() < rdlength) return fail(ntstatus::invalid_network_response);
    auto data = read_rdata(r, r.offset() + rdlength, rr.type, op);
    if (!data || !r.ok()) return fail(ntstatus::invalid_network_response);
    rr.data = std::move(*data);
    return rr;
}

struct rdata_writer {
    writer& w;
    netbios::name_compressor& names;
    void operator()(const bytes& b) { w.put(byte_span(b)); }
    void operator()(const std::vector<nb_address>& v) {
        for (const auto& a : v) {
            w.u16be(a.flags());
            w.put(byte_span(a.ip));
        }
    }
    void operator()(const node_status& st) { write_node_status(w, st); }
    void operator()(const wack_rdata& wk) { w.u16be(wk.request_flags); }
    void operator()(const domain_name& dn) { names.write(w, dn); }
    void operator()(const std::array<std::uint8_t, 4>& ip) { w.put(byte_span(ip)); }
};

void write_record(writer& w, netbios::name_compressor& names, const resource_record& rr) {
    names.write(w, rr.name);
    w.u16be(rr.type);
    w.u16be(rr.cls);
    w.u32be(rr.ttl);
    auto at = w.size();
    w.u16be(0);
    std::visit(rdata_writer{w, names}, rr.data);
    w.patch_u16be(at, static_cast<std::uint16_t>(w.size() - at - 2));
}

}  // namespace

bool is_known_opcode(std::uint8_t op) {
    switch (op) {
    case 0x0: case 0x5: case 0x6: case 0x7: case 0x8: case 0x9: case 0xF: return true;
    default: return false;
    }
}

const char* opcode_name(opcode op) {
    switch (op) {
    case opcode::query: return "query";
    case opcode::registration: return "registration";
    case opcode::release: return "release";
    case opcode::wack: return "wack";
    case opcode::refresh: return "refresh";
    case opcode::refresh_alt: return "refresh(9)";
    case opcode::multihomed_registration: return "multi-homed registration";
    }
    return "unknown";
}

const char* rcode_name(std::uint8_t rc) {
    switch (rc) {
    case 0: return "OK";
    case 1: return "FMT_ERR";
    case 2: return "SRV_ERR";
    case 3: return "NAM_ERR";
    case 4: return "IMP_ERR";
    case 5: return "RFS_ERR";
    case 6: return "ACT_ERR";
    case 7: return "CFT_ERR";
    default: return "RCODE?";
    }
}

const char* node_type_name(node_type t) {
    switch (t) {
    case node_type::b: return "B";
    case node_type::p: return "P";
    case node_type::m: return "M";
    case node_type::h: return "H";
    }
    return "?";
}

std::uint16_t nb_address::flags() const {
    return static_cast<std::uint16_t>((group ? 0x8000 : 0) | (static_cast<int>(ont) << 13) |
                                      (reserved & 0x1FFF));
}

nb_address nb_address::from_flags(std::uint16_t flags, std::array<std::uint8_t, 4> ip) {
    nb_address a;
    a.group = (flags & 0x8000) != 0;
    a.ont = static_cast<node_type>((flags >> 13) & 3);
    a.reserved = flags & 0x1FFF;
    a.ip = ip;
    return a;
}

std::uint16_t name_flags::value() const {
    return static_cast<std::uint16_t>((group ? 0x8000 : 0) | (static_cast<int>(ont) << 13) |
                                      (deregister ? 0x1000 : 0) | (conflict ? 0x0800 : 0) |
                                      (active ? 0x0400 : 0) | (permanent ? 0x0200 : 0) |
                                      (reserved & 0x01FF));
}

name_flags name_flags::from_value(std::uint16_t v) {
    name_flags f;
    f.group = (v & 0x8000) != 0;
    f.ont = static_cast<node_type>((v >> 13) & 3);
    f.deregister = (v & 0x1000) != 0;
    f.conflict = (v & 0x0800) != 0;
    f.active = (v & 0x0400) != 0;
    f.permanent = (v & 0x0200) != 0;
    f.reserved = v & 0x01FF;
    return f;
}

std::string node_name_entry::name() const {
    std::size_t end = 15;
    while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == 0)) --end;
    return std::string(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(end));
}

std::string node_status::mac() const {
    char buf[24];
    const auto& m = statistics.unit_id;
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                  m[5]);
    return buf;
}

std::uint16_t message::flags() const {
    std::uint16_t f = static_cast<std::uint16_t>((static_cast<unsigned>(opcode) & 0xF) << 11);
    if (response) f |= flag_response;
    if (authoritative) f |= flag_aa;
    if (truncated) f |= flag_tc;
    if (recursion_desired) f |= flag_rd;
    if (recursion_available) f |= flag_ra;
    if (broadcast) f |= flag_b;
    f |= static_cast<std::uint16_t>((reserved_flags << 5) & flag_reserved);
    f |= rcode & 0xF;
    return f;
}

result<message> decode(byte_span packet) {
    reader r(packet, byte_order::big);
    message m;
    m.transaction_id = r.u16be();
    std::uint16_t flags = r.u16be();
    std::uint16_t qd = r.u16be(), an = r.u16be(), ns = r.u16be(), ar = r.u16be();
    if (!r.ok()) return fail(ntstatus::invalid_network_response);
    std::uint8_t op = (flags >> 11) & 0xF;
    if (!is_known_opcode(op)) return fail(ntstatus::invalid_network_response);
    m.response = (flags & flag_response) != 0;
    m.opcode = static_cast<opcode>(op);
    m.authoritative = (flags & flag_aa) != 0;
    m.truncated = (flags & flag_tc) != 0;
    m.recursion_desired = (flags & flag_rd) != 0;
    m.recursion_available = (flags & flag_ra) != 0;
    m.broadcast = (flags & flag_b) != 0;
    m.reserved_flags = static_cast<std::uint8_t>((flags & flag_reserved) >> 5);
    m.rcode = flags & 0xF;
    // Every entry takes some bytes, so counts that cannot fit are refused before any work.
    std::uint64_t least = std::uint64_t{qd} * min_question_size +
                          (std::uint64_t{an} + ns + ar) * min_record_size;
    if (least > packet.size() - header_size) return fail(ntstatus::invalid_network_response);

    m.questions.reserve(qd);
    for (int i = 0; i < qd; ++i) {
        question q;
        auto name = netbios::read_name(r);
        if (!name) return fail(name.error());
        q.name = std::move(*name);
        q.type = r.u16be();
        q.cls = r.u16be();
        if (!r.ok()) return fail(ntstatus::invalid_network_response);
        m.questions.push_back(std::move(q));
    }
    for (auto [count, list] : {std::pair{an, &m.answers}, std::pair{ns, &m.authority},
                               std::pair{ar, &m.additional}}) {
        list->reserve(count);
        for (int i = 0; i < count; ++i) {
            auto rr = read_record(r, m.opcode);
            if (!rr) return fail(rr.error());
            list->push_back(std::move(*rr));
        }
    }
    return m;
}

bytes encode(const message& m) {
    writer w(byte_order::big);
    w.u16be(m.transaction_id);
    w.u16be(m.flags());
    auto count = [](std::size_t n) { return static_cast<std::uint16_t>(std::min<std::size_t>(n, 0xFFFF)); };
    w.u16be(count(m.questions.size()));
    w.u16be(count(m.answers.size()));
    w.u16be(count(m.authority.size()));
    w.u16be(count(m.additional.size()));
    netbios::name_compressor names;
    for (std::size_t i = 0; i < count(m.questions.size()); ++i) {
        names.write(w, m.questions[i].name);
        w.u16be(m.questions[i].type);
        w.u16be(m.questions[i].cls);
    }
    for (const auto* list : {&m.answers, &m.authority, &m.additional})
        for (std::size_t i = 0; i < count(list->size()); ++i) write_record(w, names, (*list)[i]);
    return w.take();
}

std::string describe(const message& m) {
    std::string out = opcode_name(m.opcode);
    out += m.response ? " response" : " request";
    const netbios_name* name = nullptr;
    if (!m.questions.empty()) name = &m.questions[0].name;
    else if (!m.answers.empty()) name = &m.answers[0].name;
    else if (!m.additional.empty()) name = &m.additional[0].name;
    if (name) out += " " + name->to_string();
    char buf[64];
    std::snprintf(buf, sizeof buf, " id=0x%04x", m.transaction_id);
    out += buf;
    if (m.authoritative) out += " AA";
    if (m.truncated) out += " TC";
    if (m.recursion_desired) out += " RD";
    if (m.recursion_available) out += " RA";
    if (m.broadcast) out += " B";
    if (m.rcode) out += std::string(" ") + rcode_name(m.rcode);
    return out;
}

}  // namespace smbkit::nbns
