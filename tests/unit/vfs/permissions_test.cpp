// POSIX permissions seen through the share when the server runs as an unprivileged user.
#include <sys/wait.h>

#include "vfs_fixture.hpp"

namespace smbkit::vfs::testing {
namespace {

using permissions_test = vfs_test;

TEST_F(permissions_test, UnprivilegedUser) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to switch to an unprivileged user";
    put("ro_mode", "data");
    ASSERT_EQ(chmod(on_disk("ro_mode").c_str(), 0444), 0);
    mkdir_in("locked");
    ASSERT_EQ(chmod(on_disk("locked").c_str(), 0555), 0);
    ASSERT_EQ(chmod(outer_.c_str(), 0755), 0);
    ASSERT_EQ(chmod(root_.c_str(), 0777), 0);

    // The checks run in a child that drops to nobody; its exit code says which failed.
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(100);
        share_options o;
        o.root = root_;
        auto s = share::create(o);
        if (!s) _exit(101);
        auto try_open = [&](const char* path, disposition d, std::uint32_t acc) {
            open_request r;
            r.path = path;
            r.disp = d;
            r.desired_access = acc;
            return (*s)->open(r);
        };
        int failed = 0;
        auto w = try_open("ro_mode", disposition::open, access::write_data);
        if (w || w.error() != ntstatus::access_denied) failed |= 1;
        auto m = try_open("ro_mode", disposition::open, access::maximum_allowed);
        if (!m || (m->file->granted_access() & access::write_data)) failed |= 2;
        auto c = try_open("locked\\new", disposition::create, access::write_data);
        if (c || c.error() != ntstatus::access_denied) failed |= 4;
        auto ok = try_open("mine", disposition::create, access::write_data);
        if (!ok) failed |= 8;
        _exit(failed);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "bit 1: write open, 2: MAXIMUM_ALLOWED, 4: create in a "
                                         "read-only dir, 8: create; 100+: setup";
}

}  // namespace
}  // namespace smbkit::vfs::testing
