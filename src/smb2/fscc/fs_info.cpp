// MS-FSCC 2.5.1, 2.5.4, 2.5.6, 2.5.7, 2.5.8, 2.5.9, 2.5.10
#include "smb2/fscc/fs_info.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2::fscc {

namespace {
result<reader> at_least(byte_span data, std::size_t size) {
    if (data.size() < size) return fail(ntstatus::info_length_mismatch);
    return reader(data);
}
}  // namespace

result<fs_volume_information> fs_volume_information::decode(byte_span data) {
    auto r = at_least(data, 18);
    if (!r) return fail(r.error());
    fs_volume_information v;
    v.volume_creation_time = r->u64();
    v.volume_serial_number = r->u32();
    std::uint32_t len = r->u32();
    v.supports_objects = r->u8() != 0;
    r->u8();
    auto label = r->take(len);
    if (!r->ok()) return fail(ntstatus::info_length_mismatch);
    auto text = wire::name(label);
    if (!text) return fail(text.error());
    v.volume_label = std::move(*text);
    return v;
}

void fs_volume_information::encode(writer& w) const {
    bytes label = wire::utf16(volume_label);
    w.u64(volume_creation_time);
    w.u32(volume_serial_number);
    w.u32(static_cast<std::uint32_t>(label.size()));
    w.u8(supports_objects ? 1 : 0);
    w.u8(0);
    w.put(label);
}

result<fs_size_information> fs_size_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    fs_size_information s;
    s.total_allocation_units = r->u64();
    s.available_allocation_units = r->u64();
    s.sectors_per_allocation_unit = r->u32();
    s.bytes_per_sector = r->u32();
    return s;
}

void fs_size_information::encode(writer& w) const {
    w.u64(total_allocation_units);
    w.u64(available_allocation_units);
    w.u32(sectors_per_allocation_unit);
    w.u32(bytes_per_sector);
}

result<fs_full_size_information> fs_full_size_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    fs_full_size_information s;
    s.total_allocation_units = r->u64();
    s.caller_available_allocation_units = r->u64();
    s.actual_available_allocation_units = r->u64();
    s.sectors_per_allocation_unit = r->u32();
    s.bytes_per_sector = r->u32();
    return s;
}

void fs_full_size_information::encode(writer& w) const {
    w.u64(total_allocation_units);
    w.u64(caller_available_allocation_units);
    w.u64(actual_available_allocation_units);
    w.u32(sectors_per_allocation_unit);
    w.u32(bytes_per_sector);
}

result<fs_device_information> fs_device_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    fs_device_information d;
    d.device_type = r->u32();
    d.characteristics = r->u32();
    return d;
}

void fs_device_information::encode(writer& w) const {
    w.u32(device_type);
    w.u32(characteristics);
}

result<fs_attribute_information> fs_attribute_information::decode(byte_span data) {
    auto r = at_least(data, 12);
    if (!r) return fail(r.error());
    fs_attribute_information a;
    a.file_system_attributes = r->u32();
    a.maximum_component_name_length = r->u32();
    std::uint32_t len = r->u32();
    auto name = r->take(len);
    if (!r->ok()) return fail(ntstatus::info_length_mismatch);
    auto text = wire::name(name);
    if (!text) return fail(text.error());
    a.file_system_name = std::move(*text);
    return a;
}

void fs_attribute_information::encode(writer& w) const {
    bytes name = wire::utf16(file_system_name);
    w.u32(file_system_attributes);
    w.u32(maximum_component_name_length);
    w.u32(static_cast<std::uint32_t>(name.size()));
    w.put(name);
}

result<fs_sector_size_information> fs_sector_size_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    fs_sector_size_information s;
    s.logical_bytes_per_sector = r->u32();
    s.physical_bytes_per_sector_for_atomicity = r->u32();
    s.physical_bytes_per_sector_for_performance = r->u32();
    s.effective_physical_bytes_per_sector_for_atomicity = r->u32();
    s.flags = r->u32();
    s.byte_offset_for_sector_alignment = r->u32();
    s.byte_offset_for_partition_alignment = r->u32();
    return s;
}

void fs_sector_size_information::encode(writer& w) const {
    w.u32(logical_bytes_per_sector);
    w.u32(physical_bytes_per_sector_for_atomicity);
    w.u32(physical_bytes_per_sector_for_performance);
    w.u32(effective_physical_bytes_per_sector_for_atomicity);
    w.u32(flags);
    w.u32(byte_offset_for_sector_alignment);
    w.u32(byte_offset_for_partition_alignment);
}

result<fs_object_id_information> fs_object_id_information::decode(byte_span data) {
    auto r = at_least(data, size);
    if (!r) return fail(r.error());
    fs_object_id_information o;
    o.object_id = wire::fixed<std::array<std::uint8_t, 16>>(*r);
    o.extended_info = wire::fixed<std::array<std::uint8_t, 48>>(*r);
    return o;
}

void fs_object_id_information::encode(writer& w) const {
    w.put(object_id);
    w.put(extended_info);
}

}  // namespace smbkit::smb2::fscc
