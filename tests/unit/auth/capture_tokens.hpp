#pragma once
// Security buffers of the SMB2 messages in the captured sessions (unit/crypto/capture_vectors.hpp).
#include <gtest/gtest.h>

#include "core/bytes.hpp"
#include "unit/crypto/capture_vectors.hpp"

namespace capture {

inline smbkit::bytes message_bytes(const std::vector<message>& msgs, int frame) {
    for (const auto& m : msgs)
        if (m.frame == frame) return smbkit::from_hex(m.hex);
    ADD_FAILURE() << "no frame " << frame;
    return {};
}

// The security buffer of a NEGOTIATE response (MS-SMB2 2.2.4) or SESSION_SETUP request/response
// (2.2.5 / 2.2.6).
inline smbkit::bytes security_buffer(const smbkit::bytes& m) {
    smbkit::reader r(m);
    r.seek(12);
    std::uint16_t command = r.u16();
    r.seek(16);
    bool response = r.u32() & 1;
    std::size_t at = command == 0 ? 64 + 56 : response ? 64 + 4 : 64 + 12;
    r.seek(at);
    std::uint16_t offset = r.u16();
    std::uint16_t length = r.u16();
    auto b = r.slice(offset, length);
    EXPECT_TRUE(r.ok());
    return smbkit::bytes(b.begin(), b.end());
}

inline smbkit::bytes token(const std::vector<message>& msgs, int frame) {
    return security_buffer(message_bytes(msgs, frame));
}

}  // namespace capture
