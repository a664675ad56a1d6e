// MS-SMB2 2.2.13.2, 2.2.14.2
#include "smb2/create_context.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

namespace {

create_context make(std::string_view name, writer& w) {
    return {std::string(name), w.take()};
}

result<reader> exact(byte_span data, std::size_t size) {
    if (data.size() != size) return fail(ntstatus::invalid_parameter);
    return reader(data);
}

}  // namespace

const create_context* find_context(const std::vector<create_context>& list,
                                   std::string_view name) {
    for (const auto& c : list)
        if (c.name == name) return &c;
    return nullptr;
}

result<std::vector<create_context>> decode_create_contexts(byte_span list) {
    std::vector<create_context> out;
    std::size_t at = 0;
    while (at < list.size()) {
        byte_span here = list.subspan(at);
        reader r(here);
        std::uint32_t next = r.u32();
        std::uint16_t name_off = r.u16();
        std::uint16_t name_len = r.u16();
        r.u16();
        std::uint16_t data_off = r.u16();
        std::uint32_t data_len = r.u32();
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        std::uint64_t end = next ? next : here.size();
        if (next && (next % 8 != 0 || next >= here.size()))
            return fail(ntstatus::invalid_parameter);
        // Name and data stay within this entry, after its 16-byte head, and apart.
        if (name_len == 0 || name_off < 16 || !in_bounds(name_off, name_len, end))
            return fail(ntstatus::invalid_parameter);
        if (data_len && (data_off < 16 || !in_bounds(data_off, data_len, end) ||
                         wire::overlaps(name_off, name_len, data_off, data_len)))
            return fail(ntstatus::invalid_parameter);
        create_context c;
        auto name = here.subspan(name_off, name_len);
        c.name.assign(name.begin(), name.end());
        if (data_len) {
            auto data = here.subspan(data_off, data_len);
            c.data.assign(data.begin(), data.end());
        }
        out.push_back(std::move(c));
        if (!next) break;
        at += next;
    }
    return out;
}

void encode_create_contexts(writer& w, const std::vector<create_context>& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& c = list[i];
        std::size_t start = w.size();
        w.u32(0);
        w.u16(16);
        w.u16(static_cast<std::uint16_t>(c.name.size()));
        w.u16(0);
        std::size_t data_off_at = w.size();
        w.u16(0);
        w.u32(static_cast<std::uint32_t>(c.data.size()));
        w.put(c.name);
        if (!c.data.empty()) {
            while ((w.size() - start) % 8) w.u8(0);
            w.patch_u16(data_off_at, static_cast<std::uint16_t>(w.size() - start));
            w.put(c.data);
        }
        if (i + 1 < list.size()) {
            while ((w.size() - start) % 8) w.u8(0);
            w.patch_u32(start, static_cast<std::uint32_t>(w.size() - start));
        }
    }
}

result<mxac_request> mxac_request::parse(byte_span data) {
    if (data.empty()) return mxac_request{};
    auto r = exact(data, 8);
    if (!r) return fail(r.error());
    return mxac_request{r->u64(), true};
}

create_context mxac_request::to_context() const {
    writer w;
    if (has_timestamp) w.u64(timestamp);
    return make(create_context_name::query_maximal_access, w);
}

result<mxac_response> mxac_response::parse(byte_span data) {
    auto r = exact(data, 8);
    if (!r) return fail(r.error());
    mxac_response m;
    m.query_status = static_cast<ntstatus>(r->u32());
    m.maximal_access = r->u32();
    return m;
}

create_context mxac_response::to_context() const {
    writer w;
    w.u32(to_u32(query_status));
    w.u32(maximal_access);
    return make(create_context_name::query_maximal_access, w);
}

result<qfid_response> qfid_response::parse(byte_span data) {
    auto r = exact(data, 32);
    if (!r) return fail(r.error());
    return qfid_response{wire::fixed<std::array<std::uint8_t, 32>>(*r)};
}

create_context qfid_response::to_context() const {
    writer w;
    w.put(on_disk_id);
    return make(create_context_name::query_on_disk_id, w);
}

result<durable_request> durable_request::parse(byte_span data) {
    auto r = exact(data, 16);
    if (!r) return fail(r.error());
    return durable_request{};
}

create_context durable_request::to_context() const {
    writer w;
    w.zeros(16);
    return make(create_context_name::durable_handle_request, w);
}

create_context durable_response_context() {
    writer w;
    w.zeros(8);
    return make(create_context_name::durable_handle_request, w);
}

result<durable_reconnect> durable_reconnect::parse(byte_span data) {
    auto r = exact(data, 16);
    if (!r) return fail(r.error());
    return durable_reconnect{wire::read_file_id(*r)};
}

create_context durable_reconnect::to_context() const {
    writer w;
    wire::write_file_id(w, id);
    return make(create_context_name::durable_handle_reconnect, w);
}

result<durable_v2_request> durable_v2_request::parse(byte_span data) {
    auto r = exact(data, 32);
    if (!r) return fail(r.error());
    durable_v2_request d;
    d.timeout = r->u32();
    d.flags = r->u32();
    r->skip(8);
    d.create_guid = wire::fixed<guid>(*r);
    return d;
}

create_context durable_v2_request::to_context() const {
    writer w;
    w.u32(timeout);
    w.u32(flags);
    w.zeros(8);
    w.put(create_guid);
    return make(create_context_name::durable_handle_request_v2, w);
}

result<durable_v2_response> durable_v2_response::parse(byte_span data) {
    auto r = exact(data, 8);
    if (!r) return fail(r.error());
    durable_v2_response d;
    d.timeout = r->u32();
    d.flags = r->u32();
    return d;
}

create_context durable_v2_response::to_context() const {
    writer w;
    w.u32(timeout);
    w.u32(flags);
    return make(create_context_name::durable_handle_request_v2, w);
}

result<durable_v2_reconnect> durable_v2_reconnect::parse(byte_span data) {
    auto r = exact(data, 36);
    if (!r) return fail(r.error());
    durable_v2_reconnect d;
    d.id = wire::read_file_id(*r);
    d.create_guid = wire::fixed<guid>(*r);
    d.flags = r->u32();
    return d;
}

create_context durable_v2_reconnect::to_context() const {
    writer w;
    wire::write_file_id(w, id);
    w.put(create_guid);
    w.u32(flags);
    return make(create_context_name::durable_handle_reconnect_v2, w);
}

result<lease> lease::parse(byte_span data) {
    if (data.size() != 32 && data.size() != 52) return fail(ntstatus::invalid_parameter);
    reader r(data);
    lease l;
    l.v2 = data.size() == 52;
    l.key = wire::fixed<lease_key>(r);
    l.state = r.u32();
    l.flags = r.u32();
    l.duration = r.u64();
    if (l.v2) {
        l.parent_key = wire::fixed<lease_key>(r);
        l.epoch = r.u16();
        r.u16();
    }
    return l;
}

create_context lease::to_context() const {
    writer w;
    w.put(key);
    w.u32(state);
    w.u32(flags);
    w.u64(duration);
    if (v2) {
        w.put(parent_key);
        w.u16(epoch);
        w.u16(0);
    }
    return make(create_context_name::request_lease, w);
}

result<timewarp_token> timewarp_token::parse(byte_span data) {
    auto r = exact(data, 8);
    if (!r) return fail(r.error());
    return timewarp_token{r->u64()};
}

create_context timewarp_token::to_context() const {
    writer w;
    w.u64(timestamp);
    return make(create_context_name::timewarp_token, w);
}

result<allocation_size> allocation_size::parse(byte_span data) {
    auto r = exact(data, 8);
    if (!r) return fail(r.error());
    return allocation_size{r->u64()};
}

create_context allocation_size::to_context() const {
    writer w;
    w.u64(size);
    return make(create_context_name::allocation_size, w);
}

result<ea_buffer> ea_buffer::parse(byte_span data) {
    auto list = fscc::decode_full_ea_list(data);
    if (!list) return fail(list.error());
    if (list->empty()) return fail(ntstatus::invalid_parameter);
    return ea_buffer{std::move(*list)};
}

create_context ea_buffer::to_context() const {
    writer w;
    fscc::encode_full_ea_list(w, eas);
    return make(create_context_name::ea_buffer, w);
}

result<sd_buffer> sd_buffer::parse(byte_span data) {
    auto sd = fscc::security_descriptor::decode(data);
    if (!sd) return fail(sd.error());
    return sd_buffer{std::move(*sd)};
}

create_context sd_buffer::to_context() const {
    return {std::string(create_context_name::sd_buffer), descriptor.encode()};
}

}  // namespace smbkit::smb2
