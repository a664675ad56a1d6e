#pragma once
// What every client command shares: the URL, who to log on as, the protocol limits, and
// the mapping of client errors to the exit codes of cli/command.hpp.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <asio.hpp>

#include "cli/command.hpp"
#include "client/connection.hpp"
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

void add_client_options(CLI::App& app, client_options& o, bool json_flag);

// Connects, negotiates and logs on as the options say (anonymous without -U).
asio::awaitable<client::outcome<std::shared_ptr<client::connection>>> connect_and_login(
    const client_options& o, const client::smb_url& url);
// connect_and_login + TREE_CONNECT to url.share.
asio::awaitable<client::outcome<std::unique_ptr<client::tree>>> connect_tree(
    const client_options& o, const client::smb_url& url);

// Parses a URL argument; prints why and returns nullopt when it is not one.
std::optional<client::smb_url> url_arg(const std::string& text, const char* command, bool need_share);

int exit_code_for(const client::error& e);
// Prints "smbkit COMMAND: what: error" and returns the exit code for it.
int report(const char* command, const std::string& what, const client::error& e);

// Runs a coroutine to completion on a fresh io_context and returns its exit code.
int run_client(std::function<asio::awaitable<int>()> body);

// "12.3 MiB" style.
std::string human_size(std::uint64_t bytes);

}  // namespace smbkit::cli
