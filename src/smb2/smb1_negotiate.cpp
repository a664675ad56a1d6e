// MS-CIFS 2.2.4.52.1, MS-SMB2 3.3.5.3.1
#include "smb2/smb1_negotiate.hpp"

#include <algorithm>

#include "smb2/constants.hpp"

namespace smbkit::smb2 {

bool smb1_negotiate_request::offers(std::string_view dialect) const {
    return std::find(dialects.begin(), dialects.end(), dialect) != dialects.end();
}

std::optional<std::uint16_t> smb1_negotiate_request::smb2_dialect() const {
    if (offers(smb1_dialect_smb2_wildcard)) return dialect::smb2_wildcard;
    if (offers(smb1_dialect_smb2_002)) return dialect::smb2_002;
    return std::nullopt;
}

result<smb1_negotiate_request> smb1_negotiate_request::decode(byte_span packet) {
    reader r(packet);
    if (r.u32() != smb1_protocol_id || r.u8() != smb1_com_negotiate)
        return fail(ntstatus::invalid_parameter);
    smb1_negotiate_request n;
    r.u32();  // Status
    n.flags = r.u8();
    n.flags2 = r.u16();
    n.pid_high = r.u16();
    r.skip(8);  // SecurityFeatures
    r.u16();    // Reserved
    n.tid = r.u16();
    n.pid_low = r.u16();
    n.uid = r.u16();
    n.mid = r.u16();
    std::uint8_t word_count = r.u8();
    r.skip(2 * std::size_t{word_count});
    std::uint16_t byte_count = r.u16();
    auto data = r.take(byte_count);
    if (!r.ok() || word_count != 0) return fail(ntstatus::invalid_parameter);
    std::size_t i = 0;
    while (i < data.size()) {
        if (data[i] != 0x02) return fail(ntstatus::invalid_parameter);  // BufferFormat
        auto end = std::find(data.begin() + static_cast<std::ptrdiff_t>(i) + 1, data.end(), 0);
        if (end == data.end()) return fail(ntstatus::invalid_parameter);
        n.dialects.emplace_back(data.begin() + static_cast<std::ptrdiff_t>(i) + 1, end);
        i = static_cast<std::size_t>(end - data.begin()) + 1;
    }
    return n;
}

void smb1_negotiate_request::encode(writer& w) const {
    w.u32(smb1_protocol_id);
    w.u8(smb1_com_negotiate);
    w.u32(0);
    w.u8(flags);
    w.u16(flags2);
    w.u16(pid_high);
    w.zeros(8);
    w.u16(0);
    w.u16(tid);
    w.u16(pid_low);
    w.u16(uid);
    w.u16(mid);
    w.u8(0);
    auto count_at = w.size();
    w.u16(0);
    for (const auto& d : dialects) {
        w.u8(0x02);
        w.put(d);
        w.u8(0);
    }
    w.patch_u16(count_at, static_cast<std::uint16_t>(w.size() - count_at - 2));
}

bool is_smb1(byte_span packet) {
    reader r(packet);
    return r.u32() == smb1_protocol_id && r.ok();
}

}  // namespace smbkit::smb2
