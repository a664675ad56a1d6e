// CREATE semantics: dispositions, directory requirements, share modes, read-only shares.
#include "vfs/open_table.hpp"
#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

using open_test = vfs_test;

struct disp_row {
    disposition d;
    // existing file "content"
    const char* status_existing;
    create_action action_existing;
    std::size_t size_after;
    // missing file
    const char* status_missing;
    create_action action_missing;
};

TEST_F(open_test, DispositionTable) {
    const disp_row rows[] = {
        {disposition::supersede, "STATUS_SUCCESS", create_action::superseded, 0,
         "STATUS_SUCCESS", create_action::created},
        {disposition::open, "STATUS_SUCCESS", create_action::opened, 7,
         "STATUS_OBJECT_NAME_NOT_FOUND", {}},
        {disposition::create, "STATUS_OBJECT_NAME_COLLISION", {}, 7, "STATUS_SUCCESS",
         create_action::created},
        {disposition::open_if, "STATUS_SUCCESS", create_action::opened, 7, "STATUS_SUCCESS",
         create_action::created},
        {disposition::overwrite, "STATUS_SUCCESS", create_action::overwritten, 0,
         "STATUS_OBJECT_NAME_NOT_FOUND", {}},
        {disposition::overwrite_if, "STATUS_SUCCESS", create_action::overwritten, 0,
         "STATUS_SUCCESS", create_action::created},
    };
    int i = 0;
    for (const auto& r : rows) {
        std::string name = "f" + std::to_string(i++);
        put(name, "content");
        auto o = open(name, r.d, rw);
        EXPECT_EQ(status_name(o), r.status_existing) << name;
        if (o) {
            EXPECT_EQ(o->action, r.action_existing) << name;
        }
        EXPECT_EQ(std::filesystem::file_size(on_disk(name)), r.size_after) << name;

        std::string missing = "m" + name;
        auto m = open(missing, r.d, rw);
        EXPECT_EQ(status_name(m), r.status_missing) << missing;
        if (m) {
            EXPECT_EQ(m->action, r.action_missing) << missing;
            EXPECT_TRUE(exists(missing));
            auto fi = m->file->info();
            ASSERT_TRUE(fi);
            EXPECT_EQ(fi->attributes, attribute::archive);
            EXPECT_FALSE(fi->is_directory);
        } else {
            EXPECT_FALSE(exists(missing));
        }
    }
}

TEST_F(open_test, Directories) {
    mkdir_in("d");
    put("f", "x");
    auto mk = open("newdir", disposition::create, access::read_data, share_access::all,
                   object_kind::directory);
    ASSERT_TRUE(mk) << status_name(mk);
    EXPECT_EQ(mk->action, create_action::created);
    EXPECT_TRUE(mk->file->is_directory());
    EXPECT_TRUE(std::filesystem::is_directory(on_disk("newdir")));
    auto fi = mk->file->info();
    ASSERT_TRUE(fi);
    EXPECT_EQ(fi->attributes, attribute::directory);

    EXPECT_EQ(status_name(open("d", disposition::open, access::read_data, share_access::all,
                               object_kind::non_directory)),
              "STATUS_FILE_IS_A_DIRECTORY");
    EXPECT_EQ(status_name(open("f", disposition::open, access::read_data, share_access::all,
                               object_kind::directory)),
              "STATUS_NOT_A_DIRECTORY");
    EXPECT_EQ(status_name(open("d", disposition::overwrite_if, access::read_data,
                               share_access::all, object_kind::directory)),
              "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(status_name(open("d", disposition::overwrite_if, rw)), "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(status_name(open("d", disposition::supersede, rw)), "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(status_name(open("d", disposition::create, access::read_data, share_access::all,
                               object_kind::directory)),
              "STATUS_OBJECT_NAME_COLLISION");
    EXPECT_EQ(status_name(open("d", disposition::open_if, access::read_data, share_access::all,
                               object_kind::directory)),
              "STATUS_SUCCESS");
    auto root = open("", disposition::open, access::read_data);
    ASSERT_TRUE(root);
    EXPECT_TRUE(root->file->is_directory());
    EXPECT_EQ(root->file->path(), "");
}

TEST_F(open_test, MissingOrBadParents) {
    put("f", "x");
    EXPECT_EQ(status_name(open("nodir\\x", disposition::create, rw)),
              "STATUS_OBJECT_PATH_NOT_FOUND");
    EXPECT_EQ(status_name(open("nodir\\x", disposition::open)), "STATUS_OBJECT_PATH_NOT_FOUND");
    EXPECT_EQ(status_name(open("f\\x", disposition::open_if, rw)), "STATUS_OBJECT_PATH_NOT_FOUND");
}

TEST_F(open_test, WriteContentRoundTrip) {
    auto h = must_open("data.bin", disposition::create, rw);
    ASSERT_TRUE(h);
    std::string payload = "hello, world";
    auto w = h->write(0, std::span(reinterpret_cast<const std::uint8_t*>(payload.data()),
                                   payload.size()));
    ASSERT_TRUE(w);
    EXPECT_EQ(*w, payload.size());
    EXPECT_EQ(slurp(on_disk("data.bin")), payload);
    std::uint8_t buf[5];
    auto r = h->read(7, buf);
    ASSERT_TRUE(r);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), *r), "world");
    EXPECT_EQ(*h->read(100, buf), 0u);
    // Beyond 4 GiB: 64-bit offsets all the way.
    std::uint64_t far = (1ULL << 32) + 10;
    ASSERT_TRUE(h->write(far, std::span(reinterpret_cast<const std::uint8_t*>("Z"), 1)));
    EXPECT_EQ(h->info()->end_of_file, far + 1);
    ASSERT_TRUE(h->read(far, std::span(buf, 1)));
    EXPECT_EQ(buf[0], 'Z');
    EXPECT_EQ(status_of(h->write(UINT64_MAX - 1, std::span(buf, 2))), "STATUS_INVALID_PARAMETER");
    EXPECT_TRUE(h->flush());
    EXPECT_TRUE(h->flush(true));
}

TEST_F(open_test, AccessEnforcedOnHandles) {
    put("f", "abc");
    auto ro = must_open("f", disposition::open, access::read_data);
    std::uint8_t b[3] = {1, 2, 3};
    EXPECT_EQ(status_of(ro->write(0, b)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(ro->set_end_of_file(0)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(ro->flush()), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(ro->set_delete_pending(true)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(ro->rename("g", false)), "STATUS_ACCESS_DENIED");
    basic_info_change c;
    c.last_write_time = 130000000000000000ULL;
    EXPECT_EQ(status_of(ro->set_basic_info(c)), "STATUS_ACCESS_DENIED");
    auto wo = must_open("f", disposition::open, access::write_data);
    EXPECT_EQ(status_of(wo->read(0, b)), "STATUS_ACCESS_DENIED");
    // Generic rights are mapped.
    auto g = must_open("f", disposition::open, access::generic_read | access::generic_write);
    EXPECT_EQ(g->granted_access() & (access::read_data | access::write_data),
              access::read_data | access::write_data);
    EXPECT_TRUE(g->read(0, b));
    auto m = must_open("f", disposition::open, access::maximum_allowed);
    EXPECT_EQ(m->granted_access(), access::all_file);
}

TEST_F(open_test, AppendOnly) {
    put("log", "one,");
    auto h = must_open("log", disposition::open, access::append_data);
    std::string s = "two";
    ASSERT_TRUE(h->write(0, std::span(reinterpret_cast<const std::uint8_t*>(s.data()), 3)));
    auto w = must_open("log", disposition::open, rw);
    ASSERT_TRUE(w->write(append_offset, std::span(reinterpret_cast<const std::uint8_t*>(","), 1)));
    EXPECT_EQ(slurp(on_disk("log")), "one,two,");
}

TEST_F(open_test, EndOfFileAndAllocation) {
    auto h = must_open("f", disposition::create, rw);
    ASSERT_TRUE(h->set_end_of_file(10000));
    EXPECT_EQ(h->info()->end_of_file, 10000u);
    ASSERT_TRUE(h->set_end_of_file(3));
    EXPECT_EQ(h->info()->end_of_file, 3u);
    ASSERT_TRUE(h->set_allocation_size(1 << 20));
    auto fi = h->info();
    EXPECT_EQ(fi->end_of_file, 3u);               // KEEP_SIZE
    EXPECT_GE(fi->allocation_size, 1u << 20);     // ext4/tmpfs/xfs all preallocate
    ASSERT_TRUE(h->set_allocation_size(1));        // below EOF truncates, as NTFS does
    EXPECT_EQ(h->info()->end_of_file, 1u);
    auto d = must_open("", disposition::open, access::all_file);
    EXPECT_EQ(status_of(d->set_end_of_file(1)), "STATUS_INVALID_PARAMETER");
    std::uint8_t b[1];
    EXPECT_EQ(status_of(d->read(0, b)), "STATUS_INVALID_DEVICE_REQUEST");
    EXPECT_EQ(status_of(h->list("*")), "STATUS_INVALID_PARAMETER");
}

TEST_F(open_test, ReadOnlyAttributeFile) {
    auto h = must_open("ro", disposition::create, rw | access::write_attributes);
    basic_info_change c;
    c.attributes = attribute::readonly;
    ASSERT_TRUE(h->set_basic_info(c));
    h.reset();
    EXPECT_EQ(status_name(open("ro", disposition::open, rw)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open("ro", disposition::overwrite_if, rw)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open("ro", disposition::open, access::del, share_access::all,
                               object_kind::any, true)),
              "STATUS_CANNOT_DELETE");
    EXPECT_EQ(status_name(open("ro", disposition::open, access::read_data)), "STATUS_SUCCESS");
    // MAXIMUM_ALLOWED gets what the file allows instead of a refusal.
    auto m = open("ro", disposition::open, access::maximum_allowed);
    ASSERT_TRUE(m) << status_name(m);
    EXPECT_EQ(m->file->granted_access() & (access::write_data | access::append_data), 0u);
    EXPECT_TRUE(m->file->granted_access() & access::read_data);
}

TEST_F(open_test, NewReadOnlyFileWithDeleteOnClose) {
    EXPECT_EQ(status_name(open("new", disposition::create, rw | access::del, share_access::all,
                               object_kind::non_directory, true, attribute::readonly)),
              "STATUS_CANNOT_DELETE");
    EXPECT_FALSE(exists("new"));
    EXPECT_EQ(status_name(open("new", disposition::create, rw, share_access::all,
                               object_kind::non_directory, false, attribute::readonly)),
              "STATUS_SUCCESS");
}

TEST_F(open_test, OverwriteKeepsHiddenAndSystem) {
    auto h = must_open("h", disposition::create, rw | access::write_attributes);
    basic_info_change c;
    c.attributes = attribute::hidden;
    ASSERT_TRUE(h->set_basic_info(c));
    h.reset();
    EXPECT_EQ(status_name(open("h", disposition::overwrite, rw)), "STATUS_ACCESS_DENIED");
    auto ok = open("h", disposition::overwrite, rw, share_access::all, object_kind::any, false,
                   attribute::hidden);
    ASSERT_TRUE(ok) << status_name(ok);
    EXPECT_EQ(ok->file->info()->attributes, attribute::hidden | attribute::archive);
}

TEST_F(open_test, DeleteOnCloseNeedsDeleteAccess) {
    EXPECT_EQ(status_name(open("x", disposition::create, rw, share_access::all, object_kind::any,
                               true)),
              "STATUS_ACCESS_DENIED");
    EXPECT_FALSE(exists("x"));
}

TEST_F(open_test, BadParameters) {
    open_request r;
    r.path = "x";
    r.disp = static_cast<disposition>(6);
    EXPECT_EQ(status_name(share_->open(r)), "STATUS_INVALID_PARAMETER");
    r.disp = disposition::open_if;
    r.share_access = 8;
    EXPECT_EQ(status_name(share_->open(r)), "STATUS_INVALID_PARAMETER");
}

// --- share modes ---------------------------------------------------------------------------

constexpr std::uint32_t R = access::read_data;
constexpr std::uint32_t W = access::write_data;
constexpr std::uint32_t A = access::append_data;
constexpr std::uint32_t X = access::execute;
constexpr std::uint32_t D = access::del;
constexpr std::uint32_t ATTR = access::read_attributes | access::synchronize;
constexpr std::uint32_t sR = share_access::read;
constexpr std::uint32_t sW = share_access::write;
constexpr std::uint32_t sD = share_access::del;

struct share_row {
    std::uint32_t acc1, sh1, acc2, sh2;
    bool ok;
};

const share_row share_rows[] = {
    {R, sR, R, sR, true},
    {R, sR, W, sR | sW, false},       // first does not share write
    {W, sR | sW, R, sR, false},       // second does not share write with a writer
    {R | W, sR | sW, R | W, sR | sW, true},
    {R, 0, R, sR | sW | sD, false},
    {R, sR | sW | sD, R, 0, false},   // second denies the first's read
    {D, sR, R, sR, false},            // second does not share delete with a deleter
    {R, sR | sW | sD, D, sR | sW | sD, true},
    {R, sR | sW, D, sR | sW | sD, false},
    {A, sR | sW, R, sR, false},       // append counts as write
    {X, sR | sW, R, sR | sW, true},   // execute shares like read
    {X, sW, R, sR | sW, false},       // execute counts as read
    {X, sW, W, sW, false},
    {ATTR, 0, R | W | D, 0, true},    // attribute-only opens take no part
    {R | W | D, 0, ATTR, 0, true},
    {R | W | D, 0, access::write_attributes, 0, true},
    {access::read_control, 0, D, 0, true},
};

TEST(SharingTable, CheckSharing) {
    for (std::size_t i = 0; i < std::size(share_rows); ++i) {
        const auto& r = share_rows[i];
        std::vector<detail::open_entry> existing(1);
        existing[0].access = r.acc1;
        existing[0].share_access = r.sh1;
        EXPECT_EQ(detail::check_sharing(existing, r.acc2, r.sh2).has_value(), r.ok) << "row " << i;
    }
}

TEST_F(open_test, SharingThroughOpens) {
    put("f", "x");
    for (std::size_t i = 0; i < std::size(share_rows); ++i) {
        const auto& r = share_rows[i];
        auto first = open("f", disposition::open, r.acc1, r.sh1);
        ASSERT_TRUE(first) << "row " << i << " " << status_name(first);
        auto second = open("f", disposition::open, r.acc2, r.sh2);
        EXPECT_EQ(status_name(second), r.ok ? "STATUS_SUCCESS" : "STATUS_SHARING_VIOLATION")
            << "row " << i;
    }
    // The violation ends with the open that caused it.
    auto a = must_open("f", disposition::open, R, sR);
    EXPECT_EQ(status_name(open("f", disposition::open, W, sR | sW)), "STATUS_SHARING_VIOLATION");
    ASSERT_TRUE(a->close());
    EXPECT_EQ(status_name(open("f", disposition::open, W, sR | sW)), "STATUS_SUCCESS");
    // Overwrite is refused before it truncates anything.
    put("g", "keep me");
    auto b = must_open("g", disposition::open, R, sR);
    EXPECT_EQ(status_name(open("g", disposition::overwrite_if, rw, sR | sW)),
              "STATUS_SHARING_VIOLATION");
    EXPECT_EQ(slurp(on_disk("g")), "keep me");
}

TEST_F(open_test, SharingAcrossShares) {
    put("f", "x");
    auto other = make_share({});
    auto a = must_open("f", disposition::open, R | W, 0);
    EXPECT_EQ(status_name(open(other, "f", disposition::open, R, sR | sW | sD)),
              "STATUS_SHARING_VIOLATION");
    // Hard links are the same file.
    ASSERT_EQ(link(on_disk("f").c_str(), on_disk("f2").c_str()), 0);
    EXPECT_EQ(status_name(open("f2", disposition::open, R, sR | sW | sD)),
              "STATUS_SHARING_VIOLATION");
}

TEST_F(open_test, ReadOnlyShare) {
    put("f", "abc");
    mkdir_in("d");
    share_options o;
    o.read_only = true;
    auto s = make_share(o);
    EXPECT_EQ(status_name(open(s, "f", disposition::open, rw)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "f", disposition::open, access::write_attributes)),
              "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "f", disposition::open, access::del)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "n", disposition::create, R)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "n", disposition::open_if, R)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "f", disposition::overwrite_if, R)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "f", disposition::supersede, R)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open(s, "nd", disposition::create, R, share_access::all,
                               object_kind::directory)),
              "STATUS_ACCESS_DENIED");
    EXPECT_FALSE(exists("n"));
    EXPECT_FALSE(exists("nd"));
    EXPECT_EQ(status_of(s->remove("f")), "STATUS_ACCESS_DENIED");
    auto r = open(s, "f", disposition::open_if, access::maximum_allowed);
    ASSERT_TRUE(r) << status_name(r);
    EXPECT_EQ(r->file->granted_access() & access::modifying, 0u);
    std::uint8_t b[3];
    EXPECT_TRUE(r->file->read(0, b));
    EXPECT_EQ(status_of(r->file->write(0, b)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(slurp(on_disk("f")), "abc");
    auto fs = s->fs_information();
    ASSERT_TRUE(fs);
    EXPECT_TRUE(fs->fs_attributes & fs_attribute::read_only_volume);
}

TEST_F(open_test, FsInformation) {
    auto a = share_->fs_information();
    auto b = make_share({})->fs_information();
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->fs_name, "NTFS");
    EXPECT_GT(a->total_units, 0u);
    EXPECT_LE(a->caller_available_units, a->total_units);
    EXPECT_GE(a->sectors_per_unit, 1u);
    EXPECT_EQ(a->bytes_per_sector, 512u);
    EXPECT_EQ(a->volume_serial, b->volume_serial);
    EXPECT_NE(a->volume_serial, 0u);
    EXPECT_EQ(a->max_component_length, 255u);
    EXPECT_FALSE(a->fs_attributes & fs_attribute::case_sensitive_search);
    EXPECT_TRUE(a->fs_attributes & fs_attribute::case_preserved_names);
    share_options o;
    o.case_handling = case_mode::sensitive;
    EXPECT_TRUE(make_share(o)->fs_information()->fs_attributes &
                fs_attribute::case_sensitive_search);
    EXPECT_GT(a->volume_creation_time, nt_time_unix_epoch);
}

TEST_F(open_test, MissingRoot) {
    share_options o;
    o.root = outer_ + "/nope";
    EXPECT_FALSE(share::create(o));
}

}  // namespace
}  // namespace smbkit::vfs::testing
