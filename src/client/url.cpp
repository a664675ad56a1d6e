#include "client/url.hpp"

#include <charconv>

namespace smbkit::client {

std::string smb_url::to_string() const {
    std::string out = "//" + host;
    if (port) out += ":" + std::to_string(*port);
    if (!share.empty()) out += "/" + share;
    if (!path.empty()) out += "/" + path;
    return out;
}

std::optional<smb_url> parse_url(std::string_view text, std::string* why) {
    auto bad = [&](const char* reason) -> std::optional<smb_url> {
        if (why) *why = reason;
        return std::nullopt;
    };
    std::string s(text);
    for (auto& c : s)
        if (c == '\\') c = '/';
    std::string_view v = s;
    if (v.starts_with("smb://")) v.remove_prefix(6);
    else if (v.starts_with("//")) v.remove_prefix(2);
    else return bad("expected //host/share/path");
    auto slash = v.find('/');
    std::string_view hostport = v.substr(0, slash);
    v = slash == std::string_view::npos ? std::string_view{} : v.substr(slash + 1);
    if (hostport.empty()) return bad("no host");
    smb_url u;
    if (hostport.front() == '[') {  // [v6]:port
        auto close = hostport.find(']');
        if (close == std::string_view::npos) return bad("unclosed '['");
        u.host = std::string(hostport.substr(1, close - 1));
        hostport.remove_prefix(close + 1);
    } else {
        auto colon = hostport.find(':');
        u.host = std::string(hostport.substr(0, colon));
        hostport = colon == std::string_view::npos ? std::string_view{} : hostport.substr(colon);
    }
    if (!hostport.empty()) {
        if (hostport.front() != ':') return bad("junk after the host");
        hostport.remove_prefix(1);
        unsigned p = 0;
        auto [ptr, ec] = std::from_chars(hostport.data(), hostport.data() + hostport.size(), p);
        if (ec != std::errc{} || ptr != hostport.data() + hostport.size() || p == 0 || p > 65535)
            return bad("bad port");
        u.port = static_cast<std::uint16_t>(p);
    }
    if (u.host.empty()) return bad("no host");
    auto next = v.find('/');
    u.share = std::string(v.substr(0, next));
    std::string_view rest = next == std::string_view::npos ? std::string_view{} : v.substr(next + 1);
    std::string path;
    for (char c : rest) {
        if (c == '/' && (path.empty() || path.back() == '/')) continue;
        path.push_back(c);
    }
    while (!path.empty() && path.back() == '/') path.pop_back();
    u.path = path;
    return u;
}

user_spec parse_user(std::string_view text) {
    user_spec out;
    auto pct = text.find('%');
    if (pct != std::string_view::npos) {
        out.password = std::string(text.substr(pct + 1));
        text = text.substr(0, pct);
    }
    auto sep = text.find_first_of("\\/");
    if (sep != std::string_view::npos) {
        out.domain = std::string(text.substr(0, sep));
        out.user = std::string(text.substr(sep + 1));
        return out;
    }
    auto at = text.find('@');
    if (at != std::string_view::npos) {
        out.user = std::string(text.substr(0, at));
        out.domain = std::string(text.substr(at + 1));
        return out;
    }
    out.user = std::string(text);
    return out;
}

}  // namespace smbkit::client
