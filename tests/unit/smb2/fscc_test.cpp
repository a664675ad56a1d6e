#include <gtest/gtest.h>

#include <set>

#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/fscc/fs_info.hpp"
#include "smb2/fscc/security.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::fscc;
using namespace smbkit::smb2::test;

namespace {

template <class T> bytes enc(const T& v) {
    writer w;
    v.encode(w);
    return w.take();
}

// Encodes, checks the size, decodes back, and that every shorter buffer is refused.
template <class T> void fixed_round_trip(const T& v, std::size_t size) {
    auto b = enc(v);
    EXPECT_EQ(b.size(), size);
    auto d = T::decode(b);
    ASSERT_TRUE(d);
    EXPECT_TRUE(*d == v);
    for (std::size_t n = 0; n < b.size(); ++n) {
        auto r = T::decode(byte_span(b).first(n));
        ASSERT_FALSE(r) << n;
        EXPECT_EQ(r.error(), ntstatus::info_length_mismatch);
    }
}

directory_entry entry(std::string name, std::uint64_t id) {
    directory_entry e;
    e.file_index = 0;
    e.creation_time = 133000000000000000ull + id;
    e.last_access_time = e.creation_time + 1;
    e.last_write_time = e.creation_time + 2;
    e.change_time = e.creation_time + 3;
    e.end_of_file = id * 100;
    e.allocation_size = 4096;
    e.file_attributes = file_attribute::archive;
    e.ea_size = 0;
    e.short_name = "";
    e.file_id = id;
    e.name = std::move(name);
    return e;
}

}  // namespace

TEST(fscc_file_info, fixed_classes_round_trip) {
    fixed_round_trip(basic_information{1, 2, 3, 4, file_attribute::directory}, 40);
    fixed_round_trip(standard_information{4096, 13, 1, true, false}, 24);
    fixed_round_trip(internal_information{0x1234}, 8);
    fixed_round_trip(position_information{77}, 8);
    fixed_round_trip(end_of_file_information{1ull << 33}, 8);
    fixed_round_trip(allocation_information{8192}, 8);
    fixed_round_trip(ea_information{0}, 4);
    fixed_round_trip(access_information{access::file_all_access}, 4);
    fixed_round_trip(mode_information{create_options::synchronous_io_nonalert}, 4);
    fixed_round_trip(alignment_information{0}, 4);
    fixed_round_trip(disposition_ex_information{disposition_ex_flags::delete_ |
                                                disposition_ex_flags::posix_semantics},
                     4);
    fixed_round_trip(disposition_information{true}, 1);
    fixed_round_trip(network_open_information{1, 2, 3, 4, 4096, 13, file_attribute::archive}, 56);
    fixed_round_trip(attribute_tag_information{file_attribute::normal, 0}, 8);
    fixed_round_trip(compression_information{13, 0, 0, 0, 0}, 16);
    id_information id;
    id.volume_serial_number = 0xCAFE;
    id.file_id[0] = 42;
    fixed_round_trip(id, 24);
}

TEST(fscc_file_info, named_classes_round_trip_and_reject) {
    name_information n{"\\dir\\ƒile"};
    auto nb = enc(n);
    EXPECT_EQ(*name_information::decode(nb), n);
    EXPECT_FALSE(name_information::decode(patched32(nb, 0, 0xFFFFFFFF)));
    auto bad = nb;
    bad[5] = 0xD8;  // '\' becomes a high surrogate followed by 'd'
    EXPECT_EQ(name_information::decode(bad).error(), ntstatus::object_name_invalid);

    all_information a;
    a.basic = {1, 2, 3, 4, file_attribute::archive};
    a.standard = {4096, 13, 1, false, false};
    a.index_number = 99;
    a.access_flags = access::file_generic_read;
    a.mode = 0x20;
    a.file_name = "\\s.txt";
    auto ab = enc(a);
    EXPECT_EQ(ab.size(), 100u + 12);
    EXPECT_EQ(*all_information::decode(ab), a);
    for (std::size_t i = 0; i < ab.size(); ++i) EXPECT_FALSE(all_information::decode(byte_span(ab).first(i)));

    rename_information r{true, 0, "new\\name.txt"};
    auto rb = enc(r);
    EXPECT_EQ(rb.size(), 20u + 24);
    EXPECT_EQ(*rename_information::decode(rb), r);
    EXPECT_FALSE(rename_information::decode(byte_span(rb).first(19)));
    EXPECT_FALSE(rename_information::decode(patched32(rb, 16, 0xFFFFFFFF)));
    EXPECT_FALSE(rename_information::decode(patched32(rb, 16, 25)));
    link_information l{false, 0, "hard"};
    EXPECT_EQ(*link_information::decode(enc(l)), l);

    std::vector<stream_entry> streams{{"::$DATA", 13, 4096}};
    writer w;
    encode_stream_information(w, streams);
    EXPECT_EQ(w.size(), 24u + 14);
    EXPECT_EQ(*decode_stream_information(w.data()), streams);
    streams.push_back({":extra:$DATA", 1, 8});
    writer w2;
    encode_stream_information(w2, streams);
    EXPECT_EQ(w2.data()[0], 40);  // 24 + 14 padded to 8
    EXPECT_EQ(*decode_stream_information(w2.data()), streams);
    EXPECT_FALSE(decode_stream_information(patched32(w2.data(), 0, 0xFFFFFFF8)));
    EXPECT_FALSE(decode_stream_information(patched32(w2.data(), 4, 0xFFFF)));
}

TEST(fscc_fs_info, classes_round_trip) {
    fs_volume_information v{133000000000000000ull, 0xCAFE, false, "data"};
    auto vb = enc(v);
    EXPECT_EQ(vb.size(), 18u + 8);
    EXPECT_EQ(*fs_volume_information::decode(vb), v);
    EXPECT_FALSE(fs_volume_information::decode(patched32(vb, 12, 100)));
    fixed_round_trip(fs_size_information{1000, 500, 8, 512}, 24);
    fixed_round_trip(fs_full_size_information{1000, 400, 500, 8, 512}, 32);
    fixed_round_trip(fs_device_information{device_type::disk, 0}, 8);
    fixed_round_trip(fs_sector_size_information{}, 28);
    fs_object_id_information o;
    o.object_id[0] = 1;
    fixed_round_trip(o, 64);
    fs_attribute_information at;
    at.file_system_attributes = fs_attribute::case_preserved_names | fs_attribute::unicode_on_disk;
    auto ab = enc(at);
    EXPECT_EQ(ab.size(), 12u + 8);
    EXPECT_EQ(*fs_attribute_information::decode(ab), at);
    EXPECT_FALSE(fs_attribute_information::decode(byte_span(ab).first(19)));
    EXPECT_FALSE(fs_attribute_information::decode(patched32(ab, 8, 0xFFFFFFFF)));
}

TEST(fscc_directory, every_class_round_trips) {
    for (std::uint8_t c : {file_info_class::directory, file_info_class::full_directory,
                           file_info_class::both_directory, file_info_class::names,
                           file_info_class::id_full_directory, file_info_class::id_both_directory,
                           file_info_class::id_extd_directory}) {
        directory_encoder enc(c, 65536);
        std::vector<directory_entry> list{entry(".", 1), entry("..", 2), entry("s.txt", 3),
                                          entry("ünïcödé-name.bin", 4)};
        if (c == file_info_class::both_directory || c == file_info_class::id_both_directory)
            list[2].short_name = "S~1.TXT";
        list[3].reparse_tag = 0xA000000C;
        list[3].file_id_high = 0x77;
        for (const auto& e : list) ASSERT_TRUE(enc.add(e));
        EXPECT_EQ(enc.count(), 4u);
        auto out = enc.take();
        auto back = decode_directory(c, out);
        ASSERT_TRUE(back) << int(c);
        ASSERT_EQ(back->size(), list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto expect = list[i];
            if (c == file_info_class::names) {
                directory_entry only;
                only.name = expect.name;
                expect = only;
            } else {
                if (c == file_info_class::directory) expect.ea_size = 0;
                if (c != file_info_class::both_directory && c != file_info_class::id_both_directory)
                    expect.short_name.clear();
                if (c != file_info_class::id_full_directory &&
                    c != file_info_class::id_both_directory &&
                    c != file_info_class::id_extd_directory)
                    expect.file_id = 0;
                if (c != file_info_class::id_extd_directory) {
                    expect.reparse_tag = 0;
                    expect.file_id_high = 0;
                }
            }
            EXPECT_EQ((*back)[i], expect) << int(c) << " " << i;
        }
        // Chained, 8-byte aligned entries.
        reader r(out);
        std::size_t at = 0;
        for (std::size_t i = 0; i + 1 < list.size(); ++i) {
            r.seek(at);
            std::uint32_t next = r.u32();
            EXPECT_EQ(next % 8, 0u);
            EXPECT_EQ(next, (directory_entry_size(c, list[i]) + 7) / 8 * 8);
            at += next;
        }
        r.seek(at);
        EXPECT_EQ(r.u32(), 0u);
        EXPECT_EQ(out.size(), at + directory_entry_size(c, list.back()));
    }
}

TEST(fscc_directory, buffer_limit_tells_how_many_fit) {
    auto c = file_info_class::id_both_directory;
    auto a = entry("a", 1), b = entry("bb", 2);
    std::size_t first = directory_entry_size(c, a);  // 106
    std::size_t second_at = (first + 7) / 8 * 8;     // 112
    std::size_t both = second_at + directory_entry_size(c, b);
    directory_encoder exact(c, static_cast<std::uint32_t>(both));
    EXPECT_TRUE(exact.add(a));
    EXPECT_TRUE(exact.add(b));
    EXPECT_FALSE(exact.add(a));
    EXPECT_EQ(exact.count(), 2u);
    directory_encoder short_by_one(c, static_cast<std::uint32_t>(both - 1));
    EXPECT_TRUE(short_by_one.add(a));
    EXPECT_FALSE(short_by_one.add(b));
    EXPECT_EQ(short_by_one.count(), 1u);
    EXPECT_EQ(short_by_one.size(), first);  // refused entry left no padding behind
    auto out = short_by_one.take();
    EXPECT_EQ(decode_directory(c, out)->size(), 1u);
    directory_encoder none(c, static_cast<std::uint32_t>(first - 1));
    EXPECT_FALSE(none.add(a));
    EXPECT_TRUE(none.empty());
    directory_encoder bad_class(file_info_class::basic, 65536);
    EXPECT_FALSE(bad_class.add(a));
    EXPECT_EQ(decode_directory(file_info_class::basic, bytes(8)).error(),
              ntstatus::invalid_info_class);
}

TEST(fscc_directory, malformed) {
    auto c = file_info_class::id_both_directory;
    directory_encoder enc(c, 65536);
    enc.add(entry("first", 1));
    enc.add(entry("second", 2));
    auto out = enc.take();
    EXPECT_FALSE(decode_directory(c, patched32(out, 0, 0xFFFFFFF8)));
    EXPECT_FALSE(decode_directory(c, patched32(out, 0, 12)));   // unaligned
    EXPECT_FALSE(decode_directory(c, patched32(out, 0, 8)));    // inside the entry
    EXPECT_FALSE(decode_directory(c, patched32(out, 60, 0xFFFFFFFF)));  // FileNameLength
    auto short_len = out;
    short_len[68] = 25;  // ShortNameLength beyond ShortName
    EXPECT_FALSE(decode_directory(c, short_len));
    for (std::size_t n = 1; n < 104; ++n) EXPECT_FALSE(decode_directory(c, byte_span(out).first(n)));
}

TEST(fscc_directory, captured_listings_decode_and_reencode) {
    int listings = 0;
    std::set<std::string> names;
    for (const auto& m : messages_of(command::query_directory, true)) {
        if (status_of(m.data) != ntstatus::success) continue;
        auto r = query_directory_response::decode(m.data);
        ASSERT_TRUE(r);
        auto entries = decode_directory(file_info_class::id_both_directory, r->output);
        ASSERT_TRUE(entries) << m.capture << " " << m.frame;
        directory_encoder enc(file_info_class::id_both_directory,
                              static_cast<std::uint32_t>(r->output.size()));
        for (const auto& e : *entries) {
            names.insert(e.name);
            EXPECT_TRUE(enc.add(e));
        }
        auto again = enc.take();
        // Samba pads the last entry to 8 as well.
        ASSERT_LE(again.size(), r->output.size());
        EXPECT_LT(r->output.size() - again.size(), 8u);
        EXPECT_EQ(to_hex(again), to_hex(byte_span(r->output).first(again.size())));
        ++listings;
    }
    EXPECT_GE(listings, 4);
    EXPECT_TRUE(names.count("."));
    EXPECT_TRUE(names.count(".."));
}

TEST(fscc_info, captured_query_info_answers_decode_and_reencode) {
    int all = 0, size = 0;
    for (const auto& m : messages_of(command::query_info, true)) {
        auto h = header::decode(m.data);
        // The request with the same MessageId tells the class.
        const vector_message* req = nullptr;
        static std::vector<vector_message> requests = messages_of(command::query_info, false);
        for (const auto& q : requests)
            if (q.capture == m.capture && header::decode(q.data)->message_id == h->message_id)
                req = &q;
        ASSERT_NE(req, nullptr);
        auto q = query_info_request::decode(req->data);
        auto r = query_info_response::decode(m.data);
        ASSERT_TRUE(q && r);
        if (q->info_type == info_type::file && q->file_info_class == file_info_class::all) {
            auto a = all_information::decode(r->output);
            ASSERT_TRUE(a);
            EXPECT_EQ(a->standard.end_of_file, 13u) << a->file_name;
            EXPECT_EQ(to_hex(enc(*a)), to_hex(r->output));
            ++all;
        }
        if (q->info_type == info_type::filesystem && q->file_info_class == fs_info_class::size) {
            auto s = fs_size_information::decode(r->output);
            ASSERT_TRUE(s);
            EXPECT_GT(s->total_allocation_units, 0u);
            EXPECT_EQ(to_hex(enc(*s)), to_hex(r->output));
            ++size;
        }
    }
    EXPECT_GE(all, 2);
    EXPECT_GE(size, 3);
}

TEST(fscc_security, sid_text_and_binary) {
    auto s = sid::parse("S-1-5-21-1004336348-1177238915-682003330-512");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->to_string(), "S-1-5-21-1004336348-1177238915-682003330-512");
    EXPECT_EQ(s->size(), 8u + 5 * 4);
    writer w;
    s->encode(w);
    EXPECT_EQ(*sid::decode(w.data()), *s);
    EXPECT_EQ(world_sid().to_string(), "S-1-1-0");
    // Authorities of 2^32 and more are written in hex and read back.
    auto big = sid::parse("s-0-1500557500115-50510");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->to_string(), "S-0-0x015D60325ED3-50510");
    EXPECT_EQ(sid::parse(big->to_string()), big);
    EXPECT_EQ(builtin_administrators_sid().to_string(), "S-1-5-32-544");
    EXPECT_EQ(unix_user_sid(1000).to_string(), "S-1-22-1-1000");
    EXPECT_EQ(unix_group_sid(100).to_string(), "S-1-22-2-100");
    for (auto bad : {"", "S-", "S-1", "X-1-5", "S-1-5-", "S-1--5", "S-256-5", "S-1-5-4294967296",
                     "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16"})
        EXPECT_FALSE(sid::parse(bad)) << bad;
    EXPECT_FALSE(sid::decode(bytes{1, 16, 0, 0, 0, 0, 0, 5}));  // 16 sub-authorities
    EXPECT_FALSE(sid::decode(bytes{1, 2, 0, 0, 0, 0, 0, 5, 1, 0, 0, 0}));  // one missing
    EXPECT_FALSE(sid::decode(bytes{2, 0, 0, 0, 0, 0, 0, 5}));  // revision
}

TEST(fscc_security, descriptor_round_trips_and_rejects) {
    security_descriptor sd;
    sd.control |= sd_control::dacl_protected;
    sd.owner = unix_user_sid(1000);
    sd.group = unix_group_sid(1000);
    acl d;
    d.aces.push_back({ace_type::access_allowed, ace_flags::object_inherit | ace_flags::container_inherit,
                      access::file_all_access, unix_user_sid(1000), {}});
    d.aces.push_back({ace_type::access_denied, 0, access::delete_, world_sid(), {}});
    d.aces.push_back({0x05, 0, 0, {}, bytes{1, 2, 3, 4, 5, 6, 7, 8}});  // object ACE, kept raw
    sd.dacl = d;
    sd.sacl = acl{2, {{ace_type::system_audit, ace_flags::failed_access, access::generic_all,
                       world_sid(), {}}}};
    auto b = sd.encode();
    auto back = security_descriptor::decode(b);
    ASSERT_TRUE(back);
    security_descriptor expect = sd;
    expect.control |= sd_control::dacl_present | sd_control::sacl_present;
    EXPECT_EQ(*back, expect);
    EXPECT_EQ(to_hex(back->encode()), to_hex(b));
    EXPECT_EQ(b[0], 1);
    EXPECT_EQ(b[3] & 0x80, 0x80);  // self-relative
    // Offsets point where the parts are.
    reader r(b);
    r.seek(4);
    EXPECT_EQ(r.u32(), 20u);  // owner right after the header
    for (std::size_t n = 0; n < b.size(); ++n) {
        auto t = security_descriptor::decode(byte_span(b).first(n));
        if (t) {
            // A prefix may only decode if it still holds every part it points to; it cannot
            // here since the DACL is last.
            ADD_FAILURE() << "prefix " << n << " decoded";
        }
    }
    EXPECT_FALSE(security_descriptor::decode(patched32(b, 4, 0xFFFFFFF0)));  // owner offset
    EXPECT_FALSE(security_descriptor::decode(patched32(b, 4, 8)));           // inside the header
    EXPECT_FALSE(security_descriptor::decode(patched16(b, 2, 0x0004)));      // not self-relative
    reader dr(b);
    dr.seek(16);
    std::uint32_t dacl_at = dr.u32();
    EXPECT_FALSE(security_descriptor::decode(patched16(b, dacl_at + 2, 0xFFFF)));  // AclSize
    EXPECT_FALSE(security_descriptor::decode(patched16(b, dacl_at + 4, 50)));      // AceCount
    EXPECT_FALSE(security_descriptor::decode(patched16(b, dacl_at + 8 + 2, 2)));   // AceSize < 4
    EXPECT_FALSE(security_descriptor::decode(patched16(b, dacl_at + 8 + 2, 0xFFF0)));
    // AclRevision: 2, 3 (smbcacls writes it) and 4 are taken, as RtlValidAcl takes them.
    auto with_revision = [&](std::uint8_t rev) {
        bytes c = b;
        c[dacl_at] = rev;
        return security_descriptor::decode(c);
    };
    for (std::uint8_t rev : {2, 3, 4}) EXPECT_TRUE(with_revision(rev)) << int(rev);
    for (std::uint8_t rev : {0, 1, 5}) EXPECT_FALSE(with_revision(rev)) << int(rev);
    for (auto code : {ntstatus::invalid_security_descr})
        EXPECT_EQ(security_descriptor::decode(bytes(8)).error(), code);
}

TEST(fscc_security, owner_only_and_null_dacl) {
    security_descriptor sd;
    sd.owner = world_sid();
    EXPECT_EQ(*security_descriptor::decode(sd.encode()), sd);
    security_descriptor null_dacl;
    null_dacl.control |= sd_control::dacl_present;
    auto b = null_dacl.encode();
    EXPECT_EQ(b.size(), 20u);
    auto back = security_descriptor::decode(b);
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->dacl);
    EXPECT_TRUE(back->control & sd_control::dacl_present);
}
