// MS-SMB2 2.2.41, 2.2.42
#include "smb2/transform.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<transform_header> transform_header::decode(byte_span packet) {
    reader r(packet);
    if (r.u32() != transform_protocol_id) return fail(ntstatus::invalid_parameter);
    transform_header h;
    h.signature = wire::fixed<signature_bytes>(r);
    h.nonce = wire::fixed<std::array<std::uint8_t, 16>>(r);
    h.original_message_size = r.u32();
    r.u16();  // Reserved
    h.flags = r.u16();
    h.session_id = r.u64();
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return h;
}

void transform_header::encode(writer& w) const {
    w.u32(transform_protocol_id);
    w.put(signature);
    w.put(nonce);
    w.u32(original_message_size);
    w.u16(0);
    w.u16(flags);
    w.u64(session_id);
}

bool is_transform(byte_span packet) {
    reader r(packet);
    return r.u32() == transform_protocol_id && r.ok();
}

result<compression_transform_header> compression_transform_header::decode(byte_span packet) {
    reader r(packet);
    if (r.u32() != compression_protocol_id) return fail(ntstatus::invalid_parameter);
    compression_transform_header h;
    h.original_compressed_segment_size = r.u32();
    h.algorithm = r.u16();
    h.flags = r.u16();
    h.offset_or_length = r.u32();
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    if (h.flags & ~compression_flags::chained) return fail(ntstatus::invalid_parameter);
    // Unchained: Offset counts from the end of this header to the compressed data.
    // Chained: Length is the first payload's size after its own header.
    if (!in_bounds(r.offset(), h.offset_or_length, packet.size()))
        return fail(ntstatus::invalid_parameter);
    return h;
}

void compression_transform_header::encode(writer& w) const {
    w.u32(compression_protocol_id);
    w.u32(original_compressed_segment_size);
    w.u16(algorithm);
    w.u16(flags);
    w.u32(offset_or_length);
}

bool is_compression_transform(byte_span packet) {
    reader r(packet);
    return r.u32() == compression_protocol_id && r.ok();
}

}  // namespace smbkit::smb2
