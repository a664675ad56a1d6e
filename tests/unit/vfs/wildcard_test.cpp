#include "vfs/wildcard.hpp"

#include <gtest/gtest.h>

namespace smbkit::vfs {
namespace {

struct row {
    const char* expr;
    const char* name;
    bool ignore_case;
    bool want;
};

// Expected results of FsRtlIsNameInExpression as Windows answers them (MS-FSA 2.1.4.4).
const row table[] = {
    {"", "", false, true},
    {"", "a", false, false},
    {"*", "a", false, true},
    {"*", "", false, false},
    {"**", "a", false, true},
    {"*", ".", false, true},
    {"*", "..", false, true},
    {"ntdll.dll", "ntdll.dll", false, true},
    {"ntdll.dll", "..", false, false},
    {"smss.exe", "NTDLL.DLL", false, false},
    {"nt??krnl.???", "ntoskrnl.exe", false, true},
    {"he*o", "hello", false, true},
    {"he*o", "helo", false, true},
    {"he*o", "hella", false, false},
    {"he*", "hella", false, true},
    {"*.cpl", "kdcom.dll", false, false},
    {"F0_*.*", "F0_", false, false},
    {"F0_*.*", "f0_.", false, false},
    {"F0_*.*", "f0_.", true, true},
    {"F0_*.*", "F0_.", false, true},
    {"F0_*.*", "F0_001", false, false},
    {"F0_*.*", "F0_001.", false, true},
    {"F0_*.*", "f0_001.txt", true, true},
    {"F0_*.", "F0_001.txt", false, false},
    {"F0_*.", "F0_001.", false, true},
    {"F0_<\"*", "F0_", false, true},
    {"F0_<\"*", "f0_", true, true},
    {"F0_<\"*", "F0_.", false, true},
    {"F0_<\"*", "F0_001", false, true},
    {"F0_<\"*", "f0_001", false, false},
    {"F0_<\"*", "F0_001.", false, true},
    {"F0_<\"*", "F0_001.txt", false, true},
    {"F0_<\"*", "SETUP.EXE", false, false},
    {"F0_<\"*", "..", false, false},
    {".*", "1", false, false},
    {".*", ".", false, true},
    {".*", ".txt", false, true},
    {".*", "1.txt", false, false},
    {"\"ntoskrnl.exe", "ntoskrnl.exe", false, false},
    {"ntoskrnl\"exe", "ntoskrnl.exe", false, true},
    {"ntoskrn\".exe", "ntoskrnl.exe", false, false},
    {"ntoskrn\"\"exe", "ntoskrnl.exe", false, false},
    {"ntoskrnl.\"exe", "ntoskrnl.exe", false, false},
    {"ntoskrnl.exe\"", "ntoskrnl.exe", false, true},
    {"*.c.d", "a.b.c.d", false, true},
    {"*.?.c.d", "a.b.c.d", false, true},
    {"a.b.??.d", "a.b.c1.d", false, true},
    {"a.b.??.d", "a.b.c.d", false, false},
    {"a.b.*??.d", "a.b.cc.d", false, true},
    {"a.b.*??.d", "a.b.c.d", false, false},
    {"*?", "a", false, true},
    {"?*?", "a", false, false},
    {"?*?", "aa", false, true},
    {"*.*.*.*", "127.0.0.1", false, true},
    {"?.?.?.?", "1.0.0.1", false, true},
    {"*a*ab*abc", "aabaabcdadabdabc", false, true},
    {"ab<exe", "abcd.exe", false, true},
    {"ab<exe", "ab.exe", false, true},
    {"ab<exe", "abcdexe", false, true},
    {"ab<exe", "acd.exe", false, false},
    {"a.b<exe", "a.bcd.exe", false, true},
    {"a<b.exe", "a.bcd.exe", false, false},
    {"a.b.exe", "a.bcd.exe", false, false},
    {"abc.exe", "abc.exe.", false, false},
    {"a>c.exe", "abc.exe", false, true},
    {"a>c.exe", "ac.exe", false, false},
    {"a>>>exe", "abc.exe", false, false},
    {"a>>>exe", "ac.exe", false, false},
    {"<.exe", "test.exe", false, true},
    {"<.EXE", "test.exe", true, true},
    {"<", "a.b", false, false},
    {"<", "ab", false, true},
    {"a>>", "a", false, true},    // '>' matches nothing at the end of the name
    {"a>>", "abc", false, true},
    {"a>>", "abcd", false, false},
    {"A*", "abc", true, true},
    {"A*", "abc", false, false},
    {"\xc3\x89t\xc3\xa9*", "\xc3\xa9t\xc3\xa9.txt", true, true},  // É vs é
    {"?", "\xc3\xa9", false, true},  // one UTF-16 unit, two UTF-8 bytes
};

TEST(Wildcard, FsRtlTable) {
    for (const auto& r : table)
        EXPECT_EQ(name_matches(r.expr, r.name, r.ignore_case), r.want)
            << "'" << r.expr << "' vs '" << r.name << "' ignore_case=" << r.ignore_case;
}

TEST(Wildcard, HasWildcards) {
    EXPECT_FALSE(has_wildcards("plain.txt"));
    for (const char* e : {"*", "a?", "<", ">", "\""}) EXPECT_TRUE(has_wildcards(e)) << e;
}

TEST(Wildcard, MalformedNeverMatches) {
    EXPECT_FALSE(name_matches("*", "\xff", false));
    EXPECT_FALSE(name_matches("\xff", "a", false));
}

TEST(Wildcard, LongPatternStaysLinear) {
    // Backtracking matchers explode on this; the NFA walk does not.
    std::string expr;
    for (int i = 0; i < 2000; ++i) expr += "*a";
    std::string name(255, 'a');
    EXPECT_FALSE(name_matches(expr + "b", name, false));
    EXPECT_TRUE(name_matches("*a*a*a*a*a*a*a*a*a*a", name, false));
}

}  // namespace
}  // namespace smbkit::vfs
