#pragma once
// Shared pieces of `smbkit lookup`, `status` and `scan`: the common options, and the text
// and JSON renderings of a node status.

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "client/netbios/nbns_client.hpp"

namespace smbkit::cli::netbios {

namespace nb = smbkit::client::netbios;

struct net_options {
    int timeout_ms = 1000;
    int retries = 2;
    int port = 137;
    std::string source;
    bool json = false;
    nb::query_options query() const;
};

// --timeout, --retries, --port, --source, --json.
void add_net_options(CLI::App& app, net_options& o, int default_retries);

// A name as people read it: printable bytes, non-printable as \xNN, padding dropped.
std::string display_name(std::string_view raw_name);
// "B ACTIVE PERMANENT" etc.
std::string flag_words(const nbns::name_flags& f);

nlohmann::json status_json(const nb::host_status& h);
// The nbtstat -A style table with decoded usage; `indent` before each line.
std::string status_table(const nb::host_status& h);
// The nmblookup -A style lines ("\tNAME            <00> -         B <ACTIVE> ").
std::string status_nmblookup(const nb::host_status& h);

}  // namespace smbkit::cli::netbios
