#include "server/name_service/wins_db.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include "core/bytes.hpp"

namespace smbkit::server::name_service {
namespace {

constexpr const char* magic = "smbkit-wins 1";

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) return {};
    return to_hex(byte_span(md, len));
}

char kind_code(record_kind k) {
    switch (k) {
    case record_kind::unique: return 'u';
    case record_kind::multihomed: return 'm';
    case record_kind::group: return 'g';
    case record_kind::special_group: return 's';
    }
    return '?';
}

std::string errno_text(const std::string& what, const std::filesystem::path& p) {
    return what + " " + p.string() + ": " + std::strerror(errno);
}

}  // namespace

const char* record_kind_name(record_kind k) {
    switch (k) {
    case record_kind::unique: return "unique";
    case record_kind::multihomed: return "multihomed";
    case record_kind::group: return "group";
    case record_kind::special_group: return "internet group";
    }
    return "?";
}

std::vector<ipv4> wins_record::live(wall_time now) const {
    std::vector<ipv4> out;
    for (const auto& a : addresses)
        if (a.expires > now) out.push_back(a.ip);
    return out;
}

bool wins_record::holds(const ipv4& ip, wall_time now) const {
    return std::any_of(addresses.begin(), addresses.end(),
                       [&](const wins_address& a) { return a.ip == ip && a.expires > now; });
}

const wins_record* wins_db::find(const netbios::netbios_name& name, wall_time now) const {
    for (const auto& r : records_)
        if (r.name == name) return r.live(now).empty() ? nullptr : &r;
    return nullptr;
}

wins_record* wins_db::lookup(const netbios::netbios_name& name) {
    for (auto& r : records_)
        if (r.name == name) return &r;
    return nullptr;
}

verdict wins_db::check(const netbios::netbios_name& name, const ipv4& ip, bool group,
                       bool multihomed, wall_time now) const {
    (void)multihomed;
    const auto* rec = find(name, now);
    if (!rec) return verdict::grant;
    if (group) return rec->is_group() ? verdict::grant : verdict::refuse;
    // A unique name never replaces a group (RFC 1001 15.1.3.2).
    if (rec->is_group()) return verdict::refuse;
    if (rec->holds(ip, now)) return verdict::grant;
    // Held by another address: only the owner can say whether it still uses the name.
    return verdict::challenge;
}

verdict wins_db::decide_after_challenge(const netbios::netbios_name& name, const ipv4& ip,
                                        bool multihomed, const std::vector<ipv4>& owner_answer,
                                        wall_time now) const {
    const auto* rec = find(name, now);
    if (!rec || owner_answer.empty()) return verdict::grant;
    // The owner still answers. A multi-homed host whose other interface already holds the
    // name lists the new address too; anything else is another node's name.
    if (multihomed && std::find(owner_answer.begin(), owner_answer.end(), ip) != owner_answer.end())
        return verdict::grant;
    return verdict::refuse;
}

void wins_db::grant(const netbios::netbios_name& name, const ipv4& ip, bool group,
                    bool multihomed, std::uint32_t ttl, wall_time now, bool replace) {
    ttl = std::clamp(ttl, min_wins_ttl, max_wins_ttl);
    wall_time expires = now + std::chrono::seconds(ttl);
    dirty_ = true;
    auto* rec = lookup(name);
    if (rec && rec->live(now).empty()) {
        rec->addresses.clear();
    }
    if (!rec) {
        records_.push_back(wins_record{name, record_kind::unique, {}});
        rec = &records_.back();
        rec->kind = group ? (name.suffix() == 0x1C ? record_kind::special_group : record_kind::group)
                          : (multihomed ? record_kind::multihomed : record_kind::unique);
    }
    std::erase_if(rec->addresses, [&](const wins_address& a) { return a.expires <= now; });
    if (group) {
        if (!rec->is_group()) {
            rec->addresses.clear();
            rec->kind = name.suffix() == 0x1C ? record_kind::special_group : record_kind::group;
        }
    } else if (multihomed) {
        // Addresses held by a different owner (a grant after an unanswered challenge) go;
        // the host's other addresses stay.
        if (rec->is_group() || replace) rec->addresses.clear();
        rec->kind = record_kind::multihomed;
    } else {
        rec->addresses.erase(std::remove_if(rec->addresses.begin(), rec->addresses.end(),
                                            [&](const wins_address& a) { return a.ip != ip; }),
                             rec->addresses.end());
        rec->kind = record_kind::unique;
    }
    for (auto& a : rec->addresses)
        if (a.ip == ip) {
            a.expires = expires;
            return;
        }
    if (rec->kind == record_kind::special_group &&
        rec->addresses.size() >= special_group_max_members) {
        // Full: the member closest to expiry makes room, as Windows WINS does.
        auto oldest = std::min_element(
            rec->addresses.begin(), rec->addresses.end(),
            [](const wins_address& a, const wins_address& b) { return a.expires < b.expires; });
        rec->addresses.erase(oldest);
    }
    rec->addresses.push_back(wins_address{ip, expires});
}

bool wins_db::refresh(const netbios::netbios_name& name, const ipv4& ip, std::uint32_t ttl,
                      wall_time now) {
    auto* rec = lookup(name);
    if (!rec) return false;
    ttl = std::clamp(ttl, min_wins_ttl, max_wins_ttl);
    for (auto& a : rec->addresses)
        if (a.ip == ip && a.expires > now) {
            a.expires = now + std::chrono::seconds(ttl);
            dirty_ = true;
            return true;
        }
    return false;
}

bool wins_db::release(const netbios::netbios_name& name, const ipv4& ip, wall_time now) {
    auto* rec = lookup(name);
    if (!rec) return false;
    auto before = rec->addresses.size();
    bool held = rec->holds(ip, now);
    std::erase_if(rec->addresses, [&](const wins_address& a) { return a.ip == ip; });
    if (rec->addresses.size() != before) dirty_ = true;
    if (rec->addresses.empty()) {
        std::erase_if(records_, [&](const wins_record& r) { return r.name == name; });
    }
    return held;
}

std::size_t wins_db::expire(wall_time now) {
    std::size_t n = 0;
    for (auto& r : records_)
        n += std::erase_if(r.addresses, [&](const wins_address& a) { return a.expires <= now; });
    std::erase_if(records_, [](const wins_record& r) { return r.addresses.empty(); });
    if (n) dirty_ = true;
    return n;
}

// One line per record: hex of the 16 name bytes, hex of the scope (or -), kind, then
// ip@expiry (seconds since the epoch) per address; the last line is the SHA-256 of all
// lines before it, so that a damaged file is detected rather than half-read.
std::string wins_db::serialize() {
    std::ostringstream os;
    os << magic << "\n";
    for (const auto& r : records_) {
        os << to_hex(byte_span(r.name.raw.data(), r.name.raw.size())) << ' '
           << (r.name.scope.empty()
                   ? std::string("-")
                   : to_hex(byte_span(reinterpret_cast<const std::uint8_t*>(r.name.scope.data()),
                                      r.name.scope.size())))
           << ' ' << kind_code(r.kind);
        for (const auto& a : r.addresses)
            os << ' ' << to_string(a.ip) << '@'
               << std::chrono::duration_cast<std::chrono::seconds>(a.expires.time_since_epoch())
                      .count();
        os << '\n';
    }
    std::string body = os.str();
    dirty_ = false;
    return body + "sha256 " + sha256_hex(body) + "\n";
}

std::expected<wins_db, std::string> wins_db::parse(const std::string& text) {
    auto tail = text.rfind("sha256 ");
    if (tail == std::string::npos || (tail > 0 && text[tail - 1] != '\n'))
        return std::unexpected("no checksum line");
    std::string body = text.substr(0, tail);
    std::string sum = text.substr(tail + 7);
    while (!sum.empty() && (sum.back() == '\n' || sum.back() == '\r')) sum.pop_back();
    if (sum != sha256_hex(body)) return std::unexpected("checksum mismatch");
    std::istringstream in(body);
    std::string line;
    if (!std::getline(in, line) || line != magic) return std::unexpected("not a WINS database");
    wins_db db;
    int n = 1;
    while (std::getline(in, line)) {
        ++n;
        std::istringstream ls(line);
        std::string name_hex, scope_hex, kind;
        if (!(ls >> name_hex >> scope_hex >> kind) || kind.size() != 1)
            return std::unexpected("line " + std::to_string(n) + ": bad record");
        bool ok = false;
        auto raw = from_hex(name_hex, &ok);
        if (!ok || raw.size() != 16) return std::unexpected("line " + std::to_string(n) + ": bad name");
        wins_record r;
        std::copy(raw.begin(), raw.end(), r.name.raw.begin());
        if (scope_hex != "-") {
            auto s = from_hex(scope_hex, &ok);
            if (!ok) return std::unexpected("line " + std::to_string(n) + ": bad scope");
            r.name.scope.assign(s.begin(), s.end());
        }
        switch (kind[0]) {
        case 'u': r.kind = record_kind::unique; break;
        case 'm': r.kind = record_kind::multihomed; break;
        case 'g': r.kind = record_kind::group; break;
        case 's': r.kind = record_kind::special_group; break;
        default: return std::unexpected("line " + std::to_string(n) + ": bad kind");
        }
        std::string entry;
        while (ls >> entry) {
            auto at = entry.find('@');
            if (at == std::string::npos) return std::unexpected("line " + std::to_string(n) + ": bad address");
            auto ip = parse_ipv4(entry.substr(0, at));
            if (!ip) return std::unexpected("line " + std::to_string(n) + ": " + ip.error());
            long long secs = 0;
            try {
                secs = std::stoll(entry.substr(at + 1));
            } catch (...) {
                return std::unexpected("line " + std::to_string(n) + ": bad expiry");
            }
            r.addresses.push_back(wins_address{*ip, wall_time(std::chrono::seconds(secs))});
        }
        if (r.addresses.empty()) continue;
        db.records_.push_back(std::move(r));
    }
    return db;
}

std::expected<void, std::string> wins_db::write_file(const std::filesystem::path& path,
                                                     const std::string& contents) {
    auto tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return std::unexpected(errno_text("cannot create", tmp));
    std::size_t done = 0;
    while (done < contents.size()) {
        auto n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            auto e = errno_text("cannot write", tmp);
            ::close(fd);
            return std::unexpected(e);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        auto e = errno_text("cannot fsync", tmp);
        ::close(fd);
        return std::unexpected(e);
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return std::unexpected(errno_text("cannot rename onto", path));
    // The rename itself is durable only once the directory is.
    auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return std::unexpected(errno_text("cannot open", dir));
    int rc = ::fsync(dfd);
    ::close(dfd);
    if (rc != 0) return std::unexpected(errno_text("cannot fsync", dir));
    return {};
}

std::expected<wins_db, std::string> wins_db::load(const std::filesystem::path& path) {
    auto tmp = path;
    tmp += ".tmp";
    std::error_code ec;
    if (std::filesystem::exists(tmp, ec)) {
        // A write that never reached its rename: what it held was never acknowledged.
        spdlog::warn("name service: removing {} left by an interrupted write", tmp.string());
        std::filesystem::remove(tmp, ec);
    }
    if (!std::filesystem::exists(path, ec)) return wins_db{};
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    auto db = parse(ss.str());
    if (!db) return std::unexpected(path.string() + ": " + db.error());
    return db;
}

}  // namespace smbkit::server::name_service
