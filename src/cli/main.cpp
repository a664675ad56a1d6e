// smbkit: one binary, one subcommand per job.
#include <cstdio>
#include <memory>

#include "cli/command.hpp"
#include "core/log.hpp"

int main(int argc, char** argv) {
    using namespace smbkit::cli;
    CLI::App app{
        "smbkit: SMB2/SMB3 file server, NetBIOS name service and network exposure tools.\n"
        "Run 'smbkit COMMAND --help' for the options of one command."};
    app.set_version_flag("--version", std::string("smbkit " SMBKIT_VERSION));
    std::string log_level = "warn";
    auto* level_opt =
        app.add_option("--log-level", log_level,
                       "trace, debug, info, warn, error or off, or a Samba 'log level' number "
                       "(0 warn, 1-2 info, 3-9 debug, 10 trace); overrides smb.conf 'log level'")
            ->capture_default_str()
            ->check([](const std::string& v) {
                return smbkit::log::level_from_text(v) ? std::string()
                                                       : "not a log level: " + v;
            });
    app.require_subcommand(1);

    std::vector<std::pair<CLI::App*, runner>> subs;
    for (const auto& c : commands()) {
        auto* sub = app.add_subcommand(c.name, c.summary);
        subs.emplace_back(sub, c.setup(*sub));
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? exit_ok : exit_usage;
    }
    smbkit::log::init(log_level, level_opt->count() > 0);
    for (auto& [sub, run] : subs)
        if (sub->parsed()) return run();
    return exit_usage;
}
