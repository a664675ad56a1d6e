// smbkit serve: the file server and the NetBIOS name service, from smb.conf or zero-config.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include <asio.hpp>

#include "cli/command.hpp"
#include "config/settings.hpp"
#include "config/smb_conf.hpp"
#include "core/log.hpp"
#include "server/name_service/name_service.hpp"
#include "server/server_config.hpp"
#include "server/smb2/server.hpp"
#include "server/zero_config.hpp"

namespace smbkit::cli {
namespace {

struct serve_options {
    std::string config_path;
    std::string dir;
    bool guest = false;
    std::vector<std::string> overrides;  // "name = value" applied to [global]
};

// Builds the configuration: the file if given, then --option overrides, then the zero-config
// share for DIR.
std::expected<config::smb_conf, std::string> build_config(const serve_options& o) {
    config::smb_conf conf;
    if (!o.config_path.empty()) {
        auto loaded = config::smb_conf::load(o.config_path);
        if (!loaded) return std::unexpected(loaded.error());
        conf = std::move(*loaded);
    }
    for (const auto& kv : o.overrides) {
        auto eq = kv.find('=');
        if (eq == std::string::npos)
            return std::unexpected("--option '" + kv + "': expected 'name = value'");
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t") + 1);
            return s;
        };
        conf.global().set(trim(kv.substr(0, eq)), trim(kv.substr(eq + 1)));
    }
    if (!o.dir.empty()) {
        std::error_code ec;
        auto path = std::filesystem::canonical(o.dir, ec);
        if (ec || !std::filesystem::is_directory(path))
            return std::unexpected("'" + o.dir + "' is not a directory");
        auto& share = conf.add_share("share");
        share.set("path", path.string());
        share.set("read only", "no");
        share.set("comment", "smbkit share");
        if (o.guest) {
            share.set("guest ok", "yes");
            conf.global().set("map to guest", "bad user");
        }
    }
    if (conf.shares().empty())
        return std::unexpected("nothing to serve: give a folder (smbkit serve DIR) or --config");
    return conf;
}

int run(const serve_options& o) {
    auto conf = build_config(o);
    if (!conf) {
        std::cerr << "smbkit serve: " << conf.error() << "\n";
        return exit_usage;
    }
    // Zero-config without --guest: one user with a fresh password (server/zero_config.hpp).
    std::optional<server::zero_config_login> login;
    if (!o.dir.empty() && !o.guest) {
        auto l = server::setup_zero_config_user(*conf, "share");
        if (!l) {
            std::cerr << "smbkit serve: " << l.error() << "\n";
            return exit_io;
        }
        login = std::move(*l);
    }
    auto global = config::read_global(*conf);
    if (!global) {
        std::cerr << "smbkit serve: " << global.error() << "\n";
        return exit_usage;
    }
    if (!global->log_level.empty()) log::apply_config_level(global->log_level);
    asio::io_context io;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    std::signal(SIGPIPE, SIG_IGN);

    // Services start here, each bound to `io`; a failure to start any of them is fatal.
    std::unique_ptr<server::name_service::name_service> names;
    if (!global->disable_netbios) {
        auto ns = server::name_service::name_service::create(io, *global);
        if (!ns) {
            std::cerr << "smbkit serve: " << ns.error() << "\n";
            return exit_network;
        }
        names = std::move(*ns);
        names->start();
    }
    auto smb_config = server::load_server_config(*conf, *global);
    if (!smb_config) {
        std::cerr << "smbkit serve: " << smb_config.error() << "\n";
        return exit_usage;
    }
    server::smb_server smb(io, std::move(*smb_config));
    if (auto started = smb.start(); !started) {
        std::cerr << "smbkit serve: " << started.error() << "\n";
        return exit_network;
    }
    if (!o.dir.empty())
        std::cout << server::serve_banner(smb.endpoints(), "share", login, o.guest) << std::flush;

    signals.async_wait([&](const std::error_code&, int sig) {
        spdlog::info("signal {}: shutting down", sig);
        // Services stop here (names released, connections closed), then the loop ends.
        if (names) names->stop();
        // SMB: stop accepting, flush queued replies, close; the loop ends shortly after.
        smb.stop();
        auto grace = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(300));
        grace->async_wait([&io, grace](const std::error_code&) { io.stop(); });
    });
    io.run();
    return exit_ok;
}

const bool registered = add_command({
    "serve", "Serve a folder (or the shares of an smb.conf) over SMB2/SMB3 and NetBIOS", 10,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<serve_options>();
        app.add_option("DIR", o->dir, "Folder to share as [share] (zero-config mode)");
        app.add_option("-s,--config", o->config_path, "smb.conf file to read");
        app.add_option("-O,--option", o->overrides,
                       "Set a [global] parameter, e.g. --option 'smb ports = 4445'");
        app.add_flag("--guest", o->guest, "Zero-config: let anyone in as guest, no password");
        app.footer(
            "Examples:\n"
            "  smbkit serve ~/public --guest        share a folder to everyone\n"
            "  smbkit serve ~/work                  share with a generated password\n"
            "  smbkit serve -s /etc/smbkit/smb.conf serve the shares of a config file");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
