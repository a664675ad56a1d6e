// RFC 1002 4.3.1 - 4.3.7.
#include "netbios/nbss/session.hpp"

namespace smbkit::netbios::nbss {

result<packet_header> decode_header(byte_span four) {
    reader r(four, byte_order::big);
    auto type = r.u8();
    auto flags = r.u8();
    auto len16 = r.u16be();
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    packet_header h;
    switch (type) {
    case 0x00:
        h.type = packet_type::session_message;
        h.length = (std::uint32_t(flags) << 16) | len16;
        return h;
    case 0x81: case 0x82: case 0x83: case 0x84: case 0x85:
        // RFC 1002 4.3.1: only bit 0 (E, length extension) may be set.
        if (flags & 0xFE) return fail(ntstatus::invalid_parameter);
        h.type = static_cast<packet_type>(type);
        h.length = (std::uint32_t(flags & 1) << 16) | len16;
        return h;
    default:
        return fail(ntstatus::invalid_parameter);
    }
}

void encode_header(writer& w, packet_type type, std::uint32_t length) {
    w.u8(static_cast<std::uint8_t>(type));
    if (type == packet_type::session_message) {
        w.u8(static_cast<std::uint8_t>((length >> 16) & 0xFF));
    } else {
        w.u8(static_cast<std::uint8_t>((length >> 16) & 1));
    }
    w.u16be(static_cast<std::uint16_t>(length & 0xFFFF));
}

result<session_request> decode_session_request(byte_span payload) {
    reader r(payload, byte_order::big);
    session_request req;
    auto called = read_name(r);
    if (!called) return fail(ntstatus::invalid_parameter);
    auto calling = read_name(r);
    if (!calling) return fail(ntstatus::invalid_parameter);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    req.called = std::move(*called);
    req.calling = std::move(*calling);
    return req;
}

bytes encode_session_request(const session_request& req) {
    writer body(byte_order::big);
    write_name(body, req.called);
    write_name(body, req.calling);
    writer w(byte_order::big);
    encode_header(w, packet_type::session_request, static_cast<std::uint32_t>(body.size()));
    w.put(body.data());
    return w.take();
}

bytes encode_positive_response() {
    writer w(byte_order::big);
    encode_header(w, packet_type::positive_response, 0);
    return w.take();
}

bytes encode_negative_response(std::uint8_t code) {
    writer w(byte_order::big);
    encode_header(w, packet_type::negative_response, 1);
    w.u8(code);
    return w.take();
}

bytes encode_keep_alive() {
    writer w(byte_order::big);
    encode_header(w, packet_type::keep_alive, 0);
    return w.take();
}

result<std::uint8_t> decode_negative_response(byte_span payload) {
    if (payload.size() != 1) return fail(ntstatus::invalid_parameter);
    return payload[0];
}

}  // namespace smbkit::netbios::nbss
