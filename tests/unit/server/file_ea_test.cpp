// Extended attributes through the file handlers: SET_INFO and QUERY_INFO
// FileFullEaInformation (MS-SMB2 3.3.5.21.1, 3.3.5.20.1), the ExtA create context (3.3.5.9),
// EaSize in FileEaInformation, FileAllInformation and the directory classes.
#include "unit/server/file_test_fixture.hpp"

#include <sys/xattr.h>

#include "smb2/create_context.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/ea.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/fscc/fs_info.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;
namespace fic = smb2::file_info_class;
namespace sf = smb2::fscc;
namespace qf = sf::ea_query_flags;

bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

class file_ea : public file_fixture {
protected:
    reply set_eas(const smb2::file_id& id, const std::vector<sf::full_ea>& eas) {
        writer w;
        sf::encode_full_ea_list(w, eas);
        return set_raw(id, w.take());
    }
    reply set_raw(const smb2::file_id& id, bytes buffer) {
        smb2::set_info_request s;
        s.id = id;
        s.info_type = smb2::info_type::file;
        s.file_info_class = fic::full_ea;
        s.buffer = std::move(buffer);
        return call(s, smb2::command::set_info);
    }
    reply query(const smb2::file_id& id, std::uint8_t cls, std::uint32_t flags = 0,
                bytes input = {}, std::uint32_t max_out = 65536, std::uint32_t index = 0,
                std::uint8_t type = smb2::info_type::file) {
        smb2::query_info_request q;
        q.id = id;
        q.info_type = type;
        q.file_info_class = cls;
        q.output_buffer_length = max_out;
        q.flags = flags;
        q.input = std::move(input);
        q.additional_information = index;
        return call(q, smb2::command::query_info);
    }
    std::vector<sf::full_ea> eas_of(const smb2::file_id& id) {
        auto r = query(id, fic::full_ea, qf::restart_scan);
        if (r.status == ntstatus::no_eas_on_file) return {};
        EXPECT_EQ(r.status, ntstatus::success) << ntstatus_string(r.status);
        auto d = sf::decode_full_ea_list(decode_body<smb2::query_info_response>(r).output);
        EXPECT_TRUE(d);
        return d.value_or(std::vector<sf::full_ea>{});
    }
    std::uint32_t ea_size(const smb2::file_id& id) {
        auto r = query(id, fic::ea);
        EXPECT_EQ(r.status, ntstatus::success);
        auto d = sf::ea_information::decode(decode_body<smb2::query_info_response>(r).output);
        EXPECT_TRUE(d);
        return d ? d->value : 0xFFFFFFFF;
    }
    std::string xattr(const std::string& rel, const std::string& name) {
        char buf[256];
        ssize_t n = getxattr((root_ / rel).c_str(), name.c_str(), buf, sizeof buf);
        return n < 0 ? "<none>" : std::string(buf, static_cast<std::size_t>(n));
    }
    static smb2::create_context exta(const std::vector<sf::full_ea>& eas) {
        writer w;
        sf::encode_full_ea_list(w, eas);
        return {std::string(smb2::create_context_name::ea_buffer), w.take()};
    }
};

const std::vector<sf::full_ea> two{{0, "EAONE", b("VALUE1")}, {0, "SECONDEA", b("ValueTwo")}};

std::vector<sf::full_ea> sorted(std::vector<sf::full_ea> v) {
    std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.name < y.name; });
    return v;
}

TEST_F(file_ea, set_query_and_sizes) {
    auto id = open_file("f.txt", ac::generic_all, cd::create);
    EXPECT_EQ(ea_size(id), 0u);
    EXPECT_EQ(query(id, fic::full_ea, qf::restart_scan).status, ntstatus::no_eas_on_file);
    ASSERT_EQ(set_eas(id, two).status, ntstatus::success);
    EXPECT_EQ(xattr("f.txt", "user.EAONE"), "VALUE1");
    EXPECT_EQ(xattr("f.txt", "user.SECONDEA"), "ValueTwo");
    auto got = eas_of(id);
    EXPECT_EQ(sorted(got), two);
    // FileEaInformation is the size of the FILE_FULL_EA_INFORMATION list.
    EXPECT_EQ(ea_size(id), sf::full_ea_list_size(got));
    EXPECT_EQ(ea_size(id), 45u);
    auto all = sf::all_information::decode(
        decode_body<smb2::query_info_response>(query(id, fic::all)).output);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->ea_size, 45u);
    // Another handle sees them; the scan position is per open.
    auto other = open_file("f.txt", ac::file_read_ea, cd::open);
    EXPECT_EQ(sorted(eas_of(other)), two);
}

TEST_F(file_ea, zero_length_value_deletes_and_case_is_kept) {
    auto id = open_file("f", ac::generic_all, cd::create);
    ASSERT_EQ(set_eas(id, {{0, "NewEA", b("testme")}}).status, ntstatus::success);
    // The same name in another case replaces the EA under its first spelling.
    ASSERT_EQ(set_eas(id, {{0, "NEWEA", b("second")}}).status, ntstatus::success);
    auto got = eas_of(id);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].name, "NewEA");
    EXPECT_EQ(got[0].value, b("second"));
    ASSERT_EQ(set_eas(id, {{0, "newea", {}}}).status, ntstatus::success);
    EXPECT_EQ(xattr("f", "user.NewEA"), "<none>");
    EXPECT_TRUE(eas_of(id).empty());
    EXPECT_EQ(ea_size(id), 0u);
    // Deleting one that never existed is fine.
    EXPECT_EQ(set_eas(id, {{0, "ZeroEA", {}}}).status, ntstatus::success);
    EXPECT_TRUE(eas_of(id).empty());
}

TEST_F(file_ea, access_is_checked) {
    write_file("f", "x");
    auto no_write = open_file("f", ac::file_read_data | ac::file_read_ea, cd::open);
    EXPECT_EQ(set_eas(no_write, two).status, ntstatus::access_denied);
    EXPECT_EQ(xattr("f", "user.EAONE"), "<none>");
    auto writer_only = open_file("f", ac::file_write_ea, cd::open);
    EXPECT_EQ(set_eas(writer_only, two).status, ntstatus::success);
    // Reading the EAs needs FILE_READ_EA; their size needs nothing.
    EXPECT_EQ(query(writer_only, fic::full_ea, qf::restart_scan).status,
              ntstatus::access_denied);
    auto attrs_only = open_file("f", ac::file_read_attributes, cd::open);
    EXPECT_EQ(query(attrs_only, fic::full_ea, qf::restart_scan).status, ntstatus::access_denied);
    EXPECT_EQ(ea_size(attrs_only), 45u);
    auto reader = open_file("f", ac::file_read_ea, cd::open);
    EXPECT_EQ(sorted(eas_of(reader)), two);
}

TEST_F(file_ea, read_only_share_refuses_writes) {
    write_file("f", "x");
    make_tree(true);
    auto id = open_file("f", ac::generic_read, cd::open);
    EXPECT_EQ(set_eas(id, two).status, ntstatus::access_denied);
}

TEST_F(file_ea, private_names_are_refused_and_hidden) {
    auto id = open_file("f", ac::generic_all, cd::create);
    const std::string dos_before = xattr("f", "user.DOSATTRIB");
    ASSERT_NE(dos_before, "<none>");
    for (const char* n : {"DOSATTRIB", "DosAttrib", "smbkit.ntacl", "SMBKIT.anything",
                          "SAMBA_PAI", "DosStream.x"}) {
        EXPECT_EQ(set_eas(id, {{0, "ok", b("1")}, {0, n, b("evil")}}).status,
                  ntstatus::access_denied)
            << n;
    }
    EXPECT_EQ(xattr("f", "user.DOSATTRIB"), dos_before);
    EXPECT_EQ(xattr("f", "user.smbkit.ntacl"), "<none>");
    EXPECT_EQ(xattr("f", "user.ok"), "<none>");  // nothing of a refused list is written
    // What the server keeps is never listed or counted.
    ASSERT_EQ(setxattr((root_ / "f").c_str(), "user.smbkit.ntacl", "\x01z", 2, 0), 0);
    EXPECT_TRUE(eas_of(id).empty());
    EXPECT_EQ(ea_size(id), 0u);
    // A name that asks for the ACL's "user." neighbour is an ordinary EA.
    EXPECT_EQ(set_eas(id, {{0, "smbkitx", b("1")}}).status, ntstatus::success);
}

TEST_F(file_ea, bad_names_and_buffers) {
    auto id = open_file("f", ac::generic_all, cd::create);
    // A bad name anywhere in the list: nothing is set.
    auto r = set_eas(id, {{0, "EAONE", b("VALUE1")}, {0, "SECOND:EA", b("x")}, {0, "THIRD", b("3")}});
    EXPECT_EQ(r.status, ntstatus::invalid_ea_name);
    EXPECT_TRUE(eas_of(id).empty());
    EXPECT_EQ(set_eas(id, {{0, std::string("TEST_") + '\x1f', b("1")}}).status,
              ntstatus::invalid_ea_name);
    EXPECT_EQ(set_eas(id, {{0, "", b("1")}}).status, ntstatus::invalid_ea_name);
    EXPECT_EQ(set_eas(id, {{0x01, "flagged", b("1")}}).status, ntstatus::invalid_ea_name);
    EXPECT_EQ(set_eas(id, {{sf::file_need_ea, "needed", b("1")}}).status, ntstatus::success);
    // Linux keeps at most 250 bytes after "user.".
    EXPECT_EQ(set_eas(id, {{0, std::string(251, 'n'), b("1")}}).status,
              ntstatus::invalid_ea_name);

    // Malformed lists.
    writer w;
    sf::encode_full_ea_list(w, two);
    bytes good = w.take();
    bytes bad_next = good;
    bad_next[0] = 24;  // not the aligned size of the first entry
    EXPECT_EQ(set_raw(id, bad_next).status, ntstatus::ea_list_inconsistent);
    bytes past_end = good;
    past_end[20 + 6] = 0xFF;
    EXPECT_EQ(set_raw(id, past_end).status, ntstatus::ea_list_inconsistent);
    bytes unterminated = good;
    unterminated[8 + 5] = '!';
    EXPECT_EQ(set_raw(id, unterminated).status, ntstatus::ea_list_inconsistent);
    EXPECT_EQ(set_raw(id, bytes(good.begin(), good.begin() + 30)).status,
              ntstatus::ea_list_inconsistent);
    EXPECT_EQ(set_raw(id, {}).status, ntstatus::invalid_parameter);
    auto left = eas_of(id);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].name, "needed");
    EXPECT_EQ(left[0].flags, 0);  // FILE_NEED_EA is not kept
}

TEST_F(file_ea, too_many_eas_are_too_large) {
    auto id = open_file("f", ac::generic_all, cd::create);
    // Windows keeps at most 64 KiB of packed EAs per file; this refuses before writing.
    std::vector<sf::full_ea> big;
    for (int i = 0; i < 3; ++i) big.push_back({0, "big" + std::to_string(i), bytes(30000, 'v')});
    EXPECT_EQ(set_eas(id, big).status, ntstatus::ea_too_large);
    EXPECT_TRUE(eas_of(id).empty());
}

TEST_F(file_ea, scans_resume_per_open) {
    auto id = open_file("f", ac::generic_all, cd::create);
    ASSERT_EQ(set_eas(id, {{0, "A", b("1")}, {0, "B", b("2")}, {0, "C", b("3")}}).status,
              ntstatus::success);
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        auto r = query(id, fic::full_ea, i == 0 ? qf::restart_scan | qf::return_single_entry
                                                : qf::return_single_entry);
        ASSERT_EQ(r.status, ntstatus::success);
        auto d = sf::decode_full_ea_list(decode_body<smb2::query_info_response>(r).output);
        ASSERT_TRUE(d);
        ASSERT_EQ(d->size(), 1u);
        seen.push_back((*d)[0].name);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(query(id, fic::full_ea, qf::return_single_entry).status, ntstatus::no_more_eas);
    // An index, and a named query.
    auto second = query(id, fic::full_ea, qf::index_specified | qf::return_single_entry, {},
                        65536, 2);
    EXPECT_EQ(second.status, ntstatus::success);
    EXPECT_EQ(query(id, fic::full_ea, qf::index_specified, {}, 65536, 9).status,
              ntstatus::nonexistent_ea_entry);
    writer g;
    sf::encode_get_ea_list(g, std::vector<std::string>{"c", "nothere"});
    auto named = query(id, fic::full_ea, 0, g.take());
    ASSERT_EQ(named.status, ntstatus::success);
    auto d = sf::decode_full_ea_list(decode_body<smb2::query_info_response>(named).output);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 2u);
    EXPECT_EQ((*d)[0], (sf::full_ea{0, "C", b("3")}));
    EXPECT_TRUE((*d)[1].value.empty());
    // Too small for the first entry; room for some but not all.
    EXPECT_EQ(query(id, fic::full_ea, qf::restart_scan, {}, 8).status,
              ntstatus::buffer_too_small);
    auto part = query(id, fic::full_ea, qf::restart_scan, {}, 20);
    EXPECT_EQ(part.status, ntstatus::buffer_overflow);
    EXPECT_EQ(decode_body<smb2::query_info_response>(part).output.size(), 11u);
}

TEST_F(file_ea, create_context_sets_eas_on_new_files_only) {
    smb2::file_id id;
    auto r = create("new.txt", ac::generic_all, cd::create, 0, &id, 7, {exta(two)});
    ASSERT_EQ(r.status, ntstatus::success) << ntstatus_string(r.status);
    EXPECT_EQ(sorted(eas_of(id)), two);
    close(id);
    // Opening an existing file leaves its EAs alone.
    r = create("new.txt", ac::generic_all, cd::open, 0, &id, 7,
               {exta({{0, "OTHER", b("x")}})});
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(sorted(eas_of(id)), two);
    close(id);
    // Overwriting applies them.
    r = create("new.txt", ac::generic_all, cd::overwrite_if, 0, &id, 7,
               {exta({{0, "OTHER", b("x")}})});
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(eas_of(id).size(), 3u);
    close(id);
    // A directory too.
    r = create("dir", ac::generic_all, cd::create, co::directory_file, &id, 7, {exta(two)});
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(sorted(eas_of(id)), two);
    close(id);
}

TEST_F(file_ea, create_context_refusals_create_nothing) {
    auto r = create("bad1", ac::generic_all, cd::create, 0, nullptr, 7,
                    {exta({{0, "1st EA", b("Value One")}, {0, "2nd:BAD:EA", b("2")}})});
    EXPECT_EQ(r.status, ntstatus::invalid_ea_name);
    EXPECT_FALSE(fs::exists(root_ / "bad1"));
    r = create("bad2", ac::generic_all, cd::create, 0, nullptr, 7,
               {exta({{0, "DOSATTRIB", b("x")}})});
    EXPECT_EQ(r.status, ntstatus::access_denied);
    EXPECT_FALSE(fs::exists(root_ / "bad2"));
    smb2::create_context broken = exta(two);
    broken.data[0] = 4;
    r = create("bad3", ac::generic_all, cd::create, 0, nullptr, 7, {broken});
    EXPECT_EQ(r.status, ntstatus::ea_list_inconsistent);
    EXPECT_FALSE(fs::exists(root_ / "bad3"));
    r = create("bad4", ac::generic_all, cd::create, 0, nullptr, 7,
               {{std::string(smb2::create_context_name::ea_buffer), {}}});
    EXPECT_EQ(r.status, ntstatus::invalid_parameter);
    EXPECT_FALSE(fs::exists(root_ / "bad4"));
}

TEST_F(file_ea, directory_listings_carry_ea_size) {
    write_file("plain", "x");
    write_file("withea", "y");
    ASSERT_EQ(setxattr((root_ / "withea").c_str(), "user.EAONE", "VALUE1", 6, 0), 0);
    ASSERT_EQ(setxattr(root_.c_str(), "user.ROOT", "r", 1, 0), 0);
    for (std::uint8_t cls : {fic::full_directory, fic::both_directory, fic::id_full_directory,
                             fic::id_both_directory}) {
        std::map<std::string, std::uint32_t> sizes;
        for (auto& e : list_root(cls)) sizes[e.name] = e.ea_size;
        EXPECT_EQ(sizes["plain"], 0u) << int(cls);
        EXPECT_EQ(sizes["withea"], 8u + 5 + 1 + 6) << int(cls);
        EXPECT_EQ(sizes["."], 8u + 4 + 1 + 1) << int(cls);
        EXPECT_EQ(sizes[".."], 8u + 4 + 1 + 1) << int(cls);  // the root stands for its parent
    }
}

TEST_F(file_ea, file_system_advertises_eas) {
    auto id = open_file("", ac::generic_read, cd::open, co::directory_file);
    auto r = query(id, smb2::fs_info_class::attribute, 0, {}, 4096, 0,
                   smb2::info_type::filesystem);
    ASSERT_EQ(r.status, ntstatus::success);
    auto a = sf::fs_attribute_information::decode(decode_body<smb2::query_info_response>(r).output);
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->file_system_attributes & sf::fs_attribute::supports_extended_attributes);
}

}  // namespace
}  // namespace smbkit::server::file::test
