#include "cli/client_common.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "core/bytes.hpp"
#include "server/server_config.hpp"

namespace smbkit::cli {
namespace {

// Samba's protocol names (SMB2_02 … SMB3_11, as smbclient -m takes them), or the dotted
// dialect ("3.1.1").
std::optional<std::uint16_t> dialect_from_name(const std::string& n, bool is_max) {
    if (n == "2.0.2") return smb2::dialect::smb2_002;
    if (n == "2.1") return smb2::dialect::smb2_1;
    if (n == "3.0") return smb2::dialect::smb3_0;
    if (n == "3.0.2") return smb2::dialect::smb3_0_2;
    if (n == "3.1.1") return smb2::dialect::smb3_1_1;
    return server::parse_protocol(n, is_max);
}

std::string read_password(const std::string& user) {
    if (const char* env = std::getenv("SMBKIT_PASSWORD")) return env;
    std::string line;
    if (isatty(STDIN_FILENO)) {
        std::cerr << "Password for " << user << ": " << std::flush;
        termios old{};
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::getline(std::cin, line);
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
    } else {
        std::getline(std::cin, line);
    }
    return line;
}

}  // namespace

void add_client_options(CLI::App& app, client_options& o, bool json_flag) {
    app.add_option("-U,--user", o.user,
                   "Log on as [DOMAIN\\]USER[%PASSWORD]; without a password it is asked for "
                   "(or read from $SMBKIT_PASSWORD). Without -U: anonymous");
    app.add_flag("-N,--no-pass", o.no_pass, "Send an empty password (guest-style logon)");
    app.add_option("--nt-hash", o.nt_hash, "Log on with the NT hash (32 hex digits) instead of a password");
    app.add_option("-A,--authentication-file", o.auth_file,
                   "File with username=, password= and domain= lines (smbclient's format)");
    app.add_option("--port", o.port, "TCP port (default 445, or 139 with --netbios)");
    app.add_flag("--netbios", o.netbios, "Use the NetBIOS session service (SMB over port 139)");
    app.add_option("--min-protocol", o.min_protocol, "Lowest dialect: SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11")
        ->capture_default_str();
    app.add_option("-m,--max-protocol", o.max_protocol, "Highest dialect to offer")->capture_default_str();
    app.add_flag("--sign", o.sign, "Require signing");
    app.add_flag("--encrypt", o.encrypt, "Require encryption (SMB 3.x)");
    app.add_option("-t,--timeout", o.timeout, "Seconds to wait for each reply")->capture_default_str();
    if (json_flag) app.add_flag("--json", o.json, "Print JSON instead of a table");
}

std::optional<client::smb_url> url_arg(const std::string& text, const char* command, bool need_share) {
    std::string why;
    auto u = client::parse_url(text, &why);
    if (!u) {
        std::cerr << "smbkit " << command << ": '" << text << "': " << why << " (expected //host[:port]/share/path)\n";
        return std::nullopt;
    }
    if (need_share && u->share.empty()) {
        std::cerr << "smbkit " << command << ": '" << text << "' names no share\n";
        return std::nullopt;
    }
    return u;
}

asio::awaitable<client::outcome<std::shared_ptr<client::connection>>> connect_and_login(
    const client_options& o, const client::smb_url& url) {
    client::endpoint ep;
    ep.host = url.host;
    ep.netbios = o.netbios;
    ep.port = url.port ? *url.port : o.port ? *o.port : (o.netbios ? 139 : 445);
    client::negotiate_options n;
    n.timeout = std::chrono::milliseconds(static_cast<long>(o.timeout * 1000));
    n.require_signing = o.sign;
    auto lo = dialect_from_name(o.min_protocol, false), hi = dialect_from_name(o.max_protocol, true);
    if (!lo || !hi || *lo > *hi)
        co_return client::unexpected_error(client::error::transport("bad --min-protocol/--max-protocol"));
    n.dialects.clear();
    for (auto d : {smb2::dialect::smb2_002, smb2::dialect::smb2_1, smb2::dialect::smb3_0,
                   smb2::dialect::smb3_0_2, smb2::dialect::smb3_1_1})
        if (d >= *lo && d <= *hi) n.dialects.push_back(d);
    auto c = co_await client::connection::open(ep, n);
    if (!c) co_return c;

    client::credentials creds;
    std::optional<std::string> password;
    if (!o.auth_file.empty()) {
        std::ifstream in(o.auth_file);
        if (!in) co_return client::unexpected_error(client::error::transport("cannot read " + o.auth_file));
        std::string line;
        while (std::getline(in, line)) {
            auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            auto key = line.substr(0, eq), value = line.substr(eq + 1);
            auto trim = [](std::string s) {
                s.erase(0, s.find_first_not_of(" \t"));
                s.erase(s.find_last_not_of(" \t\r") + 1);
                return s;
            };
            key = trim(key);
            value = trim(value);
            if (key == "username") creds.user = value;
            else if (key == "password") password = value;
            else if (key == "domain") creds.domain = value;
        }
    }
    if (!o.user.empty()) {
        auto u = client::parse_user(o.user);
        creds.user = u.user;
        if (!u.domain.empty()) creds.domain = u.domain;
        if (u.password) password = u.password;
    }
    if (!o.nt_hash.empty()) {
        bool ok = false;
        auto h = from_hex(o.nt_hash, &ok);
        if (!ok || h.size() != 16)
            co_return client::unexpected_error(client::error::transport("--nt-hash needs 32 hex digits"));
        creds.nt_hash.emplace();
        std::copy(h.begin(), h.end(), creds.nt_hash->begin());
    } else if (!creds.user.empty()) {
        if (!password) password = o.no_pass ? std::string() : read_password(creds.user);
        creds.password = *password;
    }
    auto s = co_await (*c)->login(creds, o.encrypt);
    if (!s) co_return client::unexpected_error(s.error());
    co_return c;
}

asio::awaitable<client::outcome<std::unique_ptr<client::tree>>> connect_tree(
    const client_options& o, const client::smb_url& url) {
    auto c = co_await connect_and_login(o, url);
    if (!c) co_return client::unexpected_error(c.error());
    auto t = co_await (*c)->tree_connect(url.unc());
    if (!t) co_return client::unexpected_error(t.error());
    co_return std::make_unique<client::tree>(*c, *t);
}

int exit_code_for(const client::error& e) {
    switch (e.kind) {
        case client::error_kind::transport: return exit_network;
        case client::error_kind::malformed: return exit_protocol;
        case client::error_kind::status: break;
    }
    switch (e.status) {
        case ntstatus::logon_failure:
        case ntstatus::wrong_password:
        case ntstatus::access_denied:
        case ntstatus::account_disabled:
        case ntstatus::account_restriction:
        case ntstatus::password_expired:
        case ntstatus::network_access_denied:
        case ntstatus::logon_type_not_granted:
            return exit_auth;
        default:
            return exit_failure;
    }
}

int report(const char* command, const std::string& what, const client::error& e) {
    std::cerr << "smbkit " << command << ": " << what << ": " << e.to_string() << "\n";
    return exit_code_for(e);
}

int run_client(std::function<asio::awaitable<int>()> body) {
    asio::io_context io;
    int rc = exit_failure;
    asio::co_spawn(io, std::move(body), [&](std::exception_ptr e, int r) {
        // Connections keep a reader waiting on their sockets; the command is over.
        io.stop();
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                std::cerr << "smbkit: " << ex.what() << "\n";
            }
            rc = exit_failure;
        } else {
            rc = r;
        }
    });
    io.run();
    return rc;
}

std::string human_size(std::uint64_t b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(b);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

}  // namespace smbkit::cli
