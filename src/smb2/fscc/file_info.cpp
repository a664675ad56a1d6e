// MS-FSCC 2.4.1-2.4.43 (the classes listed in file_info.hpp)
#include "smb2/fscc/file_info.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2::fscc {

namespace {

result<reader> at_least(byte_span data, std::size_t size) {
    if (data.size() < size) return fail(ntstatus::info_length_mismatch);
    return reader(data);
}

// FileNameLength (u32) then the UTF-16 name, within `r`.
result<std::string> counted_name(reader& r) {
    std::uint32_t len = r.u32();
    auto name = r.take(len);
    if (!r.ok()) return fail(ntstatus::info_length_mismatch);
    return wire::name(name);
}

void put_counted_name(writer& w, const std::string& name) {
    bytes n = wire::utf16(name);
    w.u32(static_cast<std::uint32_t>(n.size()));
    w.put(n);
}

}  // namespace

result<basic_information> basic_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    basic_information b;
    b.creation_time = r->u64();
    b.last_access_time = r->u64();
    b.last_write_time = r->u64();
    b.change_time = r->u64();
    b.file_attributes = r->u32();
    return b;
}

void basic_information::encode(writer& w) const {
    w.u64(creation_time);
    w.u64(last_access_time);
    w.u64(last_write_time);
    w.u64(change_time);
    w.u32(file_attributes);
    w.u32(0);
}

result<standard_information> standard_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    standard_information s;
    s.allocation_size = r->u64();
    s.end_of_file = r->u64();
    s.number_of_links = r->u32();
    s.delete_pending = r->u8() != 0;
    s.directory = r->u8() != 0;
    return s;
}

void standard_information::encode(writer& w) const {
    w.u64(allocation_size);
    w.u64(end_of_file);
    w.u32(number_of_links);
    w.u8(delete_pending ? 1 : 0);
    w.u8(directory ? 1 : 0);
    w.u16(0);
}

template <int Tag> result<u64_information<Tag>> u64_information<Tag>::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    return u64_information{r->u64()};
}

template <int Tag> void u64_information<Tag>::encode(writer& w) const { w.u64(value); }

template struct u64_information<0>;
template struct u64_information<1>;
template struct u64_information<2>;
template struct u64_information<3>;

template <int Tag> result<u32_information<Tag>> u32_information<Tag>::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    return u32_information{r->u32()};
}

template <int Tag> void u32_information<Tag>::encode(writer& w) const { w.u32(value); }

template struct u32_information<0>;
template struct u32_information<1>;
template struct u32_information<2>;
template struct u32_information<3>;
template struct u32_information<4>;

result<disposition_information> disposition_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    return disposition_information{r->u8() != 0};
}

void disposition_information::encode(writer& w) const { w.u8(delete_pending ? 1 : 0); }

result<name_information> name_information::decode(byte_span data) {
    auto r = at_least(data, 4);
    if (!r) return fail(r.error());
    auto n = counted_name(*r);
    if (!n) return fail(n.error());
    return name_information{std::move(*n)};
}

void name_information::encode(writer& w) const { put_counted_name(w, file_name); }

result<all_information> all_information::decode(byte_span data) {
    auto r = at_least(data, 100);
    if (!r) return fail(r.error());
    all_information a;
    auto basic = basic_information::decode(r->take(basic_information::size));
    auto standard = standard_information::decode(r->take(standard_information::size));
    if (!basic || !standard) return fail(ntstatus::info_length_mismatch);
    a.basic = *basic;
    a.standard = *standard;
    a.index_number = r->u64();
    a.ea_size = r->u32();
    a.access_flags = r->u32();
    a.current_byte_offset = r->u64();
    a.mode = r->u32();
    a.alignment_requirement = r->u32();
    auto n = counted_name(*r);
    if (!n) return fail(n.error());
    a.file_name = std::move(*n);
    return a;
}

void all_information::encode(writer& w) const {
    basic.encode(w);
    standard.encode(w);
    w.u64(index_number);
    w.u32(ea_size);
    w.u32(access_flags);
    w.u64(current_byte_offset);
    w.u32(mode);
    w.u32(alignment_requirement);
    put_counted_name(w, file_name);
}

result<network_open_information> network_open_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    network_open_information n;
    n.creation_time = r->u64();
    n.last_access_time = r->u64();
    n.last_write_time = r->u64();
    n.change_time = r->u64();
    n.allocation_size = r->u64();
    n.end_of_file = r->u64();
    n.file_attributes = r->u32();
    return n;
}

void network_open_information::encode(writer& w) const {
    w.u64(creation_time);
    w.u64(last_access_time);
    w.u64(last_write_time);
    w.u64(change_time);
    w.u64(allocation_size);
    w.u64(end_of_file);
    w.u32(file_attributes);
    w.u32(0);
}

result<attribute_tag_information> attribute_tag_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    attribute_tag_information a;
    a.file_attributes = r->u32();
    a.reparse_tag = r->u32();
    return a;
}

void attribute_tag_information::encode(writer& w) const {
    w.u32(file_attributes);
    w.u32(reparse_tag);
}

result<std::vector<stream_entry>> decode_stream_information(byte_span data) {
    std::vector<stream_entry> out;
    std::size_t at = 0;
    while (at < data.size()) {
        reader r(data.subspan(at));
        std::uint32_t next = r.u32();
        std::uint32_t len = r.u32();
        stream_entry e;
        e.size = r.u64();
        e.allocation_size = r.u64();
        auto name = r.take(len);
        if (!r.ok()) return fail(ntstatus::info_length_mismatch);
        auto text = wire::name(name);
        if (!text) return fail(text.error());
        e.name = std::move(*text);
        out.push_back(std::move(e));
        if (next == 0) break;
        if (next % 8 || next < r.offset() || next >= data.size() - at)
            return fail(ntstatus::invalid_parameter);
        at += next;
    }
    return out;
}

void encode_stream_information(writer& w, const std::vector<stream_entry>& list) {
    std::size_t base = w.size();
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::size_t start = w.size();
        bytes name = wire::utf16(list[i].name);
        w.u32(0);
        w.u32(static_cast<std::uint32_t>(name.size()));
        w.u64(list[i].size);
        w.u64(list[i].allocation_size);
        w.put(name);
        if (i + 1 < list.size()) {
            while ((w.size() - base) % 8) w.u8(0);
            w.patch_u32(start, static_cast<std::uint32_t>(w.size() - start));
        }
    }
}

result<compression_information> compression_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    compression_information c;
    c.compressed_file_size = r->u64();
    c.compression_format = r->u16();
    c.compression_unit_shift = r->u8();
    c.chunk_shift = r->u8();
    c.cluster_shift = r->u8();
    return c;
}

void compression_information::encode(writer& w) const {
    w.u64(compressed_file_size);
    w.u16(compression_format);
    w.u8(compression_unit_shift);
    w.u8(chunk_shift);
    w.u8(cluster_shift);
    w.zeros(3);
}

result<id_information> id_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    id_information i;
    i.volume_serial_number = r->u64();
    i.file_id = wire::fixed<std::array<std::uint8_t, 16>>(*r);
    return i;
}

void id_information::encode(writer& w) const {
    w.u64(volume_serial_number);
    w.put(file_id);
}

template <int Tag>
result<rename_like_information<Tag>> rename_like_information<Tag>::decode(byte_span data) {
    auto r = at_least(data, 20);
    if (!r) return fail(r.error());
    rename_like_information i;
    i.replace_if_exists = r->u8() != 0;
    r->skip(7);
    i.root_directory = r->u64();
    auto n = counted_name(*r);
    if (!n) return fail(n.error());
    i.file_name = std::move(*n);
    return i;
}

template <int Tag> void rename_like_information<Tag>::encode(writer& w) const {
    w.u8(replace_if_exists ? 1 : 0);
    w.zeros(7);
    w.u64(root_directory);
    put_counted_name(w, file_name);
}

template struct rename_like_information<0>;
template struct rename_like_information<1>;

}  // namespace smbkit::smb2::fscc
