#include <gtest/gtest.h>

#include "server/smb2/credits.hpp"

using smbkit::server::credit_window;

TEST(CreditWindow, StartsWithMessageIdZeroOnly) {
    credit_window w(100);
    EXPECT_FALSE(w.consume(1, 1));
    EXPECT_TRUE(w.consume(0, 1));
    EXPECT_FALSE(w.consume(0, 1));  // reuse
    EXPECT_EQ(w.outstanding(), 0u);
}

TEST(CreditWindow, GrantsAtLeastOneWhenEmptyAndCapsAtMax) {
    credit_window w(10);
    ASSERT_TRUE(w.consume(0, 1));
    EXPECT_EQ(w.grant(0), 1);
    EXPECT_EQ(w.grant(50), 9);
    EXPECT_EQ(w.grant(5), 0);
    EXPECT_EQ(w.outstanding(), 10u);
}

TEST(CreditWindow, OutOfOrderAndMultiCredit) {
    credit_window w(100);
    ASSERT_TRUE(w.consume(0, 1));
    w.grant(10);  // ids 1..10
    EXPECT_TRUE(w.consume(5, 3));   // 5,6,7
    EXPECT_FALSE(w.consume(7, 1));  // already used
    EXPECT_TRUE(w.consume(1, 4));   // 1..4, window slides to 8
    EXPECT_EQ(w.lowest(), 8u);
    EXPECT_FALSE(w.consume(9, 3));  // 11 not granted
    EXPECT_TRUE(w.consume(8, 0));   // charge 0 counts as 1
    EXPECT_EQ(w.outstanding(), 2u);
}
