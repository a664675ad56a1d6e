// MS-SMB2 2.2.31.1, 2.2.32.1, 2.2.32.2, 2.2.32.3; MS-FSCC 2.3.49
#include "smb2/fsctl_copy.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<resume_key_response> resume_key_response::decode(byte_span output) {
    reader r(output);
    resume_key_response k;
    k.key = wire::fixed<resume_key>(r);
    std::uint32_t context_len = r.u32();
    r.take(context_len);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return k;
}

bytes resume_key_response::encode() const {
    writer w;
    w.put(key);
    w.u32(4);  // ContextLength: Windows sends 4 reserved bytes
    w.u32(0);
    return w.take();
}

result<copychunk_request> copychunk_request::decode(byte_span input) {
    reader r(input);
    copychunk_request c;
    c.source_key = wire::fixed<resume_key>(r);
    std::uint32_t count = r.u32();
    r.u32();
    if (!r.ok() || std::uint64_t{count} * 24 != r.remaining())
        return fail(ntstatus::invalid_parameter);
    c.chunks.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        copychunk k;
        k.source_offset = r.u64();
        k.target_offset = r.u64();
        k.length = r.u32();
        r.u32();
        c.chunks.push_back(k);
    }
    return c;
}

bytes copychunk_request::encode() const {
    writer w;
    w.put(source_key);
    w.u32(static_cast<std::uint32_t>(chunks.size()));
    w.u32(0);
    for (const auto& k : chunks) {
        w.u64(k.source_offset);
        w.u64(k.target_offset);
        w.u32(k.length);
        w.u32(0);
    }
    return w.take();
}

result<copychunk_response> copychunk_response::decode(byte_span output) {
    if (output.size() != 12) return fail(ntstatus::invalid_parameter);
    reader r(output);
    copychunk_response c;
    c.chunks_written = r.u32();
    c.chunk_bytes_written = r.u32();
    c.total_bytes_written = r.u32();
    return c;
}

bytes copychunk_response::encode() const {
    writer w;
    w.u32(chunks_written);
    w.u32(chunk_bytes_written);
    w.u32(total_bytes_written);
    return w.take();
}

result<snapshot_array> snapshot_array::decode(byte_span output) {
    reader r(output);
    snapshot_array s;
    s.number_of_snapshots = r.u32();
    std::uint32_t returned = r.u32();
    std::uint32_t array_size = r.u32();
    // With none returned, SnapShotArraySize is the size the client needs and no array follows.
    if (returned == 0 && r.ok()) return s;
    auto array = r.take(array_size);
    if (!r.ok() || array_size % 2) return fail(ntstatus::invalid_parameter);
    std::size_t at = 0;
    while (at + 1 < array.size()) {
        std::size_t end = at;
        while (end + 1 < array.size() && (array[end] || array[end + 1])) end += 2;
        if (end + 1 >= array.size()) return fail(ntstatus::invalid_parameter);
        if (end == at) break;  // the final empty string
        auto name = wire::name(array.subspan(at, end - at));
        if (!name) return fail(ntstatus::invalid_parameter);
        s.snapshots.push_back(std::move(*name));
        at = end + 2;
    }
    if (s.snapshots.size() != returned) return fail(ntstatus::invalid_parameter);
    return s;
}

bytes snapshot_array::encode(bool with_names) const {
    writer w;
    w.u32(number_of_snapshots);
    w.u32(with_names ? static_cast<std::uint32_t>(snapshots.size()) : 0);
    auto size_at = w.size();
    w.u32(0);
    if (!with_names) {
        // The size the whole array would need, so that the client can ask again.
        std::size_t need = 2;
        for (const auto& s : snapshots) need += wire::utf16(s).size() + 2;
        w.patch_u32(size_at, static_cast<std::uint32_t>(need));
        return w.take();
    }
    for (const auto& s : snapshots) {
        w.put(wire::utf16(s));
        w.u16(0);
    }
    w.u16(0);
    w.patch_u32(size_at, static_cast<std::uint32_t>(w.size() - 12));
    return w.take();
}

result<pipe_wait_request> pipe_wait_request::decode(byte_span input) {
    reader r(input);
    pipe_wait_request p;
    p.timeout = static_cast<std::int64_t>(r.u64());
    std::uint32_t len = r.u32();
    p.timeout_specified = r.u8() != 0;
    r.u8();
    auto name = r.take(len);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    auto text = wire::name(name);
    if (!text) return fail(text.error());
    p.name = std::move(*text);
    return p;
}

bytes pipe_wait_request::encode() const {
    writer w;
    bytes n = wire::utf16(name);
    w.u64(static_cast<std::uint64_t>(timeout));
    w.u32(static_cast<std::uint32_t>(n.size()));
    w.u8(timeout_specified ? 1 : 0);
    w.u8(0);
    w.put(n);
    return w.take();
}

}  // namespace smbkit::smb2
