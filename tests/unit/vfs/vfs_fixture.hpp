#pragma once
// A fresh mkdtemp directory per test: <tmp>/share is the share root, <tmp> itself stands for
// "outside the share".

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::vfs::testing {

class vfs_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/smbkit-vfs-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        outer_ = tmpl;
        root_ = outer_ + "/share";
        ASSERT_EQ(mkdir(root_.c_str(), 0755), 0);
        share_ = make_share({});
        ASSERT_TRUE(share_);
    }
    void TearDown() override {
        share_.reset();
        std::error_code ec;
        std::filesystem::remove_all(outer_, ec);
    }

    std::shared_ptr<share> make_share(share_options o) {
        o.root = root_;
        auto s = share::create(o);
        EXPECT_TRUE(s.has_value());
        return s ? *s : nullptr;
    }

    std::string on_disk(const std::string& rel) const { return root_ + "/" + rel; }
    void put(const std::string& rel, const std::string& content) const {
        std::ofstream(on_disk(rel), std::ios::binary) << content;
    }
    void mkdir_in(const std::string& rel) const { ASSERT_EQ(::mkdir(on_disk(rel).c_str(), 0755), 0); }
    bool exists(const std::string& rel) const {
        struct stat st {};
        return ::lstat(on_disk(rel).c_str(), &st) == 0;
    }
    std::string slurp(const std::string& path) const {
        std::ifstream f(path, std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }

    result<open_result> open(std::shared_ptr<share> s, const std::string& path, disposition d,
                             std::uint32_t acc = access::read_data | access::read_attributes,
                             std::uint32_t sh = share_access::all,
                             object_kind kind = object_kind::any, bool doc = false,
                             std::uint32_t attrs = 0) {
        open_request r;
        r.path = path;
        r.disp = d;
        r.desired_access = acc;
        r.share_access = sh;
        r.kind = kind;
        r.delete_on_close = doc;
        r.attributes = attrs;
        return s->open(r);
    }
    result<open_result> open(const std::string& path, disposition d,
                             std::uint32_t acc = access::read_data | access::read_attributes,
                             std::uint32_t sh = share_access::all,
                             object_kind kind = object_kind::any, bool doc = false,
                             std::uint32_t attrs = 0) {
        return open(share_, path, d, acc, sh, kind, doc, attrs);
    }
    std::unique_ptr<handle> must_open(const std::string& path, disposition d,
                                      std::uint32_t acc = access::read_data |
                                                          access::read_attributes,
                                      std::uint32_t sh = share_access::all,
                                      object_kind kind = object_kind::any, bool doc = false) {
        auto r = open(path, d, acc, sh, kind, doc);
        EXPECT_TRUE(r.has_value()) << path << ": " << (r ? "" : ntstatus_string(r.error()));
        return r ? std::move(r->file) : nullptr;
    }

    static constexpr std::uint32_t rw = access::read_data | access::write_data |
                                        access::read_attributes;

    std::string outer_;
    std::string root_;
    std::shared_ptr<share> share_;
};

inline std::string status_name(const result<open_result>& r) {
    return r ? std::string("STATUS_SUCCESS") : ntstatus_string(r.error());
}
template <class T> std::string status_of(const result<T>& r) {
    return r ? std::string("STATUS_SUCCESS") : ntstatus_string(r.error());
}

}  // namespace smbkit::vfs::testing
