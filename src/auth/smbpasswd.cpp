// Samba's smbpasswd file (source3/passdb/pdb_smbpasswd.c documents the layout; smbpasswd(5)).
#include "auth/smbpasswd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "core/utf16.hpp"

namespace smbkit::auth {
namespace {

constexpr std::string_view no_hash = "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
constexpr std::string_view no_password_hash = "NO PASSWORDXXXXXXXXXXXXXXXXXXXXX";

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        auto p = s.find(sep, start);
        if (p == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, p - start));
        start = p + 1;
    }
}

// 32 hex digits -> hash; "XXXX..."/"NO PASSWORD..." -> no hash; anything else -> error.
bool parse_hash(std::string_view s, std::optional<nt_hash_t>& out) {
    out.reset();
    if (s.size() != 32) return false;
    if (s.front() == 'X' || s.front() == '*' || s.starts_with("NO PASSWORD")) return true;
    bool ok = false;
    auto b = from_hex(s, &ok);
    if (!ok || b.size() != 16) return false;
    nt_hash_t h{};
    std::copy(b.begin(), b.end(), h.begin());
    out = h;
    return true;
}

std::string hash_text(const std::optional<nt_hash_t>& h, bool no_password) {
    if (!h) return std::string(no_password ? no_password_hash : no_hash);
    std::string s = to_hex(*h);
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string errno_text() { return std::strerror(errno); }

struct fd_closer {
    int fd = -1;
    ~fd_closer() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

void smbpasswd_entry::set_flag(char f, bool on) {
    auto p = flags.find(f);
    if (on && p == std::string::npos) flags.push_back(f);
    if (!on && p != std::string::npos) flags.erase(p, 1);
}

std::expected<smbpasswd_db, std::string> smbpasswd_db::parse(std::string_view text) {
    smbpasswd_db db;
    int number = 0;
    if (text.ends_with('\n')) text.remove_suffix(1);
    if (text.empty()) return db;
    for (auto raw : split(text, '\n')) {
        ++number;
        std::string_view line = raw;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') {
            db.lines_.push_back({std::string(raw), -1});
            continue;
        }
        auto f = split(line, ':');
        auto bad = [&](const char* why) {
            return std::unexpected("line " + std::to_string(number) + ": " + why);
        };
        if (f.size() < 4) return bad("expected name:uid:LMHASH:NTHASH:[flags]:LCT-XXXXXXXX:");
        smbpasswd_entry e;
        e.name = std::string(f[0]);
        if (e.name.empty()) return bad("empty user name");
        auto [p, ec] = std::from_chars(f[1].data(), f[1].data() + f[1].size(), e.uid);
        if (ec != std::errc() || p != f[1].data() + f[1].size()) return bad("bad uid");
        if (!parse_hash(f[2], e.lm_hash)) return bad("bad LM hash");
        if (!parse_hash(f[3], e.nt_hash)) return bad("bad NT hash");
        e.flags.clear();
        if (f.size() > 4 && f[4].starts_with('[')) {
            auto close = f[4].find(']');
            if (close == std::string_view::npos) return bad("unterminated account flags");
            for (char c : f[4].substr(1, close - 1))
                if (c != ' ') e.flags.push_back(c);
            if (f.size() > 5 && f[5].starts_with("LCT-")) {
                auto hex = f[5].substr(4);
                auto [q, ec2] =
                    std::from_chars(hex.data(), hex.data() + hex.size(), e.last_change, 16);
                if (ec2 != std::errc() || q != hex.data() + hex.size()) return bad("bad LCT");
            }
        } else {
            e.flags = "U";  // the old layout without flags
        }
        if (f[2].starts_with("NO PASSWORD")) e.set_flag('N', true);
        if (db.find(e.name)) return bad("duplicate user");
        db.lines_.push_back({{}, static_cast<int>(db.entries_.size())});
        db.entries_.push_back(std::move(e));
    }
    return db;
}

std::expected<smbpasswd_db, std::string> smbpasswd_db::load(const std::string& path,
                                                            bool missing_ok) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (missing_ok && errno == ENOENT) return smbpasswd_db{};
        return std::unexpected(path + ": " + errno_text());
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    auto db = parse(ss.str());
    if (!db) return std::unexpected(path + ": " + db.error());
    return db;
}

const smbpasswd_entry* smbpasswd_db::find(std::string_view name) const {
    for (const auto& e : entries_)
        if (iequals_utf8(e.name, name)) return &e;
    return nullptr;
}

smbpasswd_entry* smbpasswd_db::find(std::string_view name) {
    return const_cast<smbpasswd_entry*>(std::as_const(*this).find(name));
}

bool smbpasswd_db::set_password(std::string_view name, std::uint32_t uid,
                                std::string_view password, std::uint32_t now) {
    auto h = nt_hash(password);
    if (!h) return false;
    auto* e = find(name);
    if (!e) {
        smbpasswd_entry n;
        n.name = std::string(name);
        n.uid = uid;
        lines_.push_back({{}, static_cast<int>(entries_.size())});
        entries_.push_back(std::move(n));
        e = &entries_.back();
    }
    e->nt_hash = *h;
    e->lm_hash.reset();  // LM hashes are never written ("lanman auth = no", Samba's default)
    e->set_flag('N', false);
    e->last_change = now;
    return true;
}

bool smbpasswd_db::set_no_password(std::string_view name, std::uint32_t now) {
    auto* e = find(name);
    if (!e) return false;
    e->nt_hash.reset();
    e->lm_hash.reset();
    e->set_flag('N', true);
    e->last_change = now;
    return true;
}

bool smbpasswd_db::set_disabled(std::string_view name, bool disabled) {
    auto* e = find(name);
    if (!e) return false;
    e->set_flag('D', disabled);
    return true;
}

bool smbpasswd_db::remove(std::string_view name) {
    auto* e = find(name);
    if (!e) return false;
    int index = static_cast<int>(e - entries_.data());
    entries_.erase(entries_.begin() + index);
    for (auto it = lines_.begin(); it != lines_.end();) {
        if (it->entry == index) {
            it = lines_.erase(it);
            continue;
        }
        if (it->entry > index) --it->entry;
        ++it;
    }
    return true;
}

std::string smbpasswd_db::serialize() const {
    std::string out;
    for (const auto& l : lines_) {
        if (l.entry < 0) {
            out += l.text;
            out += '\n';
            continue;
        }
        const auto& e = entries_[static_cast<std::size_t>(l.entry)];
        std::string flags = e.flags;
        if (flags.size() < 11) flags.append(11 - flags.size(), ' ');
        char lct[16];
        std::snprintf(lct, sizeof lct, "%08X", e.last_change);
        out += e.name + ":" + std::to_string(e.uid) + ":" +
               hash_text(e.lm_hash, e.no_password()) + ":" +
               hash_text(e.nt_hash, e.no_password()) + ":[" + flags + "]:LCT-" + lct + ":\n";
    }
    return out;
}

std::expected<void, std::string> smbpasswd_db::save(const std::string& path) const {
    std::string text = serialize();
    auto slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    std::string tmpl = path + ".XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    fd_closer fd{::mkstemp(name.data())};
    if (fd.fd < 0) return std::unexpected(tmpl + ": " + errno_text());
    std::string tmp(name.data());
    auto fail_with = [&](const std::string& what) -> std::expected<void, std::string> {
        std::string msg = what + ": " + errno_text();
        ::unlink(tmp.c_str());
        return std::unexpected(msg);
    };
    if (::fchmod(fd.fd, 0600) != 0) return fail_with(tmp);
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd.fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail_with(tmp);
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.fd) != 0) return fail_with(tmp);
    if (::close(fd.fd) != 0) {
        fd.fd = -1;
        return fail_with(tmp);
    }
    fd.fd = -1;
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail_with(path);
    fd_closer dfd{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dfd.fd >= 0) ::fsync(dfd.fd);
    return {};
}

account_lookup smbpasswd_db::lookup() const {
    auto snapshot = std::make_shared<const std::vector<smbpasswd_entry>>(entries_);
    return [snapshot](std::string_view user) -> std::optional<account> {
        for (const auto& e : *snapshot) {
            if (!iequals_utf8(e.name, user)) continue;
            account a;
            a.name = e.name;
            a.disabled = e.disabled();
            a.no_password = e.no_password();
            if (e.nt_hash)
                a.nt_hash = *e.nt_hash;
            else if (a.no_password)
                a.nt_hash = *nt_hash("");
            else
                return std::nullopt;  // no usable hash: the account cannot log on
            return a;
        }
        return std::nullopt;
    };
}

}  // namespace smbkit::auth
