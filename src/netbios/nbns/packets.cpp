// RFC 1002 4.2.2-4.2.18: the typed name service packets.
#include "netbios/nbns/packets.hpp"

namespace smbkit::nbns {
namespace {

message base(std::uint16_t id, opcode op, bool response) {
    message m;
    m.transaction_id = id;
    m.opcode = op;
    m.response = response;
    return m;
}

resource_record nb_record(const netbios_name& name, std::uint32_t ttl,
                          std::vector<nb_address> addrs) {
    resource_record rr;
    rr.name = name;
    rr.type = static_cast<std::uint16_t>(rr_type::nb);
    rr.ttl = ttl;
    rr.data = std::move(addrs);
    return rr;
}

question nb_question(const netbios_name& name, rr_type type = rr_type::nb) {
    return question{name, static_cast<std::uint16_t>(type), class_in};
}

std::uint16_t first_type(const std::vector<resource_record>& v) { return v.empty() ? 0 : v[0].type; }

}  // namespace

const char* packet_kind_name(packet_kind k) {
    switch (k) {
    case packet_kind::name_query_request: return "name query request";
    case packet_kind::node_status_request: return "node status request";
    case packet_kind::positive_query_response: return "positive name query response";
    case packet_kind::negative_query_response: return "negative name query response";
    case packet_kind::redirect_query_response: return "redirect name query response";
    case packet_kind::node_status_response: return "node status response";
    case packet_kind::registration_request: return "name registration request";
    case packet_kind::multihomed_registration_request: return "multi-homed registration request";
    case packet_kind::refresh_request: return "name refresh request";
    case packet_kind::registration_response: return "name registration response";
    case packet_kind::conflict_demand: return "name conflict demand";
    case packet_kind::release_request: return "name release request";
    case packet_kind::release_response: return "name release response";
    case packet_kind::wack: return "wait for acknowledgement";
    }
    return "unknown";
}

result<packet_kind> classify(const message& m) {
    const auto bad = fail(ntstatus::invalid_network_response);
    auto nb = static_cast<std::uint16_t>(rr_type::nb);
    auto nbstat = static_cast<std::uint16_t>(rr_type::nbstat);
    if (!m.response) {
        // Requests name what they are about in the question; registrations, refreshes and
        // releases carry the address in the additional record (RFC 1002 4.2.2, 4.2.4, 4.2.9).
        if (m.questions.empty()) return bad;
        auto qtype = m.questions[0].type;
        bool has_nb_additional = !m.additional.empty() && m.additional[0].addresses() &&
                                 !m.additional[0].addresses()->empty();
        switch (m.opcode) {
        case opcode::query:
            if (qtype == nb) return packet_kind::name_query_request;
            if (qtype == nbstat) return packet_kind::node_status_request;
            return bad;
        case opcode::registration:
            if (qtype != nb || !has_nb_additional) return bad;
            return packet_kind::registration_request;
        case opcode::multihomed_registration:
            if (qtype != nb || !has_nb_additional) return bad;
            return packet_kind::multihomed_registration_request;
        case opcode::refresh:
        case opcode::refresh_alt:
            if (qtype != nb || !has_nb_additional) return bad;
            return packet_kind::refresh_request;
        case opcode::release:
            if (qtype != nb || !has_nb_additional) return bad;
            return packet_kind::release_request;
        case opcode::wack:
            return bad;  // only ever a response
        }
        return bad;
    }
    switch (m.opcode) {
    case opcode::query:
        if (!m.answers.empty()) {
            const auto& a = m.answers[0];
            if (a.type == nbstat) {
                if (!a.status() || m.rcode != 0) return bad;
                return packet_kind::node_status_response;
            }
            if (m.rcode != 0) return packet_kind::negative_query_response;
            if (a.type == nb && a.addresses() && !a.addresses()->empty())
                return packet_kind::positive_query_response;
            return bad;
        }
        if (m.rcode != 0) return packet_kind::negative_query_response;
        if (first_type(m.authority) == static_cast<std::uint16_t>(rr_type::ns))
            return packet_kind::redirect_query_response;
        return bad;
    case opcode::registration:
    case opcode::multihomed_registration:
    case opcode::refresh:
    case opcode::refresh_alt:
        if (m.answers.empty()) return bad;
        if (m.rcode == static_cast<std::uint8_t>(rcode::cft_err) && m.opcode == opcode::registration)
            return packet_kind::conflict_demand;
        return packet_kind::registration_response;
    case opcode::release:
        if (m.answers.empty()) return bad;
        return packet_kind::release_response;
    case opcode::wack:
        if (m.answers.empty()) return bad;
        return packet_kind::wack;
    }
    return bad;
}

message make_name_query(std::uint16_t id, const netbios_name& name, bool broadcast,
                        bool recursion_desired) {
    auto m = base(id, opcode::query, false);
    m.broadcast = broadcast;
    m.recursion_desired = recursion_desired;
    m.questions.push_back(nb_question(name));
    return m;
}

message make_node_status_request(std::uint16_t id, const netbios_name& name) {
    auto m = base(id, opcode::query, false);
    m.questions.push_back(nb_question(name, rr_type::nbstat));
    return m;
}

message make_registration_request(std::uint16_t id, const netbios_name& name,
                                  const nb_address& address, const registration_options& o) {
    auto m = base(id, o.multihomed ? opcode::multihomed_registration : opcode::registration, false);
    m.broadcast = o.broadcast && !o.multihomed;
    m.recursion_desired = true;
    m.questions.push_back(nb_question(name));
    m.additional.push_back(nb_record(name, o.ttl, {address}));
    return m;
}

message make_refresh_request(std::uint16_t id, const netbios_name& name, const nb_address& address,
                             std::uint32_t ttl, bool opcode_9) {
    auto m = base(id, opcode_9 ? opcode::refresh_alt : opcode::refresh, false);
    m.questions.push_back(nb_question(name));
    m.additional.push_back(nb_record(name, ttl, {address}));
    return m;
}

message make_release_request(std::uint16_t id, const netbios_name& name, const nb_address& address,
                             bool broadcast) {
    auto m = base(id, opcode::release, false);
    m.broadcast = broadcast;
    m.questions.push_back(nb_question(name));
    m.additional.push_back(nb_record(name, 0, {address}));
    return m;
}

message make_positive_query_response(std::uint16_t id, const netbios_name& name,
                                     std::vector<nb_address> addresses, std::uint32_t ttl,
                                     bool recursion_desired, bool recursion_available) {
    auto m = base(id, opcode::query, true);
    m.authoritative = true;
    m.recursion_desired = recursion_desired;
    m.recursion_available = recursion_available;
    m.answers.push_back(nb_record(name, ttl, std::move(addresses)));
    return m;
}

message make_negative_query_response(std::uint16_t id, const netbios_name& name, rcode error,
                                     bool recursion_desired, bool recursion_available) {
    auto m = base(id, opcode::query, true);
    m.authoritative = true;
    m.recursion_desired = recursion_desired;
    m.recursion_available = recursion_available;
    m.rcode = static_cast<std::uint8_t>(error);
    resource_record rr;
    rr.name = name;
    rr.type = static_cast<std::uint16_t>(rr_type::null);
    rr.data = bytes{};
    m.answers.push_back(std::move(rr));
    return m;
}

message make_redirect_query_response(std::uint16_t id, const netbios_name& name,
                                     const domain_name& server, std::array<std::uint8_t, 4> ip,
                                     std::uint32_t ttl, bool recursion_desired) {
    auto m = base(id, opcode::query, true);
    m.recursion_desired = recursion_desired;
    m.recursion_available = true;
    resource_record ns;
    ns.name = name;
    ns.type = static_cast<std::uint16_t>(rr_type::ns);
    ns.ttl = ttl;
    ns.data = server;
    m.authority.push_back(std::move(ns));
    resource_record a;
    a.name = name;
    a.type = static_cast<std::uint16_t>(rr_type::a);
    a.ttl = ttl;
    a.data = ip;
    m.additional.push_back(std::move(a));
    return m;
}

message make_node_status_response(std::uint16_t id, const netbios_name& name, node_status status) {
    auto m = base(id, opcode::query, true);
    m.authoritative = true;
    resource_record rr;
    rr.name = name;
    rr.type = static_cast<std::uint16_t>(rr_type::nbstat);
    rr.ttl = 0;
    rr.data = std::move(status);
    m.answers.push_back(std::move(rr));
    return m;
}

message make_registration_response(std::uint16_t id, const netbios_name& name,
                                   const nb_address& address, rcode result, std::uint32_t ttl,
                                   bool recursion_desired, bool recursion_available) {
    auto m = base(id, opcode::registration, true);
    m.authoritative = true;
    m.recursion_desired = recursion_desired;
    m.recursion_available = recursion_available;
    m.rcode = static_cast<std::uint8_t>(result);
    m.answers.push_back(nb_record(name, ttl, {address}));
    return m;
}

message make_conflict_demand(std::uint16_t id, const netbios_name& name, const nb_address& address) {
    return make_registration_response(id, name, address, rcode::cft_err, 0, true, true);
}

message make_release_response(std::uint16_t id, const netbios_name& name, const nb_address& address,
                              rcode result) {
    auto m = base(id, opcode::release, true);
    m.authoritative = true;
    m.rcode = static_cast<std::uint8_t>(result);
    m.answers.push_back(nb_record(name, 0, {address}));
    return m;
}

message make_wack(const message& request, std::uint32_t ttl) {
    auto m = base(request.transaction_id, opcode::wack, true);
    m.authoritative = true;
    resource_record rr;
    if (const auto* n = subject_name(request)) rr.name = *n;
    rr.type = static_cast<std::uint16_t>(rr_type::nb);
    rr.ttl = ttl;
    rr.data = wack_rdata{request.flags()};
    m.answers.push_back(std::move(rr));
    return m;
}

std::optional<nb_address> first_address(const message& m) {
    for (const auto* list : {&m.answers, &m.additional}) {
        if (list->empty()) continue;
        if (const auto* a = (*list)[0].addresses(); a && !a->empty()) return (*a)[0];
    }
    return std::nullopt;
}

const netbios_name* subject_name(const message& m) {
    if (!m.questions.empty()) return &m.questions[0].name;
    if (!m.answers.empty()) return &m.answers[0].name;
    if (!m.authority.empty()) return &m.authority[0].name;
    if (!m.additional.empty()) return &m.additional[0].name;
    return nullptr;
}

}  // namespace smbkit::nbns
