// RFC 1001 15.1-15.2 and RFC 1002 5.1.1-5.1.4: the name service's protocol logic.
#include "server/name_service/engine.hpp"

#include <algorithm>
#include <random>

#include <spdlog/spdlog.h>

namespace smbkit::server::name_service {
namespace {

std::string ep(const ipv4& ip, std::uint16_t port) {
    return to_string(ip) + ":" + std::to_string(port);
}

std::vector<ipv4> addresses_in(const nbns::message& m) {
    std::vector<ipv4> out;
    if (!m.answers.empty())
        if (const auto* list = m.answers[0].addresses())
            for (const auto& a : *list) out.push_back(a.ip);
    return out;
}

// RFC 1002 4.2.1.3: a positive query response must fit the 576-byte UDP limit; 6 bytes an
// address leaves room for 80 after the header and the name.
constexpr std::size_t max_answer_addresses = 80;

}  // namespace

engine::engine(engine_config config, std::vector<interface_address> interfaces,
               std::optional<wins_db> db)
    : config_(std::move(config)), interfaces_(std::move(interfaces)), db_(std::move(db)),
      id_(static_cast<std::uint16_t>(std::random_device{}())) {
    if (config_.wins_support && !db_) db_.emplace();
    // Being our own WINS server means registering in our own database, which the names
    // table already answers for.
    if (config_.wins_server && (config_.wins_support || is_own_address(*config_.wins_server)))
        config_.wins_server.reset();
}

nbns::node_type engine::own_node_type() const {
    // Samba reports H when it uses a WINS server, B otherwise.
    return config_.wins_server || config_.wins_support ? nbns::node_type::h : nbns::node_type::b;
}

bool engine::is_own_address(const ipv4& ip) const {
    return std::any_of(interfaces_.begin(), interfaces_.end(),
                       [&](const interface_address& i) { return i.address == ip; });
}

nbns::nb_address engine::address_of(const local_name& n, std::size_t iface) const {
    nbns::nb_address a;
    a.group = n.group;
    a.ont = own_node_type();
    if (iface < interfaces_.size()) a.ip = interfaces_[iface].address;
    return a;
}

void engine::start(clock_now now) {
    auto add = [&](const std::string& name, std::uint8_t suffix, bool group, bool permanent) {
        if (auto r = add_name(name, suffix, group, now, permanent); !r)
            spdlog::error("name service: cannot use name {}<{:02X}>", name, suffix);
    };
    add(config_.netbios_name, 0x00, false, true);
    add(config_.netbios_name, 0x03, false, false);
    add(config_.netbios_name, 0x20, false, false);
    for (const auto& alias : config_.aliases) {
        add(alias, 0x00, false, false);
        add(alias, 0x03, false, false);
        add(alias, 0x20, false, false);
    }
    add(config_.workgroup, 0x00, true, false);
    add(config_.workgroup, 0x1E, true, false);
    next_expire_ = now.steady;
}

result<void> engine::add_name(std::string_view name, std::uint8_t suffix, bool group,
                              clock_now now, bool permanent) {
    auto n = netbios::netbios_name::make(name, suffix, config_.scope);
    if (!n) return std::unexpected(n.error());
    if (!names_.add(*n, group, permanent, now.steady)) return {};
    broadcast_ids_[*n] = next_id();
    if (config_.wins_server) {
        std::erase_if(wins_names_, [&](const wins_client_name& w) { return w.name == *n; });
        wins_names_.push_back(wins_client_name{*n, group, wins_state::registering, false, 0,
                                               next_id(), nbns::default_ttl, now.steady});
    }
    return {};
}

void engine::send(std::vector<datagram>& out, const nbns::message& m, const ipv4& to,
                  std::uint16_t port, std::size_t iface, bool after_commit) {
    out.push_back(datagram{nbns::encode(m), to, port, iface, after_commit});
    ++counters_.sent;
}

void engine::drop(const ipv4& from, std::uint16_t port, std::size_t size, const char* why) {
    ++counters_.malformed;
    log::limited_warn(bad_packets_, "name service: dropped a {}-byte packet from {}: {}", size,
                      ep(from, port), why);
}

void engine::receive(byte_span packet, const ipv4& from, std::uint16_t from_port,
                     std::size_t iface, clock_now now, std::vector<datagram>& out) {
    ++counters_.received;
    if (from_port == config_.port && is_own_address(from)) {
        ++counters_.own;  // our own broadcast, looped back
        return;
    }
    auto m = nbns::decode(packet);
    if (!m) return drop(from, from_port, packet.size(), "malformed NBNS message");
    auto kind = nbns::classify(*m);
    if (!kind) return drop(from, from_port, packet.size(), "not a valid NBNS request or response");
    if (m->response) return on_response(*m, *kind, from, now, out);
    switch (*kind) {
    case nbns::packet_kind::name_query_request:
        return on_query(*m, from, from_port, iface, now, out);
    case nbns::packet_kind::node_status_request:
        return on_status(*m, from, from_port, iface, out);
    case nbns::packet_kind::registration_request:
        return on_registration(*m, false, false, from, from_port, iface, now, out);
    case nbns::packet_kind::multihomed_registration_request:
        return on_registration(*m, true, false, from, from_port, iface, now, out);
    case nbns::packet_kind::refresh_request:
        return on_registration(*m, false, true, from, from_port, iface, now, out);
    case nbns::packet_kind::release_request:
        return on_release(*m, from, from_port, iface, now, out);
    default:
        return;
    }
}

// RFC 1002 5.1.1.3 (B-node) and 5.1.3.2 (NBNS): answer for our names; as a WINS server
// answer unicast queries from the database; never answer a broadcast negatively.
void engine::on_query(const nbns::message& m, const ipv4& from, std::uint16_t port,
                      std::size_t iface, clock_now now, std::vector<datagram>& out) {
    const auto& q = m.questions[0].name;
    bool wins = config_.wins_support && !m.broadcast;
    if (const auto* n = names_.find_active(q)) {
        bool cacheable = !(n->group && wins);
        if (cacheable) {
            for (const auto& c : answer_cache_) {
                if (c.version != names_.version() || c.iface != iface ||
                    c.recursion_desired != m.recursion_desired ||
                    c.recursion_available != wins || c.name != q)
                    continue;
                datagram d{c.packet, from, port, iface, false};
                d.data[0] = static_cast<std::uint8_t>(m.transaction_id >> 8);
                d.data[1] = static_cast<std::uint8_t>(m.transaction_id);
                out.push_back(std::move(d));
                ++counters_.sent;
                return;
            }
        }
        std::vector<nbns::nb_address> addrs{address_of(*n, iface)};
        if (n->group && wins) {
            if (const auto* rec = db_->find(q, now.wall))
                for (const auto& ip : rec->live(now.wall))
                    if (ip != addrs[0].ip && addrs.size() < max_answer_addresses)
                        addrs.push_back(nbns::nb_address{true, nbns::node_type::b, 0, ip});
        }
        send(out, nbns::make_positive_query_response(m.transaction_id, q, std::move(addrs),
                                                     nbns::default_ttl, m.recursion_desired,
                                                     wins),
             from, port, iface);
        if (cacheable) {
            std::erase_if(answer_cache_,
                          [&](const cached_answer& c) { return c.version != names_.version(); });
            if (answer_cache_.size() < 256)
                answer_cache_.push_back(
                    cached_answer{q, iface, m.recursion_desired, wins, names_.version(),
                                  out.back().data});
        }
        return;
    }
    if (m.broadcast) return;
    if (wins) {
        if (const auto* rec = db_->find(q, now.wall)) {
            std::vector<nbns::nb_address> addrs;
            wall_time soonest = wall_time::max();
            for (const auto& a : rec->addresses) {
                if (a.expires <= now.wall || addrs.size() >= max_answer_addresses) continue;
                addrs.push_back(nbns::nb_address{rec->is_group(), nbns::node_type::h, 0, a.ip});
                soonest = std::min(soonest, a.expires);
            }
            auto left = std::chrono::duration_cast<std::chrono::seconds>(soonest - now.wall);
            send(out, nbns::make_positive_query_response(
                          m.transaction_id, q, std::move(addrs),
                          static_cast<std::uint32_t>(std::max<std::int64_t>(1, left.count())),
                          m.recursion_desired, true),
                 from, port, iface);
            return;
        }
    }
    // nmbd answers a unicast query for a name it does not have with NAM_ERR, so that the
    // asker need not wait for its timeout.
    send(out, nbns::make_negative_query_response(m.transaction_id, q, nbns::rcode::nam_err,
                                                 m.recursion_desired, wins),
         from, port, iface);
}

// RFC 1002 4.2.17-4.2.18, 5.1.4 (node status): our name table, for "*" or any of our names.
void engine::on_status(const nbns::message& m, const ipv4& from, std::uint16_t port,
                       std::size_t iface, std::vector<datagram>& out) {
    const auto& q = m.questions[0].name;
    bool ours = (q.is_wildcard() && q.scope == config_.scope) || names_.find_active(q);
    if (!ours) return;
    nbns::node_status st;
    for (const auto& n : names_.names()) {
        if (n.state == name_state::released || st.names.size() >= 255) continue;
        nbns::node_name_entry e;
        e.raw = n.name.raw;
        e.flags.group = n.group;
        e.flags.ont = own_node_type();
        e.flags.active = n.state == name_state::active || n.state == name_state::registering;
        e.flags.conflict = n.state == name_state::conflict;
        e.flags.permanent = n.permanent;
        st.names.push_back(e);
    }
    if (iface < interfaces_.size()) st.statistics.unit_id = interfaces_[iface].mac;
    st.statistics.number_good_sends = static_cast<std::uint32_t>(counters_.sent);
    st.statistics.number_good_receives = static_cast<std::uint32_t>(counters_.received);
    send(out, nbns::make_node_status_response(m.transaction_id, q, std::move(st)), from, port,
         iface);
}

void engine::on_registration(const nbns::message& m, bool multihomed, bool refresh,
                             const ipv4& from, std::uint16_t port, std::size_t iface,
                             clock_now now, std::vector<datagram>& out) {
    const auto& name = m.questions[0].name;
    auto addr = nbns::first_address(m);
    if (!addr) return drop(from, port, 0, "registration without an address");
    std::uint32_t ttl = m.additional.empty() ? nbns::default_ttl : m.additional[0].ttl;
    if (m.broadcast) {
        // RFC 1002 5.1.1.2: defend a name we own against a B-node registering it.
        if (!refresh && names_.on_registration_request(name, addr->group) == defence::refuse) {
            spdlog::info("name service: defending {} against {}", name.to_string(),
                         to_string(addr->ip));
            send(out, nbns::make_registration_response(m.transaction_id, name, *addr,
                                                       nbns::rcode::act_err, 0,
                                                       m.recursion_desired, false),
                 from, port, iface);
        }
        return;
    }
    if (!config_.wins_support) return;  // a unicast registration is for a name server
    if (refresh && db_->refresh(name, addr->ip, ttl, now.wall)) {
        send(out, nbns::make_registration_response(m.transaction_id, name, *addr, nbns::rcode::ok,
                                                   std::clamp(ttl, min_wins_ttl, max_wins_ttl),
                                                   m.recursion_desired, true),
             from, port, iface, true);
        return;
    }
    // A refresh of a name the server does not hold for that address is a registration, as
    // Windows WINS and nmbd treat it.
    wins_register(m, name, addr->ip, addr->group, multihomed, ttl, from, port, iface, now, out);
}

void engine::wins_register(const nbns::message& m, const netbios::netbios_name& name,
                           const ipv4& ip, bool group, bool multihomed, std::uint32_t ttl,
                           const ipv4& from, std::uint16_t port, std::size_t iface, clock_now now,
                           std::vector<datagram>& out) {
    nbns::nb_address addr{group, nbns::node_type::b, 0, ip};
    if (auto a = nbns::first_address(m)) addr = *a;
    auto answer = [&](nbns::rcode rc, bool after_commit) {
        send(out, nbns::make_registration_response(m.transaction_id, name, addr, rc,
                                                   rc == nbns::rcode::ok
                                                       ? std::clamp(ttl, min_wins_ttl, max_wins_ttl)
                                                       : 0,
                                                   m.recursion_desired, true),
             from, port, iface, after_commit);
    };
    // Our own names are held by this server whatever the database says.
    if (!is_own_address(ip) && names_.on_registration_request(name, group) == defence::refuse) {
        spdlog::info("WINS: refused {} for {}: it is this server's name", name.to_string(),
                     to_string(ip));
        return answer(nbns::rcode::act_err, false);
    }
    for (const auto& c : challenges_)
        if (c.name == name) return;  // being decided; the registrant has its WACK and retries
    if (db_->size() >= max_wins_records && !db_->find(name, now.wall)) {
        db_->expire(now.wall);
        if (db_->size() >= max_wins_records) {
            log::limited_warn(bad_packets_, "WINS: database full ({} records); refusing {}",
                              db_->size(), name.to_string());
            return answer(nbns::rcode::rfs_err, false);
        }
    }
    switch (db_->check(name, ip, group, multihomed, now.wall)) {
    case verdict::grant:
        db_->grant(name, ip, group, multihomed, ttl, now.wall);
        spdlog::info("WINS: registered {} at {}", name.to_string(), to_string(ip));
        return answer(nbns::rcode::ok, true);
    case verdict::refuse:
        spdlog::info("WINS: refused {} for {}", name.to_string(), to_string(ip));
        return answer(nbns::rcode::act_err, false);
    case verdict::challenge: break;
    }
    if (challenges_.size() >= max_challenges) return;  // a flood; the registrant will retry
    // RFC 1002 5.1.4.1: tell the registrant to wait, then ask the owner whether it still
    // holds the name.
    challenge c;
    c.name = name;
    c.registrant = ip;
    c.reply_to = from;
    c.reply_port = port;
    c.iface = iface;
    c.request_id = m.transaction_id;
    c.group = group;
    c.multihomed = multihomed;
    c.recursion_desired = m.recursion_desired;
    c.ttl = ttl;
    c.owners = db_->find(name, now.wall)->live(now.wall);
    c.query_id = next_id();
    c.next = now.steady;
    spdlog::info("WINS: {} wants {} held by {}; challenging the owner", to_string(ip),
                 name.to_string(), to_string(c.owners.front()));
    send(out, nbns::make_wack(m, wack_ttl), from, port, iface);
    challenges_.push_back(c);
    tick(now, out);
}

void engine::finish_challenge(challenge& c, const std::vector<ipv4>& owner_answer,
                              clock_now now, std::vector<datagram>& out) {
    nbns::nb_address addr{c.group, nbns::node_type::b, 0, c.registrant};
    auto v = db_->decide_after_challenge(c.name, c.registrant, c.multihomed, owner_answer,
                                         now.wall);
    nbns::rcode rc = nbns::rcode::act_err;
    if (v == verdict::grant) {
        db_->grant(c.name, c.registrant, c.group, c.multihomed, c.ttl, now.wall,
                   owner_answer.empty());
        rc = nbns::rcode::ok;
        spdlog::info("WINS: registered {} at {} (previous owner {})", c.name.to_string(),
                     to_string(c.registrant), owner_answer.empty() ? "did not answer" : "agrees");
    } else {
        spdlog::info("WINS: refused {} for {}: the owner still holds it", c.name.to_string(),
                     to_string(c.registrant));
    }
    send(out,
         nbns::make_registration_response(
             c.request_id, c.name, addr, rc,
             rc == nbns::rcode::ok ? std::clamp(c.ttl, min_wins_ttl, max_wins_ttl) : 0,
             c.recursion_desired, true),
         c.reply_to, c.reply_port, c.iface, rc == nbns::rcode::ok);
}

// RFC 1002 5.1.3.3 / nmbd: a release from the holder removes its address; anything else is
// NAM_ERR. Broadcast releases concern B-nodes' caches, which we do not keep.
void engine::on_release(const nbns::message& m, const ipv4& from, std::uint16_t port,
                        std::size_t iface, clock_now now, std::vector<datagram>& out) {
    if (m.broadcast || !config_.wins_support) return;
    const auto& name = m.questions[0].name;
    auto addr = nbns::first_address(m);
    if (!addr) return;
    bool ok = db_->release(name, addr->ip, now.wall);
    if (ok) spdlog::info("WINS: released {} at {}", name.to_string(), to_string(addr->ip));
    send(out, nbns::make_release_response(m.transaction_id, name, *addr,
                                          ok ? nbns::rcode::ok : nbns::rcode::nam_err),
         from, port, iface, ok);
}

// Responses are never answered; they move our own state machines.
void engine::on_response(const nbns::message& m, nbns::packet_kind kind, const ipv4& from,
                         clock_now now, std::vector<datagram>& out) {
    using nbns::packet_kind;
    const auto* subject = nbns::subject_name(m);
    switch (kind) {
    case packet_kind::conflict_demand:
        if (subject) names_.mark_conflict(*subject, "name conflict demand from " + to_string(from));
        return;
    case packet_kind::registration_response: {
        if (!subject) return;
        for (auto& w : wins_names_) {
            if (w.id != m.transaction_id || w.name != *subject || !config_.wins_server ||
                from != *config_.wins_server || w.state != wins_state::registering)
                continue;
            if (m.rcode == 0) {
                w.state = wins_state::registered;
                w.ttl = std::max<std::uint32_t>(m.answers[0].ttl, 60);
                w.next = now.steady + std::chrono::seconds(w.ttl / 2);
                spdlog::info("name service: {} registered with WINS server {} (TTL {} s)",
                             w.name.to_string(), to_string(from), w.ttl);
            } else {
                w.state = wins_state::refused;
                names_.mark_conflict(w.name, std::string("WINS server refused it: ") +
                                                 nbns::rcode_name(m.rcode));
            }
            return;
        }
        if (m.rcode != 0) {
            const auto* n = names_.find(*subject);
            if (n && n->state == name_state::registering)
                names_.mark_conflict(*subject, "negative registration response (" +
                                                   std::string(nbns::rcode_name(m.rcode)) +
                                                   ") from " + to_string(from));
        }
        return;
    }
    case packet_kind::wack:
        for (auto& w : wins_names_)
            if (w.id == m.transaction_id && w.state == wins_state::registering) {
                auto wait = std::clamp<std::uint32_t>(m.answers[0].ttl, 1, 120);
                w.next = now.steady + std::chrono::seconds(wait);
                w.tries = 0;
            }
        return;
    case packet_kind::positive_query_response:
    case packet_kind::negative_query_response:
        for (auto it = challenges_.begin(); it != challenges_.end(); ++it) {
            if (it->query_id != m.transaction_id ||
                std::find(it->owners.begin(), it->owners.end(), from) == it->owners.end())
                continue;
            auto c = *it;
            challenges_.erase(it);
            finish_challenge(c,
                             kind == packet_kind::positive_query_response ? addresses_in(m)
                                                                          : std::vector<ipv4>{},
                             now, out);
            return;
        }
        return;
    default:
        return;
    }
}

void engine::tick(clock_now now, std::vector<datagram>& out) {
    for (const auto& name : names_.tick(now.steady)) {
        const auto* n = names_.find(name);
        for (std::size_t i = 0; i < interfaces_.size(); ++i) {
            nbns::registration_options o;
            o.broadcast = true;
            send(out, nbns::make_registration_request(broadcast_ids_[name], name,
                                                      address_of(*n, i), o),
                 interfaces_[i].broadcast, config_.port, i);
        }
    }
    for (auto it = challenges_.begin(); it != challenges_.end();) {
        if (it->next > now.steady) {
            ++it;
            continue;
        }
        if (it->queries_sent < challenge_queries) {
            for (const auto& owner : it->owners)
                send(out, nbns::make_name_query(it->query_id, it->name, false, false), owner,
                     137, it->iface);
            ++it->queries_sent;
            it->next = now.steady + challenge_timeout;
            ++it;
            continue;
        }
        auto c = *it;
        it = challenges_.erase(it);
        finish_challenge(c, {}, now, out);
    }
    wins_client_tick(now, out);
    if (db_ && now.steady >= next_expire_) {
        if (auto n = db_->expire(now.wall)) spdlog::info("WINS: {} addresses expired", n);
        next_expire_ = now.steady + std::chrono::seconds(60);
    }
}

void engine::wins_client_tick(clock_now now, std::vector<datagram>& out) {
    if (!config_.wins_server || interfaces_.empty()) return;
    for (auto& w : wins_names_) {
        if (w.next > now.steady || w.state == wins_state::refused) continue;
        const auto* n = names_.find(w.name);
        if (!n || n->state == name_state::conflict || n->state == name_state::released) continue;
        if (w.state == wins_state::registered) {  // TTL/2 has passed: refresh
            w.state = wins_state::registering;
            w.refreshing = true;
            w.tries = 0;
            w.id = next_id();
        }
        if (w.tries >= wins_retry_count) {
            spdlog::warn("name service: WINS server {} does not answer for {}; retrying in {} s",
                         to_string(*config_.wins_server), w.name.to_string(),
                         wins_retry_pause.count());
            w.tries = 0;
            w.id = next_id();
            w.next = now.steady + wins_retry_pause;
            continue;
        }
        auto addr = address_of(*n, 0);
        nbns::message m =
            w.refreshing ? nbns::make_refresh_request(w.id, w.name, addr, nbns::default_ttl)
                         : nbns::make_registration_request(
                               w.id, w.name, addr, {false, false, nbns::default_ttl});
        send(out, m, *config_.wins_server, 137, 0);
        ++w.tries;
        w.next = now.steady + wins_retry_timeout;
    }
}

std::optional<steady_time> engine::next_deadline() const {
    auto d = names_.next_deadline();
    auto take = [&](steady_time t) {
        if (!d || t < *d) d = t;
    };
    for (const auto& c : challenges_) take(c.next);
    if (config_.wins_server)
        for (const auto& w : wins_names_)
            if (w.state != wins_state::refused) take(w.next);
    if (db_) take(next_expire_);
    return d;
}

void engine::shutdown(std::vector<datagram>& out) {
    auto released = names_.release_all();
    for (const auto& n : released) {
        for (std::size_t i = 0; i < interfaces_.size(); ++i)
            send(out, nbns::make_release_request(next_id(), n.name, address_of(n, i), true),
                 interfaces_[i].broadcast, config_.port, i);
        if (config_.wins_server)
            for (const auto& w : wins_names_)
                if (w.name == n.name && w.state != wins_state::refused)
                    send(out,
                         nbns::make_release_request(next_id(), n.name, address_of(n, 0), false),
                         *config_.wins_server, 137, 0);
    }
    if (!released.empty())
        spdlog::info("name service: released {} names", released.size());
}

}  // namespace smbkit::server::name_service
