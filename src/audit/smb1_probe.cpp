#include "audit/smb1_probe.hpp"

#include "smb2/smb1_negotiate.hpp"

namespace smbkit::audit {

bytes smb1_negotiate_probe() {
    smb2::smb1_negotiate_request req;
    req.dialects = {"NT LM 0.12"};
    writer w;
    req.encode(w);
    return w.take();
}

// MS-CIFS 2.2.3.1 header (32 bytes), then WordCount and DialectIndex (2.2.4.52.2).
smb1_answer classify_smb1_reply(byte_span reply) {
    reader r(reply);
    std::uint32_t proto = r.u32();
    if (!r.ok()) return smb1_answer::garbage;
    if (proto == 0x424D53FE) return smb1_answer::smb2;
    if (proto != smb2::smb1_protocol_id) return smb1_answer::garbage;
    std::uint8_t command = r.u8();
    std::uint32_t status = r.u32();
    r.skip(32 - 9);
    std::uint8_t word_count = r.u8();
    std::uint16_t dialect_index = r.u16();
    if (!r.ok() || command != smb2::smb1_com_negotiate) return smb1_answer::garbage;
    if (status != 0 || word_count == 0 || dialect_index == 0xFFFF) return smb1_answer::refused;
    return dialect_index == 0 ? smb1_answer::accepted : smb1_answer::garbage;
}

}  // namespace smbkit::audit
