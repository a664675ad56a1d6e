// QUERY_DIRECTORY (MS-SMB2 3.3.5.18), QUERY_INFO (3.3.5.20) and SET_INFO (3.3.5.21).
#include "unit/server/file_test_fixture.hpp"

#include <set>
#include <sys/stat.h>

#include "smb2/error.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/fscc/fs_info.hpp"
#include "smb2/fscc/security.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;
namespace fic = smb2::file_info_class;
namespace qf = smb2::query_directory_flags;
namespace sf = smb2::fscc;

class file_query : public file_fixture {
protected:
    std::vector<std::string> names(const reply& r, std::uint8_t cls) {
        std::vector<std::string> v;
        for (auto& e : entries(r, cls)) v.push_back(e.name);
        return v;
    }
    reply query(const smb2::file_id& id, std::uint8_t type, std::uint8_t cls,
                std::uint32_t max_out = 4096, std::uint32_t additional = 0) {
        smb2::query_info_request q;
        q.id = id;
        q.info_type = type;
        q.file_info_class = cls;
        q.output_buffer_length = max_out;
        q.additional_information = additional;
        return call(q, smb2::command::query_info);
    }
    bytes output(const reply& r) { return decode_body<smb2::query_info_response>(r).output; }
};

TEST_F(file_query, lists_every_directory_class) {
    write_file("a.txt", "aaa");
    write_file("b.doc", "bb");
    fs::create_directory(root_ / "sub");
    for (std::uint8_t cls : {fic::directory, fic::full_directory, fic::both_directory, fic::names,
                             fic::id_full_directory, fic::id_both_directory}) {
        auto d = open_file("", ac::generic_read, cd::open, co::directory_file);
        auto r = list(d, cls, "*");
        ASSERT_EQ(r.status, ntstatus::success) << int(cls);
        auto n = names(r, cls);
        std::set<std::string> got(n.begin(), n.end());
        EXPECT_EQ(got, (std::set<std::string>{".", "..", "a.txt", "b.doc", "sub"})) << int(cls);
        EXPECT_EQ(list(d, cls, "*").status, ntstatus::no_more_files);
        close(d);
    }
    auto d = open_file("", ac::generic_read, cd::open, co::directory_file);
    auto es = entries(list(d, fic::id_both_directory, "a.txt"), fic::id_both_directory);
    ASSERT_EQ(es.size(), 1u);
    EXPECT_EQ(es[0].end_of_file, 3u);
    struct stat st {};
    ::stat((root_ / "a.txt").c_str(), &st);
    EXPECT_EQ(es[0].file_id, static_cast<std::uint64_t>(st.st_ino));
    close(d);
}

TEST_F(file_query, patterns_restart_reopen_and_single_entry) {
    for (auto n : {"one.txt", "two.txt", "three.log"}) write_file(n, "x");
    auto d = open_file("", ac::generic_read, cd::open, co::directory_file);
    auto n = names(list(d, fic::names, "*.txt"), fic::names);
    EXPECT_EQ(std::set<std::string>(n.begin(), n.end()),
              (std::set<std::string>{"one.txt", "two.txt"}));
    EXPECT_EQ(list(d, fic::names, "*.txt").status, ntstatus::no_more_files);
    // Restart gives the same again; reopen takes a new pattern.
    EXPECT_EQ(names(list(d, fic::names, "*.txt", qf::restart_scans), fic::names).size(), 2u);
    n = names(list(d, fic::names, "*.LOG", qf::reopen), fic::names);
    EXPECT_EQ(n, std::vector<std::string>{"three.log"});  // case-insensitive
    // One entry at a time.
    auto fr = list(d, fic::names, "*", qf::restart_scans | qf::return_single_entry);
    ASSERT_EQ(fr.status, ntstatus::success) << ntstatus_string(fr.status);
    auto first = names(fr, fic::names);
    ASSERT_EQ(first.size(), 1u);
    auto second = names(list(d, fic::names, "*", qf::return_single_entry), fic::names);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_NE(first, second);
    close(d);
}

TEST_F(file_query, no_such_file_then_buffer_limits) {
    auto d = open_file("", ac::generic_read, cd::open, co::directory_file);
    EXPECT_EQ(list(d, fic::both_directory, "nothing*").status, ntstatus::no_such_file);
    close(d);
    for (int i = 0; i < 50; ++i) write_file("file-number-" + std::to_string(i), "x");
    d = open_file("", ac::generic_read, cd::open, co::directory_file);
    // A buffer too small for one entry.
    EXPECT_EQ(list(d, fic::both_directory, "*", 0, 8).status, ntstatus::info_length_mismatch);
    // Small buffers page through everything, each answer within the limit.
    std::set<std::string> all;
    for (int round = 0; round < 100; ++round) {
        auto r = list(d, fic::both_directory, "*", 0, 400);
        if (r.status == ntstatus::no_more_files) break;
        ASSERT_EQ(r.status, ntstatus::success);
        EXPECT_LE(decode_body<smb2::query_directory_response>(r).output.size(), 400u);
        for (auto& n : names(r, fic::both_directory)) EXPECT_TRUE(all.insert(n).second) << n;
    }
    EXPECT_EQ(all.size(), 52u);
    // Files are not directories to list.
    auto f = open_file("file-number-1", ac::generic_read, cd::open);
    EXPECT_EQ(list(f, fic::names, "*").status, ntstatus::invalid_parameter);
    EXPECT_EQ(list(d, fic::basic, "*").status, ntstatus::invalid_info_class);
    close(f);
    close(d);
}

TEST_F(file_query, file_information_classes) {
    write_file("info.txt", "0123456789");
    auto id = open_file("info.txt", ac::generic_read, cd::open);
    auto r = query(id, smb2::info_type::file, fic::basic);
    ASSERT_EQ(r.status, ntstatus::success);
    auto b = sf::basic_information::decode(output(r));
    ASSERT_TRUE(b);
    EXPECT_NE(b->last_write_time, 0u);
    // Made outside SMB: no stored DOS attributes, so plain NORMAL (or ARCHIVE).
    EXPECT_NE(b->file_attributes, 0u);
    EXPECT_FALSE(b->file_attributes & smb2::file_attribute::directory);

    auto s = sf::standard_information::decode(output(query(id, smb2::info_type::file, fic::standard)));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->end_of_file, 10u);
    EXPECT_FALSE(s->directory);
    EXPECT_FALSE(s->delete_pending);

    auto all = sf::all_information::decode(output(query(id, smb2::info_type::file, fic::all)));
    ASSERT_TRUE(all);
    EXPECT_EQ(all->file_name, "\\info.txt");
    EXPECT_EQ(all->standard.end_of_file, 10u);

    auto n = sf::name_information::decode(
        output(query(id, smb2::info_type::file, fic::normalized_name)));
    ASSERT_TRUE(n);
    EXPECT_EQ(n->file_name, "info.txt");

    auto st = sf::decode_stream_information(output(query(id, smb2::info_type::file, fic::stream)));
    ASSERT_TRUE(st);
    ASSERT_EQ(st->size(), 1u);
    EXPECT_EQ((*st)[0].name, "::$DATA");
    EXPECT_EQ((*st)[0].size, 10u);

    auto no = sf::network_open_information::decode(
        output(query(id, smb2::info_type::file, fic::network_open)));
    ASSERT_TRUE(no);
    EXPECT_EQ(no->end_of_file, 10u);
    for (std::uint8_t cls : {fic::internal, fic::ea, fic::access, fic::position, fic::mode,
                             fic::alignment, fic::attribute_tag}) {
        EXPECT_EQ(query(id, smb2::info_type::file, cls).status, ntstatus::success) << int(cls);
    }
    auto acc = sf::access_information::decode(output(query(id, smb2::info_type::file, fic::access)));
    EXPECT_EQ(acc->value, smb2::access::file_generic_read);
    EXPECT_EQ(query(id, smb2::info_type::file, 0xEE).status, ntstatus::invalid_info_class);
    close(id);
}

TEST_F(file_query, output_buffer_length_rules) {
    write_file("a-rather-long-file-name-for-the-test.txt", "x");
    auto id = open_file("a-rather-long-file-name-for-the-test.txt", ac::generic_read, cd::open);
    // Fixed-size class with a short buffer.
    EXPECT_EQ(query(id, smb2::info_type::file, fic::basic, 39).status,
              ntstatus::info_length_mismatch);
    // Variable class: the fixed part fits, the name does not → partial data + overflow.
    auto r = query(id, smb2::info_type::file, fic::all, 110);
    EXPECT_EQ(r.status, ntstatus::buffer_overflow);
    EXPECT_EQ(output(r).size(), 110u);
    EXPECT_EQ(query(id, smb2::info_type::file, fic::all, 50).status,
              ntstatus::info_length_mismatch);
    // Security: too small → BUFFER_TOO_SMALL with the size needed.
    r = query(id, smb2::info_type::security, 0, 8, 0x7);
    EXPECT_EQ(r.status, ntstatus::buffer_too_small);
    ASSERT_EQ(r.error_data.size(), 4u);
    std::uint32_t need = r.error_data[0] | (r.error_data[1] << 8);
    r = query(id, smb2::info_type::security, 0, need, 0x7);
    EXPECT_EQ(r.status, ntstatus::success);
    close(id);
}

TEST_F(file_query, security_descriptor_follows_the_mode) {
    write_file("sec", "x");
    ::chmod((root_ / "sec").c_str(), 0640);
    auto id = open_file("sec", ac::generic_read | ac::read_control, cd::open);
    auto r = query(id, smb2::info_type::security, 0, 4096, 0x7);
    ASSERT_EQ(r.status, ntstatus::success);
    auto sd = sf::security_descriptor::decode(output(r));
    ASSERT_TRUE(sd);
    ASSERT_TRUE(sd->owner && sd->group && sd->dacl);
    EXPECT_EQ(sd->owner->to_string(), "S-1-22-1-" + std::to_string(::getuid()));
    ASSERT_EQ(sd->dacl->aces.size(), 3u);
    EXPECT_TRUE(sd->dacl->aces[0].mask & ac::file_write_data);   // owner rw
    EXPECT_TRUE(sd->dacl->aces[1].mask & ac::file_read_data);    // group r
    EXPECT_FALSE(sd->dacl->aces[1].mask & ac::file_write_data);
    EXPECT_FALSE(sd->dacl->aces[2].mask & ac::file_read_data);   // others nothing
    EXPECT_EQ(sd->dacl->aces[2].trustee.to_string(), "S-1-1-0");
    // Only the owner asked for.
    sd = sf::security_descriptor::decode(output(query(id, smb2::info_type::security, 0, 4096, 1)));
    ASSERT_TRUE(sd);
    EXPECT_TRUE(sd->owner && !sd->group && !sd->dacl);
    close(id);
    auto no_rc = open_file("sec", ac::file_read_data, cd::open);
    EXPECT_EQ(query(no_rc, smb2::info_type::security, 0, 4096, 7).status, ntstatus::access_denied);
    close(no_rc);
}

TEST_F(file_query, filesystem_classes) {
    auto id = open_file("", ac::generic_read, cd::open, co::directory_file);
    namespace fsc = smb2::fs_info_class;
    auto v = sf::fs_volume_information::decode(output(query(id, smb2::info_type::filesystem, fsc::volume)));
    ASSERT_TRUE(v);
    auto s = sf::fs_full_size_information::decode(
        output(query(id, smb2::info_type::filesystem, fsc::full_size)));
    ASSERT_TRUE(s);
    EXPECT_GT(s->total_allocation_units, 0u);
    EXPECT_GT(s->bytes_per_sector, 0u);
    auto a = sf::fs_attribute_information::decode(
        output(query(id, smb2::info_type::filesystem, fsc::attribute)));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->file_system_name, "NTFS");
    EXPECT_TRUE(a->file_system_attributes & sf::fs_attribute::case_preserved_names);
    auto dev = sf::fs_device_information::decode(
        output(query(id, smb2::info_type::filesystem, fsc::device)));
    ASSERT_TRUE(dev);
    EXPECT_EQ(dev->device_type, sf::device_type::disk);
    for (std::uint8_t cls : {fsc::size, fsc::sector_size})
        EXPECT_EQ(query(id, smb2::info_type::filesystem, cls).status, ntstatus::success);
    auto ctl = output(query(id, smb2::info_type::filesystem, fsc::control));
    ASSERT_EQ(ctl.size(), 48u);  // no quotas: default threshold and limit all ones
    EXPECT_EQ(ctl[23], 0);
    EXPECT_EQ(ctl[24], 0xFF);
    EXPECT_EQ(ctl[39], 0xFF);
    EXPECT_EQ(ctl[40], 0);
    EXPECT_EQ(query(id, smb2::info_type::filesystem, fsc::control, 47).status,
              ntstatus::info_length_mismatch);
    // The smallest buffers are the Windows structure sizes (smbtorture qfs_buffercheck).
    EXPECT_EQ(query(id, smb2::info_type::filesystem, fsc::volume, 23).status,
              ntstatus::info_length_mismatch);
    EXPECT_EQ(query(id, smb2::info_type::filesystem, fsc::attribute, 15).status,
              ntstatus::info_length_mismatch);
    EXPECT_EQ(query(id, smb2::info_type::filesystem, fsc::attribute, 16).status,
              ntstatus::buffer_overflow);  // "NTFS" does not fit
    EXPECT_EQ(query(id, smb2::info_type::filesystem, 0x55).status, ntstatus::invalid_info_class);
    close(id);
}

TEST_F(file_query, set_end_of_file_allocation_and_times) {
    write_file("t", "0123456789");
    auto id = open_file("t", ac::generic_read | ac::generic_write, cd::open);
    ASSERT_EQ(set_file_info(id, fic::end_of_file, sf::end_of_file_information{4}).status, ntstatus::success);
    EXPECT_EQ(read_file("t"), "0123");
    ASSERT_EQ(set_file_info(id, fic::allocation, sf::allocation_information{1 << 20}).status,
              ntstatus::success);
    EXPECT_EQ(read_file("t"), "0123");

    auto before = sf::basic_information::decode(output(query(id, smb2::info_type::file, fic::basic)));
    ASSERT_TRUE(before);
    sf::basic_information b{};
    b.last_write_time = 132000000000000000ull;  // 2019
    b.last_access_time = UINT64_MAX;            // don't change
    ASSERT_EQ(set_file_info(id, fic::basic, b).status, ntstatus::success);
    auto after = sf::basic_information::decode(output(query(id, smb2::info_type::file, fic::basic)));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->last_write_time, 132000000000000000ull);
    EXPECT_EQ(after->creation_time, before->creation_time);
    EXPECT_EQ(after->last_access_time, before->last_access_time);

    // Attributes: HIDDEN on, then READONLY.
    sf::basic_information attrs{};
    attrs.file_attributes = smb2::file_attribute::hidden;
    ASSERT_EQ(set_file_info(id, fic::basic, attrs).status, ntstatus::success);
    auto h = sf::basic_information::decode(output(query(id, smb2::info_type::file, fic::basic)));
    EXPECT_TRUE(h->file_attributes & smb2::file_attribute::hidden);
    // Position and mode live on the handle.
    ASSERT_EQ(set_file_info(id, fic::position, sf::position_information{3}).status, ntstatus::success);
    EXPECT_EQ(sf::position_information::decode(output(query(id, smb2::info_type::file, fic::position)))->value,
              3u);
    ASSERT_EQ(set_file_info(id, fic::mode, sf::mode_information{0x2}).status, ntstatus::success);
    EXPECT_EQ(set_file_info(id, fic::mode, sf::mode_information{0x1000}).status, ntstatus::invalid_parameter);
    // A too short buffer for a fixed class.
    smb2::set_info_request s;
    s.id = id;
    s.info_type = smb2::info_type::file;
    s.file_info_class = fic::end_of_file;
    s.buffer = {1, 2, 3};
    EXPECT_EQ(call(s, smb2::command::set_info).status, ntstatus::info_length_mismatch);
    close(id);
}

TEST_F(file_query, rename_with_and_without_replace) {
    write_file("from", "F");
    write_file("to", "T");
    fs::create_directory(root_ / "dir");
    auto id = open_file("from", ac::generic_read | ac::delete_, cd::open);
    sf::rename_information r;
    r.file_name = "to";
    EXPECT_EQ(set_file_info(id, fic::rename, r).status, ntstatus::object_name_collision);
    r.replace_if_exists = true;
    ASSERT_EQ(set_file_info(id, fic::rename, r).status, ntstatus::success);
    EXPECT_EQ(read_file("to"), "F");
    EXPECT_FALSE(fs::exists(root_ / "from"));
    // The open follows the file.
    auto n = sf::name_information::decode(output(query(id, smb2::info_type::file, fic::normalized_name)));
    EXPECT_EQ(n->file_name, "to");
    r.file_name = "dir\\moved";
    r.replace_if_exists = false;
    ASSERT_EQ(set_file_info(id, fic::rename, r).status, ntstatus::success);
    EXPECT_EQ(read_file("dir/moved"), "F");
    // Never out of the share.
    r.file_name = "..\\escaped";
    EXPECT_TRUE(is_error(set_file_info(id, fic::rename, r).status));
    close(id);
    EXPECT_FALSE(fs::exists(root_.parent_path() / "escaped"));
    // Rename needs DELETE access.
    auto nod = open_file("to", ac::generic_read, cd::open_if);
    r.file_name = "x";
    EXPECT_EQ(set_file_info(nod, fic::rename, r).status, ntstatus::access_denied);
    close(nod);
}

TEST_F(file_query, disposition_deletes_on_last_close) {
    write_file("del", "x");
    fs::create_directory(root_ / "full");
    write_file("full/inner", "x");
    auto id = open_file("del", ac::generic_read | ac::delete_, cd::open);
    ASSERT_EQ(set_file_info(id, fic::disposition, sf::disposition_information{true}).status,
              ntstatus::success);
    auto s = sf::standard_information::decode(output(query(id, smb2::info_type::file, fic::standard)));
    EXPECT_TRUE(s->delete_pending);
    EXPECT_EQ(s->number_of_links, 0u);  // the name going away no longer counts, as on Windows
    EXPECT_EQ(create("del", ac::generic_read, cd::open).status, ntstatus::delete_pending);
    close(id);
    EXPECT_FALSE(fs::exists(root_ / "del"));

    auto d = open_file("full", ac::generic_read | ac::delete_, cd::open, co::directory_file);
    EXPECT_EQ(set_file_info(d, fic::disposition, sf::disposition_information{true}).status,
              ntstatus::directory_not_empty);
    close(d);
    EXPECT_TRUE(fs::exists(root_ / "full"));
    auto nod = open_file("full/inner", ac::generic_read, cd::open);
    EXPECT_EQ(set_file_info(nod, fic::disposition, sf::disposition_information{true}).status,
              ntstatus::access_denied);
    close(nod);
}

}  // namespace
}  // namespace smbkit::server::file::test
