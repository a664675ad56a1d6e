// MS-SMB2 3.2.4.1.4 (compounding), 3.2.4.1.1 (signing each compounded message)
#include "client/compound.hpp"

#include "smb2/header.hpp"

namespace smbkit::client {
namespace {

constexpr std::size_t flags_offset = 16;
constexpr std::size_t next_command_offset = 20;

std::uint32_t get_u32(const bytes& m, std::size_t at) {
    return static_cast<std::uint32_t>(m[at]) | static_cast<std::uint32_t>(m[at + 1]) << 8 |
           static_cast<std::uint32_t>(m[at + 2]) << 16 | static_cast<std::uint32_t>(m[at + 3]) << 24;
}

void put_u32(bytes& m, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) m[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

outcome<bytes> chain_messages(std::vector<bytes> messages, bool related,
                              const crypto::signing_key* key) {
    bytes out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        bytes& m = messages[i];
        if (m.size() < smb2::header_size || !smb2::is_smb2(m))
            return std::unexpected(error::malformed("a compounded message without an SMB2 header"));
        bool last = i + 1 == messages.size();
        if (!last) m.resize((m.size() + 7) / 8 * 8, 0);
        if (m.size() > 0xFFFFFFFFu) return std::unexpected(error::malformed("compounded message too large"));
        put_u32(m, next_command_offset, last ? 0 : static_cast<std::uint32_t>(m.size()));
        std::uint32_t flags = get_u32(m, flags_offset);
        if (related && i > 0) flags |= smb2::flags::related_operations;
        put_u32(m, flags_offset, flags);
        if (flags & smb2::flags::signed_) {
            if (!key) return std::unexpected(error::malformed("a signed message without a signing key"));
            if (auto s = crypto::sign_message(*key, m); !s)
                return std::unexpected(error::malformed("cannot sign: " + ntstatus_string(s.error())));
        }
        out.insert(out.end(), m.begin(), m.end());
    }
    return out;
}

}  // namespace smbkit::client
