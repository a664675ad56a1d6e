#include "cli/client_common.hpp"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "client/transfer.hpp"
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
    app.add_option("--nt-hash", o.nt_hash, "Log on with the NT hash (32 hex digits) instead of a password")
        ->check([](const std::string& v) -> std::string {
            bool ok = false;
            auto h = from_hex(v, &ok);
            return ok && h.size() == 16 ? "" : "needs 32 hex digits";
        });
    app.add_option("-A,--authentication-file", o.auth_file,
                   "File with username=, password= and domain= lines (smbclient's format)")
        ->check(CLI::ExistingFile);
    app.add_option("--port", o.port, "TCP port (default 445, or 139 with --netbios)");
    app.add_flag("--netbios", o.netbios, "Use the NetBIOS session service (SMB over port 139)");
    auto protocol = [](bool is_max) {
        return [is_max](const std::string& v) -> std::string {
            return dialect_from_name(v, is_max) ? "" : "not a dialect: SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11 (or 2.0.2 ... 3.1.1)";
        };
    };
    app.add_option("--min-protocol", o.min_protocol, "Lowest dialect: SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11")
        ->capture_default_str()
        ->check(protocol(false));
    app.add_option("-m,--max-protocol", o.max_protocol, "Highest dialect to offer")
        ->capture_default_str()
        ->check(protocol(true));
    app.parse_complete_callback([&o] {
        auto lo = dialect_from_name(o.min_protocol, false), hi = dialect_from_name(o.max_protocol, true);
        if (lo && hi && *lo > *hi)
            throw CLI::ValidationError("--min-protocol " + o.min_protocol + " is above --max-protocol " +
                                       o.max_protocol);
    });
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

asio::awaitable<client::outcome<client::tree*>> session_cache::tree_for(const client::smb_url& url) {
    auto lower = [](std::string s) {
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    std::string host_key = lower(url.host) + ":" + (url.port ? std::to_string(*url.port) : "");
    std::string tree_key = host_key + "/" + lower(url.share);
    auto find = [](auto& slots, const std::string& key) {
        return std::find_if(slots.begin(), slots.end(), [&](const auto& s) { return s.key == key; });
    };
    if (auto t = find(trees_, tree_key); t != trees_.end()) {
        if (!t->value) co_return client::unexpected_error(t->value.error());
        co_return t->value->get();
    }
    auto h = find(hosts_, host_key);
    if (h == hosts_.end()) {
        auto c = co_await connect_and_login(o_, url);
        hosts_.push_back({host_key, std::move(c)});
        h = std::prev(hosts_.end());
    }
    client::outcome<std::shared_ptr<client::tree>> made_tree = client::unexpected_error(client::error{});
    if (!h->value) {
        made_tree = client::unexpected_error(h->value.error());
    } else {
        auto conn = *h->value;
        auto info = co_await conn->tree_connect(url.unc());
        if (info) made_tree = std::make_shared<client::tree>(conn, *info);
        else made_tree = client::unexpected_error(info.error());
    }
    trees_.push_back({tree_key, std::move(made_tree)});
    const auto& made = trees_.back().value;
    if (!made) co_return client::unexpected_error(made.error());
    co_return made->get();
}

asio::awaitable<void> session_cache::close() {
    for (auto& t : trees_)
        if (t.value) co_await (*t.value)->disconnect();
    for (auto& h : hosts_)
        if (h.value) co_await (*h.value)->logoff();
    trees_.clear();
    hosts_.clear();
}

int for_each_target(const client_options& o, const char* command, const std::vector<std::string>& targets,
                    const char* no_path, const target_fn& each) {
    std::vector<client::smb_url> urls;
    for (const auto& target : targets) {
        auto url = url_arg(target, command, true);
        if (!url) return exit_usage;
        if (url->path.empty()) {
            std::cerr << "smbkit " << command << ": " << no_path << ": " << target << "\n";
            return exit_usage;
        }
        urls.push_back(std::move(*url));
    }
    return run_client([&]() -> asio::awaitable<int> {
        session_cache sessions(o);
        int worst = exit_ok;
        for (const auto& url : urls) {
            auto t = co_await sessions.tree_for(url);
            if (!t) worst = std::max(worst, report(command, url.to_string(), t.error()));
            else worst = std::max(worst, co_await each(**t, url));
        }
        co_await sessions.close();
        co_return worst;
    });
}

int exit_code_for(const client::error& e) {
    if (client::is_local_error(e)) return exit_io;
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

void add_copy_options(CLI::App& app, copy_options& o, client_options& c, const char* in_flight) {
    app.add_flag("-r,--recursive", o.recursive,
                 "Copy a folder and everything beneath it, over one connection");
    app.add_flag("-p,--preserve", o.preserve, "Keep the modification and access times");
    app.add_flag("-q,--quiet", o.quiet, "No progress bar or summary (warnings and errors still show)");
    app.add_flag("--json", c.json, "Print a JSON summary (files, bytes, failures) on stdout");
    app.add_option("--inflight", o.inflight, std::string(in_flight) + " kept in flight for each file")
        ->capture_default_str();
    app.add_option("--parallel", o.parallel, "With -r, files copied at once")
        ->capture_default_str()
        ->check(CLI::Range(1u, 64u));
}

client::tree_transfer_options tree_options(const copy_options& o, progress_bar& bar) {
    return {.inflight = o.inflight,
            .parallel = o.parallel,
            .preserve_times = o.preserve,
            .progress = [&bar](const client::tree_progress& p) {
                bar.update_tree(p.files_done, p.files_total, p.current, p.bytes_done, p.bytes_total);
            }};
}

int finish_transfer(const char* command, const std::string& from, const std::string& to,
                    const client::tree_transfer_result& r, bool quiet, bool json) {
    int rc = exit_ok;
    for (const auto& f : r.failed) rc = std::max(rc, exit_code_for(f.err));
    for (const auto& s : r.skipped)
        std::cerr << "smbkit " << command << ": skipped " << (s.path.empty() ? from : s.path) << ": "
                  << s.err.message << "\n";
    for (const auto& f : r.failed)
        std::cerr << "smbkit " << command << ": " << (f.path.empty() ? from : f.path) << ": "
                  << f.err.to_string() << "\n";
    if (r.not_attempted)
        std::cerr << "smbkit " << command << ": the connection was lost; " << r.not_attempted
                  << " file(s) not copied\n";
    if (json) {
        nlohmann::json failed = nlohmann::json::array(), skipped = nlohmann::json::array();
        for (const auto& f : r.failed)
            failed.push_back({{"path", f.path}, {"error", f.err.to_string()}, {"exit_code", exit_code_for(f.err)}});
        for (const auto& s : r.skipped) skipped.push_back({{"path", s.path}, {"reason", s.err.message}});
        nlohmann::json j = {{"source", from},     {"destination", to},  {"files", r.files},
                            {"folders", r.dirs},  {"bytes", r.bytes},   {"failed", failed},
                            {"skipped", skipped}, {"not_attempted", r.not_attempted},
                            {"exit_code", rc}};
        std::cout << j.dump(2) << "\n";
    } else if (!quiet && (r.files || r.dirs || !r.failed.empty())) {
        std::cerr << command << " " << from << " -> " << to << ": " << r.files
                  << (r.files == 1 ? " file" : " files");
        if (r.dirs) std::cerr << ", " << r.dirs << (r.dirs == 1 ? " folder" : " folders");
        std::cerr << ", " << human_size(r.bytes);
        if (!r.failed.empty()) std::cerr << "; " << r.failed.size() << " failed";
        std::cerr << "\n";
    }
    return rc;
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
