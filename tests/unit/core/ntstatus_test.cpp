#include "core/ntstatus.hpp"

#include <gtest/gtest.h>

using namespace smbkit;

TEST(ntstatus, names_and_classes) {
    EXPECT_EQ(ntstatus_string(ntstatus::access_denied), "STATUS_ACCESS_DENIED");
    EXPECT_EQ(ntstatus_string(ntstatus::logon_failure), "STATUS_LOGON_FAILURE");
    EXPECT_EQ(ntstatus_string(static_cast<ntstatus>(0xC0DE0001)), "0xC0DE0001");
    EXPECT_EQ(to_u32(ntstatus::more_processing_required), 0xC0000016u);
    EXPECT_TRUE(is_error(ntstatus::object_name_not_found));
    EXPECT_FALSE(is_error(ntstatus::buffer_overflow));
    EXPECT_TRUE(is_warning(ntstatus::no_more_files));
    EXPECT_FALSE(is_error(ntstatus::success));
}

TEST(ntstatus, result_carries_status) {
    auto f = [](int x) -> result<int> {
        if (x < 0) return fail(ntstatus::invalid_parameter);
        return x * 2;
    };
    EXPECT_EQ(f(2).value(), 4);
    EXPECT_EQ(f(-1).error(), ntstatus::invalid_parameter);
}
