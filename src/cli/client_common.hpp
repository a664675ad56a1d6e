#pragma once
// What every client command shares: the URL, who to log on as, the protocol limits, and
// the mapping of client errors to the exit codes of cli/command.hpp.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "client/connection.hpp"
#include "client/transfer_tree.hpp"
#include "client/tree.hpp"
#include "client/url.hpp"

namespace smbkit::cli {

struct client_options {
    std::string user;             // -U user[%pass]
    bool no_pass = false;         // -N
    std::string nt_hash;          // --nt-hash HEX
    std::string auth_file;        // -A FILE (smbclient format)
    std::optional<std::uint16_t> port;
    bool netbios = false;         // NetBIOS session service (port 139 by default)
    std::string min_protocol = "SMB2_02";
    std::string max_protocol = "SMB3_11";
    bool sign = false;
    bool encrypt = false;
    double timeout = 10;
    bool json = false;
};

// Adds the options; a protocol name, NT hash or file that cannot be right is a usage error
// (exit 2) when the command line is parsed, before anything is sent.
void add_client_options(CLI::App& app, client_options& o, bool json_flag);

// Connects, negotiates and logs on as the options say (anonymous without -U).
asio::awaitable<client::outcome<std::shared_ptr<client::connection>>> connect_and_login(
    const client_options& o, const client::smb_url& url);
// connect_and_login + TREE_CONNECT to url.share.
asio::awaitable<client::outcome<std::unique_ptr<client::tree>>> connect_tree(
    const client_options& o, const client::smb_url& url);

// One logon per host and one TREE_CONNECT per share for a command given several paths
// (rm a b c): the session is reused instead of logging on again for every target. A host or
// share that failed once gives the same error again without a new attempt (and without a
// second password prompt).
class session_cache {
public:
    explicit session_cache(const client_options& o) : o_(o) {}
    session_cache(const session_cache&) = delete;
    session_cache& operator=(const session_cache&) = delete;
    asio::awaitable<client::outcome<client::tree*>> tree_for(const client::smb_url& url);
    // TREE_DISCONNECT every share and LOGOFF every session.
    asio::awaitable<void> close();
    std::size_t logons() const { return hosts_.size(); }

private:
    template <class T> struct slot {
        std::string key;
        client::outcome<T> value;
    };
    const client_options& o_;
    std::vector<slot<std::shared_ptr<client::connection>>> hosts_;
    std::vector<slot<std::shared_ptr<client::tree>>> trees_;
};

// For commands given several paths (rm, mkdir): every PATH is parsed first, so a usage error
// (a bad URL, or one naming no path: `no_path` says why that is refused) stops the command
// before anything is done; then `each` runs for every path over one session_cache, each path
// tried even when one before it failed. Returns the worst exit code.
using target_fn = std::function<asio::awaitable<int>(client::tree&, const client::smb_url&)>;
int for_each_target(const client_options& o, const char* command, const std::vector<std::string>& targets,
                    const char* no_path, const target_fn& each);

// Parses a URL argument; prints why and returns nullopt when it is not one.
std::optional<client::smb_url> url_arg(const std::string& text, const char* command, bool need_share);

int exit_code_for(const client::error& e);
// Prints "smbkit COMMAND: what: error" and returns the exit code for it.
int report(const char* command, const std::string& what, const client::error& e);

// The end of a copy (get, put, recursive or not): skipped entries and failures on stderr, a
// summary line unless `quiet`, or a JSON summary on stdout. Returns the exit code: 0 when
// nothing failed (skipped links are only warnings), else the highest exit code of the
// failures.
// The options get and put share.
struct copy_options {
    bool recursive = false;
    bool preserve = false;
    bool quiet = false;
    unsigned inflight = 8;
    unsigned parallel = 4;
};

// Adds -r, -p, -q, --json (into c.json), --inflight and --parallel; `in_flight` says what is
// kept in flight ("Reads", "Writes").
void add_copy_options(CLI::App& app, copy_options& o, client_options& c, const char* in_flight);

// The recursive-copy settings of `o`, with progress shown on `bar` (which must outlive them).
client::tree_transfer_options tree_options(const copy_options& o, progress_bar& bar);

int finish_transfer(const char* command, const std::string& from, const std::string& to,
                    const client::tree_transfer_result& r, bool quiet, bool json);

// Runs a coroutine to completion on a fresh io_context and returns its exit code.
int run_client(std::function<asio::awaitable<int>()> body);

// "12.3 MiB" style.
std::string human_size(std::uint64_t bytes);

}  // namespace smbkit::cli
