#include <gtest/gtest.h>

#include "netbios/nbss/session.hpp"

using namespace smbkit;
using namespace smbkit::netbios;

TEST(NbssSession, HeaderSessionMessageUses24BitLength) {
    writer w(byte_order::big);
    nbss::encode_header(w, nbss::packet_type::session_message, 0x801234);
    EXPECT_EQ(to_hex(w.data()), "00801234");
    auto h = nbss::decode_header(w.data());
    ASSERT_TRUE(h);
    EXPECT_EQ(h->type, nbss::packet_type::session_message);
    EXPECT_EQ(h->length, 0x801234u);
}

TEST(NbssSession, HeaderRejectsUnknownTypeAndReservedFlags) {
    const std::uint8_t unknown[] = {0x86, 0, 0, 0};
    EXPECT_FALSE(nbss::decode_header(unknown));
    const std::uint8_t flags[] = {0x85, 0x02, 0, 0};
    EXPECT_FALSE(nbss::decode_header(flags));
    const std::uint8_t ext[] = {0x81, 0x01, 0x00, 0x10};
    auto h = nbss::decode_header(ext);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->length, 0x10010u);
}

TEST(NbssSession, SessionRequestRoundTrip) {
    nbss::session_request req{*netbios_name::make("PEER8", 0x20),
                              *netbios_name::make("CLIENT", 0x00)};
    auto packet = nbss::encode_session_request(req);
    ASSERT_EQ(packet.size(), 4u + 34u + 34u);
    EXPECT_EQ(packet[0], 0x81);
    auto h = nbss::decode_header(byte_span(packet).first(4));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->length, 68u);
    auto back = nbss::decode_session_request(byte_span(packet).subspan(4));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->called.name(), "PEER8");
    EXPECT_EQ(back->called.suffix(), 0x20);
    EXPECT_EQ(back->calling.name(), "CLIENT");
}

TEST(NbssSession, SessionRequestTruncatedOrGarbageFails) {
    nbss::session_request req{*netbios_name::make("A", 0x20), *netbios_name::make("B", 0)};
    auto packet = nbss::encode_session_request(req);
    byte_span payload = byte_span(packet).subspan(4);
    for (std::size_t n = 0; n < payload.size(); ++n)
        EXPECT_FALSE(nbss::decode_session_request(payload.first(n))) << n;
    bytes garbage(68, 0x5A);
    EXPECT_FALSE(nbss::decode_session_request(garbage));
}

TEST(NbssSession, Responses) {
    EXPECT_EQ(to_hex(nbss::encode_positive_response()), "82000000");
    EXPECT_EQ(to_hex(nbss::encode_negative_response(0x82)), "8300000182");
    EXPECT_EQ(to_hex(nbss::encode_keep_alive()), "85000000");
    const std::uint8_t code[] = {0x82};
    EXPECT_EQ(*nbss::decode_negative_response(code), 0x82);
}
