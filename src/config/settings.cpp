#include "config/settings.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "core/log.hpp"

namespace smbkit::config {
namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::expected<std::uint16_t, std::string> port(const std::string& key, const std::string& v) {
    try {
        std::size_t used = 0;
        long n = std::stol(v, &used, 10);
        if (used == v.size() && n > 0 && n < 65536) return static_cast<std::uint16_t>(n);
    } catch (...) {
    }
    return std::unexpected("'" + key + "': '" + v + "' is not a port number");
}

std::expected<void, std::string> check_netbios_name(const std::string& key, const std::string& n) {
    if (n.empty() || n.size() > 15)
        return std::unexpected("'" + key + "': '" + n + "' must be 1 to 15 characters");
    for (char c : n)
        if (static_cast<unsigned char>(c) < 0x20 || std::string_view("\"/\\[]:|<>+=;,*?").find(c) !=
                                                        std::string_view::npos)
            return std::unexpected("'" + key + "': '" + n + "' has a character NetBIOS forbids");
    return {};
}

}  // namespace

std::string default_netbios_name() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == 0) return "SMBKIT";
    std::string name(host);
    name = name.substr(0, name.find('.'));
    if (name.size() > 15) name.resize(15);
    return upper(name);
}

std::expected<global_settings, std::string> read_global(const smb_conf& conf) {
    const section& g = conf.global();
    global_settings s;
    s.netbios_name = upper(g.get_or("netbios name", default_netbios_name()));
    if (auto ok = check_netbios_name("netbios name", s.netbios_name); !ok)
        return std::unexpected(ok.error());
    for (auto& a : g.get_list("netbios aliases")) {
        a = upper(a);
        if (auto ok = check_netbios_name("netbios aliases", a); !ok)
            return std::unexpected(ok.error());
        s.netbios_aliases.push_back(a);
    }
    s.workgroup = upper(g.get_or("workgroup", s.workgroup));
    if (auto ok = check_netbios_name("workgroup", s.workgroup); !ok)
        return std::unexpected(ok.error());
    s.netbios_scope = g.get_or("netbios scope", "");
    s.server_string = g.get_or("server string", s.server_string);
    s.disable_netbios = g.get_bool("disable netbios", false);
    s.interfaces = g.get_list("interfaces");
    s.bind_interfaces_only = g.get_bool("bind interfaces only", false);
    if (g.has("smb ports")) {
        s.smb_ports.clear();
        for (const auto& p : g.get_list("smb ports")) {
            auto n = port("smb ports", p);
            if (!n) return std::unexpected(n.error());
            s.smb_ports.push_back(*n);
        }
    }
    for (auto [key, field] : {std::pair{"nbt port", &s.nbt_port}, {"dgram port", &s.dgram_port}}) {
        if (auto v = g.get(key)) {
            auto n = port(key, *v);
            if (!n) return std::unexpected(n.error());
            *field = *n;
        }
    }
    for (const char* key : {"wins support", "disable netbios", "bind interfaces only"}) {
        if (auto v = g.get(key); v && !parse_bool(*v))
            return std::unexpected(std::string("'") + key + "': '" + *v + "' is not yes or no");
    }
    s.wins_support = g.get_bool("wins support", false);
    s.wins_servers = g.get_list("wins server");
    s.state_directory = g.get_or("state directory", s.state_directory);
    s.private_dir = g.get_or("private dir", s.private_dir);
    s.smb_passwd_file = g.get_or("smb passwd file", s.private_dir + "/smbpasswd");
    if (auto v = g.get("log level")) {
        if (!log::level_from_text(*v))
            return std::unexpected("'log level': '" + *v +
                                   "' is not a number (0-10) or a level name");
        s.log_level = *v;
    }
    return s;
}

}  // namespace smbkit::config
