// MS-SMB2 2.2.31, 2.2.32, 2.2.31.4, 2.2.32.5, 2.2.32.6; MS-DFSC 2.2.2
#include "smb2/ioctl.hpp"

#include "core/utf16.hpp"
#include "smb2/wire.hpp"

namespace smbkit::smb2 {

namespace {

result<std::pair<bytes, bytes>> two_buffers(byte_span message, std::uint32_t in_off,
                                            std::uint32_t in_len, std::uint32_t out_off,
                                            std::uint32_t out_len, std::uint64_t min) {
    if (wire::overlaps(in_off, in_len, out_off, out_len)) return fail(ntstatus::invalid_parameter);
    auto in = wire::buffer(message, in_off, in_len, min);
    if (!in) return fail(in.error());
    auto out = wire::buffer(message, out_off, out_len, min);
    if (!out) return fail(out.error());
    return std::pair{bytes(in->begin(), in->end()), bytes(out->begin(), out->end())};
}

}  // namespace

result<ioctl_request> ioctl_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    ioctl_request q;
    r->u16();
    q.ctl_code = r->u32();
    q.id = wire::read_file_id(*r);
    std::uint32_t in_off = r->u32(), in_len = r->u32();
    q.max_input_response = r->u32();
    std::uint32_t out_off = r->u32(), out_len = r->u32();
    q.max_output_response = r->u32();
    q.flags = r->u32();
    r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto bufs = two_buffers(message, in_off, in_len, out_off, out_len, r->offset());
    if (!bufs) return fail(bufs.error());
    q.input = std::move(bufs->first);
    q.output = std::move(bufs->second);
    return q;
}

void ioctl_request::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u16(0);
    w.u32(ctl_code);
    wire::write_file_id(w, id);
    auto in_at = w.size();
    w.u32(0);
    w.u32(static_cast<std::uint32_t>(input.size()));
    w.u32(max_input_response);
    auto out_at = w.size();
    w.u32(0);
    w.u32(static_cast<std::uint32_t>(output.size()));
    w.u32(max_output_response);
    w.u32(flags);
    w.u32(0);
    // An empty buffer's offset points at the start of the variable part, as Samba sends it.
    auto buffer_start = static_cast<std::uint32_t>(w.size());
    w.patch_u32(in_at, buffer_start);
    w.put(input);
    if (!output.empty() && !input.empty()) w.align(8);
    w.patch_u32(out_at, output.empty() ? buffer_start : static_cast<std::uint32_t>(w.size()));
    w.put(output);
    wire::finish(w, start, structure_size);
}

result<ioctl_response> ioctl_response::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    ioctl_response s;
    r->u16();
    s.ctl_code = r->u32();
    s.id = wire::read_file_id(*r);
    std::uint32_t in_off = r->u32(), in_len = r->u32();
    std::uint32_t out_off = r->u32(), out_len = r->u32();
    s.flags = r->u32();
    r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    auto bufs = two_buffers(message, in_off, in_len, out_off, out_len, r->offset());
    if (!bufs) return fail(bufs.error());
    s.input = std::move(bufs->first);
    s.output = std::move(bufs->second);
    return s;
}

void ioctl_response::encode(writer& w) const {
    auto start = wire::begin(w, structure_size);
    w.u16(0);
    w.u32(ctl_code);
    wire::write_file_id(w, id);
    auto in_at = w.size();
    w.u32(0);
    w.u32(static_cast<std::uint32_t>(input.size()));
    auto out_at = w.size();
    w.u32(0);
    w.u32(static_cast<std::uint32_t>(output.size()));
    w.u32(flags);
    w.u32(0);
    w.patch_u32(in_at, static_cast<std::uint32_t>(w.size()));
    w.put(input);
    if (!output.empty() && !input.empty()) w.align(8);
    w.patch_u32(out_at, static_cast<std::uint32_t>(w.size()));
    w.put(output);
    wire::finish(w, start, structure_size);
}

result<validate_negotiate_info_request> validate_negotiate_info_request::decode(byte_span input) {
    reader r(input);
    validate_negotiate_info_request v;
    v.capabilities = r.u32();
    v.client_guid = wire::fixed<guid>(r);
    v.security_mode = r.u16();
    std::uint16_t count = r.u16();
    if (!r.ok() || count == 0 || std::size_t{count} * 2 != r.remaining())
        return fail(ntstatus::invalid_parameter);
    for (unsigned i = 0; i < count; ++i) v.dialects.push_back(r.u16());
    return v;
}

bytes validate_negotiate_info_request::encode() const {
    writer w;
    w.u32(capabilities);
    w.put(client_guid);
    w.u16(security_mode);
    w.u16(static_cast<std::uint16_t>(dialects.size()));
    for (auto d : dialects) w.u16(d);
    return w.take();
}

result<validate_negotiate_info_response> validate_negotiate_info_response::decode(
    byte_span output) {
    if (output.size() != 24) return fail(ntstatus::invalid_parameter);
    reader r(output);
    validate_negotiate_info_response v;
    v.capabilities = r.u32();
    v.server_guid = wire::fixed<guid>(r);
    v.security_mode = r.u16();
    v.dialect = r.u16();
    return v;
}

bytes validate_negotiate_info_response::encode() const {
    writer w;
    w.u32(capabilities);
    w.put(server_guid);
    w.u16(security_mode);
    w.u16(dialect);
    return w.take();
}

namespace {
constexpr std::uint16_t af_inet = 0x0002;
constexpr std::uint16_t af_inet6 = 0x0017;
constexpr std::size_t interface_entry_size = 152;
}  // namespace

result<std::vector<network_interface_info>> decode_network_interfaces(byte_span output) {
    std::vector<network_interface_info> out;
    std::size_t at = 0;
    while (at < output.size()) {
        if (!in_bounds(at, interface_entry_size, output.size()))
            return fail(ntstatus::invalid_parameter);
        reader r(output.subspan(at, interface_entry_size));
        std::uint32_t next = r.u32();
        network_interface_info n;
        n.if_index = r.u32();
        n.capability = r.u32();
        r.u32();
        n.link_speed = r.u64();
        std::uint16_t family = r.u16();
        n.port = r.u16be();
        if (family == af_inet) {
            auto a = r.take(4);
            if (a.size() == 4) std::copy(a.begin(), a.end(), n.address.begin());
        } else if (family == af_inet6) {
            n.ipv6 = true;
            n.flow_info = r.u32();
            n.address = wire::fixed<std::array<std::uint8_t, 16>>(r);
            n.scope_id = r.u32();
        } else {
            return fail(ntstatus::invalid_parameter);
        }
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        out.push_back(n);
        if (next == 0) break;
        if (next < interface_entry_size || next % 8 || next >= output.size() - at)
            return fail(ntstatus::invalid_parameter);
        at += next;
    }
    return out;
}

bytes encode_network_interfaces(const std::vector<network_interface_info>& list) {
    writer w;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& n = list[i];
        std::size_t start = w.size();
        w.u32(i + 1 < list.size() ? interface_entry_size : 0);
        w.u32(n.if_index);
        w.u32(n.capability);
        w.u32(0);
        w.u64(n.link_speed);
        w.u16(n.ipv6 ? af_inet6 : af_inet);
        w.u16be(n.port);
        if (n.ipv6) {
            w.u32(n.flow_info);
            w.put(n.address);
            w.u32(n.scope_id);
        } else {
            w.put(byte_span(n.address).first(4));
        }
        w.zeros(interface_entry_size - (w.size() - start));
    }
    return w.take();
}

result<dfs_referral_request> dfs_referral_request::decode(byte_span input) {
    reader r(input);
    dfs_referral_request d;
    d.max_referral_level = r.u16();
    if (!r.ok() || r.remaining() % 2) return fail(ntstatus::invalid_parameter);
    auto rest = r.take(r.remaining());
    // The name is NUL-terminated UTF-16; stop at the terminator.
    std::size_t len = 0;
    while (len + 1 < rest.size() && (rest[len] || rest[len + 1])) len += 2;
    if (len + 1 >= rest.size()) return fail(ntstatus::invalid_parameter);
    auto name = wire::name(rest.first(len));
    if (!name) return fail(name.error());
    d.request_file_name = std::move(*name);
    return d;
}

bytes dfs_referral_request::encode() const {
    writer w;
    w.u16(max_referral_level);
    w.put(wire::utf16(request_file_name));
    w.u16(0);
    return w.take();
}

}  // namespace smbkit::smb2
