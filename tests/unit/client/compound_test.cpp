// MS-SMB2 3.2.4.1.4: compounded requests as client::chain_messages builds them.
#include <gtest/gtest.h>

#include "client/compound.hpp"
#include "smb2/close.hpp"
#include "smb2/create.hpp"
#include "smb2/header.hpp"
#include "smb2/info.hpp"

namespace smbkit::client {
namespace {

bytes message(smb2::command cmd, std::uint64_t mid, bool sign, const std::function<void(writer&)>& body) {
    smb2::header h;
    h.cmd = cmd;
    h.credit_charge = 1;
    h.credits = 256;
    h.message_id = mid;
    h.tree_id = 5;
    h.session_id = 0x1122334455667788ull;
    h.process_id = 0xFEFF;
    if (sign) h.flags |= smb2::flags::signed_;
    writer w;
    h.encode(w);
    body(w);
    return w.take();
}

// CREATE of a name whose length leaves the message off an 8-byte boundary, QUERY_INFO and
// CLOSE on the related handle: what stat sends.
std::vector<bytes> stat_chain(bool sign) {
    smb2::create_request c;
    c.desired_access = 0x80;
    c.name = "dir\\a.txt";
    smb2::query_info_request q;
    q.file_info_class = 18;
    q.output_buffer_length = 65536;
    q.id = smb2::related_file_id;
    smb2::close_request cl;
    cl.id = smb2::related_file_id;
    return {message(smb2::command::create, 7, sign, [&](writer& w) { c.encode(w); }),
            message(smb2::command::query_info, 8, sign, [&](writer& w) { q.encode(w); }),
            message(smb2::command::close, 9, sign, [&](writer& w) { cl.encode(w); })};
}

crypto::signing_key key(crypto::signing_algorithm a) {
    bytes k(16);
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0xA0 + i);
    return {a, crypto::secret(k)};
}

TEST(compound, offsets_alignment_and_related_flags) {
    auto parts = stat_chain(false);
    std::vector<std::size_t> sizes;
    for (const auto& p : parts) sizes.push_back(p.size());
    ASSERT_NE(sizes[0] % 8, 0u) << "the CREATE should need padding for this test to mean anything";
    auto chain = chain_messages(parts, true, nullptr);
    ASSERT_TRUE(chain) << chain.error().to_string();
    auto split = smb2::split_compound(*chain);
    ASSERT_TRUE(split);
    ASSERT_EQ(split->size(), 3u);
    std::size_t at = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        auto part = (*split)[i];
        auto h = smb2::header::decode(part);
        ASSERT_TRUE(h);
        bool last = i == 2;
        EXPECT_EQ(h->next_command, last ? 0u : part.size()) << i;
        if (!last) {
            EXPECT_EQ(part.size() % 8, 0u) << i;
            EXPECT_EQ(part.size(), (sizes[i] + 7) / 8 * 8) << i;
            for (std::size_t b = sizes[i]; b < part.size(); ++b) EXPECT_EQ(part[b], 0) << "padding byte " << b;
        } else {
            EXPECT_EQ(part.size(), sizes[i]) << "the last message is not padded";
        }
        EXPECT_EQ(h->is_related(), i > 0) << i;
        EXPECT_FALSE(h->is_signed());
        EXPECT_EQ(h->message_id, 7 + i);
        EXPECT_EQ(h->signature, smb2::signature_bytes{});
        at += part.size();
    }
    EXPECT_EQ(at, chain->size());
    // The bodies still decode from their own header: their offsets are message-relative.
    auto c = smb2::create_request::decode((*split)[0]);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->name, "dir\\a.txt");
    auto q = smb2::query_info_request::decode((*split)[1]);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->id, smb2::related_file_id);
    auto cl = smb2::close_request::decode((*split)[2]);
    ASSERT_TRUE(cl);
    EXPECT_EQ(cl->id, smb2::related_file_id);
}

TEST(compound, unrelated_chain_has_no_related_flag) {
    auto chain = chain_messages(stat_chain(false), false, nullptr);
    ASSERT_TRUE(chain);
    auto split = smb2::split_compound(*chain);
    ASSERT_TRUE(split);
    for (auto part : *split) EXPECT_FALSE(smb2::header::decode(part)->is_related());
}

TEST(compound, each_message_signed_on_its_own_padding_included) {
    for (auto a : {crypto::signing_algorithm::hmac_sha256, crypto::signing_algorithm::aes_cmac,
                   crypto::signing_algorithm::aes_gmac}) {
        auto k = key(a);
        auto chain = chain_messages(stat_chain(true), true, &k);
        ASSERT_TRUE(chain) << chain.error().to_string();
        auto split = smb2::split_compound(*chain);
        ASSERT_TRUE(split);
        ASSERT_EQ(split->size(), 3u);
        std::vector<smb2::signature_bytes> sigs;
        for (auto part : *split) {
            auto h = smb2::header::decode(part);
            EXPECT_TRUE(h->is_signed());
            EXPECT_TRUE(crypto::verify_signature(k, part)) << static_cast<int>(a);
            sigs.push_back(h->signature);
        }
        EXPECT_NE(sigs[0], sigs[1]);
        EXPECT_NE(sigs[1], sigs[2]);
        // The whole chain is not what was signed: each message alone is.
        EXPECT_FALSE(crypto::verify_signature(k, *chain));
        // A padding byte is covered by the signature of its message and no other.
        bytes tampered = *chain;
        std::size_t first = (*split)[0].size();
        tampered[first - 1] ^= 1;
        auto again = smb2::split_compound(tampered);
        ASSERT_TRUE(again);
        EXPECT_FALSE(crypto::verify_signature(k, (*again)[0]));
        EXPECT_TRUE(crypto::verify_signature(k, (*again)[1]));
        EXPECT_TRUE(crypto::verify_signature(k, (*again)[2]));
    }
}

TEST(compound, one_message_is_the_plain_request) {
    auto k = key(crypto::signing_algorithm::aes_cmac);
    auto parts = stat_chain(true);
    bytes alone = parts[0];
    ASSERT_TRUE(crypto::sign_message(k, alone));
    auto chain = chain_messages({parts[0]}, true, &k);
    ASSERT_TRUE(chain);
    EXPECT_EQ(*chain, alone) << "no padding, NextCommand 0, no related flag on a lone request";
}

TEST(compound, refused_inputs) {
    auto parts = stat_chain(true);
    auto no_key = chain_messages(parts, true, nullptr);
    ASSERT_FALSE(no_key);
    EXPECT_EQ(no_key.error().kind, error_kind::malformed);
    parts[1].resize(20);
    EXPECT_FALSE(chain_messages(parts, true, nullptr));
    auto unsigned_parts = stat_chain(false);
    unsigned_parts[0][0] = 0xFF;  // an SMB1 ProtocolId
    EXPECT_FALSE(chain_messages(unsigned_parts, true, nullptr));
}

TEST(compound, encrypted_chain_is_one_transform) {
    auto k = key(crypto::signing_algorithm::aes_cmac);
    auto chain = chain_messages(stat_chain(false), true, nullptr);
    ASSERT_TRUE(chain);
    bytes ck(16, 0x42);
    crypto::cipher_key enc{crypto::cipher_id::aes128_gcm, crypto::secret(ck)};
    auto sealed = crypto::encrypt_message(enc, 0x1122334455667788ull, *chain);
    ASSERT_TRUE(sealed);
    auto th = crypto::parse_transform_header(*sealed);
    ASSERT_TRUE(th);
    EXPECT_EQ(th->original_message_size, chain->size());
    EXPECT_EQ(sealed->size(), crypto::transform_header_size + chain->size());
    auto opened = crypto::decrypt_message(enc, *sealed);
    ASSERT_TRUE(opened);
    auto split = smb2::split_compound(*opened);
    ASSERT_TRUE(split);
    EXPECT_EQ(split->size(), 3u);
}

}  // namespace
}  // namespace smbkit::client
