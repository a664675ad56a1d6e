// QUERY_DIRECTORY enumeration: order, restart, single and batched pulls, patterns.
#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

class dir_test : public vfs_test {
protected:
    void SetUp() override {
        vfs_test::SetUp();
        put("b.txt", "bb");
        put("a.txt", "a");
        put("C.doc", "");
        mkdir_in("sub");
        put("sub/inner", "i");
    }
    std::vector<std::string> names(dir_cursor& c) {
        std::vector<std::string> out;
        while (true) {
            auto e = c.next();
            EXPECT_TRUE(e);
            if (!e || !*e) break;
            out.push_back((*e)->name);
        }
        return out;
    }
    dir_cursor list(const std::string& dir, const std::string& pattern,
                    std::shared_ptr<share> s = nullptr) {
        auto o = open(s ? s : share_, dir, disposition::open, access::read_data);
        EXPECT_TRUE(o);
        auto c = o->file->list(pattern);
        EXPECT_TRUE(c);
        return std::move(*c);
    }
    using names_t = std::vector<std::string>;
};

TEST_F(dir_test, OrderWithDotEntriesFirst) {
    auto c = list("", "*");
    EXPECT_TRUE(c.at_start());
    EXPECT_EQ(names(c), (names_t{".", "..", "C.doc", "a.txt", "b.txt", "sub"}));
    EXPECT_FALSE(c.at_start());
    auto again = c.next();
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);  // stays at the end
    ASSERT_TRUE(c.restart());
    EXPECT_TRUE(c.at_start());
    EXPECT_EQ(names(c), (names_t{".", "..", "C.doc", "a.txt", "b.txt", "sub"}));
    auto s = list("sub", "");
    EXPECT_EQ(names(s), (names_t{".", "..", "inner"}));
}

TEST_F(dir_test, EntryInformation) {
    auto c = list("", "*");
    auto dot = c.next();
    ASSERT_TRUE(dot && *dot);
    auto dotdot = c.next();
    ASSERT_TRUE(dotdot && *dotdot);
    // At the root ".." describes the root itself.
    EXPECT_EQ((*dot)->info.file_id, (*dotdot)->info.file_id);
    EXPECT_TRUE((*dot)->info.is_directory);
    auto rootinfo = share_->stat("");
    EXPECT_EQ((*dot)->info.file_id, rootinfo->file_id);
    std::map<std::string, dir_entry> by_name;
    while (auto e = c.next()) {
        if (!*e) break;
        by_name[(*e)->name] = **e;
    }
    EXPECT_EQ(by_name["b.txt"].info.end_of_file, 2u);
    EXPECT_EQ(by_name["sub"].info.attributes, attribute::directory);
    EXPECT_TRUE(by_name["sub"].info.is_directory);
    EXPECT_EQ(by_name["a.txt"].info.file_id, share_->stat("a.txt")->file_id);
    // In a subdirectory ".." is the parent.
    auto s = list("sub", "..");
    auto up = s.next();
    ASSERT_TRUE(up && *up);
    EXPECT_EQ((*up)->name, "..");
    EXPECT_EQ((*up)->info.file_id, rootinfo->file_id);
}

TEST_F(dir_test, StoredAttributesListed) {
    auto h = must_open("a.txt", disposition::open, access::write_attributes);
    basic_info_change c;
    c.attributes = attribute::hidden | attribute::system;
    c.creation_time = 125911584000000000ULL;
    ASSERT_TRUE(h->set_basic_info(c));
    auto l = list("", "a.txt");
    auto e = l.next();
    ASSERT_TRUE(e && *e);
    EXPECT_EQ((*e)->info.attributes, attribute::hidden | attribute::system);
    EXPECT_EQ((*e)->info.creation_time, 125911584000000000ULL);
}

TEST_F(dir_test, SinglePullsAndBatches) {
    auto c = list("", "*");
    std::size_t budget = 2;
    auto fits = [&](const dir_entry&) { return budget-- > 0; };
    auto b1 = c.next_batch(fits);
    ASSERT_TRUE(b1);
    ASSERT_EQ(b1->size(), 2u);
    EXPECT_EQ((*b1)[1].name, "..");
    // The refused entry comes first next time.
    auto p = c.peek();
    ASSERT_TRUE(p && *p);
    EXPECT_EQ((*p)->name, "C.doc");
    budget = 100;
    auto b2 = c.next_batch(fits, 2);
    ASSERT_TRUE(b2);
    ASSERT_EQ(b2->size(), 2u);
    EXPECT_EQ((*b2)[0].name, "C.doc");
    EXPECT_EQ((*b2)[1].name, "a.txt");
    auto one = c.next();
    ASSERT_TRUE(one && *one);
    EXPECT_EQ((*one)->name, "b.txt");
    budget = 100;
    auto rest = c.next_batch(fits);
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_EQ((*rest)[0].name, "sub");
    auto none = c.next_batch(fits);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST_F(dir_test, Patterns) {
    auto c = list("", "*.txt");
    EXPECT_EQ(names(c), (names_t{"a.txt", "b.txt"}));
    ASSERT_TRUE(c.restart("?.doc"));
    EXPECT_EQ(c.pattern(), "?.doc");
    EXPECT_EQ(names(c), (names_t{"C.doc"}));
    ASSERT_TRUE(c.restart("<.TXT"));  // DOS_STAR, case-insensitive share
    EXPECT_EQ(names(c), (names_t{"a.txt", "b.txt"}));
    ASSERT_TRUE(c.restart("a.txt"));
    EXPECT_EQ(names(c), (names_t{"a.txt"}));
    ASSERT_TRUE(c.restart("A.TXT"));
    EXPECT_EQ(names(c), (names_t{"a.txt"}));
    ASSERT_TRUE(c.restart("nothing*"));
    EXPECT_EQ(names(c), (names_t{}));
    EXPECT_TRUE(c.at_start());
    ASSERT_TRUE(c.restart("su>"));
    EXPECT_EQ(names(c), (names_t{"sub"}));
    ASSERT_TRUE(c.restart("."));
    EXPECT_EQ(names(c), (names_t{"."}));
}

TEST_F(dir_test, CaseSensitivePatterns) {
    share_options o;
    o.case_handling = case_mode::sensitive;
    auto s = make_share(o);
    auto c = list("", "c*", s);
    EXPECT_EQ(names(c), (names_t{}));
    ASSERT_TRUE(c.restart("C*"));
    EXPECT_EQ(names(c), (names_t{"C.doc"}));
    ASSERT_TRUE(c.restart("A.TXT"));  // exact-name lookup
    EXPECT_EQ(names(c), (names_t{}));
    ASSERT_TRUE(c.restart("a.txt"));
    EXPECT_EQ(names(c), (names_t{"a.txt"}));
}

TEST_F(dir_test, UnpresentableAndEscapingEntriesHidden) {
    put("bad:name", "x");
    put("back\\slash", "x");
    ASSERT_EQ(symlink("/etc/passwd", on_disk("zz_out").c_str()), 0);
    ASSERT_EQ(symlink("a.txt", on_disk("zz_in").c_str()), 0);
    ASSERT_EQ(symlink("missing", on_disk("zz_dangling").c_str()), 0);
    ASSERT_EQ(mkfifo(on_disk("zz_fifo").c_str(), 0644), 0);
    std::string bad_utf8 = "bad\xff";
    put(bad_utf8, "x");
    auto c = list("", "*");
    auto got = names(c);
    // Names with a character NT forbids stay, as the server lists them by their 8.3 short
    // names ("mangled names" is not "no"); invalid UTF-8 and escaping links do not.
    EXPECT_EQ(got, (names_t{".", "..", "C.doc", "a.txt", "b.txt", "back\\slash", "bad:name",
                            "sub", "zz_in"}));
    ASSERT_TRUE(c.restart("zz_in"));
    auto e = c.next();
    ASSERT_TRUE(e && *e);
    EXPECT_EQ((*e)->info.end_of_file, 1u);  // the target's size
}

TEST_F(dir_test, VanishedEntriesSkipped) {
    auto c = list("", "*");
    ASSERT_EQ(unlink(on_disk("a.txt").c_str()), 0);
    EXPECT_EQ(names(c), (names_t{".", "..", "C.doc", "b.txt", "sub"}));
    ASSERT_TRUE(c.restart());
    put("new", "");
    EXPECT_EQ(names(c), (names_t{".", "..", "C.doc", "b.txt", "sub"}));  // snapshot
    ASSERT_TRUE(c.restart());
    EXPECT_EQ(names(c), (names_t{".", "..", "C.doc", "b.txt", "new", "sub"}));
}

TEST_F(dir_test, NeedsListAccess) {
    auto o = open("", disposition::open, access::read_attributes);
    ASSERT_TRUE(o);
    EXPECT_EQ(status_of(o->file->list("*")), "STATUS_ACCESS_DENIED");
}

TEST_F(dir_test, CursorOutlivesHandle) {
    auto o = open("", disposition::open, access::read_data);
    ASSERT_TRUE(o);
    auto c = o->file->list("*.txt");
    ASSERT_TRUE(c);
    o->file.reset();
    EXPECT_EQ(names(*c), (names_t{"a.txt", "b.txt"}));
}

}  // namespace
}  // namespace smbkit::vfs::testing
