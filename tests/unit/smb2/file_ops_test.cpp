// CLOSE, FLUSH, READ, WRITE, LOCK, IOCTL, CANCEL.
#include "smb2/close.hpp"
#include "smb2/fsctl_copy.hpp"
#include "smb2/ioctl.hpp"
#include "smb2/lock.hpp"
#include "smb2/read_write.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::test;

TEST(smb2_close, round_trips_and_captures) {
    expect_round_trip(close_request{close_flags::postquery_attrib, {1, 2}});
    close_response c{close_flags::postquery_attrib, 1, 2, 3, 4, 4096, 13, file_attribute::archive};
    expect_round_trip(c);
    int n = 0;
    for (const auto& m : messages_of(command::close, false)) {
        auto d = close_request::decode(m.data);
        ASSERT_TRUE(d);
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::close, true)) {
        auto d = close_response::decode(m.data);
        ASSERT_TRUE(d);
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 30);
    auto wire = encode_message(c);
    expect_truncations_fail<close_response>(wire);
    EXPECT_FALSE(close_response::decode(patched16(wire, 64, 61)));
    auto q = encode_message(close_request{0, {1, 2}});
    expect_truncations_fail<close_request>(q);
    EXPECT_FALSE(close_request::decode(patched16(q, 64, 25)));
}

TEST(smb2_flush, round_trips) {
    flush_request f{{7, 8}};
    expect_round_trip(f);
    auto wire = encode_message(f);
    expect_truncations_fail<flush_request>(wire);
    EXPECT_FALSE(flush_request::decode(patched16(wire, 64, 4)));
}

TEST(smb2_read, round_trips) {
    read_request q;
    q.padding = 0x50;
    q.length = 65536;
    q.offset = 1ull << 40;
    q.id = {3, 4};
    q.minimum_count = 1;
    expect_round_trip(q);
    q.channel = channel::rdma_v1;
    q.channel_info = bytes(16, 0xCC);
    expect_round_trip(q);
    read_response s;
    s.data = bytes{'h', 'e', 'l', 'l', 'o'};
    expect_round_trip(s);
    expect_round_trip(read_response{});
    auto wire = encode_message(s);
    EXPECT_EQ(wire[66], read_response::data_offset);
}

TEST(smb2_read, prefix_then_data_equals_full_encoding) {
    read_response s;
    s.data = bytes(100, 0x42);
    writer w;
    header{}.encode(w);
    read_response::encode_prefix(w, 100);
    w.put(s.data);
    EXPECT_EQ(to_hex(w.data()), to_hex(encode_message(s)));
}

TEST(smb2_write, round_trips) {
    write_request q;
    q.offset = 12;
    q.id = {5, 6};
    q.flags = write_flags::write_through;
    q.data = bytes{'h', 'e', 'l', 'l', 'o', '-', 's', 'm', 'b', 'k', 'i', 't', '\n'};
    expect_round_trip(q);
    q.channel_info = bytes(16, 1);
    expect_round_trip(q);
    expect_round_trip(write_request{});
    expect_round_trip(write_response{13, 0});
}

TEST(smb2_read, decode_data_points_into_the_message) {
    read_response s;
    s.data = bytes{9, 8, 7, 6};
    auto m = encode_message(s);
    auto d = read_response::decode_data(m);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->data(), m.data() + read_response::data_offset);
    EXPECT_EQ(bytes(d->begin(), d->end()), s.data);
    EXPECT_FALSE(read_response::decode_data(patched32(m, 68, 5)));  // longer than the message
}

TEST(smb2_write, view_points_into_the_message) {
    write_request q;
    q.offset = 1 << 20;
    q.id = {7, 8};
    q.flags = write_flags::write_through;
    q.data = bytes{1, 2, 3, 4, 5};
    q.channel_info = bytes(4, 9);
    auto m = encode_message(q);
    auto v = write_request::decode_view(m);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->offset, q.offset);
    EXPECT_EQ(v->id, q.id);
    EXPECT_EQ(v->flags, q.flags);
    ASSERT_EQ(v->data.size(), 5u);
    EXPECT_GE(v->data.data(), m.data());
    EXPECT_LE(v->data.data() + v->data.size(), m.data() + m.size());
    EXPECT_EQ(bytes(v->data.begin(), v->data.end()), q.data);
    EXPECT_EQ(bytes(v->channel_info.begin(), v->channel_info.end()), q.channel_info);
    EXPECT_FALSE(write_request::decode_view(byte_span(m).first(m.size() - 1)));
}

TEST(smb2_read_write, decode_and_reencode_captures) {
    int n = 0;
    bool saw_hello = false;
    for (const auto& m : messages_of(command::read, false)) {
        auto d = read_request::decode(m.data);
        ASSERT_TRUE(d);
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::read, true)) {
        auto d = read_response::decode(m.data);
        ASSERT_TRUE(d);
        saw_hello |= std::string(d->data.begin(), d->data.end()) == "hello-smbkit\n";
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::write, false)) {
        auto d = write_request::decode(m.data);
        ASSERT_TRUE(d);
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::write, true)) {
        auto d = write_response::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_GT(d->count, 0u);
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 8);
    EXPECT_TRUE(saw_hello);
}

TEST(smb2_read_write, malformed) {
    read_request q;
    q.channel_info = bytes(4, 1);
    auto rq = encode_message(q);
    expect_truncations_fail<read_request>(rq);
    EXPECT_FALSE(read_request::decode(patched16(rq, 64, 48)));
    EXPECT_FALSE(read_request::decode(patched16(rq, 64 + 46, 0xFFFF)));  // channel info length
    EXPECT_FALSE(read_request::decode(patched16(rq, 64 + 44, 64)));      // into the header
    read_response s;
    s.data = bytes(8, 1);
    auto rs = encode_message(s);
    expect_truncations_fail<read_response>(rs);
    EXPECT_FALSE(read_response::decode(patched32(rs, 68, 0xFFFFFFFF)));
    EXPECT_FALSE(read_response::decode(patched32(rs, 68, 9)));
    auto low = rs;
    low[66] = 0x40;  // data inside the header
    EXPECT_FALSE(read_response::decode(low));
    write_request w;
    w.data = bytes(10, 2);
    w.channel_info = bytes(4, 3);
    auto wq = encode_message(w);
    expect_truncations_fail<write_request>(wq);
    EXPECT_FALSE(write_request::decode(patched16(wq, 64, 50)));
    EXPECT_FALSE(write_request::decode(patched32(wq, 68, 0xFFFFFFFF)));  // Length
    EXPECT_FALSE(write_request::decode(patched16(wq, 66, 0xFFFF)));      // DataOffset
    EXPECT_FALSE(write_request::decode(patched16(wq, 64 + 40, 112)));    // info over data
    auto ws = encode_message(write_response{});
    expect_truncations_fail<write_response>(ws);
}

TEST(smb2_lock, round_trips_and_rejects) {
    lock_request l;
    l.lock_sequence_number = 5;
    l.lock_sequence_index = 17;
    l.id = {1, 1};
    l.locks = {{0, 10, lock_flags::exclusive_lock | lock_flags::fail_immediately},
               {100, 1, lock_flags::unlock}};
    expect_round_trip(l);
    auto wire = encode_message(l);
    EXPECT_EQ(wire.size(), header_size + 24 + 2 * 24);
    expect_truncations_fail<lock_request>(wire);
    EXPECT_FALSE(lock_request::decode(patched16(wire, 64, 24)));
    EXPECT_FALSE(lock_request::decode(patched16(wire, 66, 0)));       // no locks
    EXPECT_FALSE(lock_request::decode(patched16(wire, 66, 3)));       // more than sent
    EXPECT_FALSE(lock_request::decode(patched16(wire, 66, 0xFFFF)));
}

namespace {

ioctl_request sample_ioctl() {
    ioctl_request q;
    q.ctl_code = fsctl::validate_negotiate_info;
    q.id = related_file_id;
    validate_negotiate_info_request v;
    v.capabilities = cap::dfs;
    v.client_guid[0] = 1;
    v.security_mode = security_mode::signing_enabled;
    v.dialects = {dialect::smb3_0, dialect::smb3_0_2};
    q.input = v.encode();
    q.max_output_response = 24;
    return q;
}

}  // namespace

TEST(smb2_ioctl, round_trips) {
    auto q = sample_ioctl();
    expect_round_trip(q);
    q.output = bytes(5, 9);
    expect_round_trip(q);
    ioctl_response r;
    r.ctl_code = fsctl::pipe_transceive;
    r.id = {1, 2};
    r.output = bytes(120, 5);
    expect_round_trip(r);
    r.input = bytes(3, 1);
    expect_round_trip(r);
    expect_round_trip(ioctl_response{});
}

TEST(smb2_ioctl, typed_fsctls) {
    validate_negotiate_info_request v;
    v.dialects = {dialect::smb2_002, dialect::smb2_1, dialect::smb3_0};
    v.security_mode = 1;
    auto back = validate_negotiate_info_request::decode(v.encode());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, v);
    auto enc = v.encode();
    enc.pop_back();
    EXPECT_FALSE(validate_negotiate_info_request::decode(enc));
    EXPECT_FALSE(validate_negotiate_info_request::decode(patched16(v.encode(), 22, 0xFFFF)));
    validate_negotiate_info_response vr{cap::leasing, {}, 1, dialect::smb3_0_2};
    vr.server_guid[15] = 0xEE;
    auto vb = vr.encode();
    EXPECT_EQ(vb.size(), 24u);
    EXPECT_EQ(*validate_negotiate_info_response::decode(vb), vr);
    vb.push_back(0);
    EXPECT_FALSE(validate_negotiate_info_response::decode(vb));

    network_interface_info v4;
    v4.if_index = 1;
    v4.capability = interface_capability::rss_capable;
    v4.link_speed = 10'000'000'000ull;
    v4.address = {127, 0, 0, 8};
    network_interface_info v6;
    v6.if_index = 2;
    v6.ipv6 = true;
    v6.address[15] = 1;
    v6.scope_id = 3;
    auto nb = encode_network_interfaces({v4, v6});
    EXPECT_EQ(nb.size(), 2u * 152);
    EXPECT_EQ(nb[24], 0x02);  // AF_INET
    EXPECT_EQ(nb[28], 127);
    auto nd = decode_network_interfaces(nb);
    ASSERT_TRUE(nd);
    ASSERT_EQ(nd->size(), 2u);
    EXPECT_EQ((*nd)[0], v4);
    EXPECT_EQ((*nd)[1], v6);
    EXPECT_FALSE(decode_network_interfaces(byte_span(nb).first(151)));
    EXPECT_FALSE(decode_network_interfaces(patched16(nb, 24, 7)));          // family
    EXPECT_FALSE(decode_network_interfaces(patched32(nb, 0, 0xFFFFFFF8)));  // Next

    dfs_referral_request dfs{4, "\\127.0.0.8\\data"};
    auto db = dfs.encode();
    EXPECT_EQ(*dfs_referral_request::decode(db), dfs);
    db.pop_back();
    db.pop_back();
    EXPECT_FALSE(dfs_referral_request::decode(db));  // no terminator
}

TEST(smb2_ioctl, decodes_and_reencodes_captures) {
    int n = 0, transceive = 0;
    for (const auto& m : messages_of(command::ioctl, false)) {
        auto d = ioctl_request::decode(m.data);
        ASSERT_TRUE(d) << m.capture << " " << m.frame;
        if (d->ctl_code == fsctl::pipe_transceive) ++transceive;
        if (d->ctl_code == fsctl::validate_negotiate_info) {
            auto v = validate_negotiate_info_request::decode(d->input);
            ASSERT_TRUE(v);
            EXPECT_FALSE(v->dialects.empty());
        }
        if (d->ctl_code == fsctl::dfs_get_referrals) {
            EXPECT_TRUE(dfs_referral_request::decode(d->input));
        }
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::ioctl, true)) {
        if (status_of(m.data) != ntstatus::success) continue;
        auto d = ioctl_response::decode(m.data);
        ASSERT_TRUE(d) << m.capture << " " << m.frame;
        if (d->ctl_code == fsctl::validate_negotiate_info) {
            EXPECT_TRUE(validate_negotiate_info_response::decode(d->output));
        }
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 10);
    EXPECT_GT(transceive, 0);
}

TEST(smb2_ioctl, malformed) {
    auto q = sample_ioctl();
    q.output = bytes(4, 1);
    auto wire = encode_message(q);
    expect_truncations_fail<ioctl_request>(wire);
    EXPECT_FALSE(ioctl_request::decode(patched16(wire, 64, 56)));
    EXPECT_FALSE(ioctl_request::decode(patched32(wire, 64 + 28, 0xFFFFFFFF)));  // InputCount
    EXPECT_FALSE(ioctl_request::decode(patched32(wire, 64 + 24, 0xFFFFFFFF)));  // InputOffset
    EXPECT_FALSE(ioctl_request::decode(patched32(wire, 64 + 24, 64)));          // fixed part
    EXPECT_FALSE(ioctl_request::decode(patched32(wire, 64 + 36, 120)));  // output over input
    EXPECT_FALSE(ioctl_request::decode(patched32(wire, 64 + 40, 0xFFFFFFFF)));  // OutputCount
    ioctl_response r;
    r.output = bytes(10, 1);
    auto rw = encode_message(r);
    expect_truncations_fail<ioctl_response>(rw);
    EXPECT_FALSE(ioctl_response::decode(patched16(rw, 64, 48)));
    EXPECT_FALSE(ioctl_response::decode(patched32(rw, 64 + 36, 0xFFFFFFFF)));
}

TEST(smb2_ioctl, copy_and_snapshot_fsctls) {
    resume_key_response k;
    k.key[0] = 1;
    k.key[23] = 24;
    auto kb = k.encode();
    EXPECT_EQ(kb.size(), 32u);
    EXPECT_EQ(*resume_key_response::decode(kb), k);
    EXPECT_FALSE(resume_key_response::decode(patched32(kb, 24, 0xFFFFFFFF)));

    copychunk_request c;
    c.source_key = k.key;
    c.chunks = {{0, 100, 1 << 20}, {1 << 20, 0, 13}};
    auto cb = c.encode();
    EXPECT_EQ(cb.size(), 32u + 2 * 24);
    EXPECT_EQ(*copychunk_request::decode(cb), c);
    EXPECT_FALSE(copychunk_request::decode(patched32(cb, 24, 3)));
    EXPECT_FALSE(copychunk_request::decode(patched32(cb, 24, 0xFFFFFFFF)));
    EXPECT_FALSE(copychunk_request::decode(byte_span(cb).first(31)));
    copychunk_response cr{2, 13, (1 << 20) + 13};
    EXPECT_EQ(*copychunk_response::decode(cr.encode()), cr);
    EXPECT_FALSE(copychunk_response::decode(bytes(11)));

    snapshot_array s{2, {"@GMT-2026.11.26-10.00.00", "@GMT-2026.11.25-10.00.00"}};
    auto sb = s.encode();
    EXPECT_EQ(sb.size(), 12u + 2 * 50 + 2);
    EXPECT_EQ(*snapshot_array::decode(sb), s);
    auto counts = s.encode(false);
    EXPECT_EQ(counts.size(), 12u);
    auto only = snapshot_array::decode(counts);
    ASSERT_TRUE(only);
    EXPECT_EQ(only->number_of_snapshots, 2u);
    EXPECT_TRUE(only->snapshots.empty());
    reader cr2(counts);
    cr2.seek(8);
    EXPECT_EQ(cr2.u32(), 2u * 50 + 2);  // SnapShotArraySize the client needs
    EXPECT_EQ(*snapshot_array::decode(snapshot_array{}.encode()), snapshot_array{});
    EXPECT_FALSE(snapshot_array::decode(patched32(sb, 8, 0xFFFFFFFF)));
    EXPECT_FALSE(snapshot_array::decode(patched32(sb, 4, 3)));  // count disagrees
    auto unterminated = sb;
    unterminated.resize(sb.size() - 4);
    EXPECT_FALSE(snapshot_array::decode(patched32(unterminated, 8, static_cast<std::uint32_t>(unterminated.size() - 12))));

    pipe_wait_request p{-10000000, true, "srvsvc"};
    auto pb = p.encode();
    EXPECT_EQ(*pipe_wait_request::decode(pb), p);
    EXPECT_FALSE(pipe_wait_request::decode(patched32(pb, 8, 0xFFFFFFFF)));
}
