// MS-SMB2 2.2.35; MS-FSCC 2.7.1
#include "smb2/change_notify.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<change_notify_request> change_notify_request::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    change_notify_request c;
    c.flags = r->u16();
    c.output_buffer_length = r->u32();
    c.id = wire::read_file_id(*r);
    c.completion_filter = r->u32();
    r->u32();
    if (!r->ok()) return fail(ntstatus::invalid_parameter);
    return c;
}

void change_notify_request::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(flags);
    w.u32(output_buffer_length);
    wire::write_file_id(w, id);
    w.u32(completion_filter);
    w.u32(0);
}

bytes encode_notify_information(const std::vector<file_notify_information>& list) {
    writer w;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::size_t start = w.size();
        bytes name = wire::utf16(list[i].file_name);
        w.u32(0);
        w.u32(list[i].action);
        w.u32(static_cast<std::uint32_t>(name.size()));
        w.put(name);
        if (i + 1 < list.size()) {
            w.align(4);
            w.patch_u32(start, static_cast<std::uint32_t>(w.size() - start));
        }
    }
    return w.take();
}

result<std::vector<file_notify_information>> decode_notify_information(byte_span output) {
    std::vector<file_notify_information> out;
    std::size_t at = 0;
    while (at < output.size()) {
        reader r(output.subspan(at));
        std::uint32_t next = r.u32();
        file_notify_information f;
        f.action = r.u32();
        std::uint32_t len = r.u32();
        auto name = r.take(len);
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        auto text = wire::name(name);
        if (!text) return fail(text.error());
        f.file_name = std::move(*text);
        out.push_back(std::move(f));
        if (next == 0) break;
        if (next % 4 || next < r.offset() || next >= output.size() - at)
            return fail(ntstatus::invalid_parameter);
        at += next;
    }
    return out;
}

}  // namespace smbkit::smb2
