#pragma once
// Each subcommand lives in its own file and registers itself here at start-up:
//
//   static const bool registered = smbkit::cli::add_command({
//       "lookup", "Resolve a NetBIOS name, like nmblookup", 20,
//       [](CLI::App& app) { auto opts = std::make_shared<...>(); app.add_option(...);
//                           return [opts] { return run(*opts); }; }});
//
// The files are compiled straight into the executable, so the registrations always run.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace smbkit::cli {

// Exit codes that scripts can rely on; documented in README.md.
enum exit_code : int {
    exit_ok = 0,
    exit_failure = 1,      // the operation ran and the answer is "no" / not found / findings
    exit_usage = 2,        // bad command line or configuration
    exit_network = 3,      // could not reach the peer: refused, timed out, unreachable
    exit_auth = 4,         // logon failure, access denied
    exit_protocol = 5,     // the peer answered with something malformed or unexpected
    exit_io = 6,           // a local file could not be read or written
};

using runner = std::function<int()>;

struct command {
    std::string name;
    std::string summary;
    int order;  // position in --help
    std::function<runner(CLI::App&)> setup;
};

bool add_command(command c);
const std::vector<command>& commands();

}  // namespace smbkit::cli
