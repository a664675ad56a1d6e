// smbkit audit: what a host or a network exposes over SMB and NetBIOS, graded.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>

#include "audit/grade.hpp"
#include "audit/probe.hpp"
#include "audit/render.hpp"
#include "cli/client_common.hpp"
#include "client/netbios/targets.hpp"

namespace smbkit::cli {
namespace {

struct audit_options {
    std::string targets;
    client_options c;
    bool internet_facing = false;
    std::string html;
    std::string fail_on = "low";
    std::uint16_t smb_port = 445, nbss_port = 139, nbns_port = 137, nbds_port = 138;
    unsigned concurrency = 128;
    bool no_write_test = false;
    bool no_color = false;
};

std::string now_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// Up to --concurrency hosts at once, each with its four port probes and then up to seven
// negotiations in flight: more descriptors than the common soft limit of 1024 allows, so
// raise it towards the hard limit (as nmap does) rather than fail probes with EMFILE.
void raise_open_file_limit() {
    rlimit l{};
    if (getrlimit(RLIMIT_NOFILE, &l) != 0) return;
    rlim_t want = l.rlim_max == RLIM_INFINITY ? 65536 : std::min<rlim_t>(l.rlim_max, 65536);
    if (l.rlim_cur >= want) return;
    l.rlim_cur = want;
    setrlimit(RLIMIT_NOFILE, &l);
}

int run(const audit_options& o) {
    auto threshold = audit::parse_severity(o.fail_on);
    if (!threshold) {
        std::cerr << "smbkit audit: --fail-on takes info, low, medium or high\n";
        return exit_usage;
    }
    auto hosts = client::netbios::parse_targets(o.targets);
    if (!hosts) {
        std::cerr << "smbkit audit: " << hosts.error() << "\n";
        return exit_usage;
    }
    auto timeout = std::chrono::milliseconds(static_cast<long>(o.c.timeout * 1000));
    raise_open_file_limit();

    audit::probe_options po;
    po.smb_port = o.smb_port;
    po.nbss_port = o.nbss_port;
    po.nbns_port = o.nbns_port;
    po.nbds_port = o.nbds_port;
    po.timeout = timeout;
    po.internet_facing = o.internet_facing;
    po.write_test = !o.no_write_test;
    if (!o.c.user.empty()) {
        auto u = client::parse_user(o.c.user);
        client::credentials cr{u.user, u.domain, u.password.value_or(""), {}};
        if (!u.password && std::getenv("SMBKIT_PASSWORD")) cr.password = std::getenv("SMBKIT_PASSWORD");
        po.user = cr;
    }

    std::vector<audit::host_report> reports(hosts->size());
    for (std::size_t i = 0; i < hosts->size(); ++i) {
        reports[i].address = (*hosts)[i].to_string();
    }
    int rc = run_client([&]() -> asio::awaitable<int> {
        auto ex = co_await asio::this_coro::executor;
        std::size_t next = 0, running = 0;
        asio::steady_timer wake(ex, asio::steady_timer::time_point::max());
        auto start_one = [&]() {
            std::size_t i = next++;
            ++running;
            asio::co_spawn(ex, audit::probe_host(reports[i], po), [&](std::exception_ptr) {
                --running;
                wake.cancel();
            });
        };
        while (next < reports.size() || running > 0) {
            while (next < reports.size() && running < std::max(1u, o.concurrency)) start_one();
            std::error_code ec;
            wake.expires_at(asio::steady_timer::time_point::max());
            co_await wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        co_return exit_ok;
    });
    if (rc != exit_ok) return rc;

    // Hosts where nothing answered are left out of a range report, but kept for one host.
    std::vector<audit::host_report> shown;
    for (auto& r : reports) {
        audit::grade(r);
        bool anything = r.netbios.answered || r.is_open(audit::service::smb_direct) || r.is_open(audit::service::nbss);
        if (anything || reports.size() == 1) shown.push_back(std::move(r));
    }
    if (o.c.json)
        std::cout << audit::render_json(shown);
    else
        std::cout << audit::render_text(shown, !o.no_color && isatty(STDOUT_FILENO));
    if (!o.html.empty()) {
        std::ofstream out(o.html);
        out << audit::render_html(shown, now_iso());
        if (!out) {
            std::cerr << "smbkit audit: cannot write " << o.html << "\n";
            return exit_io;
        }
    }
    audit::severity worst = audit::severity::info;
    bool any = false;
    for (const auto& r : shown)
        for (const auto& f : r.findings) {
            worst = std::max(worst, f.level);
            any = true;
        }
    return any && worst >= *threshold && worst != audit::severity::info ? exit_failure : exit_ok;
}

const bool registered = add_command({
    "audit", "Grade what hosts expose over SMB and NetBIOS: audit HOST|RANGE|CIDR", 60,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<audit_options>();
        // A dead address costs a whole timeout on a real network: 3 s, not the 10 s of a
        // file transfer, with many hosts in flight.
        o->c.timeout = 3;
        app.add_option("TARGETS", o->targets, "An address, a range (10.0.0.1-254) or a CIDR (10.0.0.0/24)")->required();
        app.add_flag("--internet-facing", o->internet_facing,
                     "Grade the hosts as reachable from outside the LAN even at private addresses");
        app.add_option("--html", o->html, "Also write a self-contained HTML report to this file");
        app.add_option("--fail-on", o->fail_on, "Exit 1 when a finding is at least this severe (low, medium, high)")
            ->capture_default_str();
        app.add_option("--smb-port", o->smb_port, "SMB over TCP port")->capture_default_str();
        app.add_option("--nbss-port", o->nbss_port, "NetBIOS session service port")->capture_default_str();
        app.add_option("--nbns-port", o->nbns_port, "NetBIOS name service port")->capture_default_str();
        app.add_option("--nbds-port", o->nbds_port, "NetBIOS datagram service port")->capture_default_str();
        app.add_option("--concurrency", o->concurrency, "Hosts probed at once")->capture_default_str();
        app.add_flag("--no-write-test", o->no_write_test, "Do not test whether shares are writable");
        app.add_flag("--no-color", o->no_color, "Plain text even on a terminal");
        app.add_option("-U,--user", o->c.user, "Also audit what this user reaches: [DOMAIN\\]USER[%PASSWORD]");
        app.add_option("-t,--timeout", o->c.timeout, "Seconds to wait for each answer")->capture_default_str();
        app.add_flag("--json", o->c.json, "Print JSON");
        app.footer(
            "Grades: SMB (445) or NetBIOS sessions (139) reachable from outside the LAN are HIGH;\n"
            "SMB1 accepted is HIGH (wormable, the EternalBlue/WannaCry class); signing not\n"
            "required, guest or anonymous access and readable shares are MEDIUM; a share anyone\n"
            "can write is HIGH. Exit status: 0 clean, 1 findings at or above --fail-on.\n"
            "Examples:\n  smbkit audit 192.168.1.0/24 --html report.html\n"
            "  smbkit audit fileserver.example -U 'CORP\\auditor' --json");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
