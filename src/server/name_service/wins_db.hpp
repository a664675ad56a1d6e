#pragma once
// The WINS (NBNS) database: RFC 1001 15.1 name server records, with the Microsoft/Samba
// extensions every WINS client expects (multi-homed unique names, <1C> internet groups).
//
// A record is a unique name with one owner address (multi-homed: several addresses of one
// host), or a group with members. Each address expires on its own, TTL seconds after its
// last registration or refresh; expired addresses are ignored at once and purged by
// expire(). Times are wall-clock so that they mean the same after a restart.
//
// Persistence: save() writes the whole database to PATH.tmp, fsyncs it, renames it over
// PATH and fsyncs the directory, so PATH is always either the old or the new database and a
// crash mid-write leaves at worst a torn PATH.tmp, which load() ignores. The service calls
// save() before it tells a client that a registration succeeded.

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "netbios/name.hpp"
#include "server/name_service/interfaces.hpp"

namespace smbkit::server::name_service {

using wall_time = std::chrono::system_clock::time_point;

enum class record_kind : std::uint8_t {
    unique,         // one address
    multihomed,     // unique name, several addresses of one host ([MS-NBTE] multi-homed)
    group,          // normal group: members accumulate
    special_group,  // <1C> internet group: members accumulate, up to 25
};
const char* record_kind_name(record_kind k);
inline constexpr std::size_t special_group_max_members = 25;

struct wins_address {
    ipv4 ip{};
    wall_time expires{};
    friend bool operator==(const wins_address&, const wins_address&) = default;
};

struct wins_record {
    netbios::netbios_name name;
    record_kind kind = record_kind::unique;
    std::vector<wins_address> addresses;
    bool is_group() const { return kind == record_kind::group || kind == record_kind::special_group; }
    // Addresses that have not expired at `now`.
    std::vector<ipv4> live(wall_time now) const;
    bool holds(const ipv4& ip, wall_time now) const;
    friend bool operator==(const wins_record&, const wins_record&) = default;
};

// What a registration request gets (RFC 1002 5.1.4, nmbd's wins_process_*_registration).
enum class verdict {
    grant,      // register now and answer positively
    refuse,     // negative response, ACT_ERR
    challenge,  // WACK the registrant, ask the current owners, then decide_after_challenge()
};

class wins_db {
public:
    // Decides a registration of `name` at `ip`; `group` for a group registration,
    // `multihomed` for opcode 0xF.
    verdict check(const netbios::netbios_name& name, const ipv4& ip, bool group, bool multihomed,
                  wall_time now) const;
    // Records a granted registration (the caller has checked it). `replace`: the previous
    // owner lost a challenge, so its addresses go even for a multi-homed registration.
    void grant(const netbios::netbios_name& name, const ipv4& ip, bool group, bool multihomed,
               std::uint32_t ttl, wall_time now, bool replace = false);
    // After a challenge: `owner_answer` is the address list the current owner answered with,
    // or empty when it did not answer or answered negatively. Returns grant or refuse.
    verdict decide_after_challenge(const netbios::netbios_name& name, const ipv4& ip,
                                   bool multihomed, const std::vector<ipv4>& owner_answer,
                                   wall_time now) const;
    // A refresh from `ip`: extends its address. False when `ip` does not hold the name (the
    // caller then treats the refresh as a registration, as Windows WINS does).
    bool refresh(const netbios::netbios_name& name, const ipv4& ip, std::uint32_t ttl,
                 wall_time now);
    // A release from `ip`. False when `ip` held no such name.
    bool release(const netbios::netbios_name& name, const ipv4& ip, wall_time now);
    // Drops expired addresses and empty records; returns how many addresses went.
    std::size_t expire(wall_time now);

    // The live record, or null when absent or fully expired.
    const wins_record* find(const netbios::netbios_name& name, wall_time now) const;
    const std::vector<wins_record>& records() const { return records_; }
    std::size_t size() const { return records_.size(); }

    // Changed since the last serialize().
    bool dirty() const { return dirty_; }
    void touch() { dirty_ = true; }  // a save failed: the next one must happen
    std::string serialize();  // clears dirty
    static std::expected<wins_db, std::string> parse(const std::string& text);

    // Atomic save (see above). Errors are returned, never thrown.
    static std::expected<void, std::string> write_file(const std::filesystem::path& path,
                                                       const std::string& contents);
    // Loads PATH (a missing file is an empty database); a PATH.tmp left by a crash is
    // removed. A PATH that fails its checksum is an error.
    static std::expected<wins_db, std::string> load(const std::filesystem::path& path);

private:
    wins_record* lookup(const netbios::netbios_name& name);
    std::vector<wins_record> records_;
    bool dirty_ = false;
};

// TTL bounds for registrations, as Samba's `min wins ttl` / `max wins ttl` defaults.
inline constexpr std::uint32_t min_wins_ttl = 60 * 60 * 6;
inline constexpr std::uint32_t max_wins_ttl = 60 * 60 * 24 * 6;

}  // namespace smbkit::server::name_service
