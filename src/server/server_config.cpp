#include "server/server_config.hpp"

#include <optional>

#include "core/utf16.hpp"
#include "vfs/name_filter.hpp"

namespace smbkit::server {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::expected<encrypt_mode, std::string> parse_encrypt(std::string_view key, std::string v) {
    v = lower(v);
    if (v == "off" || v == "no" || v == "false" || v == "disabled" || v == "default" ||
        v == "auto" || v == "if_required")
        return v == "auto" || v == "if_required" ? encrypt_mode::desired : encrypt_mode::off;
    if (v == "desired" || v == "yes" || v == "true" || v == "on" || v == "enabled")
        return encrypt_mode::desired;
    if (v == "required" || v == "mandatory" || v == "forced")
        return encrypt_mode::required;
    return std::unexpected("'" + std::string(key) + "': '" + v +
                           "' is not off, desired or required");
}

// "case sensitive" (synonym "casesignames"): yes, no, or auto/default, which Samba treats as
// "no" for every client that does not speak the SMB1 UNIX extensions.
std::expected<bool, std::string> parse_case_sensitive(const config::smb_conf& conf,
                                                      const config::section& s) {
    std::optional<std::string> v;
    for (const char* key : {"case sensitive", "casesignames"})
        if (auto x = conf.share_param(s, key)) v = x;
    if (!v) return false;
    auto l = lower(*v);
    if (l == "auto" || l == "default") return false;
    if (auto b = config::parse_bool(l)) return *b;
    return std::unexpected("[" + s.name() + "] 'case sensitive': '" + *v +
                           "' is not yes, no or auto");
}

// "mangled names" (Samba's enum_mangled_names): yes/true/1, no/false/0 or illegal (the
// default since Samba 4.12).
std::expected<vfs::mangled_names, std::string> parse_mangled_names(const config::smb_conf& conf,
                                                                   const config::section& s) {
    auto v = conf.share_param(s, "mangled names");
    if (!v) return vfs::mangled_names::illegal;
    auto l = lower(*v);
    if (l == "illegal") return vfs::mangled_names::illegal;
    if (auto b = config::parse_bool(l)) return *b ? vfs::mangled_names::yes : vfs::mangled_names::no;
    return std::unexpected("[" + s.name() + "] 'mangled names': '" + *v +
                           "' is not yes, no or illegal");
}

std::vector<std::string> name_list(const config::smb_conf& conf, const config::section& s,
                                   std::string_view key) {
    auto v = conf.share_param(s, key);
    return v ? vfs::parse_name_list(*v) : std::vector<std::string>{};
}

}  // namespace

vfs::share_options vfs_options(const share_config& share, bool read_only) {
    vfs::share_options o;
    o.root = share.path.string();
    o.read_only = read_only;
    o.case_handling = share.case_sensitive ? vfs::case_mode::sensitive : vfs::case_mode::insensitive;
    o.follow_symlinks = share.follow_symlinks;
    o.hide_dot_files = share.hide_dot_files;
    o.hide_files = share.hide_files;
    o.veto_files = share.veto_files;
    o.mangling = share.mangled_names;
    return o;
}

const share_config* server_config::find_share(std::string_view name) const {
    for (const auto& s : shares)
        if (iequals_utf8(s.name, name)) return &s;
    return nullptr;
}

std::optional<std::uint16_t> parse_protocol(std::string_view name, bool is_max) {
    auto n = lower(name);
    if (n == "smb2_02") return 0x0202;
    if (n == "smb2_10") return 0x0210;
    if (n == "smb2" || n == "smb2_24" || n == "smb2_22") return is_max ? 0x0210 : 0x0202;
    if (n == "smb3_00") return 0x0300;
    if (n == "smb3_02") return 0x0302;
    if (n == "smb3_11" || n == "smb3" || n == "default") return is_max ? 0x0311 : 0x0300;
    if (n == "nt1" || n == "lanman1" || n == "lanman2" || n == "core" || n == "coreplus")
        return is_max ? std::nullopt : std::optional<std::uint16_t>(0x0202);
    return std::nullopt;
}

std::string dialect_name(std::uint16_t d) {
    switch (d) {
    case 0x0202: return "SMB2_02";
    case 0x0210: return "SMB2_10";
    case 0x0300: return "SMB3_00";
    case 0x0302: return "SMB3_02";
    case 0x0311: return "SMB3_11";
    case 0x02FF: return "SMB2_FF";
    default: return "0x" + to_hex(byte_span(reinterpret_cast<const std::uint8_t*>(&d), 2));
    }
}

std::expected<server_config, std::string> load_server_config(const config::smb_conf& conf,
                                                              const config::global_settings& g) {
    server_config c;
    c.global = g;
    const auto& gl = conf.global();
    if (auto v = gl.get("server min protocol")) {
        auto d = parse_protocol(*v, false);
        if (!d) return std::unexpected("'server min protocol': '" + *v + "' is not known");
        c.min_dialect = *d;
    }
    if (auto v = gl.get("server max protocol")) {
        auto d = parse_protocol(*v, true);
        if (!d) return std::unexpected("'server max protocol': '" + *v + "' is below SMB2");
        c.max_dialect = *d;
    }
    if (c.min_dialect > c.max_dialect)
        return std::unexpected("'server min protocol' is above 'server max protocol'");
    if (auto v = gl.get("server signing")) {
        auto s = lower(*v);
        if (s == "auto" || s == "default" || s == "if_required" || s == "desired")
            c.signing = signing_mode::automatic;
        else if (s == "mandatory" || s == "required" || s == "yes" || s == "on")
            c.signing = signing_mode::mandatory;
        else if (s == "disabled" || s == "no" || s == "off")
            c.signing = signing_mode::disabled;
        else
            return std::unexpected("'server signing': '" + *v + "' is not auto, mandatory or disabled");
    }
    for (const char* key : {"smb encrypt", "server smb encrypt"}) {
        if (auto v = gl.get(key)) {
            auto e = parse_encrypt(key, *v);
            if (!e) return std::unexpected(e.error());
            c.encrypt = *e;
        }
    }
    if (auto v = gl.get("map to guest")) {
        auto s = lower(*v);
        if (s == "never") c.map_to_guest = guest_mapping::never;
        else if (s == "bad user") c.map_to_guest = guest_mapping::bad_user;
        else if (s == "bad password") c.map_to_guest = guest_mapping::bad_password;
        else if (s == "bad uid") c.map_to_guest = guest_mapping::never;
        else return std::unexpected("'map to guest': '" + *v + "' is not never or bad user");
    }
    c.guest_account = gl.get_or("guest account", c.guest_account);
    if (auto v = gl.get_int("restrict anonymous")) c.restrict_anonymous = static_cast<int>(*v);
    if (gl.has("nbss ports")) {
        c.nbss_ports.clear();
        for (const auto& p : gl.get_list("nbss ports")) {
            try {
                auto n = std::stoul(p);
                if (n == 0 || n > 65535) throw 0;
                c.nbss_ports.push_back(static_cast<std::uint16_t>(n));
            } catch (...) {
                return std::unexpected("'nbss ports': '" + p + "' is not a port number");
            }
        }
    }
    c.smb_passwd_file = g.smb_passwd_file;
    if (auto v = gl.get_int("smb2 max credits"); v && *v >= 1 && *v <= 65535)
        c.max_credits = static_cast<std::uint16_t>(*v);
    for (auto [key, field] : {std::pair{"smb2 max read", &c.max_read_size},
                              std::pair{"smb2 max write", &c.max_write_size},
                              std::pair{"smb2 max trans", &c.max_trans_size}}) {
        if (!gl.has(key)) continue;
        auto v = gl.get_int(key);
        if (!v || *v < 65536 || *v > 8 * 1024 * 1024)
            return std::unexpected(std::string("'") + key + "': '" + gl.get_or(key, "") +
                                   "' is not a byte count from 65536 to 8388608");
        *field = static_cast<std::uint32_t>(*v);
    }

    share_config ipc;
    ipc.name = "IPC$";
    ipc.ipc = true;
    ipc.comment = "IPC Service (" + g.server_string + ")";
    ipc.guest_ok = true;  // null sessions reach IPC$ unless "restrict anonymous = 2"
    ipc.browseable = false;
    ipc.read_only = true;
    c.shares.push_back(ipc);

    for (const auto& s : conf.shares()) {
        auto name = lower(s.name());
        if (name == "global" || name == "homes" || name == "printers" || name == "print$")
            continue;
        if (name == "ipc$") continue;
        share_config sh;
        sh.name = s.name();
        auto path = conf.share_param(s, "path");
        if (!path || path->empty())
            return std::unexpected("[" + s.name() + "]: 'path' is required");
        sh.path = *path;
        sh.read_only = conf.share_bool(s, "read only", true);
        sh.guest_ok = conf.share_bool(s, "guest ok", false);
        sh.guest_only = conf.share_bool(s, "guest only", false);
        sh.browseable = conf.share_bool(s, "browseable", true);
        sh.available = conf.share_bool(s, "available", true);
        sh.comment = conf.share_param(s, "comment").value_or("");
        sh.valid_users = s.get_list("valid users");
        sh.invalid_users = s.get_list("invalid users");
        sh.read_list = s.get_list("read list");
        sh.write_list = s.get_list("write list");
        sh.encrypt = c.encrypt;
        for (const char* key : {"smb encrypt", "server smb encrypt"}) {
            if (auto v = s.get(key)) {
                auto e = parse_encrypt(key, *v);
                if (!e) return std::unexpected("[" + s.name() + "] " + e.error());
                sh.encrypt = *e;
            }
        }
        if (auto v = s.get_int("max connections"); v && *v > 0)
            sh.max_connections = static_cast<std::uint32_t>(*v);
        auto cs = parse_case_sensitive(conf, s);
        if (!cs) return std::unexpected(cs.error());
        sh.case_sensitive = *cs;
        sh.follow_symlinks = conf.share_bool(s, "follow symlinks", true);
        sh.hide_dot_files = conf.share_bool(s, "hide dot files", true);
        sh.hide_files = name_list(conf, s, "hide files");
        sh.veto_files = name_list(conf, s, "veto files");
        auto mn = parse_mangled_names(conf, s);
        if (!mn) return std::unexpected(mn.error());
        sh.mangled_names = *mn;
        c.shares.push_back(std::move(sh));
    }
    return c;
}

}  // namespace smbkit::server
