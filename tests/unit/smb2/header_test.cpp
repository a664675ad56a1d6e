#include "smb2/header.hpp"

#include <map>

#include "smb2/error.hpp"
#include "smb2/smb1_negotiate.hpp"
#include "smb2/structure_size.hpp"
#include "smb2/transform.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::test;

TEST(smb2_header, sync_round_trip) {
    header h;
    h.credit_charge = 1;
    h.status = ntstatus::more_processing_required;
    h.cmd = command::session_setup;
    h.credits = 33;
    h.flags = flags::server_to_redir | flags::signed_ | flags::related_operations;
    h.next_command = 0x68;
    h.message_id = 0x1122334455667788ull;
    h.process_id = 0xFEFF;
    h.tree_id = 7;
    h.session_id = 0xAABBCCDD00112233ull;
    for (int i = 0; i < 16; ++i) h.signature[i] = static_cast<std::uint8_t>(i);
    writer w;
    h.encode(w);
    ASSERT_EQ(w.size(), header_size);
    auto d = header::decode(w.data());
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, h);
    EXPECT_TRUE(d->is_response());
    EXPECT_TRUE(d->is_signed());
    EXPECT_TRUE(d->is_related());
    EXPECT_FALSE(d->is_async());
    EXPECT_EQ(w.data()[signature_offset], 0);
    EXPECT_EQ(w.data()[signature_offset + 15], 15);
}

TEST(smb2_header, async_round_trip_and_channel_sequence) {
    header h;
    h.cmd = command::change_notify;
    h.flags = flags::async_command | flags::server_to_redir;
    h.async_id = 0x0102030405060708ull;
    h.status = ntstatus::pending;
    writer w;
    h.encode(w);
    auto d = header::decode(w.data());
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, h);
    EXPECT_TRUE(d->is_async());
    EXPECT_EQ(w.data()[32], 0x08);  // AsyncId at offset 32, little-endian

    header req;
    req.status = static_cast<ntstatus>(0x00000005);
    EXPECT_EQ(req.channel_sequence(), 5);
}

TEST(smb2_header, rejects_bad_protocol_structure_size_and_truncation) {
    header h;
    writer w;
    h.encode(w);
    bytes good = w.take();
    auto bad_proto = good;
    bad_proto[0] = 0xFF;
    EXPECT_FALSE(header::decode(bad_proto));
    EXPECT_FALSE(header::decode(patched16(good, 4, 65)));
    for (std::size_t n = 0; n < good.size(); ++n)
        EXPECT_FALSE(header::decode(byte_span(good).first(n))) << n;
}

TEST(smb2_header, decodes_every_captured_message_header_and_reencodes_it) {
    int n = 0;
    for (const auto& m : capture_messages()) {
        if (!is_smb2(m.data)) continue;
        auto h = header::decode(m.data);
        ASSERT_TRUE(h) << m.capture << " " << m.frame;
        writer w;
        h->encode(w);
        EXPECT_EQ(to_hex(w.data()), to_hex(byte_span(m.data).first(header_size)));
        ++n;
    }
    EXPECT_GT(n, 150);
}

TEST(smb2_header, captured_interim_response_is_async_pending) {
    bool seen = false;
    for (const auto& m : messages_of(command::ioctl, true)) {
        auto h = header::decode(m.data);
        if (h->status != ntstatus::pending) continue;
        seen = true;
        EXPECT_TRUE(h->is_async());
        EXPECT_NE(h->async_id, 0u);
        auto e = error_response::decode(m.data);
        ASSERT_TRUE(e);
    }
    EXPECT_TRUE(seen);
}

TEST(smb2_compound, splits_captured_frames) {
    std::size_t messages = 0, parts_seen = 0;
    std::map<int, bytes> frames;
    for (const auto& m : capture_messages()) {
        if (!is_smb2(m.data)) continue;
        ++messages;
        auto& f = frames[m.frame];
        f.insert(f.end(), m.data.begin(), m.data.end());
    }
    for (const auto& [frame, packet] : frames) {
        auto parts = split_compound(packet);
        ASSERT_TRUE(parts) << frame;
        parts_seen += parts->size();
    }
    EXPECT_EQ(parts_seen, messages);
}

TEST(smb2_compound, rejects_bad_next_command) {
    header h;
    writer w;
    h.encode(w);
    w.zeros(16);
    bytes one = w.take();
    EXPECT_EQ(split_compound(one)->size(), 1u);
    EXPECT_FALSE(split_compound(patched32(one, 20, 12)));          // not a multiple of 8
    EXPECT_FALSE(split_compound(patched32(one, 20, 8)));           // inside the header
    EXPECT_FALSE(split_compound(patched32(one, 20, 80)));          // == size: nothing follows
    EXPECT_FALSE(split_compound(patched32(one, 20, 0xFFFFFFF8u)));  // past the end
    bytes two = patched32(one, 20, 80);
    two.insert(two.end(), one.begin(), one.end());
    two.resize(80 + 64);
    auto parts = split_compound(two);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ(parts->at(0).size(), 80u);
    EXPECT_EQ(parts->at(1).size(), 64u);
    two[80] = 0;
    EXPECT_FALSE(split_compound(two));  // second part lost its ProtocolId
}

TEST(smb2_error_response, round_trips) {
    expect_round_trip(error_response{});
    error_response e;
    e.data = buffer_too_small_data(1234);
    expect_round_trip(e);
    error_response c;
    c.contexts.push_back({error_id::default_, buffer_too_small_data(99)});
    c.contexts.push_back({error_id::share_redirect, bytes{1, 2, 3}});
    c.contexts.push_back({error_id::default_, bytes{}});
    expect_round_trip(c);
    auto wire = encode_message(c);
    EXPECT_EQ(wire[66], 3);  // ErrorContextCount
}

TEST(smb2_error_response, empty_error_data_is_one_zero_byte) {
    auto wire = encode_message(error_response{});
    EXPECT_EQ(wire.size(), header_size + 9);
    // A peer that leaves the byte off is still understood.
    wire.pop_back();
    EXPECT_TRUE(error_response::decode(wire));
}

TEST(smb2_error_response, decodes_captured_errors) {
    int n = 0;
    for (const auto& m : messages_of(command::ioctl, true)) {
        auto st = status_of(m.data);
        if (st != ntstatus::not_found && st != ntstatus::pending) continue;
        auto e = error_response::decode(m.data);
        ASSERT_TRUE(e) << m.frame;
        EXPECT_TRUE(e->data.empty());
        // ByteCount 0 is followed by one byte that Samba leaves uninitialised; compare the
        // rest.
        auto wire = encode_message(*e, *header::decode(m.data));
        ASSERT_EQ(wire.size(), m.data.size());
        EXPECT_EQ(to_hex(byte_span(wire).first(wire.size() - 1)),
                  to_hex(byte_span(m.data).first(wire.size() - 1)));
        ++n;
    }
    EXPECT_GE(n, 4);
}

TEST(smb2_error_response, malformed) {
    error_response e;
    e.data = bytes{1, 2, 3, 4};
    auto wire = encode_message(e);
    expect_truncations_fail<error_response>(wire);
    EXPECT_FALSE(error_response::decode(patched16(wire, 64, 8)));
    EXPECT_FALSE(error_response::decode(patched32(wire, 68, 0xFFFFFFFF)));
    EXPECT_FALSE(error_response::decode(patched32(wire, 68, 5)));
    error_response c;
    c.contexts.push_back({0, bytes{1, 2, 3, 4}});
    auto cw = encode_message(c);
    EXPECT_FALSE(error_response::decode(patched32(cw, 72, 0xFFFFFFFF)));  // ErrorDataLength
    auto more = cw;
    more[66] = 2;  // a context count beyond the data
    EXPECT_FALSE(error_response::decode(more));
}

TEST(smb2_symlink_error, round_trips_and_rejects) {
    symlink_error s{6, "..\\target", "target", 1};
    auto b = s.encode();
    auto d = symlink_error::decode(b);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, s);
    for (std::size_t n = 0; n < b.size(); ++n)
        EXPECT_FALSE(symlink_error::decode(byte_span(b).first(n))) << n;
    auto bad = patched16(b, 4 + 16, 0xFFF0);  // SubstituteNameOffset
    EXPECT_FALSE(symlink_error::decode(bad));
}

TEST(smb2_transform, round_trip_and_aad) {
    transform_header t;
    for (int i = 0; i < 16; ++i) {
        t.signature[i] = static_cast<std::uint8_t>(0xA0 + i);
        t.nonce[i] = static_cast<std::uint8_t>(i < 11 ? i + 1 : 0);
    }
    t.original_message_size = 0x1234;
    t.session_id = 0x0000400000000011ull;
    writer w;
    t.encode(w);
    ASSERT_EQ(w.size(), transform_header::size);
    EXPECT_TRUE(is_transform(w.data()));
    EXPECT_FALSE(is_smb2(w.data()));
    auto d = transform_header::decode(w.data());
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, t);
    EXPECT_EQ(w.data()[transform_header::aad_offset], 1);  // first nonce byte
    bytes good = w.take();
    for (std::size_t n = 0; n < good.size(); ++n)
        EXPECT_FALSE(transform_header::decode(byte_span(good).first(n)));
    good[0] = 0xFE;
    EXPECT_FALSE(transform_header::decode(good));
}

TEST(smb2_transform, compression_header_parsed_and_bounded) {
    compression_transform_header c{4096, compression_algorithm::lznt1, 0, 0};
    writer w;
    c.encode(w);
    w.zeros(8);
    EXPECT_TRUE(is_compression_transform(w.data()));
    auto d = compression_transform_header::decode(w.data());
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, c);
    EXPECT_FALSE(d->chained());
    bytes b = w.take();
    EXPECT_TRUE(compression_transform_header::decode(patched32(b, 12, 8)));
    EXPECT_FALSE(compression_transform_header::decode(patched32(b, 12, 9)));
    EXPECT_FALSE(compression_transform_header::decode(patched32(b, 12, 0xFFFFFFFF)));
    EXPECT_FALSE(compression_transform_header::decode(patched16(b, 10, 2)));  // unknown flag
    auto chained = compression_transform_header::decode(patched16(b, 10, 1));
    ASSERT_TRUE(chained);
    EXPECT_TRUE(chained->chained());
    for (std::size_t n = 0; n < 16; ++n)
        EXPECT_FALSE(compression_transform_header::decode(byte_span(b).first(n)));
}

TEST(smb1_negotiate, decodes_captured_upgrade_request) {
    int n = 0;
    for (const auto& m : capture_messages()) {
        if (!is_smb1(m.data)) continue;
        ++n;
        auto d = smb1_negotiate_request::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_TRUE(d->offers("NT LM 0.12"));
        EXPECT_TRUE(d->offers(smb1_dialect_smb2_002));
        EXPECT_TRUE(d->offers(smb1_dialect_smb2_wildcard));
        EXPECT_EQ(d->smb2_dialect(), dialect::smb2_wildcard);
        writer w;
        d->encode(w);
        EXPECT_EQ(to_hex(w.data()), to_hex(m.data));
        expect_truncations_fail<smb1_negotiate_request>(m.data);
    }
    EXPECT_EQ(n, 1);
}

TEST(smb1_negotiate, dialect_choice_and_malformed) {
    smb1_negotiate_request r;
    r.dialects = {"NT LM 0.12", "SMB 2.002"};
    writer w;
    r.encode(w);
    auto d = smb1_negotiate_request::decode(w.data());
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, r);
    EXPECT_EQ(d->smb2_dialect(), dialect::smb2_002);
    r.dialects = {"NT LM 0.12"};
    EXPECT_FALSE(r.smb2_dialect());
    bytes b = w.take();
    auto no_nul = b;
    no_nul.back() = 'x';
    EXPECT_FALSE(smb1_negotiate_request::decode(no_nul));
    auto bad_format = b;
    bad_format[35] = 0x03;
    EXPECT_FALSE(smb1_negotiate_request::decode(bad_format));
    auto not_negotiate = b;
    not_negotiate[4] = 0x73;
    EXPECT_FALSE(smb1_negotiate_request::decode(not_negotiate));
    auto long_count = patched16(b, 33, 0xFFFF);
    EXPECT_FALSE(smb1_negotiate_request::decode(long_count));
}

TEST(smb2_structure_size, table_matches_the_codecs) {
    static_assert(request_structure_size(command::create) == 57);
    static_assert(response_structure_size(command::negotiate) == 65);
    EXPECT_TRUE(accepts_structure_size(command::set_info, true, 2));
    EXPECT_TRUE(accepts_structure_size(command::set_info, true, error_structure_size));
    EXPECT_FALSE(accepts_structure_size(command::set_info, false, 9));
    EXPECT_TRUE(accepts_structure_size(command::oplock_break, false, 36));
    EXPECT_FALSE(accepts_structure_size(command::oplock_break, false, 44));
    EXPECT_TRUE(accepts_structure_size(command::oplock_break, true, 44));
    EXPECT_FALSE(accepts_structure_size(command::cancel, true, 4));
    EXPECT_FALSE(accepts_structure_size(static_cast<command>(0x13), false, 4));
    // Every captured message carries the StructureSize the table expects.
    int n = 0;
    for (const auto& m : capture_messages()) {
        if (!is_smb2(m.data)) continue;
        auto h = header::decode(m.data);
        reader r(m.data);
        r.seek(header_size);
        EXPECT_TRUE(accepts_structure_size(h->cmd, m.response, r.u16()))
            << command_name(h->cmd) << " " << m.frame;
        ++n;
    }
    EXPECT_GT(n, 150);
}
