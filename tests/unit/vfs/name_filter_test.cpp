// "veto files" and "hide files" (name_filter.hpp) and how a share applies them.
#include "vfs_fixture.hpp"

#include <algorithm>

#include "vfs/name_filter.hpp"

namespace smbkit::vfs::testing {
namespace {

TEST(name_filter, parses_samba_slash_lists) {
    EXPECT_EQ(parse_name_list("/*.tmp/.DS_Store/Thumbs.db/"),
              (std::vector<std::string>{"*.tmp", ".DS_Store", "Thumbs.db"}));
    EXPECT_EQ(parse_name_list("/My Documents/ a b /"),
              (std::vector<std::string>{"My Documents", "a b"}));
    EXPECT_EQ(parse_name_list("*.bak"), (std::vector<std::string>{"*.bak"}));
    EXPECT_TRUE(parse_name_list("//").empty());
    EXPECT_TRUE(parse_name_list("").empty());
}

TEST(name_filter, matches_one_component_with_wildcards) {
    auto l = parse_name_list("/*.tmp/secret?/Exact/");
    EXPECT_TRUE(name_in_list(l, "a.tmp", false));
    EXPECT_TRUE(name_in_list(l, "A.TMP", false));
    EXPECT_FALSE(name_in_list(l, "A.TMP", true));
    EXPECT_TRUE(name_in_list(l, "secret1", false));
    EXPECT_FALSE(name_in_list(l, "secret12", false));
    EXPECT_TRUE(name_in_list(l, "exact", false));
    EXPECT_FALSE(name_in_list(l, "exact", true));
    EXPECT_FALSE(name_in_list(l, "tmp", false));
    EXPECT_FALSE(name_in_list(l, ".", false));
    EXPECT_FALSE(name_in_list({"*"}, "..", false));
}

class veto_test : public vfs_test {
protected:
    std::shared_ptr<share> vetoing() {
        share_options o;
        o.veto_files = parse_name_list("/*.secret/private/");
        o.hide_files = parse_name_list("/*.log/");
        return make_share(o);
    }
    static std::vector<std::string> names(share& s, const std::string& dir) {
        std::vector<std::string> out;
        auto d = open_dir(s, dir);
        auto c = d->list("*");
        EXPECT_TRUE(c);
        while (auto e = c->next()) {
            if (!*e) break;
            out.push_back((*e)->name);
        }
        return out;
    }
    static std::unique_ptr<handle> open_dir(share& s, const std::string& dir) {
        open_request r;
        r.path = dir;
        r.disp = disposition::open;
        r.kind = object_kind::directory;
        r.desired_access = access::read_data | access::read_attributes;
        auto o = s.open(r);
        EXPECT_TRUE(o);
        return o ? std::move(o->file) : nullptr;
    }
};

TEST_F(veto_test, vetoed_names_are_not_there) {
    put("a.secret", "x");
    put("plain.txt", "x");
    mkdir_in("private");
    put("private/inside.txt", "x");
    auto s = vetoing();
    EXPECT_EQ(status_name(open(s, "a.secret", disposition::open)), "STATUS_OBJECT_NAME_NOT_FOUND");
    EXPECT_EQ(status_name(open(s, "A.SECRET", disposition::open)), "STATUS_OBJECT_NAME_NOT_FOUND");
    EXPECT_EQ(status_name(open(s, "new.secret", disposition::create, rw)),
              "STATUS_OBJECT_NAME_NOT_FOUND");
    EXPECT_FALSE(exists("new.secret"));
    EXPECT_EQ(status_name(open(s, "private\\inside.txt", disposition::open)),
              "STATUS_OBJECT_PATH_NOT_FOUND");
    EXPECT_EQ(status_of(s->stat("a.secret")), "STATUS_OBJECT_NAME_NOT_FOUND");
    EXPECT_EQ(status_name(open(s, "plain.txt", disposition::open)), "STATUS_SUCCESS");
    EXPECT_EQ(names(*s, ""), (std::vector<std::string>{".", "..", "plain.txt"}));
}

TEST_F(veto_test, rename_to_a_vetoed_name_is_refused) {
    put("plain.txt", "x");
    auto s = vetoing();
    auto h = open(s, "plain.txt", disposition::open, access::del | access::read_attributes);
    ASSERT_TRUE(h);
    EXPECT_EQ(status_of(h->file->rename("hidden.secret", false)), "STATUS_OBJECT_NAME_NOT_FOUND");
    EXPECT_TRUE(exists("plain.txt"));
    EXPECT_EQ(status_of(h->file->rename("renamed.txt", false)), "STATUS_SUCCESS");
}

TEST_F(veto_test, hide_files_and_dot_files_get_hidden) {
    put("app.log", "x");
    put(".profile", "x");
    put("plain.txt", "x");
    auto s = vetoing();
    EXPECT_TRUE(s->stat("app.log")->attributes & attribute::hidden);
    EXPECT_TRUE(s->stat("APP.LOG")->attributes & attribute::hidden);
    EXPECT_TRUE(s->stat(".profile")->attributes & attribute::hidden);
    EXPECT_FALSE(s->stat("plain.txt")->attributes & attribute::hidden);
    auto d = open_dir(*s, "");
    auto c = d->list("app.log");
    ASSERT_TRUE(c);
    auto e = c->next();
    ASSERT_TRUE(e && *e);
    EXPECT_TRUE((*e)->info.attributes & attribute::hidden);

    share_options o;
    o.hide_dot_files = false;
    auto plain = make_share(o);
    EXPECT_FALSE(plain->stat(".profile")->attributes & attribute::hidden);
    EXPECT_FALSE(plain->stat("app.log")->attributes & attribute::hidden);
}

TEST_F(veto_test, case_sensitive_share_matches_patterns_exactly) {
    put("A.SECRET", "x");
    share_options o;
    o.veto_files = parse_name_list("/*.secret/");
    o.case_handling = case_mode::sensitive;
    auto s = make_share(o);
    EXPECT_EQ(status_name(open(s, "A.SECRET", disposition::open)), "STATUS_SUCCESS");
    put("b.secret", "x");
    EXPECT_EQ(status_name(open(s, "b.secret", disposition::open)), "STATUS_OBJECT_NAME_NOT_FOUND");
}

}  // namespace
}  // namespace smbkit::vfs::testing
