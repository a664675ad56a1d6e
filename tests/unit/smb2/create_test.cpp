#include "smb2/create.hpp"

#include <set>

#include "smb2/fscc/ea.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::test;

namespace {

create_request sample_request() {
    create_request c;
    c.requested_oplock_level = oplock_level::lease;
    c.desired_access = access::file_generic_read | access::file_write_data;
    c.file_attributes = file_attribute::normal;
    c.share_access = share_access::read | share_access::write;
    c.create_disposition = create_disposition::open_if;
    c.create_options = create_options::non_directory_file;
    c.name = "dir\\fïle.txt";
    c.contexts.push_back(mxac_request{}.to_context());
    c.contexts.push_back({std::string(create_context_name::query_on_disk_id), {}});
    lease l;
    l.v2 = true;
    l.key[0] = 1;
    l.state = lease_state::read_caching | lease_state::handle_caching;
    l.flags = lease_flags::parent_lease_key_set;
    l.parent_key[15] = 9;
    l.epoch = 3;
    c.contexts.push_back(l.to_context());
    durable_v2_request d;
    d.timeout = 60000;
    d.create_guid[3] = 0x33;
    c.contexts.push_back(d.to_context());
    c.contexts.push_back(timewarp_token{0x01D9000000000000ull}.to_context());
    c.contexts.push_back(allocation_size{4096}.to_context());
    c.contexts.push_back(ea_buffer{{{0, "user.a", bytes{1, 2, 3}}, {0x80, "b", {}}}}.to_context());
    fscc::security_descriptor sd;
    sd.owner = fscc::unix_user_sid(1000);
    sd.dacl = fscc::acl{2, {{fscc::ace_type::access_allowed, 0, access::file_all_access,
                             fscc::world_sid(), {}}}};
    c.contexts.push_back(sd_buffer{sd}.to_context());
    c.contexts.push_back({std::string(create_context_name::aapl), bytes{1, 0, 0, 0, 0, 0, 0, 0}});
    return c;
}

}  // namespace

TEST(smb2_create, request_round_trips_with_typed_contexts) {
    auto c = sample_request();
    expect_round_trip(c);
    auto d = create_request::decode(encode_message(c));
    ASSERT_TRUE(d);
    auto l = lease::parse(find_context(d->contexts, create_context_name::request_lease)->data);
    ASSERT_TRUE(l);
    EXPECT_TRUE(l->v2);
    EXPECT_EQ(l->epoch, 3);
    EXPECT_EQ(l->parent_key[15], 9);
    auto dh = durable_v2_request::parse(
        find_context(d->contexts, create_context_name::durable_handle_request_v2)->data);
    ASSERT_TRUE(dh);
    EXPECT_EQ(dh->timeout, 60000u);
    auto ea = ea_buffer::parse(find_context(d->contexts, create_context_name::ea_buffer)->data);
    ASSERT_TRUE(ea);
    ASSERT_EQ(ea->eas.size(), 2u);
    EXPECT_EQ(ea->eas[0].name, "user.a");
    EXPECT_EQ(ea->eas[1].flags, 0x80);
    auto mx = mxac_request::parse(
        find_context(d->contexts, create_context_name::query_maximal_access)->data);
    ASSERT_TRUE(mx);
    EXPECT_FALSE(mx->has_timestamp);
    EXPECT_TRUE(timewarp_token::parse(
        find_context(d->contexts, create_context_name::timewarp_token)->data));
    EXPECT_EQ(allocation_size::parse(
                  find_context(d->contexts, create_context_name::allocation_size)->data)
                  ->size,
              4096u);
    EXPECT_EQ(find_context(d->contexts, create_context_name::aapl)->data.size(), 8u);
    auto sd = sd_buffer::parse(find_context(d->contexts, create_context_name::sd_buffer)->data);
    ASSERT_TRUE(sd);
    EXPECT_EQ(sd->descriptor.owner->to_string(), "S-1-22-1-1000");
    EXPECT_EQ(find_context(d->contexts, "none"), nullptr);
}

TEST(smb2_create, empty_name_and_no_contexts) {
    create_request c;
    expect_round_trip(c);
    EXPECT_EQ(encode_message(c).size(), header_size + 57);
}

TEST(smb2_create, response_round_trips) {
    create_response r;
    r.oplock_level = oplock_level::lease;
    r.create_action = create_action::created;
    r.creation_time = 1;
    r.last_access_time = 2;
    r.last_write_time = 3;
    r.change_time = 4;
    r.allocation_size = 4096;
    r.end_of_file = 13;
    r.file_attributes = file_attribute::archive;
    r.id = {0x11, 0x22};
    r.contexts.push_back(mxac_response{ntstatus::success, access::file_all_access}.to_context());
    qfid_response q;
    q.on_disk_id[0] = 0xAB;
    r.contexts.push_back(q.to_context());
    r.contexts.push_back(durable_response_context());
    r.contexts.push_back(durable_v2_response{1000, durable_v2_flags::persistent}.to_context());
    lease l;
    l.state = lease_state::read_caching;
    r.contexts.push_back(l.to_context());
    expect_round_trip(r);
    expect_round_trip(create_response{});
}

TEST(smb2_create, typed_context_lengths_are_checked) {
    EXPECT_FALSE(mxac_request::parse(bytes(4)));
    EXPECT_TRUE(mxac_request::parse(bytes(8)));
    EXPECT_FALSE(mxac_response::parse(bytes(9)));
    EXPECT_FALSE(qfid_response::parse(bytes(16)));
    EXPECT_FALSE(durable_request::parse(bytes(15)));
    EXPECT_FALSE(durable_reconnect::parse(bytes(17)));
    EXPECT_TRUE(durable_reconnect::parse(bytes(16)));
    EXPECT_FALSE(durable_v2_request::parse(bytes(31)));
    EXPECT_FALSE(durable_v2_response::parse(bytes(7)));
    EXPECT_FALSE(durable_v2_reconnect::parse(bytes(32)));
    durable_v2_reconnect rc;
    rc.id = {5, 6};
    rc.flags = durable_v2_flags::persistent;
    auto back = durable_v2_reconnect::parse(rc.to_context().data);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, rc);
    EXPECT_FALSE(lease::parse(bytes(33)));
    EXPECT_FALSE(lease::parse(bytes(51)));
    lease v1;
    v1.key[2] = 7;
    v1.state = lease_state::write_caching;
    EXPECT_EQ(*lease::parse(v1.to_context().data), v1);
    EXPECT_FALSE(timewarp_token::parse(bytes(7)));
    EXPECT_FALSE(allocation_size::parse(bytes{}));
    EXPECT_FALSE(ea_buffer::parse(bytes{}));
    EXPECT_FALSE(sd_buffer::parse(bytes(19)));
    EXPECT_FALSE(sd_buffer::parse(bytes(20)));  // revision 0, not self-relative
}

TEST(smb2_create, full_ea_lists) {
    std::vector<fscc::full_ea> list{{0, "a", bytes{1}}, {0, "longer.name", bytes(300, 7)},
                                    {0x80, "z", {}}};
    writer w;
    fscc::encode_full_ea_list(w, list);
    auto d = fscc::decode_full_ea_list(w.data());
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, list);
    bytes b = w.take();
    EXPECT_FALSE(fscc::decode_full_ea_list(patched32(b, 0, 0xFFFFFFFC)));
    EXPECT_FALSE(fscc::decode_full_ea_list(patched32(b, 0, 4)));  // inside the first entry
    EXPECT_FALSE(fscc::decode_full_ea_list(patched32(b, 0, 10)));  // unaligned
    auto no_nul = b;
    no_nul[8 + 1] = 'x';  // the terminator of "a"
    EXPECT_FALSE(fscc::decode_full_ea_list(no_nul));
    auto long_value = patched16(b, 6, 0xFFFF);
    EXPECT_FALSE(fscc::decode_full_ea_list(long_value));
    std::vector<std::string> names{"a", "bc", "user.x"};
    writer g;
    fscc::encode_get_ea_list(g, names);
    auto gn = fscc::decode_get_ea_list(g.data());
    ASSERT_TRUE(gn);
    EXPECT_EQ(*gn, names);
    EXPECT_FALSE(fscc::decode_get_ea_list(patched32(g.data(), 0, 0x10000)));
}

TEST(smb2_create, decodes_and_reencodes_captured_messages) {
    int requests = 0, responses = 0, with_contexts = 0;
    for (const auto& m : messages_of(command::create, false)) {
        auto d = create_request::decode(m.data);
        ASSERT_TRUE(d) << m.capture << " " << m.frame;
        if (!d->contexts.empty()) ++with_contexts;
        for (const auto& c : d->contexts) {
            if (c.name == create_context_name::query_maximal_access) {
                EXPECT_TRUE(mxac_request::parse(c.data));
            }
            if (c.name == create_context_name::request_lease) {
                EXPECT_TRUE(lease::parse(c.data));
            }
            if (c.name == create_context_name::durable_handle_request_v2) {
                EXPECT_TRUE(durable_v2_request::parse(c.data));
            }
            if (c.name == create_context_name::durable_handle_request) {
                EXPECT_TRUE(durable_request::parse(c.data));
            }
        }
        expect_reencodes(m, *d);
        ++requests;
    }
    for (const auto& m : messages_of(command::create, true)) {
        auto d = create_response::decode(m.data);
        ASSERT_TRUE(d) << m.capture << " " << m.frame;
        for (const auto& c : d->contexts) {
            if (c.name == create_context_name::query_maximal_access) {
                auto mx = mxac_response::parse(c.data);
                ASSERT_TRUE(mx);
                EXPECT_NE(mx->maximal_access, 0u);
            }
            if (c.name == create_context_name::query_on_disk_id) {
                EXPECT_TRUE(qfid_response::parse(c.data));
            }
        }
        expect_reencodes(m, *d);
        ++responses;
    }
    EXPECT_GE(requests, 15);
    EXPECT_GE(responses, 15);
    // smbclient sends no create contexts; the typed ones are covered by the round trips.
    EXPECT_EQ(with_contexts, 0);
}

TEST(smb2_create, captured_file_names) {
    std::set<std::string> names;
    for (const auto& m : messages_of(command::create, false)) names.insert(create_request::decode(m.data)->name);
    EXPECT_TRUE(names.count("")) << "root directory open";
    EXPECT_TRUE(names.count("s.txt"));
    EXPECT_TRUE(names.count("srvsvc"));
}

TEST(smb2_create, malformed_requests) {
    auto wire = encode_message(sample_request());
    expect_truncations_fail<create_request>(wire);
    EXPECT_FALSE(create_request::decode(patched16(wire, 64, 56)));
    EXPECT_FALSE(create_request::decode(patched16(wire, 64 + 46, 0xFFFF)));  // NameLength
    EXPECT_FALSE(create_request::decode(patched16(wire, 64 + 44, 64)));      // name in fixed part
    EXPECT_FALSE(create_request::decode(patched32(wire, 64 + 52, 0xFFFFFFFF)));  // ctx length
    EXPECT_FALSE(create_request::decode(patched32(wire, 64 + 48, 0xFFFFFFF8)));  // ctx offset
    EXPECT_FALSE(create_request::decode(patched32(wire, 64 + 48, 120)));  // overlaps the name
    EXPECT_FALSE(create_request::decode(patched32(wire, 64 + 48, 124)));  // not 8-aligned
    auto bad_name = wire;
    bad_name[121] = 0xD8;  // high surrogate followed by 'i'
    auto r = create_request::decode(bad_name);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ntstatus::object_name_invalid);
    reader rr(wire);
    rr.seek(64 + 48);
    std::uint32_t first = rr.u32();
    EXPECT_FALSE(create_request::decode(patched32(wire, first, 0xFFFFFFF8)));  // Next
    EXPECT_FALSE(create_request::decode(patched32(wire, first, 4)));           // Next unaligned
    EXPECT_FALSE(create_request::decode(patched16(wire, first + 4, 0xFFF0)));  // NameOffset
    EXPECT_FALSE(create_request::decode(patched16(wire, first + 6, 0)));       // no name
    EXPECT_FALSE(create_request::decode(patched16(wire, first + 4, 4)));       // into the head
    EXPECT_FALSE(create_request::decode(patched32(wire, first + 12, 0xFFFFFFFF)));  // DataLength
}

TEST(smb2_create, context_data_must_not_overlap_the_name) {
    std::vector<create_context> list{{"ABCD", bytes(8, 1)}};
    writer w;
    encode_create_contexts(w, list);
    auto b = w.take();
    EXPECT_TRUE(decode_create_contexts(b));
    EXPECT_FALSE(decode_create_contexts(patched16(b, 10, 16)));  // DataOffset on the name
    EXPECT_FALSE(decode_create_contexts(patched16(b, 10, 2)));   // inside the head
}

TEST(smb2_create, malformed_responses) {
    create_response r;
    r.contexts.push_back(mxac_response{}.to_context());
    auto wire = encode_message(r);
    expect_truncations_fail<create_response>(wire);
    EXPECT_FALSE(create_response::decode(patched16(wire, 64, 88)));
    EXPECT_FALSE(create_response::decode(patched32(wire, 64 + 84, 0xFFFFFFFF)));
    EXPECT_FALSE(create_response::decode(patched32(wire, 64 + 80, 64)));
}
