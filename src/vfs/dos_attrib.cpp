#include "vfs/dos_attrib.hpp"

namespace smbkit::vfs {
namespace {
constexpr std::uint32_t valid_attrib = 0x01;       // XATTR_DOSINFO_ATTRIB
constexpr std::uint32_t valid_create_time = 0x10;  // XATTR_DOSINFO_CREATE_TIME
}  // namespace

bytes encode_dos_attrib(const dos_attrib& a) {
    writer w;
    w.u8(0);  // empty attrib_hex
    w.align(2);
    w.u16(5);
    w.u32(5);
    std::uint32_t valid = 0;
    if (a.attributes) valid |= valid_attrib;
    if (a.creation_time) valid |= valid_create_time;
    w.u32(valid);
    w.u32(a.attributes.value_or(0));
    w.u64(a.creation_time.value_or(0));
    if (a.change_time) {
        w.u64(*a.change_time);
        w.u64(a.change_time_mtime);
    }
    return w.take();
}

std::optional<dos_attrib> decode_dos_attrib(byte_span blob) {
    reader r(blob);
    // attrib_hex: NUL-terminated ASCII, at most a few bytes ("0x20").
    std::size_t i = 0;
    while (i < blob.size() && blob[i] != 0) ++i;
    if (i >= blob.size() || i > 16) return std::nullopt;
    r.seek(i + 1);
    r.align(2);
    std::uint16_t version = r.u16();
    std::uint32_t level = r.u32();
    if (!r.ok() || level != version) return std::nullopt;
    dos_attrib out;
    switch (version) {
    case 3: {
        std::uint32_t attrib = r.u32();
        r.u32();  // ea_size
        r.u64();  // size
        r.u64();  // alloc_size
        std::uint64_t create = r.u64();
        r.u64();  // change_time
        if (!r.ok()) return std::nullopt;
        out.attributes = attrib;
        if (create) out.creation_time = create;
        return out;
    }
    case 4:
    case 5: {
        std::uint32_t valid = r.u32();
        std::uint32_t attrib = r.u32();
        if (version == 4) r.u64();  // itime
        std::uint64_t create = r.u64();
        if (!r.ok()) return std::nullopt;
        if (valid & valid_attrib) out.attributes = attrib;
        if (valid & valid_create_time) out.creation_time = create;
        if (version == 5 && r.remaining() >= 16) {
            out.change_time = r.u64();
            out.change_time_mtime = r.u64();
        }
        return out;
    }
    default:
        return std::nullopt;
    }
}

}  // namespace smbkit::vfs
