#include "server/zero_config.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "auth/smbpasswd.hpp"
#include "crypto/primitives.hpp"

namespace smbkit::server {
namespace {

std::string state_dir(const config::smb_conf& conf) {
    if (auto v = conf.global().get("state directory")) return *v;
    if (geteuid() == 0) return "/var/lib/smbkit";
    if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x) return std::string(x) + "/smbkit";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.local/state/smbkit";
    return "/tmp/smbkit-" + std::to_string(geteuid());
}

std::string login_name() {
    if (auto* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) {
        std::string n = pw->pw_name;
        if (n != "root") return n;
    }
    return "smbkit";
}

// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
std::string random_password() {
    static constexpr char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    constexpr std::size_t n = sizeof alphabet - 1;
    std::string out;
    while (out.size() < 16) {
        auto b = crypto::random_bytes(32);
        for (auto c : b)
            if (c < 256 - 256 % n && out.size() < 16) out.push_back(alphabet[c % n]);
    }
    return out;
}

}  // namespace

std::expected<zero_config_login, std::string> setup_zero_config_user(config::smb_conf& conf,
                                                                     const std::string& share) {
    namespace fs = std::filesystem;
    zero_config_login login;
    login.user = login_name();
    login.password = random_password();
    std::string priv = conf.global().get_or("private dir", state_dir(conf) + "/private");
    std::error_code ec;
    fs::create_directories(priv, ec);
    if (ec) return std::unexpected("cannot create '" + priv + "': " + ec.message());
    ::chmod(priv.c_str(), 0700);
    login.passwd_file = priv + "/smbpasswd";
    auto db = auth::smbpasswd_db::load(login.passwd_file, true);
    if (!db) return std::unexpected(db.error());
    if (!db->set_password(login.user, static_cast<std::uint32_t>(geteuid()), login.password,
                          static_cast<std::uint32_t>(std::time(nullptr))))
        return std::unexpected("cannot set the password of '" + login.user + "'");
    if (auto saved = db->save(login.passwd_file); !saved) return std::unexpected(saved.error());
    conf.global().set("smb passwd file", login.passwd_file);
    for (auto& s : conf.shares())
        if (s.name() == share) s.set("valid users", login.user);
    return login;
}

std::string serve_banner(const std::vector<std::string>& endpoints, const std::string& share,
                         const std::optional<zero_config_login>& login, bool guest) {
    std::string host = "HOST";
    std::string port_opt;
    for (const auto& e : endpoints) {
        auto colon = e.rfind(':');
        auto addr = e.substr(0, colon);
        auto port = e.substr(colon + 1);
        if (addr != "0.0.0.0") host = addr;
        if (port != "445" && port != "139" && port_opt.empty()) port_opt = " -p " + port;
    }
    std::string b = "smbkit is serving [" + share + "] on";
    for (const auto& e : endpoints) b += " " + e;
    b += "\n";
    if (login) {
        b += "  user: " + login->user + "   password: " + login->password +
             "   (new at every start; not shown again)\n";
        b += "  smbclient //" + host + "/" + share + port_opt + " -U '" + login->user + "%" +
             login->password + "'\n";
    } else if (guest) {
        b += "  guest access, no password\n";
        b += "  smbclient //" + host + "/" + share + port_opt + " -N\n";
    }
    b += "  Windows: \\\\" + host + "\\" + share + "\n";
    b += "  smbkit ls //" + host + "/" + share + "\n";
    return b;
}

}  // namespace smbkit::server
