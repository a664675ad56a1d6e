// CREATE and CLOSE handlers (MS-SMB2 3.3.5.9, 3.3.5.10) against a temporary share.
#include "unit/server/file_test_fixture.hpp"

#include "smb2/create_context.hpp"

#include <sys/stat.h>

#include <thread>

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;

class file_create : public file_fixture {};

TEST_F(file_create, create_new_file_reports_created_then_opened) {
    smb2::file_id id;
    auto r = create("new.txt", ac::generic_read | ac::generic_write, cd::create, 0, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    auto resp = decode_body<smb2::create_response>(r);
    EXPECT_EQ(resp.create_action, smb2::create_action::created);
    EXPECT_EQ(resp.oplock_level, smb2::oplock_level::none);
    EXPECT_TRUE(fs::exists(root_ / "new.txt"));
    EXPECT_EQ(close(id).status, ntstatus::success);

    r = create("new.txt", ac::generic_read, cd::open_if, 0, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(decode_body<smb2::create_response>(r).create_action, smb2::create_action::opened);
    close(id);
}

TEST_F(file_create, dispositions) {
    write_file("f", "hello");
    EXPECT_EQ(create("f", ac::generic_read, cd::create).status, ntstatus::object_name_collision);
    EXPECT_EQ(create("missing", ac::generic_read, cd::open).status,
              ntstatus::object_name_not_found);
    EXPECT_EQ(create("missing", ac::generic_write, cd::overwrite).status,
              ntstatus::object_name_not_found);
    EXPECT_EQ(create("nodir\\x", ac::generic_read, cd::open).status,
              ntstatus::object_path_not_found);

    smb2::file_id id;
    auto r = create("f", ac::generic_write | ac::generic_read, cd::overwrite, 0, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    auto resp = decode_body<smb2::create_response>(r);
    EXPECT_EQ(resp.create_action, smb2::create_action::overwritten);
    EXPECT_EQ(resp.end_of_file, 0u);
    close(id);

    write_file("g", "data");
    r = create("g", ac::generic_all, cd::supersede, 0, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(decode_body<smb2::create_response>(r).create_action,
              smb2::create_action::superseded);
    close(id);
    EXPECT_EQ(read_file("g"), "");

    r = create("h", ac::generic_all, cd::overwrite_if, 0, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(decode_body<smb2::create_response>(r).create_action, smb2::create_action::created);
    close(id);
    EXPECT_EQ(create("h", ac::generic_read, 6).status, ntstatus::invalid_parameter);
}

TEST_F(file_create, directories_and_kind_mismatch) {
    smb2::file_id id;
    auto r = create("d", ac::generic_read, cd::create, co::directory_file, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    auto resp = decode_body<smb2::create_response>(r);
    EXPECT_TRUE(resp.file_attributes & smb2::file_attribute::directory);
    close(id);
    EXPECT_TRUE(fs::is_directory(root_ / "d"));

    write_file("plain", "x");
    EXPECT_EQ(create("plain", ac::generic_read, cd::open, co::directory_file).status,
              ntstatus::not_a_directory);
    EXPECT_EQ(create("d", ac::generic_read, cd::open, co::non_directory_file).status,
              ntstatus::file_is_a_directory);
    EXPECT_EQ(create("d", ac::generic_read, cd::open, co::directory_file | co::non_directory_file)
                  .status,
              ntstatus::invalid_parameter);
    // The share root opens as a directory.
    r = create("", ac::generic_read, cd::open, co::directory_file, &id);
    ASSERT_EQ(r.status, ntstatus::success);
    close(id);
}

TEST_F(file_create, close_postquery_reports_attributes) {
    write_file("p", "12345");
    auto id = open_file("p", ac::generic_read);
    auto r = close(id, smb2::close_flags::postquery_attrib);
    ASSERT_EQ(r.status, ntstatus::success);
    auto c = decode_body<smb2::close_response>(r);
    EXPECT_EQ(c.flags, smb2::close_flags::postquery_attrib);
    EXPECT_EQ(c.end_of_file, 5u);
    EXPECT_NE(c.last_write_time, 0u);
    EXPECT_FALSE(c.file_attributes & smb2::file_attribute::directory);

    // Without the flag the attributes are zero, and a second close fails.
    id = open_file("p", ac::generic_read);
    r = close(id);
    EXPECT_EQ(decode_body<smb2::close_response>(r).end_of_file, 0u);
    EXPECT_EQ(close(id).status, ntstatus::file_closed);
}

TEST_F(file_create, delete_on_close) {
    smb2::file_id id;
    EXPECT_EQ(create("doc", ac::generic_read | ac::generic_write, cd::create, co::delete_on_close)
                  .status,
              ntstatus::access_denied);  // needs DELETE
    ASSERT_EQ(create("doc", ac::generic_all, cd::create, co::delete_on_close, &id).status,
              ntstatus::success);
    EXPECT_TRUE(fs::exists(root_ / "doc"));
    close(id);
    EXPECT_FALSE(fs::exists(root_ / "doc"));

    fs::create_directory(root_ / "dd");
    ASSERT_EQ(create("dd", ac::generic_all, cd::open, co::directory_file | co::delete_on_close,
                     &id)
                  .status,
              ntstatus::success);
    close(id);
    EXPECT_FALSE(fs::exists(root_ / "dd"));
}

TEST_F(file_create, read_only_share_denies_write_access) {
    write_file("ro", "x");
    make_tree(true);
    EXPECT_EQ(create("ro", ac::generic_write, cd::open).status, ntstatus::access_denied);
    EXPECT_EQ(create("new", ac::generic_read, cd::create).status, ntstatus::access_denied);
    smb2::file_id id;
    ASSERT_EQ(create("ro", ac::generic_read, cd::open, 0, &id).status, ntstatus::success);
    close(id);
    // MAXIMUM_ALLOWED is granted without the write rights.
    auto mx = smb2::mxac_request{}.to_context();
    auto r = create("ro", ac::maximum_allowed, cd::open, 0, &id, 7, {mx});
    ASSERT_EQ(r.status, ntstatus::success);
    auto resp = decode_body<smb2::create_response>(r);
    auto* ctxm = smb2::find_context(resp.contexts, smb2::create_context_name::query_maximal_access);
    ASSERT_NE(ctxm, nullptr);
    auto m = smb2::mxac_response::parse(ctxm->data);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->maximal_access & ac::file_write_data, 0u);
    EXPECT_NE(m->maximal_access & ac::file_read_data, 0u);
    close(id);
}

TEST_F(file_create, maximal_access_and_disk_id_contexts) {
    write_file("c", "x");
    smb2::file_id id;
    auto r = create("c", ac::generic_read, cd::open, 0, &id, 7,
                    {smb2::mxac_request{}.to_context(),
                     smb2::create_context{std::string(smb2::create_context_name::query_on_disk_id), {}},
                     smb2::lease{}.to_context()});
    ASSERT_EQ(r.status, ntstatus::success);
    auto resp = decode_body<smb2::create_response>(r);
    auto* m = smb2::find_context(resp.contexts, smb2::create_context_name::query_maximal_access);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(smb2::mxac_response::parse(m->data)->maximal_access, 0x001F01FFu);
    auto* q = smb2::find_context(resp.contexts, smb2::create_context_name::query_on_disk_id);
    ASSERT_NE(q, nullptr);
    auto qf = smb2::qfid_response::parse(q->data);
    ASSERT_TRUE(qf);
    std::uint64_t disk_id = 0;
    for (int i = 7; i >= 0; --i) disk_id = (disk_id << 8) | qf->on_disk_id[i];
    struct stat st {};
    ASSERT_EQ(::stat((root_ / "c").c_str(), &st), 0);
    EXPECT_EQ(disk_id, static_cast<std::uint64_t>(st.st_ino));
    EXPECT_NE(disk_id, 0u);
    // No lease is granted: no RqLs context in the answer.
    EXPECT_EQ(smb2::find_context(resp.contexts, smb2::create_context_name::request_lease), nullptr);
    close(id);
}

TEST_F(file_create, sharing_violation_between_opens) {
    write_file("s", "x");
    smb2::file_id a;
    ASSERT_EQ(create("s", ac::generic_read | ac::generic_write, cd::open, 0, &a, /*share*/ 0)
                  .status,
              ntstatus::success);
    EXPECT_EQ(create("s", ac::generic_read, cd::open).status, ntstatus::sharing_violation);
    close(a);
    smb2::file_id b;
    EXPECT_EQ(create("s", ac::generic_read, cd::open, 0, &b).status, ntstatus::success);
    close(b);
}

TEST_F(file_create, paths_never_leave_the_share) {
    fs::create_directory(root_ / "sub");
    fs::create_symlink("/etc", root_ / "sub" / "out");
    fs::create_symlink("/etc/passwd", root_ / "pw");
    for (std::string bad : std::vector<std::string>{"..\\etc\\passwd", "sub\\..\\..\\etc\\passwd", "sub\\out\\passwd",
                            "pw", std::string("a\0b", 3), "file:stream", "a\\.\\b"}) {
        auto r = create(bad, ac::generic_read, cd::open);
        EXPECT_TRUE(is_error(r.status)) << bad << " opened";
    }
    // A name starting with a separator is refused (MS-SMB2 3.3.5.9), never taken as absolute.
    write_file("passwd", "mine");
    smb2::file_id id;
    EXPECT_EQ(create("\\passwd", ac::generic_read, cd::open).status, ntstatus::invalid_parameter);
    EXPECT_EQ(create("/passwd", ac::generic_read, cd::open).status, ntstatus::invalid_parameter);
    // "::$DATA" names the file itself.
    ASSERT_EQ(create("passwd::$DATA", ac::generic_read, cd::open, 0, &id).status,
              ntstatus::success);
    close(id);
}

TEST_F(file_create, bad_requests) {
    // Create context names shorter than 4 bytes (MS-SMB2 2.2.13.2).
    EXPECT_EQ(create("x", ac::generic_read, cd::open_if, 0, nullptr, 7, {{"xyz", {}}}).status,
              ntstatus::invalid_parameter);
    smb2::file_id cid;
    ASSERT_EQ(create("x", ac::generic_read, cd::open_if, 0, &cid, 7, {{"xxxxx", {}}}).status,
              ntstatus::success);
    close(cid);
    EXPECT_EQ(create("x", ac::access_system_security, cd::open_if).status,
              ntstatus::privilege_not_held);
    EXPECT_EQ(create("x", ac::generic_read, cd::open, co::open_by_file_id).status,
              ntstatus::not_supported);
    bytes garbage = message_of(smb2::close_request{}, smb2::command::create);
    EXPECT_TRUE(is_error(call_raw(garbage, smb2::command::create).status));
    EXPECT_EQ(tree_->opens->size(), 0u);
}

TEST_F(file_create, related_compound_uses_previous_file_id) {
    write_file("rc", "abc");
    smb2::file_id id = open_file("rc", ac::generic_read);
    // A related CLOSE with FileId all-ones closes what the CREATE opened.
    smb2::close_request c;
    c.id = smb2::related_file_id;
    auto r = call(c, smb2::command::close, smb2::flags::related_operations);
    EXPECT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(close(id).status, ntstatus::file_closed);
    // Unrelated, the all-ones id names nothing.
    EXPECT_EQ(call(c, smb2::command::close).status, ntstatus::file_closed);
    // Related, with nothing opened before it in the chain: no open either (Windows and Samba
    // answer STATUS_FILE_CLOSED).
    compound_.reset();
    EXPECT_EQ(call(c, smb2::command::close, smb2::flags::related_operations).status,
              ntstatus::file_closed);
}

TEST_F(file_create, tree_teardown_closes_and_deletes) {
    smb2::file_id id;
    ASSERT_EQ(create("tmp", ac::generic_all, cd::create, co::delete_on_close, &id).status,
              ntstatus::success);
    tree_->opens.reset();  // what a TREE_DISCONNECT does
    for (int i = 0; i < 200 && fs::exists(root_ / "tmp"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_FALSE(fs::exists(root_ / "tmp"));
}

}  // namespace
}  // namespace smbkit::server::file::test
