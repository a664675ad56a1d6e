#include "audit/probe.hpp"

#include <algorithm>
#include <cstdio>

#include <asio/experimental/awaitable_operators.hpp>

#include "audit/smb1_probe.hpp"
#include "client/ops.hpp"
#include "client/share_enum.hpp"
#include "core/filetime.hpp"
#include "crypto/primitives.hpp"
#include "netbios/name.hpp"
#include "netbios/nbns/packets.hpp"
#include "netbios/suffix_table.hpp"

namespace smbkit::audit {
namespace {

using namespace asio::experimental::awaitable_operators;
using tcp = asio::ip::tcp;

std::string guid_text(const smb2::guid& g) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
                  g[13], g[14], g[15]);
    return buf;
}

std::vector<std::string> capability_names(std::uint32_t c) {
    std::vector<std::string> out;
    const std::pair<std::uint32_t, const char*> names[] = {
        {smb2::cap::dfs, "DFS"},           {smb2::cap::leasing, "LEASING"},
        {smb2::cap::large_mtu, "LARGE_MTU"}, {smb2::cap::multi_channel, "MULTI_CHANNEL"},
        {smb2::cap::persistent_handles, "PERSISTENT_HANDLES"},
        {smb2::cap::directory_leasing, "DIRECTORY_LEASING"},
        {smb2::cap::encryption, "ENCRYPTION"}, {smb2::cap::notifications, "NOTIFICATIONS"}};
    for (auto [bit, name] : names)
        if (c & bit) out.push_back(name);
    return out;
}

// TCP connect with a deadline: open, closed (refused) or filtered (no answer).
asio::awaitable<port_state> tcp_probe(const std::string& host, std::uint16_t port,
                                      std::chrono::milliseconds timeout, std::string& note) {
    auto ex = co_await asio::this_coro::executor;
    tcp::socket s(ex);
    asio::steady_timer timer(ex, timeout);
    std::error_code ec;
    auto addr = asio::ip::make_address(host, ec);
    if (ec) {
        note = "bad address";
        co_return port_state::unknown;
    }
    auto which = co_await (s.async_connect(tcp::endpoint(addr, port), asio::redirect_error(asio::use_awaitable, ec)) ||
                           timer.async_wait(asio::use_awaitable));
    if (which.index() == 1) {
        note = "no answer within the timeout";
        co_return port_state::filtered;
    }
    if (!ec) {
        note = "TCP connect succeeded";
        co_return port_state::open;
    }
    note = ec.message();
    co_return ec == asio::error::connection_refused ? port_state::closed : port_state::filtered;
}

// A UDP socket connected to host:port, so that an ICMP port unreachable comes back as a
// refused send or receive.
bool connect_udp(asio::ip::udp::socket& s, const std::string& host, std::uint16_t port, std::string& note) {
    std::error_code ec;
    auto addr = asio::ip::make_address_v4(host, ec);
    if (!ec) s.open(asio::ip::udp::v4(), ec);
    if (!ec) s.connect(asio::ip::udp::endpoint(addr, port), ec);
    if (ec) note = ec.message();
    return !ec;
}

// UDP 138 answers nothing to a stranger, so only an ICMP port-unreachable (seen as a refused
// receive on a connected socket) says anything for sure.
asio::awaitable<port_state> nbds_probe(const std::string& host, std::uint16_t port,
                                       std::chrono::milliseconds timeout, std::string& note) {
    auto ex = co_await asio::this_coro::executor;
    asio::ip::udp::socket s(ex);
    std::error_code ec;
    if (!connect_udp(s, host, port, note)) co_return port_state::unknown;
    // RFC 1002 4.4.4 DATAGRAM QUERY REQUEST for *SMBSERVER.
    writer w(byte_order::big);
    w.u8(0x14);
    w.u8(0x02);
    w.u16(static_cast<std::uint16_t>(crypto::random_bytes(2)[0]));
    auto local = s.local_endpoint(ec);
    w.u32(local.address().to_v4().to_uint());
    w.u16(local.port());
    auto name = netbios::netbios_name::make("*SMBSERVER", 0x20);
    if (name) {
        std::string enc = netbios::first_level_encode(name->raw);
        w.u8(32);
        w.put(enc);
        w.u8(0);
    }
    s.send(asio::buffer(w.data()), 0, ec);
    std::array<std::uint8_t, 576> buf{};
    asio::steady_timer timer(ex, timeout);
    std::error_code rec;
    auto which = co_await (s.async_receive(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, rec)) ||
                           timer.async_wait(asio::use_awaitable));
    if (which.index() == 1) {
        note = "no ICMP refusal: open or filtered (the datagram service answers no queries)";
        co_return port_state::unknown;
    }
    if (rec == asio::error::connection_refused) {
        note = "ICMP port unreachable";
        co_return port_state::closed;
    }
    if (!rec) {
        note = "a datagram answered";
        co_return port_state::open;
    }
    note = rec.message();
    co_return port_state::unknown;
}

// RFC 1002 4.2.17 NODE STATUS on a socket connected to the host: a host without a name
// service answers with ICMP port unreachable (a refused receive), known at once rather than
// after every try's timeout, so dead hosts of a range cost nothing.
asio::awaitable<port_state> nbns_probe(const std::string& host, std::uint16_t port,
                                       std::chrono::milliseconds timeout, int tries,
                                       std::optional<netbios::nbns::node_status>& status,
                                       std::string& note) {
    auto ex = co_await asio::this_coro::executor;
    asio::ip::udp::socket s(ex);
    std::error_code ec;
    if (!connect_udp(s, host, port, note)) co_return port_state::unknown;
    auto id_bytes = crypto::random_bytes(2);
    std::uint16_t id = static_cast<std::uint16_t>(id_bytes[0] << 8 | id_bytes[1]);
    bytes request = netbios::nbns::encode(netbios::nbns::make_node_status_request(id));
    std::array<std::uint8_t, 1500> buf{};
    for (int t = 0; t < std::max(1, tries); ++t) {
        s.send(asio::buffer(request), 0, ec);
        if (ec == asio::error::connection_refused) {
            note = "ICMP port unreachable";
            co_return port_state::closed;
        }
        asio::steady_timer timer(ex, timeout);
        for (;;) {
            std::error_code rec;
            auto which = co_await (s.async_receive(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, rec)) ||
                                   timer.async_wait(asio::use_awaitable));
            if (which.index() == 1) break;  // this try timed out
            std::size_t n = std::get<0>(which);
            if (rec == asio::error::connection_refused) {
                note = "ICMP port unreachable";
                co_return port_state::closed;
            }
            if (rec) {
                note = rec.message();
                co_return port_state::unknown;
            }
            auto m = netbios::nbns::decode(byte_span(buf.data(), n));
            if (!m || !m->response || m->transaction_id != id || m->answers.empty() ||
                !m->answers[0].status())
                continue;  // not the answer to this request: keep listening until the timeout
            status = *m->answers[0].status();
            note = "node status answered";
            co_return port_state::open;
        }
    }
    note = "no answer to node status";
    co_return port_state::unknown;
}

asio::awaitable<bool> smb1_accepted(const std::string& host, std::uint16_t port, bool netbios,
                                    std::chrono::milliseconds timeout, std::string& evidence) {
    auto ex = co_await asio::this_coro::executor;
    client::transport t(ex);
    client::endpoint ep{host, port, netbios, "*SMBSERVER", "SMBKIT"};
    if (auto c = co_await t.connect(ep, timeout); !c) {
        evidence = c.error().to_string();
        co_return false;
    }
    auto probe = smb1_negotiate_probe();
    if (auto s = co_await t.send(probe); !s) co_return false;
    asio::steady_timer timer(ex, timeout);
    auto which = co_await (t.receive() || timer.async_wait(asio::use_awaitable));
    t.close();
    if (which.index() == 1) {
        evidence = "no answer to an SMB1 NEGOTIATE";
        co_return false;
    }
    auto& reply = std::get<0>(which);
    if (!reply) {
        evidence = "the connection was closed on an SMB1 NEGOTIATE";
        co_return false;
    }
    switch (classify_smb1_reply(*reply)) {
        case smb1_answer::accepted: evidence = "SMB1 NEGOTIATE selected NT LM 0.12"; co_return true;
        case smb1_answer::refused: evidence = "SMB1 NEGOTIATE refused"; co_return false;
        case smb1_answer::smb2: evidence = "answered an SMB1 NEGOTIATE in SMB2"; co_return false;
        case smb1_answer::garbage: evidence = "unintelligible answer to an SMB1 NEGOTIATE"; co_return false;
    }
    co_return false;
}

// Built outside the coroutines: g++ 12 cannot keep an initializer_list's array alive across a
// co_await ("array used as initializer").
std::vector<std::uint16_t> only(std::uint16_t v) { return std::vector<std::uint16_t>(1, v); }
std::vector<std::uint16_t> all_dialects() { return client::negotiate_options{}.dialects; }
std::vector<std::uint16_t> all_ciphers() { return client::negotiate_options{}.ciphers; }
std::vector<std::uint16_t> all_signing() { return client::negotiate_options{}.signing_algorithms; }
client::credentials no_credentials() { return client::credentials{}; }

client::endpoint smb_endpoint(const host_report& r, const probe_options& o) {
    bool direct = r.is_open(service::smb_direct);
    return {r.address, direct ? o.smb_port : o.nbss_port, !direct, "*SMBSERVER", "SMBKIT"};
}

using negotiation = client::outcome<std::shared_ptr<client::connection>>;

// What one probe offers: the given dialects, and on 3.1.1 the given ciphers or signing
// algorithms (all of them when left empty).
client::negotiate_options offer(std::vector<std::uint16_t> dialects, std::chrono::milliseconds timeout,
                                std::vector<std::uint16_t> ciphers = {}, std::vector<std::uint16_t> signing = {}) {
    client::negotiate_options n;
    n.dialects = std::move(dialects);
    n.timeout = timeout;
    if (!ciphers.empty()) n.ciphers = std::move(ciphers);
    if (!signing.empty()) n.signing_algorithms = std::move(signing);
    return n;
}

asio::awaitable<negotiation> negotiate_only(const client::endpoint& ep, std::vector<std::uint16_t> dialects,
                                            std::chrono::milliseconds timeout) {
    auto n = offer(std::move(dialects), timeout);
    co_return co_await client::connection::open(ep, n);
}

// Every negotiation at once, outcomes in order: a server that accepts and then never answers
// costs one timeout, not one per probe.
asio::awaitable<std::vector<negotiation>> negotiate_each(const client::endpoint& ep,
                                                         std::vector<client::negotiate_options> list) {
    auto ex = co_await asio::this_coro::executor;
    std::vector<negotiation> out(list.size(), negotiation(std::unexpected(client::error::transport("not run"))));
    std::size_t left = list.size();
    asio::steady_timer done(ex, asio::steady_timer::time_point::max());
    for (std::size_t i = 0; i < list.size(); ++i)
        asio::co_spawn(ex, client::connection::open(ep, list[i]), [&, i](std::exception_ptr e, negotiation v) {
            if (!e) out[i] = std::move(v);
            if (--left == 0) done.cancel();
        });
    while (left > 0) {
        std::error_code ec;
        co_await done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return out;
}

// Logs on as `who` and records what it can reach.
asio::awaitable<void> try_logon(host_report& r, const probe_options& o, logon_result& l,
                                const client::credentials& creds) {
    l.attempted = true;
    auto ep = smb_endpoint(r, o);
    auto dialects = all_dialects();
    auto c = co_await negotiate_only(ep, dialects, o.timeout);
    if (!c) {
        l.status = c.error().to_string();
        co_return;
    }
    auto s = co_await (*c)->login(creds);
    if (!s) {
        l.status = s.error().kind == client::error_kind::status ? ntstatus_string(s.error().status)
                                                                : s.error().to_string();
        (*c)->close();
        co_return;
    }
    l.succeeded = true;
    l.as_guest = s->guest;
    auto ipc = co_await (*c)->tree_connect("\\\\" + r.address + "\\IPC$");
    if (ipc) {
        client::tree t(*c, *ipc);
        auto shares = co_await client::enum_shares(t, r.address);
        if (shares) {
            l.shares_listed = true;
            for (const auto& s : *shares) l.shares.push_back({s.name, s.type_name(), s.comment, false, false, false});
        }
        co_await t.disconnect();
    }
    for (auto& sh : l.shares) {
        if (sh.type != "disk") continue;
        auto tc = co_await (*c)->tree_connect("\\\\" + r.address + "\\" + sh.name);
        if (!tc) continue;
        sh.connectable = true;
        client::tree t(*c, *tc);
        auto list = co_await client::list_directory(t, "");
        sh.readable = list.has_value();
        if (o.write_test) {
            auto bytes = crypto::random_bytes(8);
            std::string probe = "smbkit-audit-" + to_hex(bytes) + ".tmp";
            auto f = co_await t.open(probe, {.access = smb2::access::file_write_data | smb2::access::delete_,
                                             .disposition = smb2::create_disposition::create,
                                             .options = smb2::create_options::non_directory_file |
                                                        smb2::create_options::delete_on_close,
                                             .share = 0,
                                             .attributes = smb2::file_attribute::temporary});
            if (f) {
                sh.writable = true;
                co_await t.close(f->id);
            }
        }
        co_await t.disconnect();
    }
    (*c)->close();
}

}  // namespace

void fill_netbios(host_report& r, const netbios::nbns::node_status* st) {
    if (!st) return;
    r.netbios.answered = true;
    r.netbios.mac = st->mac();
    for (const auto& n : st->names) {
        std::string name = n.name();
        bool group = n.flags.group;
        r.netbios.names.push_back({netbios::printable(name), n.suffix(), group,
                                   netbios::describe_name(name, n.suffix(), group)});
        if (!group && n.suffix() == 0x00 && r.netbios.computer_name.empty()) r.netbios.computer_name = name;
        if (group && n.suffix() == 0x00 && r.netbios.workgroup.empty()) r.netbios.workgroup = name;
        if (group && n.suffix() == 0x1C) r.netbios.domain_controller = true;
        if ((n.suffix() == 0x1D && !group) || (n.suffix() == 0x01 && name == netbios::msbrowse_name))
            r.netbios.master_browser = true;
    }
}

asio::awaitable<void> probe_host(host_report& r, probe_options o) {
    if (auto a = parse_ipv4(r.address)) {
        r.scope = classify(*a);
        r.internet_facing = o.internet_facing || !is_lan(r.scope);
    }
    port_result smb, nbss, nbds, nbns;
    smb.svc = service::smb_direct;
    smb.port = o.smb_port;
    nbss.svc = service::nbss;
    nbss.port = o.nbss_port;
    nbds.svc = service::nbds;
    nbds.port = o.nbds_port;
    nbds.udp = true;
    nbns.svc = service::nbns;
    nbns.port = o.nbns_port;
    nbns.udp = true;
    // The four ports at once: a host's cost is its slowest port, not their sum.
    const auto udp_timeout = std::min(o.timeout, std::chrono::milliseconds(1000));
    std::optional<netbios::nbns::node_status> status;
    auto [s445, s139, s138, s137] = co_await (
        tcp_probe(r.address, o.smb_port, o.timeout, smb.note) &&
        tcp_probe(r.address, o.nbss_port, o.timeout, nbss.note) &&
        nbds_probe(r.address, o.nbds_port, udp_timeout, nbds.note) &&
        nbns_probe(r.address, o.nbns_port, udp_timeout, 2, status, nbns.note));
    smb.state = s445;
    nbss.state = s139;
    nbds.state = s138;
    nbns.state = s137;
    fill_netbios(r, status ? &*status : nullptr);
    r.ports.clear();
    r.ports.push_back(smb);
    r.ports.push_back(nbss);
    r.ports.push_back(nbns);
    r.ports.push_back(nbds);
    if (!r.is_open(service::smb_direct) && !r.is_open(service::nbss)) co_return;

    auto ep = smb_endpoint(r, o);
    r.smb.transport = std::string(ep.netbios ? "nbss/" : "tcp/") + std::to_string(ep.port);
    std::string evidence;
    const auto dialects = all_dialects();
    std::vector<client::negotiate_options> per_dialect;
    for (auto d : dialects) per_dialect.push_back(offer(only(d), o.timeout));
    auto [smb1, conns] = co_await (smb1_accepted(r.address, ep.port, ep.netbios, o.timeout, evidence) &&
                                   negotiate_each(ep, per_dialect));
    r.smb.smb1 = smb1;
    if (r.smb.smb1) r.smb.dialects.push_back("SMB1");

    std::shared_ptr<client::connection> best;
    for (std::size_t i = 0; i < dialects.size(); ++i) {
        auto& c = conns[i];
        if (!c) {
            if (c.error().kind == client::error_kind::transport && c.error().message.find("timed out") != std::string::npos)
                r.errors.push_back("dialect " + client::dialect_name(dialects[i]) + ": " + c.error().to_string());
            continue;
        }
        r.smb.reachable = true;
        r.smb.dialects.push_back(client::dialect_name(dialects[i]));
        if (best) best->close();
        best = *c;
    }
    if (!best) {
        if (!r.smb.smb1) r.errors.push_back("no SMB2/SMB3 dialect was accepted");
        r.smb.reachable = r.smb.smb1;
        co_return;
    }
    const auto& n = best->info();
    r.smb.signing_enabled = n.response.security_mode & smb2::security_mode::signing_enabled;
    r.smb.signing_required = n.signing_required();
    r.smb.server_guid = guid_text(n.response.server_guid);
    r.smb.capabilities = capability_names(n.response.capabilities);
    if (auto t = filetime_iso(n.response.system_time); !t.empty()) r.smb.server_time = t;
    if (auto t = filetime_iso(n.response.server_start_time); !t.empty()) r.smb.boot_time = t;
    r.smb.preauth_integrity = n.preauth_sha512;
    best->close();
    bool has_311 = std::find(r.smb.dialects.begin(), r.smb.dialects.end(), "3.1.1") != r.smb.dialects.end();
    if (has_311) {
        const auto ciphers = all_ciphers();
        const auto algorithms = all_signing();
        std::vector<client::negotiate_options> variants;
        for (auto c : ciphers) variants.push_back(offer(only(smb2::dialect::smb3_1_1), o.timeout, only(c)));
        for (auto a : algorithms)
            variants.push_back(offer(only(smb2::dialect::smb3_1_1), o.timeout, std::vector<std::uint16_t>(), only(a)));
        auto answers = co_await negotiate_each(ep, variants);
        for (std::size_t i = 0; i < answers.size(); ++i) {
            if (!answers[i]) continue;
            const auto& info = (*answers[i])->info();
            if (i < ciphers.size() && info.cipher == ciphers[i])
                r.smb.ciphers.push_back(client::cipher_name(ciphers[i]));
            std::size_t a = i - ciphers.size();
            if (i >= ciphers.size() && info.signing_algorithm == algorithms[a])
                r.smb.signing_algorithms.push_back(client::signing_algorithm_name(algorithms[a]));
            (*answers[i])->close();
        }
    } else if (std::find(r.smb.dialects.begin(), r.smb.dialects.end(), "3.0") != r.smb.dialects.end() &&
               (n.response.capabilities & smb2::cap::encryption)) {
        r.smb.ciphers.push_back("AES-128-CCM");
    }

    if (o.try_anonymous) {
        logon_result l;
        l.identity = "anonymous";
        auto none = no_credentials();
        co_await try_logon(r, o, l, none);
        r.logons.push_back(std::move(l));
    }
    if (o.try_guest) {
        // A made-up user: servers that map bad users to guest let it in as guest.
        logon_result l;
        l.identity = "guest";
        auto g = no_credentials();
        g.user = "smbkit-audit-" + to_hex(crypto::random_bytes(4));
        g.password = to_hex(crypto::random_bytes(8));
        co_await try_logon(r, o, l, g);
        if (l.succeeded && !l.as_guest) l.identity = "unknown user " + g.user;
        r.logons.push_back(std::move(l));
    }
    if (o.user) {
        logon_result l;
        l.identity = (o.user->domain.empty() ? "" : o.user->domain + "\\") + o.user->user;
        co_await try_logon(r, o, l, *o.user);
        r.logons.push_back(std::move(l));
    }
}

}  // namespace smbkit::audit
