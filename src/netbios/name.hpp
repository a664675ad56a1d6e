#pragma once
// NetBIOS names. RFC 1001 14.1 (first-level encoding: 16 bytes, "half-ASCII" 32 characters),
// RFC 1001 14.2 and RFC 1002 4.1 (second-level encoding: DNS-style labels carrying the
// encoded name and the scope ID, with RFC 1035 4.1.4 compression pointers).
//
// A NetBIOS name is 16 bytes: up to 15 name bytes padded with spaces, then the suffix byte
// (the name type: <00> workstation, <20> file server, ...). The wildcard name used for node
// status queries is "*" padded with NULs, suffix 0x00.

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::netbios {

inline constexpr std::size_t name_length = 16;
// RFC 1002 4.1: a label is at most 63 bytes and the whole encoded name at most 255.
inline constexpr std::size_t max_label_length = 63;
inline constexpr std::size_t max_encoded_name_length = 255;

struct netbios_name {
    // The 16 raw bytes: 15 name bytes (padding included) and the suffix.
    std::array<std::uint8_t, name_length> raw{};
    // Scope ID as dotted labels ("" for no scope), RFC 1001 5.2.
    std::string scope;

    // Builds a name the way Windows and Samba do: ASCII upper-cased (bytes >= 0x80 are OEM
    // code page and stay as they are), padded with spaces. "*" is padded with NULs, as the
    // wildcard of RFC 1002 4.2.17 is. Longer than 15 bytes, empty, or a NUL inside: error.
    static result<netbios_name> make(std::string_view name, std::uint8_t suffix,
                                     std::string_view scope = {});
    // Exactly the given bytes, no case change: for names such as "\x01\x02__MSBROWSE__\x02"
    // that must go on the wire unchanged. More than 15 bytes: error.
    static result<netbios_name> make_raw(std::string_view name, std::uint8_t suffix,
                                         std::string_view scope = {}, char pad = ' ');
    // "*" + 15 NULs, suffix 0x00: the name a node status request asks for.
    static netbios_name wildcard(std::string_view scope = {});
    // Parses "NAME", "NAME#1c" or "NAME<1C>" (the forms nmblookup and nbtstat print). A
    // missing suffix gives `default_suffix`.
    static result<netbios_name> parse(std::string_view text, std::uint8_t default_suffix = 0x20,
                                      std::string_view scope = {});

    std::uint8_t suffix() const { return raw[15]; }
    // The 15 name bytes without trailing spaces or NULs.
    std::string name() const;
    bool is_wildcard() const { return raw[0] == '*'; }
    // "PEER8<20>", non-printable bytes as \xNN; with the scope appended as ".scope".
    std::string to_string() const;

    friend auto operator<=>(const netbios_name&, const netbios_name&) = default;
    friend bool operator==(const netbios_name&, const netbios_name&) = default;
};

// ASCII upper-casing as NetBIOS name comparison expects (RFC 1001 leaves case to the
// implementation; every Windows and Samba node upper-cases).
std::string upper_ascii(std::string_view s);
// The printable rendering used by to_string(): bytes outside 0x20..0x7e become \xNN.
std::string printable(std::string_view bytes);

// RFC 1001 14.1: each byte becomes two characters 'A' + nibble.
std::string first_level_encode(const std::array<std::uint8_t, name_length>& raw);
// Exactly 32 characters in 'A'..'P', or an error.
result<std::array<std::uint8_t, name_length>> first_level_decode(std::string_view encoded);

// A domain name as a list of labels (second-level encoding without the NetBIOS meaning),
// used for NSD_NAME in redirect responses (RFC 1002 4.2.15).
struct domain_name {
    std::vector<std::string> labels;
    std::string to_string() const;
    friend bool operator==(const domain_name&, const domain_name&) = default;
};

// Reads a label sequence at the reader's position, following compression pointers into the
// reader's whole data. Pointers must point strictly backwards from the label that holds them
// (so no loop is possible) and at most 32 are followed; labels are 1..63 bytes; the total
// encoded length is at most 255. The reader ends after the name as it appeared in place.
result<domain_name> read_domain_name(reader& r);
// RR_NAME / QUESTION_NAME: a domain name whose first label is a first-level encoded NetBIOS
// name and the rest the scope.
result<netbios_name> read_name(reader& r);

// Remembers where names were written in one message so that a repeated name becomes a
// pointer (RFC 1002 4.2.1: the ADDITIONAL RECORD of a registration points at the question).
class name_compressor {
public:
    void write(writer& w, const netbios_name& name);
    void write(writer& w, const domain_name& name);

private:
    void write_labels(writer& w, const std::vector<std::string>& labels);
    std::map<std::string, std::size_t> offsets_;  // lower-cased label suffix -> offset
};

// The labels a name is written as: the 32-character encoding, then the scope labels.
std::vector<std::string> name_labels(const netbios_name& name);
// Writes without compression.
void write_name(writer& w, const netbios_name& name);

}  // namespace smbkit::netbios
