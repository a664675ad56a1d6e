// Delete-on-close, rename, times and attributes, locks through handles.
#include <sys/xattr.h>

#include <atomic>
#include <thread>

#include "vfs/dos_attrib.hpp"
#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

using handle_test = vfs_test;
constexpr std::uint32_t DEL = access::del | access::read_attributes;

// --- delete-on-close / delete-pending ---------------------------------------------------------

TEST_F(handle_test, DeleteOnCloseOfNewFile) {
    auto h = must_open("tmp", disposition::create, rw | access::del, share_access::all,
                       object_kind::any, true);
    ASSERT_TRUE(h);
    EXPECT_TRUE(exists("tmp"));
    EXPECT_TRUE(h->close());
    EXPECT_FALSE(exists("tmp"));
}

TEST_F(handle_test, DeleteOnCloseWaitsForLastHandle) {
    put("f", "x");
    auto other = must_open("f", disposition::open, access::read_data, share_access::all);
    auto doc = must_open("f", disposition::open, DEL, share_access::all, object_kind::any, true);
    // Before the delete-on-close handle closes, the file can still be opened.
    EXPECT_EQ(status_name(open("f", disposition::open)), "STATUS_SUCCESS");
    ASSERT_TRUE(doc->close());
    EXPECT_TRUE(exists("f"));
    EXPECT_EQ(status_name(open("f", disposition::open)), "STATUS_DELETE_PENDING");
    EXPECT_EQ(status_name(open("f", disposition::overwrite_if, rw)), "STATUS_DELETE_PENDING");
    EXPECT_TRUE(other->info()->delete_pending);
    ASSERT_TRUE(other->close());
    EXPECT_FALSE(exists("f"));
    // And the name is free again.
    EXPECT_EQ(status_name(open("f", disposition::create, rw)), "STATUS_SUCCESS");
}

TEST_F(handle_test, DispositionInformationSetAndClear) {
    put("f", "x");
    auto h = must_open("f", disposition::open, DEL);
    ASSERT_TRUE(h->set_delete_pending(true));
    EXPECT_EQ(status_name(open("f", disposition::open)), "STATUS_DELETE_PENDING");
    EXPECT_TRUE(share_->stat("f")->delete_pending);
    ASSERT_TRUE(h->set_delete_pending(false));
    EXPECT_EQ(status_name(open("f", disposition::open)), "STATUS_SUCCESS");
    ASSERT_TRUE(h->close());
    EXPECT_TRUE(exists("f"));
    auto g = must_open("f", disposition::open, DEL);
    ASSERT_TRUE(g->set_delete_pending(true));
    g.reset();  // the destructor closes too
    EXPECT_FALSE(exists("f"));
}

TEST_F(handle_test, DeleteDirectories) {
    mkdir_in("full");
    put("full/x", "x");
    mkdir_in("empty");
    auto full = must_open("full", disposition::open, DEL | access::read_data);
    EXPECT_EQ(status_of(full->set_delete_pending(true)), "STATUS_DIRECTORY_NOT_EMPTY");
    auto empty = must_open("empty", disposition::open, DEL);
    ASSERT_TRUE(empty->set_delete_pending(true));
    ASSERT_TRUE(empty->close());
    EXPECT_FALSE(exists("empty"));
    EXPECT_EQ(status_of(share_->remove("full")), "STATUS_DIRECTORY_NOT_EMPTY");
    EXPECT_TRUE(exists("full"));
    full.reset();
    EXPECT_TRUE(share_->remove("full\\x"));
    EXPECT_TRUE(share_->remove("full"));
    EXPECT_FALSE(exists("full"));
    auto root = must_open("", disposition::open, DEL);
    EXPECT_EQ(status_of(root->set_delete_pending(true)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_name(open("", disposition::open, DEL, share_access::all, object_kind::any,
                               true)),
              "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(share_->remove("")), "STATUS_ACCESS_DENIED");
}

TEST_F(handle_test, NoCreationInDeletePendingDirectory) {
    mkdir_in("d");
    auto d = must_open("d", disposition::open, DEL);
    ASSERT_TRUE(d->set_delete_pending(true));
    EXPECT_EQ(status_name(open("d\\x", disposition::create, rw)), "STATUS_DELETE_PENDING");
    EXPECT_EQ(status_name(open("d\\y", disposition::create, access::read_data, share_access::all,
                               object_kind::directory)),
              "STATUS_DELETE_PENDING");
    EXPECT_FALSE(exists("d/x"));
    ASSERT_TRUE(d->close());
    EXPECT_FALSE(exists("d"));
}

TEST_F(handle_test, RemoveRespectsSharing) {
    put("f", "x");
    auto h = must_open("f", disposition::open, access::read_data, share_access::read);
    EXPECT_EQ(status_of(share_->remove("f")), "STATUS_SHARING_VIOLATION");
    h.reset();
    EXPECT_TRUE(share_->remove("f"));
    EXPECT_EQ(status_of(share_->remove("f")), "STATUS_OBJECT_NAME_NOT_FOUND");
}

TEST_F(handle_test, ReadOnlyCannotBeDeleted) {
    put("f", "x");
    auto h = must_open("f", disposition::open, DEL | access::write_attributes);
    basic_info_change c;
    c.attributes = attribute::readonly;
    ASSERT_TRUE(h->set_basic_info(c));
    EXPECT_EQ(status_of(h->set_delete_pending(true)), "STATUS_CANNOT_DELETE");
}

// --- rename ----------------------------------------------------------------------------------

TEST_F(handle_test, RenameMovesAndUpdatesEveryHandle) {
    put("a", "content");
    mkdir_in("d");
    auto h = must_open("a", disposition::open, DEL | access::read_data);
    auto other = must_open("a", disposition::open, access::read_data);
    ASSERT_TRUE(h->rename("d\\b", false));
    EXPECT_FALSE(exists("a"));
    EXPECT_EQ(slurp(on_disk("d/b")), "content");
    EXPECT_EQ(h->path(), "d\\b");
    EXPECT_EQ(h->name(), "b");
    EXPECT_EQ(other->path(), "d\\b");
    ASSERT_TRUE(h->set_delete_pending(true));  // deletes by the new name
    h.reset();
    other.reset();
    EXPECT_FALSE(exists("d/b"));
}

TEST_F(handle_test, RenameCollisionAndReplace) {
    put("a", "A");
    put("b", "B");
    mkdir_in("dir");
    auto h = must_open("a", disposition::open, DEL);
    EXPECT_EQ(status_of(h->rename("b", false)), "STATUS_OBJECT_NAME_COLLISION");
    EXPECT_EQ(slurp(on_disk("b")), "B");
    EXPECT_EQ(status_of(h->rename("dir", true)), "STATUS_ACCESS_DENIED");
    {
        auto open_b = must_open("b", disposition::open, access::read_data);
        EXPECT_EQ(status_of(h->rename("b", true)), "STATUS_ACCESS_DENIED");
    }
    ASSERT_TRUE(h->rename("b", true));
    EXPECT_EQ(slurp(on_disk("b")), "A");
    EXPECT_FALSE(exists("a"));
    EXPECT_TRUE(h->rename("b", false));  // onto itself: nothing to do
}

// Windows opens the target directory for the rename (ADD_FILE, sharing read and write): an
// open of it holding DELETE, or not sharing write, makes the rename a sharing violation.
TEST_F(handle_test, RenameChecksOpensOfTheTargetDirectory) {
    mkdir_in("d");
    put("d/f", "x");
    auto h = must_open("d\\f", disposition::open, DEL);
    {
        auto dir = must_open("d", disposition::open, access::read_data | access::del);
        EXPECT_EQ(status_of(h->rename("d\\g", false)), "STATUS_SHARING_VIOLATION");
    }
    {
        auto dir = must_open("d", disposition::open, access::read_data, share_access::read);
        EXPECT_EQ(status_of(h->rename("d\\g", false)), "STATUS_SHARING_VIOLATION");
    }
    EXPECT_TRUE(exists("d/f"));
    {
        auto dir = must_open("d", disposition::open, access::read_data, share_access::all);
        ASSERT_TRUE(h->rename("d\\g", false));
    }
    EXPECT_TRUE(exists("d/g"));
}

TEST_F(handle_test, RenameErrors) {
    put("a", "A");
    ASSERT_EQ(symlink("/tmp", on_disk("out").c_str()), 0);
    auto h = must_open("a", disposition::open, DEL);
    EXPECT_EQ(status_of(h->rename("nodir\\x", false)), "STATUS_OBJECT_PATH_NOT_FOUND");
    EXPECT_EQ(status_of(h->rename("..\\x", false)), "STATUS_OBJECT_PATH_SYNTAX_BAD");
    EXPECT_EQ(status_of(h->rename("out\\x", false)), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(status_of(h->rename("x:s", false)), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_EQ(status_of(h->rename("", false)), "STATUS_OBJECT_NAME_INVALID");
    EXPECT_TRUE(exists("a"));
    auto root = must_open("", disposition::open, DEL);
    EXPECT_EQ(status_of(root->rename("x", false)), "STATUS_ACCESS_DENIED");
}

TEST_F(handle_test, RenameDirectoryWithOpenFilesBeneath) {
    mkdir_in("d");
    mkdir_in("d/e");
    put("d/e/f", "x");
    auto dir = must_open("d", disposition::open, DEL);
    {
        auto f = must_open("d\\e\\f", disposition::open);
        EXPECT_EQ(status_of(dir->rename("d2", false)), "STATUS_ACCESS_DENIED");
    }
    ASSERT_TRUE(dir->rename("d2", false));
    EXPECT_TRUE(exists("d2/e/f"));
    EXPECT_EQ(dir->path(), "d2");
    auto f = must_open("d2\\e\\f", disposition::open);
    EXPECT_EQ(f->path(), "d2\\e\\f");
}

TEST_F(handle_test, RenameChangesCaseOnly) {
    put("name.txt", "x");
    auto h = must_open("name.txt", disposition::open, DEL);
    ASSERT_TRUE(h->rename("NAME.TXT", false));
    EXPECT_TRUE(exists("NAME.TXT"));
    EXPECT_FALSE(exists("name.txt"));
    EXPECT_EQ(h->path(), "NAME.TXT");
}

TEST_F(handle_test, RenameOntoOtherCaseOfAnotherFile) {
    put("a", "A");
    put("B", "B");
    auto h = must_open("a", disposition::open, DEL);
    EXPECT_EQ(status_of(h->rename("b", false)), "STATUS_OBJECT_NAME_COLLISION");
    ASSERT_TRUE(h->rename("b", true));
    EXPECT_FALSE(exists("B"));
    EXPECT_EQ(slurp(on_disk("b")), "A");
}

// --- times and attributes --------------------------------------------------------------------

TEST_F(handle_test, TimesRoundTrip) {
    auto h = must_open("t", disposition::create, rw | access::write_attributes);
    basic_info_change c;
    c.creation_time = 125911584000000000ULL + 1234567;  // 2000-01-01 + 123.4567 ms
    c.last_access_time = 130000000000000001ULL;
    c.last_write_time = 131000000000000009ULL;
    c.change_time = 132000000000000000ULL;  // kept beside the DOS attributes
    ASSERT_TRUE(h->set_basic_info(c));
    auto fi = h->info();
    ASSERT_TRUE(fi);
    EXPECT_EQ(fi->creation_time, *c.creation_time);
    EXPECT_EQ(fi->last_access_time, *c.last_access_time);
    EXPECT_EQ(fi->last_write_time, *c.last_write_time);
    EXPECT_EQ(fi->change_time, *c.change_time);
    // Only the write time changes when only it is given; the ChangeTime set for the old one
    // gives way to it.
    basic_info_change w;
    w.last_write_time = 131000000000000000ULL;
    ASSERT_TRUE(h->set_basic_info(w));
    fi = h->info();
    EXPECT_EQ(fi->creation_time, *c.creation_time);
    EXPECT_EQ(fi->last_access_time, *c.last_access_time);
    EXPECT_EQ(fi->last_write_time, *w.last_write_time);
    EXPECT_EQ(fi->change_time, *w.last_write_time);
    // Pre-1970 times survive too.
    basic_info_change old;
    old.last_write_time = 100000000000000000ULL;  // 1917
    ASSERT_TRUE(h->set_basic_info(old));
    EXPECT_EQ(h->info()->last_write_time, *old.last_write_time);
    // And the stored form is Samba's.
    std::uint8_t buf[64];
    ssize_t n = getxattr(on_disk("t").c_str(), dosattrib_xattr_name, buf, sizeof buf);
    ASSERT_GT(n, 0);
    auto d = decode_dos_attrib(byte_span(buf, static_cast<std::size_t>(n)));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->creation_time, *c.creation_time);
    EXPECT_EQ(buf[2], 5);
}

TEST_F(handle_test, NtTimeConversion) {
    struct timespec epoch {};
    EXPECT_EQ(to_nt_time(epoch), nt_time_unix_epoch);
    struct timespec t {};
    t.tv_sec = 1700000000;
    t.tv_nsec = 123456789;
    auto nt = to_nt_time(t);
    EXPECT_EQ(nt, 1700000000ULL * 10000000 + nt_time_unix_epoch + 1234567);
    auto back = from_nt_time(nt);
    EXPECT_EQ(back.tv_sec, t.tv_sec);
    EXPECT_EQ(back.tv_nsec, 123456700);
    EXPECT_EQ(from_nt_time(0).tv_sec, -11644473600LL);
}

TEST_F(handle_test, AttributesRoundTrip) {
    auto h = must_open("f", disposition::create, rw | access::write_attributes);
    EXPECT_EQ(h->info()->attributes, attribute::archive);
    basic_info_change c;
    c.attributes = attribute::hidden | attribute::system;
    ASSERT_TRUE(h->set_basic_info(c));
    EXPECT_EQ(h->info()->attributes, attribute::hidden | attribute::system);
    c.attributes = attribute::normal;  // clears everything
    ASSERT_TRUE(h->set_basic_info(c));
    EXPECT_EQ(h->info()->attributes, attribute::normal);
    c.attributes = attribute::readonly | attribute::archive;
    ASSERT_TRUE(h->set_basic_info(c));
    EXPECT_EQ(h->info()->attributes, attribute::readonly | attribute::archive);
    struct stat st {};
    ASSERT_EQ(stat(on_disk("f").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0222, 0u);
    c.attributes = attribute::archive;
    ASSERT_TRUE(h->set_basic_info(c));
    ASSERT_EQ(stat(on_disk("f").c_str(), &st), 0);
    EXPECT_TRUE(st.st_mode & S_IWUSR);
    EXPECT_EQ(h->info()->attributes, attribute::archive);
    c.attributes = attribute::directory;
    EXPECT_EQ(status_of(h->set_basic_info(c)), "STATUS_INVALID_PARAMETER");
    auto d = must_open("dir", disposition::create, access::read_data | access::write_attributes,
                       share_access::all, object_kind::directory);
    c.attributes = attribute::temporary;
    EXPECT_EQ(status_of(d->set_basic_info(c)), "STATUS_INVALID_PARAMETER");
    c.attributes = attribute::hidden;
    ASSERT_TRUE(d->set_basic_info(c));
    EXPECT_EQ(d->info()->attributes, attribute::hidden | attribute::directory);
}

TEST_F(handle_test, DerivedAttributes) {
    put(".dot", "x");
    put("plain", "x");
    ASSERT_EQ(chmod(on_disk("plain").c_str(), 0444), 0);
    EXPECT_EQ(share_->stat(".dot")->attributes, attribute::hidden);
    EXPECT_EQ(share_->stat("plain")->attributes, attribute::readonly);
    share_options o;
    o.hide_dot_files = false;
    EXPECT_EQ(make_share(o)->stat(".dot")->attributes, attribute::normal);
    auto root = share_->stat("");
    ASSERT_TRUE(root);
    EXPECT_TRUE(root->is_directory);
    EXPECT_EQ(root->attributes, attribute::directory);
}

TEST_F(handle_test, CreateWithAttributes) {
    auto r = open("ro", disposition::create, rw, share_access::all, object_kind::any, false,
                  attribute::readonly | attribute::hidden | attribute::directory);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->file->info()->attributes,
              attribute::readonly | attribute::hidden | attribute::archive);
    // The handle that created it may still write (as on Windows).
    std::uint8_t b[1] = {'x'};
    EXPECT_TRUE(r->file->write(0, b));
}

TEST_F(handle_test, FileInfoFields) {
    put("f", std::string(5000, 'x'));
    auto h = must_open("f", disposition::open);
    auto fi = h->info();
    ASSERT_TRUE(fi);
    struct stat st {};
    ASSERT_EQ(stat(on_disk("f").c_str(), &st), 0);
    EXPECT_EQ(fi->end_of_file, 5000u);
    EXPECT_EQ(fi->allocation_size, static_cast<std::uint64_t>(st.st_blocks) * 512);
    EXPECT_EQ(fi->file_id, st.st_ino);
    EXPECT_EQ(h->file_id(), st.st_ino);
    EXPECT_EQ(fi->nlink, 1u);
    EXPECT_EQ(fi->unix_mode, st.st_mode);
    EXPECT_EQ(fi->uid, st.st_uid);
    EXPECT_FALSE(fi->is_directory);
    EXPECT_GT(fi->creation_time, nt_time_unix_epoch);
    EXPECT_LE(fi->creation_time, fi->change_time);
}

// --- byte-range locks through handles ----------------------------------------------------------

TEST_F(handle_test, LocksBlockOtherHandlesIo) {
    put("f", std::string(100, 'x'));
    auto a = must_open("f", disposition::open, rw);
    auto b = must_open("f", disposition::open, rw);
    lock_range r{10, 10, true};
    ASSERT_TRUE(a->lock(std::span(&r, 1)));
    std::uint8_t buf[5];
    EXPECT_EQ(status_of(b->read(12, buf)), "STATUS_FILE_LOCK_CONFLICT");
    EXPECT_EQ(status_of(b->write(8, buf)), "STATUS_FILE_LOCK_CONFLICT");
    EXPECT_TRUE(b->write(5, buf));  // [5, 10) ends where the lock starts
    EXPECT_TRUE(b->read(0, buf));
    EXPECT_TRUE(a->read(12, buf));
    EXPECT_TRUE(a->write(12, buf));
    EXPECT_EQ(status_of(b->lock(std::span(&r, 1))), "STATUS_LOCK_NOT_GRANTED");
    EXPECT_EQ(status_of(b->unlock(std::span(&r, 1))), "STATUS_RANGE_NOT_LOCKED");
    ASSERT_TRUE(a->close());  // releases the lock
    EXPECT_TRUE(b->read(12, buf));
    EXPECT_TRUE(b->lock(std::span(&r, 1)));
}

TEST_F(handle_test, LockNeedsDataAccessAndAFile) {
    put("f", "x");
    auto attr = must_open("f", disposition::open, access::read_attributes);
    lock_range r{0, 1, true};
    EXPECT_EQ(status_of(attr->lock(std::span(&r, 1))), "STATUS_ACCESS_DENIED");
    auto w = must_open("f", disposition::open, access::write_data);
    EXPECT_TRUE(w->lock(std::span(&r, 1)));
    auto d = must_open("", disposition::open, access::read_data);
    EXPECT_EQ(status_of(d->lock(std::span(&r, 1))), "STATUS_INVALID_PARAMETER");
}

TEST_F(handle_test, LockRetryCallback) {
    put("f", "x");
    auto a = must_open("f", disposition::open, rw);
    auto b = must_open("f", disposition::open, rw);
    auto c = must_open("f", disposition::open, rw);
    lock_range r{0, 1, true};
    ASSERT_TRUE(a->lock(std::span(&r, 1)));
    std::atomic<int> calls{0};
    EXPECT_EQ(status_of(b->lock(std::span(&r, 1), [&] { ++calls; })), "STATUS_LOCK_NOT_GRANTED");
    EXPECT_EQ(status_of(c->lock(std::span(&r, 1), [&] { calls += 100; })),
              "STATUS_LOCK_NOT_GRANTED");
    c->cancel_lock_retries();
    EXPECT_EQ(calls, 0);
    // Another thread releasing the lock wakes the waiter, which then gets it.
    std::thread t([&] { ASSERT_TRUE(a->unlock(std::span(&r, 1))); });
    t.join();
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(b->lock(std::span(&r, 1)));
    // A callback fires once, and again only if registered again; close wakes too.
    EXPECT_EQ(status_of(a->lock(std::span(&r, 1), [&] { calls += 10; })),
              "STATUS_LOCK_NOT_GRANTED");
    ASSERT_TRUE(b->close());
    EXPECT_EQ(calls, 11);
    // A closing handle's own waiters are dropped uncalled.
    ASSERT_TRUE(c->lock(std::span(&r, 1)));
    EXPECT_FALSE(a->lock(std::span(&r, 1), [&] { calls += 1000; }));
    ASSERT_TRUE(a->close());
    ASSERT_TRUE(c->close());
    EXPECT_EQ(calls, 11);
}

TEST_F(handle_test, ConcurrentOpensAndLocks) {
    put("f", std::string(4096, 'x'));
    std::atomic<int> granted{0}, failures{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t) {
        ts.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                auto o = open("f", disposition::open, rw, share_access::all);
                if (!o) {
                    ++failures;
                    continue;
                }
                lock_range r{static_cast<std::uint64_t>(i % 8), 1, true};
                if (o->file->lock(std::span(&r, 1))) {
                    ++granted;
                    std::uint8_t b = static_cast<std::uint8_t>('a' + t);
                    (void)o->file->write(r.offset, std::span(&b, 1));
                    (void)o->file->unlock(std::span(&r, 1));
                }
            }
        });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(failures, 0);
    EXPECT_GT(granted, 0);
    // Everything was released: a fresh handle locks the whole range.
    auto h = must_open("f", disposition::open, rw);
    lock_range all{0, 4096, true};
    EXPECT_TRUE(h->lock(std::span(&all, 1)));
}

TEST_F(handle_test, ServerSideCopy) {
    std::string data(3 << 20, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 26);
    put("src", data);
    auto src = must_open("src", disposition::open, access::read_data);
    auto dst = must_open("dst", disposition::create, rw);
    auto n = dst->copy_from(*src, 1000, 10, 2 << 20);
    ASSERT_TRUE(n) << status_of(n);
    EXPECT_EQ(*n, 2u << 20);
    auto out = slurp(on_disk("dst"));
    ASSERT_EQ(out.size(), 10 + (2u << 20));
    EXPECT_EQ(out.substr(10), data.substr(1000, 2 << 20));
    // Short at the source's end.
    auto tail = dst->copy_from(*src, data.size() - 5, 0, 100);
    ASSERT_TRUE(tail);
    EXPECT_EQ(*tail, 5u);
    // Rights and locks.
    EXPECT_EQ(status_of(src->copy_from(*dst, 0, 0, 1)), "STATUS_ACCESS_DENIED");
    auto wo = must_open("dst", disposition::open, access::write_data);
    EXPECT_EQ(status_of(dst->copy_from(*wo, 0, 0, 1)), "STATUS_ACCESS_DENIED");
    auto locker = must_open("src", disposition::open, rw);
    lock_range r{0, 10, true};
    ASSERT_TRUE(locker->lock(std::span(&r, 1)));
    EXPECT_EQ(status_of(dst->copy_from(*src, 5, 0, 1)), "STATUS_FILE_LOCK_CONFLICT");
    EXPECT_EQ(src->open_count(), 2u);
    EXPECT_EQ(dst->open_count(), 2u);
}

TEST_F(handle_test, ClosedHandle) {
    put("f", "x");
    auto h = must_open("f", disposition::open, rw);
    ASSERT_TRUE(h->close());
    EXPECT_FALSE(h->is_open());
    EXPECT_EQ(status_of(h->close()), "STATUS_FILE_CLOSED");
    std::uint8_t b[1];
    EXPECT_EQ(status_of(h->read(0, b)), "STATUS_FILE_CLOSED");
    EXPECT_EQ(status_of(h->info()), "STATUS_FILE_CLOSED");
}

}  // namespace
}  // namespace smbkit::vfs::testing
