// 8.3 short names through the handlers: ShortName in FileBothDirectoryInformation and
// FileIdBothDirectoryInformation (MS-FSCC 2.4.8, 2.4.17), FileAlternateNameInformation
// (2.4.5) and CREATE by short name, under each "mangled names" mode.
#include "unit/server/file_test_fixture.hpp"

#include <map>

#include "config/settings.hpp"
#include "server/server_config.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;
namespace fic = smb2::file_info_class;
namespace sf = smb2::fscc;

class file_short_name : public file_fixture {
protected:
    std::map<std::string, std::string> short_names(std::uint8_t cls) {
        std::map<std::string, std::string> out;
        for (auto& e : list_root(cls)) out[e.name] = e.short_name;
        return out;
    }
    reply alt_name(const std::string& path, std::string* name) {
        auto id = open_file(path, ac::generic_read, cd::open);
        smb2::query_info_request q;
        q.id = id;
        q.info_type = smb2::info_type::file;
        q.file_info_class = fic::alternate_name;
        q.output_buffer_length = 4096;
        auto r = call(q, smb2::command::query_info);
        if (r.status == ntstatus::success) {
            auto n = sf::name_information::decode(
                decode_body<smb2::query_info_response>(r).output);
            EXPECT_TRUE(n.has_value());
            if (n) *name = n->file_name;
        }
        close(id);
        return r;
    }
    std::string read_back(const std::string& path) {
        smb2::file_id id;
        auto r = create(path, ac::generic_read, cd::open, 0, &id);
        if (r.status != ntstatus::success) return "<" + ntstatus_string(r.status) + ">";
        close(id);
        return "opened";
    }
};

TEST_F(file_short_name, listings_carry_short_names_with_mangled_names_yes) {
    share_.mangled_names = vfs::mangled_names::yes;
    write_file("torture_search.txt", "x");
    write_file("UPPER.TXT", "x");
    write_file("lower.txt", "x");
    fs::create_directories(root_ / "Some Long Directory");
    for (std::uint8_t cls : {fic::both_directory, fic::id_both_directory}) {
        auto m = short_names(cls);
        EXPECT_EQ(m["torture_search.txt"], "TOR0GA~L.TXT") << int(cls);
        EXPECT_EQ(m["Some Long Directory"], "SLXJ6S~8") << int(cls);
        EXPECT_EQ(m["UPPER.TXT"], "") << int(cls);  // already 8.3: no short name
        EXPECT_EQ(m["lower.txt"], "") << int(cls);
        EXPECT_EQ(m["."], "");
        EXPECT_EQ(m[".."], "");
    }
}

TEST_F(file_short_name, listings_carry_none_by_default) {
    // Samba's default "mangled names = illegal".
    write_file("torture_search.txt", "x");
    auto m = short_names(fic::id_both_directory);
    ASSERT_TRUE(m.count("torture_search.txt"));
    EXPECT_EQ(m["torture_search.txt"], "");
}

TEST_F(file_short_name, unix_names_with_characters_nt_forbids_are_listed_by_short_name) {
    write_file("a:b.txt", "colon");
    share_.mangled_names = vfs::mangled_names::yes;
    auto m = short_names(fic::id_both_directory);
    ASSERT_TRUE(m.count("A4WTMA~A.TXT"));
    EXPECT_EQ(m["A4WTMA~A.TXT"], "");  // listed by its short name: no ShortName, as smbd
    EXPECT_FALSE(m.count("a:b.txt"));
    EXPECT_EQ(read_back("A4WTMA~A.TXT"), "opened");
}

TEST_F(file_short_name, alternate_name_information) {
    write_file("torture_search.txt", "x");
    write_file("lower.txt", "x");
    std::string n;
    ASSERT_EQ(alt_name("torture_search.txt", &n).status, ntstatus::success);
    EXPECT_EQ(n, "TOR0GA~L.TXT");
    ASSERT_EQ(alt_name("lower.txt", &n).status, ntstatus::success);
    EXPECT_EQ(n, "lower.txt");  // an 8.3 name comes back as it is
}

TEST_F(file_short_name, alternate_name_with_mangled_names_no) {
    share_.mangled_names = vfs::mangled_names::no;
    write_file("torture_search.txt", "x");
    std::string n;
    ASSERT_EQ(alt_name("torture_search.txt", &n).status, ntstatus::success);
    EXPECT_EQ(n, "torture_sear");
    EXPECT_EQ(read_back("TOR0GA~L.TXT"), "<" + ntstatus_string(ntstatus::object_name_not_found) + ">");
}

TEST_F(file_short_name, create_by_short_name) {
    write_file("torture_search.txt", "x");
    fs::create_directories(root_ / "Some Long Directory");
    write_file("Some Long Directory/inner file.txt", "y");
    EXPECT_EQ(read_back("TOR0GA~L.TXT"), "opened");
    EXPECT_EQ(read_back("tor0ga~l.txt"), "opened");
    // A DOS device name is 8.3 but still has a generated short name, which opens it.
    write_file("Aux.vkk", "x");
    EXPECT_EQ(read_back(vfs::short_name("Aux.vkk")), "opened");
    std::string inner;
    ASSERT_EQ(alt_name("Some Long Directory\\inner file.txt", &inner).status, ntstatus::success);
    EXPECT_EQ(read_back("SLXJ6S~8\\" + inner), "opened");
    EXPECT_EQ(read_back("SLXJ6S~8\\inner file.txt"), "opened");
    // A short name of nothing here, or one that would need another directory, is not found.
    EXPECT_EQ(read_back("TOR0GA~M.TXT"), "<" + ntstatus_string(ntstatus::object_name_not_found) + ">");
    EXPECT_EQ(read_back("SLXJ6S~8\\TOR0GA~L.TXT"),
              "<" + ntstatus_string(ntstatus::object_name_not_found) + ">");
    // The open names the real file: FileAlternateNameInformation of it is the short name.
    std::string n;
    ASSERT_EQ(alt_name("TOR0GA~L.TXT", &n).status, ntstatus::success);
    EXPECT_EQ(n, "TOR0GA~L.TXT");
}

TEST_F(file_short_name, a_short_name_given_out_creates_its_long_name_again) {
    // smbtorture smb2.mangle: query the short name, delete the file, create by short name,
    // then the long name must exist (Samba's prefix cache).
    fs::create_directories(root_ / "mangle_test");
    write_file("mangle_test/gBJ5fkPfcM", "x");
    std::string s;
    ASSERT_EQ(alt_name("mangle_test\\gBJ5fkPfcM", &s).status, ntstatus::success);
    EXPECT_EQ(s, "G3PWOE~2");
    fs::remove(root_ / "mangle_test" / "gBJ5fkPfcM");
    smb2::file_id id;
    ASSERT_EQ(create("mangle_test\\" + s, ac::generic_all, cd::create, 0, &id).status,
              ntstatus::success);
    close(id);
    EXPECT_TRUE(fs::exists(root_ / "mangle_test" / "gBJ5fkPfcM"));
    EXPECT_FALSE(fs::exists(root_ / "mangle_test" / s));
}

TEST_F(file_short_name, short_name_lookup_works_on_case_sensitive_shares) {
    share_.case_sensitive = true;
    write_file("torture_search.txt", "x");
    EXPECT_EQ(read_back("TOR0GA~L.TXT"), "opened");
    EXPECT_EQ(read_back("TORTURE_SEARCH.TXT"),
              "<" + ntstatus_string(ntstatus::object_name_not_found) + ">");
}

TEST_F(file_short_name, vetoed_files_stay_unreachable_by_short_name) {
    share_.veto_files = {"*.secret"};
    write_file("very long name.secret", "x");
    auto s = vfs::short_name("very long name.secret");
    EXPECT_NE(read_back(s), "opened");
}

std::expected<server_config, std::string> load(const std::string& text) {
    auto conf = config::smb_conf::parse(text);
    EXPECT_TRUE(conf);
    auto g = config::read_global(*conf);
    EXPECT_TRUE(g);
    return load_server_config(*conf, *g);
}

TEST(mangled_names_option, values_default_and_global) {
    auto d = load("[s]\npath = /s\n");
    ASSERT_TRUE(d) << d.error();
    EXPECT_EQ(d->find_share("s")->mangled_names, vfs::mangled_names::illegal);  // Samba 4.17
    EXPECT_EQ(vfs_options(*d->find_share("s"), false).mangling, vfs::mangled_names::illegal);
    for (auto [text, want] :
         {std::pair{"yes", vfs::mangled_names::yes}, {"True", vfs::mangled_names::yes},
          {"1", vfs::mangled_names::yes}, {"no", vfs::mangled_names::no},
          {"false", vfs::mangled_names::no}, {"Illegal", vfs::mangled_names::illegal}}) {
        auto c = load(std::string("[s]\npath = /s\nmangled names = ") + text + "\n");
        ASSERT_TRUE(c) << text << ": " << c.error();
        EXPECT_EQ(vfs_options(*c->find_share("s"), false).mangling, want) << text;
    }
    auto g = load("[global]\nmangled names = yes\n[s]\npath = /s\n[t]\npath = /t\nmangled names = no\n");
    ASSERT_TRUE(g) << g.error();
    EXPECT_EQ(g->find_share("s")->mangled_names, vfs::mangled_names::yes);
    EXPECT_EQ(g->find_share("t")->mangled_names, vfs::mangled_names::no);
    auto bad = load("[s]\npath = /s\nmangled names = sometimes\n");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("mangled names"), std::string::npos);
}

}  // namespace
}  // namespace smbkit::server::file::test
