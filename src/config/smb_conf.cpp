#include "config/smb_conf.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace smbkit::config {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string squash(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '_') continue;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

struct synonym {
    std::string_view from;
    std::string_view to;
    bool inverted;
};

// Samba's parameter synonyms (loadparm tables), squashed.
constexpr synonym synonyms[] = {
    {"writeable", "readonly", true},   {"writable", "readonly", true},
    {"write ok", "readonly", true},    {"public", "guestok", false},
    {"browsable", "browseable", false}, {"directory", "path", false},
    {"allowhosts", "hostsallow", false}, {"denyhosts", "hostsdeny", false},
    {"print ok", "printable", false},
    {"createmode", "createmask", false}, {"directorymode", "directorymask", false},
    {"onlyguest", "guestonly", false},  {"serverprotocol", "servermaxprotocol", false}, {"maxprotocol", "servermaxprotocol", false},
    {"minprotocol", "serverminprotocol", false},
};

const synonym* find_synonym(std::string_view squashed) {
    for (const auto& s : synonyms)
        if (squash(s.from) == squashed) return &s;
    return nullptr;
}

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::string canonical_key(std::string_view key) {
    std::string k = squash(key);
    if (const auto* s = find_synonym(k)) return squash(s->to);
    return k;
}

std::optional<bool> parse_bool(std::string_view v) {
    v = trim(v);
    for (auto t : {"yes", "true", "on", "1"})
        if (iequal(v, t)) return true;
    for (auto f : {"no", "false", "off", "0"})
        if (iequal(v, f)) return false;
    return std::nullopt;
}

std::optional<std::string> section::get(std::string_view key) const {
    std::string k = canonical_key(key);
    for (auto it = params_.rbegin(); it != params_.rend(); ++it)
        if (it->key == k) return it->value;
    return std::nullopt;
}

std::string section::get_or(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

bool section::get_bool(std::string_view key, bool fallback) const {
    auto v = get(key);
    if (!v) return fallback;
    return parse_bool(*v).value_or(fallback);
}

std::optional<std::int64_t> section::get_int(std::string_view key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    try {
        std::size_t used = 0;
        auto n = std::stoll(*v, &used, 0);
        if (used != v->size()) return std::nullopt;
        return n;
    } catch (...) {
        return std::nullopt;
    }
}

std::vector<std::string> section::get_list(std::string_view key) const {
    std::vector<std::string> out;
    auto v = get(key);
    if (!v) return out;
    std::string cur;
    for (char c : *v) {
        if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

void section::set(std::string_view key, std::string value, int line) {
    std::string k = squash(key);
    if (const auto* s = find_synonym(k)) {
        k = squash(s->to);
        if (s->inverted) {
            if (auto b = parse_bool(value)) value = *b ? "no" : "yes";
        }
    }
    params_.push_back({std::move(k), std::move(value), line});
}

std::expected<smb_conf, std::string> smb_conf::parse(std::string_view text) {
    smb_conf conf;
    section* current = &conf.global_;
    int line_no = 0;
    std::string pending;
    int pending_start = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        if (pending.empty()) pending_start = line_no;
        std::string_view t = trim(raw);
        if (pending.empty() && (t.empty() || t.front() == '#' || t.front() == ';')) {
            if (end == text.size()) break;
            continue;
        }
        if (!t.empty() && t.back() == '\\') {
            pending.append(t.substr(0, t.size() - 1));
            pending.push_back(' ');
            if (end == text.size()) break;
            continue;
        }
        pending.append(t);
        std::string line = std::move(pending);
        pending.clear();
        std::string_view l = trim(line);
        if (l.front() == '[') {
            auto close = l.find(']');
            if (close == std::string_view::npos)
                return std::unexpected("line " + std::to_string(pending_start) +
                                       ": section header without ']'");
            std::string name(trim(l.substr(1, close - 1)));
            if (name.empty())
                return std::unexpected("line " + std::to_string(pending_start) +
                                       ": empty section name");
            if (iequal(name, "global")) {
                current = &conf.global_;
            } else if (auto* existing = const_cast<section*>(conf.share(name))) {
                current = existing;
            } else {
                current = &conf.add_share(std::move(name));
            }
        } else {
            auto eq = l.find('=');
            if (eq == std::string_view::npos)
                return std::unexpected("line " + std::to_string(pending_start) +
                                       ": expected 'name = value'");
            auto key = trim(l.substr(0, eq));
            if (key.empty())
                return std::unexpected("line " + std::to_string(pending_start) +
                                       ": parameter without a name");
            current->set(key, std::string(trim(l.substr(eq + 1))), pending_start);
        }
        if (end == text.size()) break;
    }
    return conf;
}

std::expected<smb_conf, std::string> smb_conf::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected("cannot open " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    auto conf = parse(ss.str());
    if (!conf) return std::unexpected(path.string() + ": " + conf.error());
    return conf;
}

const section* smb_conf::share(std::string_view name) const {
    for (const auto& s : shares_)
        if (iequal(s.name(), name)) return &s;
    return nullptr;
}

section& smb_conf::add_share(std::string name) {
    shares_.emplace_back(std::move(name));
    return shares_.back();
}

std::optional<std::string> smb_conf::share_param(const section& share,
                                                 std::string_view key) const {
    if (auto v = share.get(key)) return v;
    return global_.get(key);
}

bool smb_conf::share_bool(const section& share, std::string_view key, bool fallback) const {
    auto v = share_param(share, key);
    if (!v) return fallback;
    return parse_bool(*v).value_or(fallback);
}

}  // namespace smbkit::config
