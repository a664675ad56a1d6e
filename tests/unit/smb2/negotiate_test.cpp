#include "smb2/negotiate.hpp"

#include "smb2/header.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::test;

namespace {

negotiate_request sample_request() {
    negotiate_request n;
    n.security_mode = security_mode::signing_enabled;
    n.capabilities = cap::dfs | cap::leasing | cap::large_mtu | cap::encryption;
    for (int i = 0; i < 16; ++i) n.client_guid[i] = static_cast<std::uint8_t>(i * 3);
    n.dialects = {dialect::smb2_002, dialect::smb2_1, dialect::smb3_0, dialect::smb3_0_2,
                  dialect::smb3_1_1};
    n.contexts.push_back(preauth_integrity_capabilities{{hash_algorithm::sha512},
                                                        bytes(32, 0x5A)}
                             .to_context());
    n.contexts.push_back(
        encryption_capabilities{{cipher::aes128_gcm, cipher::aes128_ccm}}.to_context());
    n.contexts.push_back(
        compression_capabilities{compression_flags::chained,
                                 {compression_algorithm::lz77, compression_algorithm::pattern_v1}}
            .to_context());
    n.contexts.push_back(netname_context{"peer8"}.to_context());
    n.contexts.push_back(transport_capabilities{transport_flags::accept_transport_level_security}
                             .to_context());
    n.contexts.push_back(
        rdma_transform_capabilities{{rdma_transform::encryption, rdma_transform::signing}}
            .to_context());
    n.contexts.push_back(
        signing_capabilities{{signing_algorithm::aes_gmac, signing_algorithm::aes_cmac}}
            .to_context());
    n.contexts.push_back({0x7777, bytes{9, 9, 9}});  // unknown type kept as is
    return n;
}

}  // namespace

TEST(smb2_negotiate, request_round_trips_with_every_context) {
    auto n = sample_request();
    expect_round_trip(n);
    auto wire = encode_message(n);
    auto d = negotiate_request::decode(wire);
    ASSERT_TRUE(d);
    // Contexts start 8-aligned from the header.
    reader r(wire);
    r.seek(header_size + 28);
    EXPECT_EQ(r.u32() % 8, 0u);
    auto p = preauth_integrity_capabilities::parse(
        find_context(d->contexts, negotiate_context_type::preauth_integrity_capabilities)->data);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->salt.size(), 32u);
    auto c = compression_capabilities::parse(
        find_context(d->contexts, negotiate_context_type::compression_capabilities)->data);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->algorithms.size(), 2u);
    auto nn = netname_context::parse(
        find_context(d->contexts, negotiate_context_type::netname_negotiate_context_id)->data);
    ASSERT_TRUE(nn);
    EXPECT_EQ(nn->net_name, "peer8");
    auto t = transport_capabilities::parse(
        find_context(d->contexts, negotiate_context_type::transport_capabilities)->data);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->flags, 1u);
    auto rd = rdma_transform_capabilities::parse(
        find_context(d->contexts, negotiate_context_type::rdma_transform_capabilities)->data);
    ASSERT_TRUE(rd);
    EXPECT_EQ(rd->transforms.size(), 2u);
    auto s = signing_capabilities::parse(
        find_context(d->contexts, negotiate_context_type::signing_capabilities)->data);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->algorithms[0], signing_algorithm::aes_gmac);
}

TEST(smb2_negotiate, request_without_311_keeps_client_start_time) {
    negotiate_request n;
    n.dialects = {dialect::smb2_002, dialect::smb2_1};
    n.client_start_time = 0x01D0000000000000ull;
    expect_round_trip(n);
}

TEST(smb2_negotiate, response_round_trips) {
    negotiate_response r;
    r.security_mode = security_mode::signing_enabled | security_mode::signing_required;
    r.dialect_revision = dialect::smb3_1_1;
    r.server_guid[0] = 0x42;
    r.capabilities = cap::dfs | cap::large_mtu | cap::leasing | cap::encryption;
    r.max_transact_size = r.max_read_size = r.max_write_size = 8 * 1024 * 1024;
    r.system_time = 133000000000000000ull;
    r.security_buffer = bytes(74, 0x60);
    r.contexts.push_back(preauth_integrity_capabilities{{1}, bytes(32, 7)}.to_context());
    r.contexts.push_back(encryption_capabilities{{cipher::aes128_gcm}}.to_context());
    r.contexts.push_back(signing_capabilities{{signing_algorithm::aes_cmac}}.to_context());
    expect_round_trip(r);
    negotiate_response old;
    old.dialect_revision = dialect::smb2_002;
    expect_round_trip(old);
    auto wire = encode_message(old);
    EXPECT_EQ(wire.size(), header_size + 65);  // one pad byte for the empty buffer
}

TEST(smb2_negotiate, decodes_and_reencodes_captured_messages) {
    int requests = 0, responses = 0;
    for (const auto& m : messages_of(command::negotiate, false)) {
        auto d = negotiate_request::decode(m.data);
        ASSERT_TRUE(d) << m.capture;
        EXPECT_FALSE(d->dialects.empty());
        if (d->offers(dialect::smb3_1_1)) {
            auto pre = find_context(d->contexts,
                                    negotiate_context_type::preauth_integrity_capabilities);
            ASSERT_NE(pre, nullptr);
            EXPECT_TRUE(preauth_integrity_capabilities::parse(pre->data));
            for (const auto& c : d->contexts) {
                if (c.type == negotiate_context_type::encryption_capabilities) {
                    EXPECT_TRUE(encryption_capabilities::parse(c.data));
                }
                if (c.type == negotiate_context_type::signing_capabilities) {
                    EXPECT_TRUE(signing_capabilities::parse(c.data));
                }
                if (c.type == negotiate_context_type::compression_capabilities) {
                    EXPECT_TRUE(compression_capabilities::parse(c.data));
                }
                if (c.type == negotiate_context_type::netname_negotiate_context_id) {
                    auto n = netname_context::parse(c.data);
                    ASSERT_TRUE(n);
                    EXPECT_EQ(n->net_name, "127.0.0.8");
                }
            }
        }
        expect_reencodes(m, *d);
        ++requests;
    }
    for (const auto& m : messages_of(command::negotiate, true)) {
        auto d = negotiate_response::decode(m.data);
        ASSERT_TRUE(d) << m.capture;
        EXPECT_FALSE(d->security_buffer.empty());
        if (d->dialect_revision == dialect::smb3_1_1) {
            EXPECT_FALSE(d->contexts.empty());
        }
        expect_reencodes(m, *d);
        ++responses;
    }
    EXPECT_GE(requests, 4);
    EXPECT_GE(responses, 5);
}

TEST(smb2_negotiate, upgrade_response_offers_wildcard) {
    // The SMB1 negotiate is answered with 0x02FF, then the client negotiates again in SMB2.
    std::vector<std::uint16_t> dialects;
    for (const auto& m : messages_of(command::negotiate, true)) {
        if (m.capture != "upgrade") continue;
        auto d = negotiate_response::decode(m.data);
        ASSERT_TRUE(d);
        dialects.push_back(d->dialect_revision);
    }
    ASSERT_EQ(dialects.size(), 2u);
    EXPECT_EQ(dialects[0], dialect::smb2_wildcard);
    EXPECT_EQ(dialects[1], dialect::smb3_1_1);
}

TEST(smb2_negotiate, malformed_requests) {
    auto wire = encode_message(sample_request());
    expect_truncations_fail<negotiate_request>(wire);
    EXPECT_FALSE(negotiate_request::decode(patched16(wire, 64, 37)));
    EXPECT_FALSE(negotiate_request::decode(patched16(wire, 66, 0)));       // no dialects
    EXPECT_FALSE(negotiate_request::decode(patched16(wire, 66, 0xFFFF)));  // too many
    EXPECT_FALSE(negotiate_request::decode(patched32(wire, 92, 0xFFFFFFF8)));  // context offset
    EXPECT_FALSE(negotiate_request::decode(patched32(wire, 92, 64)));  // overlaps the fixed part
    EXPECT_FALSE(negotiate_request::decode(patched32(wire, 92, 100)));  // not 8-aligned
    EXPECT_FALSE(negotiate_request::decode(patched16(wire, 96, 200)));  // more contexts than data
    // A context whose DataLength runs past the message.
    reader r(wire);
    r.seek(92);
    std::uint32_t first = r.u32();
    EXPECT_FALSE(negotiate_request::decode(patched16(wire, first + 2, 0xFFFF)));
}

TEST(smb2_negotiate, malformed_responses) {
    negotiate_response r;
    r.dialect_revision = dialect::smb3_1_1;
    r.security_buffer = bytes(10, 1);
    r.contexts.push_back(encryption_capabilities{{cipher::aes128_gcm}}.to_context());
    auto wire = encode_message(r);
    expect_truncations_fail<negotiate_response>(wire);
    EXPECT_FALSE(negotiate_response::decode(patched16(wire, 64, 64)));
    EXPECT_FALSE(negotiate_response::decode(patched16(wire, 64 + 56, 0xFFF0)));  // sec offset
    EXPECT_FALSE(negotiate_response::decode(patched16(wire, 64 + 56, 64)));      // into header
    EXPECT_FALSE(negotiate_response::decode(patched16(wire, 64 + 58, 0xFFFF)));  // sec length
    EXPECT_FALSE(negotiate_response::decode(patched32(wire, 64 + 60, 128)));  // over sec buffer
    EXPECT_FALSE(negotiate_response::decode(patched32(wire, 64 + 60, 0xFFFFFFFF)));
}

TEST(smb2_negotiate, malformed_contexts) {
    EXPECT_FALSE(preauth_integrity_capabilities::parse(bytes{0, 0, 0, 0}));
    EXPECT_FALSE(preauth_integrity_capabilities::parse(bytes{1, 0, 32, 0, 1, 0}));  // short salt
    EXPECT_FALSE(preauth_integrity_capabilities::parse(bytes{2, 0, 0, 0, 1, 0}));
    EXPECT_FALSE(encryption_capabilities::parse(bytes{2, 0, 1, 0}));
    EXPECT_FALSE(encryption_capabilities::parse(bytes{0, 0}));
    EXPECT_FALSE(compression_capabilities::parse(bytes{1, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_FALSE(signing_capabilities::parse(bytes{0xFF, 0xFF, 1, 0}));
    EXPECT_FALSE(rdma_transform_capabilities::parse(bytes{1, 0, 0, 0}));
    EXPECT_FALSE(transport_capabilities::parse(bytes{1, 0}));
    EXPECT_FALSE(netname_context::parse(bytes{0x00, 0xD8}));  // unpaired surrogate
    EXPECT_FALSE(netname_context::parse(bytes{0x41}));        // odd length
}
