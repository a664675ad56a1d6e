#pragma once
// Real SMB2 messages from the captures (capture_messages.txt beside this file) and helpers
// for round trips and truncation tests.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "smb2/header.hpp"

namespace smbkit::smb2::test {

struct vector_message {
    std::string capture;  // smb311, smb202, enum, upgrade
    bool response = false;
    int frame = 0;
    bytes data;
};

inline const std::vector<vector_message>& capture_messages() {
    static const std::vector<vector_message> all = [] {
        std::vector<vector_message> out;
        std::ifstream in(std::string(SMBKIT_SOURCE_DIR) + "/tests/unit/smb2/capture_messages.txt");
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::istringstream s(line);
            vector_message m;
            std::string dir, hex;
            s >> m.capture >> dir >> m.frame >> hex;
            m.response = dir == "resp";
            m.data = from_hex(hex);
            out.push_back(std::move(m));
        }
        return out;
    }();
    return all;
}

// The SMB2 messages of one command and direction, optionally of one status.
inline std::vector<vector_message> messages_of(command c, bool response) {
    std::vector<vector_message> out;
    for (const auto& m : capture_messages()) {
        if (!is_smb2(m.data) || m.response != response) continue;
        auto h = header::decode(m.data);
        if (h && h->cmd == c) out.push_back(m);
    }
    return out;
}

inline ntstatus status_of(const bytes& message) { return header::decode(message)->status; }

// The message with a header, as the pipeline would build it.
template <class T> bytes encode_message(const T& body, header h = {}) {
    writer w;
    h.encode(w);
    body.encode(w);
    return w.take();
}

template <class T> void expect_round_trip(const T& body) {
    auto wire = encode_message(body);
    auto back = T::decode(wire);
    ASSERT_TRUE(back.has_value()) << ntstatus_string(back.error());
    EXPECT_TRUE(*back == body);
    // Encoding what was decoded gives the same bytes.
    EXPECT_EQ(to_hex(encode_message(*back)), to_hex(wire));
}

// Re-encodes a decoded real message with its own header and compares the bytes. A sender
// may pad the end of a message with a few zeros (Samba's client ends a CREATE name on a
// 4-byte boundary; compounded messages are padded to 8); that is not part of the body.
template <class T> void expect_reencodes(const vector_message& m, const T& body) {
    auto h = header::decode(m.data);
    ASSERT_TRUE(h.has_value());
    auto wire = encode_message(body, *h);
    std::string expected = to_hex(m.data);
    std::string got = to_hex(wire);
    if (wire.size() < m.data.size()) {
        expected = to_hex(byte_span(m.data).first(wire.size()));
        for (std::size_t i = wire.size(); i < m.data.size(); ++i) EXPECT_EQ(m.data[i], 0);
        EXPECT_LT(m.data.size() - wire.size(), 8u);
    }
    EXPECT_EQ(got, expected) << m.capture << " frame " << m.frame;
}

// Every proper prefix of a message fails to decode, cleanly.
template <class T> void expect_truncations_fail(const bytes& message) {
    for (std::size_t n = 0; n < message.size(); ++n) {
        auto r = T::decode(byte_span(message).first(n));
        EXPECT_FALSE(r.has_value()) << "prefix of " << n << " of " << message.size();
    }
}

// Writes a u16/u32 at an offset of a copy.
inline bytes patched16(bytes b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v);
    b[at + 1] = static_cast<std::uint8_t>(v >> 8);
    return b;
}
inline bytes patched32(bytes b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
    return b;
}

}  // namespace smbkit::smb2::test
