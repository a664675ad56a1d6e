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

// Straight recursive reading of MS-FSA 2.1.4.4, to check the NFA walk against on random input.
// last_dot: how far the name's last '.' is from its end (npos: no dot).
bool reference(std::string_view e, std::string_view n, std::size_t last_dot) {
    if (e.empty()) return n.empty();
    char c = e[0];
    auto rest = e.substr(1);
    switch (c) {
    case '*':
        for (std::size_t k = 0; k <= n.size(); ++k)
            if (reference(rest, n.substr(k), last_dot)) return true;
        return false;
    case '<':
        // Takes characters up to and including the name's last '.', or all if there is none.
        // last_dot counts from the end of the whole name, so it holds for every suffix.
        for (std::size_t k = 0; k <= n.size(); ++k) {
            if (reference(rest, n.substr(k), last_dot)) return true;
            if (k == n.size()) break;
            if (last_dot != std::string_view::npos && k + last_dot + 1 > n.size()) break;
        }
        return false;
    case '>':
        if (n.empty() || n[0] == '.') return reference(rest, n, last_dot);
        return reference(rest, n.substr(1), last_dot);
    case '"':
        if (n.empty()) return reference(rest, n, last_dot);
        return n[0] == '.' && reference(rest, n.substr(1), last_dot);
    case '?':
        return !n.empty() && reference(rest, n.substr(1), last_dot);
    default:
        return !n.empty() && n[0] == c && reference(rest, n.substr(1), last_dot);
    }
}

TEST(Wildcard, AgreesWithRecursiveReading) {
    const char ealpha[] = {'a', 'b', '.', '*', '?', '<', '>', '"'};
    const char nalpha[] = {'a', 'b', '.'};
    std::uint32_t x = 7;
    auto rnd = [&] {
        x = x * 1103515245 + 12345;
        return x >> 16;
    };
    for (int round = 0; round < 30000; ++round) {
        std::string e, n;
        for (unsigned i = 0, len = rnd() % 6; i < len; ++i) e.push_back(ealpha[rnd() % 8]);
        for (unsigned i = 0, len = 1 + rnd() % 6; i < len; ++i) n.push_back(nalpha[rnd() % 3]);
        // Distance of the last '.' from the end, so suffixes can tell where it is.
        auto dot = n.rfind('.');
        std::size_t from_end = dot == std::string::npos ? std::string_view::npos : n.size() - 1 - dot;
        EXPECT_EQ(name_matches(e, n, false), reference(e, n, from_end)) << e << " vs " << n;
    }
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
