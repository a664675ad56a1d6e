// 8.3 short names: the expected values are what Samba 4.17's smbd ("mangling method =
// hash2", "mangle prefix = 1") answered in FileAlternateNameInformation for the same names.
#include "vfs/short_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace smbkit::vfs;

TEST(ShortName, SameAsSambaHash2) {
    const std::vector<std::pair<std::string, std::string>> known = {
        {"torture_search.txt", "TOR0GA~L.TXT"},
        {"Long File Name.docx", "LEDAVC~0"},  // a 4-character extension is hashed, not kept
        {"report.final.pdf", "RC2T21~X.PDF"},
        {"archive.tar.gz", "A8G37E~6.GZ"},
        {"a+b.txt", "A0QZKZ~5.TXT"},  // '+' forces a short name
        {"x[1].dat", "XAK613~W.DAT"},
        {".hidden_config", "_YJR50~6"},
        {"no_extension_here", "NSYYZW~F"},
        {"spaces in name", "SQJBLB~6"},
        {"\xC3\xA9t\xC3\xA9 r\xC3\xA9sum\xC3\xA9.txt", "_AVBZW~Y.TXT"},  // été résumé.txt
        {"data.longext", "DX6OMF~0"},
        {"multi.dot.name.c", "M2WHM1~E.C"},
        {"MixedCase.Html", "MBXT5G~R"},
        {"TORTURE_SEARCH.TXT_", "TW3RN6~M"},
        {"Torture_Search.Txt2", "TW3RN8~Z"},
        {"CON.txt", "CSHOFG~F.TXT"},  // DOS device names are always mangled
        {"aux", "AHY9U3~9"},
        {"name.", "NY6XE0~2"},  // a trailing dot is no legal long name
        {"trail ", "TZHRWN~X"},
        {"a:b.txt", "A4WTMA~A.TXT"},  // as smbd lists it
        {".bashrc", "_J265M~E"},
        {"123456789", "11E83H~I"},
        {"x.\xC3\xA9", "X90LRN~3"},  // a non-ASCII extension is hashed with the name
        {"Some Long Directory", "SLXJ6S~8"},
        {"inner file.txt", "IP315W~7.TXT"},
        {"very long name.secret", "VRRFCN~G"},
    };
    for (const auto& [long_name, expected] : known) {
        EXPECT_EQ(short_name(long_name), expected) << long_name;
        EXPECT_TRUE(looks_mangled(expected)) << expected;
        EXPECT_TRUE(short_name_matches(long_name, expected)) << long_name;
    }
}

TEST(ShortName, ValidEightDotThreeNamesStayAsTheyAre) {
    // Samba (and FileAlternateNameInformation) hands these back unchanged, case included.
    for (const char* n : {"UPPER.TXT", "lower.txt", "README", "~tilde.tmp", "a.b", "12345678.123",
                          "com5.txt", ".", ".."}) {
        EXPECT_TRUE(is_8_3(n)) << n;
        EXPECT_EQ(short_name(n), n) << n;
        EXPECT_EQ(listing_short_name(n, mangled_names::yes), "") << n;
    }
    for (const char* n : {"123456789", "a.b.c", "abc.defg", "abc.", "a b", "a+b", "x=y", "a;b",
                          "\xC3\xA9.txt", "a*b", "a?b", "toolongname.c"})
        EXPECT_FALSE(is_8_3(n)) << n;
}

TEST(ShortName, CaseDoesNotChangeTheHash) {
    EXPECT_EQ(short_name("torture_search.txt"), short_name("TORTURE_SEARCH.TXT"));
    EXPECT_EQ(mangle_hash("abc"), mangle_hash("ABC"));
    EXPECT_NE(mangle_hash("abc"), mangle_hash("abd"));
    EXPECT_LT(mangle_hash("anything at all"), 0x80000000u);
}

TEST(ShortName, ListingOnlyWithMangledNamesYes) {
    EXPECT_EQ(listing_short_name("torture_search.txt", mangled_names::yes), "TOR0GA~L.TXT");
    EXPECT_EQ(listing_short_name("torture_search.txt", mangled_names::illegal), "");
    EXPECT_EQ(listing_short_name("torture_search.txt", mangled_names::no), "");
}

TEST(ShortName, ReservedAndIllegalNames) {
    EXPECT_TRUE(is_reserved_dos_name("CON"));
    EXPECT_TRUE(is_reserved_dos_name("con.txt"));
    EXPECT_TRUE(is_reserved_dos_name("LPT1"));
    EXPECT_TRUE(is_reserved_dos_name("Com4.x"));
    EXPECT_FALSE(is_reserved_dos_name("com5.txt"));  // Samba's filter lets COM5-9 through
    EXPECT_FALSE(is_reserved_dos_name("CONSOLE"));
    EXPECT_FALSE(is_reserved_dos_name("CON1"));
    EXPECT_FALSE(is_reserved_dos_name(""));
    EXPECT_TRUE(is_legal_long_name("."));
    EXPECT_TRUE(is_legal_long_name(".."));
    EXPECT_FALSE(is_legal_long_name("..."));
    EXPECT_FALSE(is_legal_long_name("x."));
    EXPECT_FALSE(is_legal_long_name("x "));
    EXPECT_FALSE(is_legal_long_name("a:b"));
    EXPECT_FALSE(is_legal_long_name("a\x01"));
    EXPECT_TRUE(is_legal_long_name("\xC3\xA9t\xC3\xA9"));
    EXPECT_TRUE(must_mangle("aux"));
    EXPECT_TRUE(must_mangle("name."));
    EXPECT_FALSE(must_mangle("normal name.txt"));
    EXPECT_TRUE(has_illegal_nt_char("a:b"));
    EXPECT_TRUE(has_illegal_nt_char("a\nb"));
    EXPECT_FALSE(has_illegal_nt_char("name. "));
}

TEST(ShortName, LooksMangled) {
    EXPECT_TRUE(looks_mangled("TOR0GA~L"));
    EXPECT_TRUE(looks_mangled("tor0ga~l.txt"));
    EXPECT_FALSE(looks_mangled("TOR0GA~L.TXTX"));
    EXPECT_FALSE(looks_mangled("TOR0GA-L.TXT"));
    EXPECT_FALSE(looks_mangled("TOR0G~L"));
    EXPECT_FALSE(looks_mangled("TOR0GA~L_TXT"));
    EXPECT_FALSE(looks_mangled("TOR0G_~L"));  // the hash digits are letters and digits only
    EXPECT_FALSE(looks_mangled("TOR0GA~L.T:T"));
    EXPECT_FALSE(short_name_matches("torture_search.txt", "TOR0GA~M.TXT"));
    EXPECT_TRUE(short_name_matches("torture_search.txt", "tor0ga~l.txt"));
}

TEST(ShortName, OddInputsStayBounded) {
    EXPECT_EQ(short_name(""), "");  // as Samba: an empty name counts as 8.3
    std::string long_name(1000, 'x');
    EXPECT_EQ(short_name(long_name).size(), 8u);
    std::string with_nul("a\0b.txt", 7);
    EXPECT_EQ(short_name(with_nul).size(), 12u);
    EXPECT_EQ(short_name("\xFF\xFE.txt").substr(0, 1), "_");
}

TEST(ShortName, PrefixCacheGivesBackTheLongName) {
    EXPECT_EQ(long_name_from_cache("AV77ZG~G"), "");
    remember_short_name("Ay5sc-mxcue344");
    EXPECT_EQ(long_name_from_cache(short_name("Ay5sc-mxcue344")), "Ay5sc-mxcue344");
    remember_short_name("AA.lPFXD-oF.c");
    EXPECT_EQ(short_name("AA.lPFXD-oF.c"), "AJP2RC~7.C");  // as smbd named it
    EXPECT_EQ(long_name_from_cache("ajp2rc~7.C"), "AA.lPFXD-oF.C");  // the asked extension
    remember_short_name("lower.txt");  // 8.3 names are not cached
    EXPECT_EQ(long_name_from_cache("lower.txt"), "");
    EXPECT_EQ(long_name_from_cache("not mangled"), "");
}
