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
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
        ->capture_default_str();
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
    smbkit::log::init(log_level);
    for (auto& [sub, run] : subs)
        if (sub->parsed()) return run();
    return exit_usage;
}
