// The NetBIOS suffix table (product data; see suffix_table.hpp). RFC 1001 5.2 leaves name
// meaning to applications; these are the conventions of Windows, Exchange, SMS, IIS and
// Lotus Notes as nbtstat users know them.
#include "netbios/suffix_table.hpp"

#include <array>
#include <cstdio>

#include "netbios/name.hpp"

namespace smbkit::netbios {
namespace {

using enum name_pattern;
constexpr std::string_view computer = "<computername>";
constexpr std::string_view domain = "<domain>";

constexpr std::array rows{
    suffix_row{any, {}, 0x00, false, "Workstation Service", computer},
    suffix_row{any, {}, 0x01, false, "Messenger Service", computer},
    suffix_row{exact, msbrowse_name, 0x01, true, "Master Browser", "<\\\\--__MSBROWSE__>"},
    suffix_row{any, {}, 0x03, false, "Messenger Service", computer},
    suffix_row{any, {}, 0x06, false, "RAS Server Service", computer},
    suffix_row{any, {}, 0x1F, false, "NetDDE Service", computer},
    suffix_row{any, {}, 0x20, false, "File Server Service", computer},
    suffix_row{any, {}, 0x21, false, "RAS Client Service", computer},
    suffix_row{any, {}, 0x22, false, "Microsoft Exchange Interchange(MSMail Connector)", computer},
    suffix_row{any, {}, 0x23, false, "Microsoft Exchange Store", computer},
    suffix_row{any, {}, 0x24, false, "Microsoft Exchange Directory", computer},
    suffix_row{any, {}, 0x30, false, "Modem Sharing Server Service", computer},
    suffix_row{any, {}, 0x31, false, "Modem Sharing Client Service", computer},
    suffix_row{any, {}, 0x43, false, "SMS Clients Remote Control", computer},
    suffix_row{any, {}, 0x44, false, "SMS Administrators Remote Control Tool", computer},
    suffix_row{any, {}, 0x45, false, "SMS Clients Remote Chat", computer},
    suffix_row{any, {}, 0x46, false, "SMS Clients Remote Transfer", computer},
    suffix_row{any, {}, 0x4C, false, "DEC Pathworks TCPIP service on Windows NT", computer},
    suffix_row{any, {}, 0x42, false, "mccaffee anti-virus", computer},
    suffix_row{any, {}, 0x52, false, "DEC Pathworks TCPIP service on Windows NT", computer},
    suffix_row{any, {}, 0x87, false, "Microsoft Exchange MTA", computer},
    suffix_row{any, {}, 0x6A, false, "Microsoft Exchange IMC", computer},
    suffix_row{any, {}, 0xBE, false, "Network Monitor Agent", computer},
    suffix_row{any, {}, 0xBF, false, "Network Monitor Application", computer},
    suffix_row{any, {}, 0x03, false, "Messenger Service", "<username>"},
    suffix_row{any, {}, 0x00, true, "Domain Name", domain},
    suffix_row{any, {}, 0x1B, false, "Domain Master Browser", domain},
    suffix_row{any, {}, 0x1C, true, "Domain Controllers", domain},
    suffix_row{any, {}, 0x1D, false, "Master Browser", domain},
    suffix_row{any, {}, 0x1E, true, "Browser Service Elections", domain},
    suffix_row{exact, "INet~Services", 0x1C, true, "IIS", "<INet~Services>"},
    suffix_row{prefix, "IS~", 0x00, false, "IIS", "<IS~computer name>"},
    suffix_row{any, {}, 0x2B, false, "Lotus Notes Server Service", computer},
    suffix_row{exact, "IRISMULTICAST", 0x2F, true, "Lotus Notes", "IRISMULTICAST"},
    suffix_row{exact, "IRISNAMESERVER", 0x33, true, "Lotus Notes", "IRISNAMESERVER"},
    suffix_row{exact, "Forte_$ND800ZA", 0x20, false, "DCA IrmaLan Gateway Server Service",
               "Forte_$ND800ZA"},
};

bool name_matches(const suffix_row& row, std::string_view name) {
    auto a = upper_ascii(name), b = upper_ascii(row.name);
    switch (row.pattern) {
    case any: return true;
    case exact: return a == b;
    case prefix: return a.size() > b.size() && a.compare(0, b.size(), b) == 0;
    }
    return false;
}

}  // namespace

std::span<const suffix_row> suffix_table() { return rows; }

std::string describe_name(std::string_view name, std::uint8_t suffix, bool group) {
    for (const auto& r : rows)
        if (r.pattern != any && r.suffix == suffix && r.group == group && name_matches(r, name))
            return std::string(r.usage);
    for (const auto& r : rows)
        if (r.pattern == any && r.suffix == suffix && r.group == group) return std::string(r.usage);
    for (const auto& r : rows)
        if (r.pattern == any && r.suffix == suffix) return std::string(r.usage);
    char buf[32];
    std::snprintf(buf, sizeof buf, "Unknown service <%02X>", suffix);
    return buf;
}

}  // namespace smbkit::netbios
