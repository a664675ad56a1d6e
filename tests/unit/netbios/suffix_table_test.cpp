#include "netbios/suffix_table.hpp"

#include <set>

#include <gtest/gtest.h>

using namespace smbkit::netbios;

// One expectation per row of the documented table, in its order.
TEST(suffix_table, computer_name_rows) {
    EXPECT_EQ(describe_name("PEER8", 0x00, false), "Workstation Service");
    EXPECT_EQ(describe_name("PEER8", 0x01, false), "Messenger Service");
    EXPECT_EQ(describe_name("PEER8", 0x03, false), "Messenger Service");
    EXPECT_EQ(describe_name("PEER8", 0x06, false), "RAS Server Service");
    EXPECT_EQ(describe_name("PEER8", 0x1F, false), "NetDDE Service");
    EXPECT_EQ(describe_name("PEER8", 0x20, false), "File Server Service");
    EXPECT_EQ(describe_name("PEER8", 0x21, false), "RAS Client Service");
    EXPECT_EQ(describe_name("PEER8", 0x22, false),
              "Microsoft Exchange Interchange(MSMail Connector)");
    EXPECT_EQ(describe_name("PEER8", 0x23, false), "Microsoft Exchange Store");
    EXPECT_EQ(describe_name("PEER8", 0x24, false), "Microsoft Exchange Directory");
    EXPECT_EQ(describe_name("PEER8", 0x30, false), "Modem Sharing Server Service");
    EXPECT_EQ(describe_name("PEER8", 0x31, false), "Modem Sharing Client Service");
    EXPECT_EQ(describe_name("PEER8", 0x43, false), "SMS Clients Remote Control");
    EXPECT_EQ(describe_name("PEER8", 0x44, false), "SMS Administrators Remote Control Tool");
    EXPECT_EQ(describe_name("PEER8", 0x45, false), "SMS Clients Remote Chat");
    EXPECT_EQ(describe_name("PEER8", 0x46, false), "SMS Clients Remote Transfer");
    EXPECT_EQ(describe_name("PEER8", 0x4C, false), "DEC Pathworks TCPIP service on Windows NT");
    EXPECT_EQ(describe_name("PEER8", 0x42, false), "mccaffee anti-virus");
    EXPECT_EQ(describe_name("PEER8", 0x52, false), "DEC Pathworks TCPIP service on Windows NT");
    EXPECT_EQ(describe_name("PEER8", 0x87, false), "Microsoft Exchange MTA");
    EXPECT_EQ(describe_name("PEER8", 0x6A, false), "Microsoft Exchange IMC");
    EXPECT_EQ(describe_name("PEER8", 0xBE, false), "Network Monitor Agent");
    EXPECT_EQ(describe_name("PEER8", 0xBF, false), "Network Monitor Application");
    EXPECT_EQ(describe_name("PEER8", 0x2B, false), "Lotus Notes Server Service");
}

TEST(suffix_table, user_name_row) {
    EXPECT_EQ(describe_name("ALICE", 0x03, false), "Messenger Service");
}

TEST(suffix_table, domain_rows) {
    EXPECT_EQ(describe_name("PEERWG", 0x00, true), "Domain Name");
    EXPECT_EQ(describe_name("PEERWG", 0x1B, false), "Domain Master Browser");
    EXPECT_EQ(describe_name("PEERWG", 0x1C, true), "Domain Controllers");
    EXPECT_EQ(describe_name("PEERWG", 0x1D, false), "Master Browser");
    EXPECT_EQ(describe_name("PEERWG", 0x1E, true), "Browser Service Elections");
}

TEST(suffix_table, msbrowse_is_master_browser_but_name01_is_messenger) {
    EXPECT_EQ(describe_name(msbrowse_name, 0x01, true), "Master Browser");
    EXPECT_EQ(describe_name("PEER8", 0x01, false), "Messenger Service");
    EXPECT_EQ(msbrowse_name.size(), 15u);
    EXPECT_EQ(msbrowse_name[0], '\x01');
    EXPECT_EQ(msbrowse_name.substr(2, 12), "__MSBROWSE__");
}

TEST(suffix_table, inet_services_group_is_iis_but_domain1c_is_dcs) {
    EXPECT_EQ(describe_name("INet~Services", 0x1C, true), "IIS");
    EXPECT_EQ(describe_name("INET~SERVICES", 0x1C, true), "IIS");
    EXPECT_EQ(describe_name("CORP", 0x1C, true), "Domain Controllers");
}

TEST(suffix_table, is_computer_unique_is_iis) {
    EXPECT_EQ(describe_name("IS~WEB01", 0x00, false), "IIS");
    EXPECT_EQ(describe_name("IS~", 0x00, false), "Workstation Service");  // no computer name
    EXPECT_EQ(describe_name("IS~WEB01", 0x00, true), "Domain Name");      // group: not IIS
}

TEST(suffix_table, lotus_notes_and_irmalan) {
    EXPECT_EQ(describe_name("IRISMULTICAST", 0x2F, true), "Lotus Notes");
    EXPECT_EQ(describe_name("IRISNAMESERVER", 0x33, true), "Lotus Notes");
    EXPECT_EQ(describe_name("Forte_$ND800ZA", 0x20, false), "DCA IrmaLan Gateway Server Service");
    EXPECT_EQ(describe_name("SERVER", 0x20, false), "File Server Service");
}

TEST(suffix_table, unusual_flag_falls_back_to_suffix_meaning) {
    EXPECT_EQ(describe_name("PEER8", 0x20, true), "File Server Service");
    EXPECT_EQ(describe_name("PEERWG", 0x1C, false), "Domain Controllers");
}

TEST(suffix_table, unknown_suffix) {
    EXPECT_EQ(describe_name("PEER8", 0x99, false), "Unknown service <99>");
    EXPECT_EQ(describe_name("PEER8", 0x0A, true), "Unknown service <0A>");
    EXPECT_EQ(describe_name("IRISMULTICAST", 0x2E, true), "Unknown service <2E>");
}

TEST(suffix_table, every_row_is_reachable) {
    std::set<std::string> seen;
    for (const auto& row : suffix_table()) {
        std::string name = row.pattern == name_pattern::any ? "HOST" : std::string(row.name);
        if (row.pattern == name_pattern::prefix) name += "HOST";
        EXPECT_EQ(describe_name(name, row.suffix, row.group), row.usage) << row.who;
        EXPECT_FALSE(row.usage.empty());
    }
    EXPECT_EQ(suffix_table().size(), 36u);
}
