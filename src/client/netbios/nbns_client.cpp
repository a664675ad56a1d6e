// NBNS client engine: RFC 1002 4.2.12 / 4.2.17 requests with RFC 1001 15.1.3 retries.
#include "client/netbios/nbns_client.hpp"

#include <deque>
#include <map>
#include <memory>
#include <random>

#include <asio.hpp>

#include "core/log.hpp"
#include "netbios/nbns/packets.hpp"

namespace smbkit::client::netbios {
namespace {

using asio::ip::udp;
using clock = std::chrono::steady_clock;

struct slot {
    std::size_t index;
    std::uint16_t id;
    std::unique_ptr<asio::steady_timer> timer;
    bytes wire;
};

// All state of one run(); lives on run()'s stack while the io_context runs.
class engine {
public:
    engine(std::vector<job>& jobs, const query_options& o, const done_callback& on_done)
        : jobs_(jobs), o_(o), on_done_(on_done), socket_(io_), results_(jobs.size()) {
        std::random_device rd;
        next_id_ = static_cast<std::uint16_t>(rd());
    }

    std::error_code open() {
        std::error_code ec;
        socket_.open(udp::v4(), ec);
        if (ec) return ec;
        socket_.set_option(asio::socket_base::broadcast(true), ec);
        if (ec) return ec;
        address_v4 local;
        if (!o_.source.empty()) {
            local = asio::ip::make_address_v4(o_.source, ec);
            if (ec) return ec;
        }
        socket_.bind(udp::endpoint(local, 0), ec);
        if (ec) return ec;
        // Every job to one unicast destination: a connected socket hears the ICMP port
        // unreachable of a host with no name service (ECONNREFUSED) instead of waiting out
        // every try.
        bool one_peer = !jobs_.empty();
        for (const auto& j : jobs_) one_peer = one_peer && !j.broadcast && j.to == jobs_[0].to;
        if (one_peer && !jobs_[0].to.is_unspecified()) {
            socket_.connect(udp::endpoint(jobs_[0].to, o_.port), ec);
            if (ec) return ec;
            connected_ = true;
        }
        return ec;
    }

    void start() {
        receive();
        fill();
    }

    void run() {
        if (!jobs_.empty()) io_.run();
    }

    std::vector<job_result> take() { return std::move(results_); }

private:
    // Starts jobs until max_in_flight are outstanding.
    void fill() {
        std::size_t limit = std::max<std::size_t>(1, o_.max_in_flight);
        while (next_job_ < jobs_.size() && in_flight_.size() < limit) {
            std::size_t index = next_job_++;
            // A transaction id not in use by another request in flight.
            std::uint16_t id = next_id_++;
            while (in_flight_.count(id)) id = next_id_++;
            auto& s = in_flight_[id];
            s.index = index;
            s.id = id;
            s.timer = std::make_unique<asio::steady_timer>(io_);
            jobs_[index].request.transaction_id = id;
            s.wire = nbns::encode(jobs_[index].request);
            send(id);
        }
        if (next_job_ == jobs_.size() && in_flight_.empty()) {
            std::error_code ignored;
            socket_.cancel(ignored);
            socket_.close(ignored);
        }
    }

    void send(std::uint16_t id) {
        auto it = in_flight_.find(id);
        if (it == in_flight_.end()) return;
        auto& s = it->second;
        auto& r = results_[s.index];
        ++r.tries;
        std::error_code ec;
        if (connected_)
            socket_.send(asio::buffer(s.wire), 0, ec);
        else
            socket_.send_to(asio::buffer(s.wire), udp::endpoint(jobs_[s.index].to, o_.port), 0, ec);
        if (ec) {
            spdlog::debug("nbns: send to {} failed: {}", jobs_[s.index].to.to_string(), ec.message());
            r.send_error = ec;
            finish(id);
            return;
        }
        s.timer->expires_after(o_.timeout);
        s.timer->async_wait([this, id](const std::error_code& e) {
            if (!e) timed_out(id);
        });
    }

    void timed_out(std::uint16_t id) {
        auto it = in_flight_.find(id);
        if (it == in_flight_.end()) return;
        auto& r = results_[it->second.index];
        if (r.answers.empty() && r.tries <= o_.retries) {
            send(id);
            return;
        }
        finish(id);
    }

    void finish(std::uint16_t id) {
        auto it = in_flight_.find(id);
        if (it == in_flight_.end()) return;
        std::size_t index = it->second.index;
        in_flight_.erase(it);  // destroys the timer, cancelling its wait
        if (on_done_) on_done_(index, results_[index]);
        fill();
    }

    void receive() {
        socket_.async_receive_from(
            asio::buffer(buf_), from_, [this](const std::error_code& ec, std::size_t n) {
                if (ec == asio::error::operation_aborted || !socket_.is_open()) return;
                if (!ec) {
                    handle(n);
                } else if (connected_ && ec == asio::error::connection_refused) {
                    refused(ec);
                    if (!socket_.is_open()) return;
                }
                // On an unconnected socket ICMP errors are not reported; the request simply
                // goes unanswered and is retried.
                receive();
            });
    }

    // The one peer has no name service: every request to it fails now.
    void refused(const std::error_code& ec) {
        std::vector<std::uint16_t> ids;
        for (const auto& [id, s] : in_flight_) ids.push_back(id);
        for (auto id : ids) {
            auto it = in_flight_.find(id);
            if (it == in_flight_.end()) continue;
            results_[it->second.index].send_error = ec;
            finish(id);
        }
    }

    void handle(std::size_t n) {
        auto m = nbns::decode(byte_span(buf_.data(), n));
        if (!m) {
            log::limited_warn(bad_packets_, "nbns: malformed packet from {} ({} bytes) ignored",
                              from_.address().to_string(), n);
            return;
        }
        if (!m->response) return;  // our own broadcast looping back, or another client
        auto it = in_flight_.find(m->transaction_id);
        if (it == in_flight_.end()) return;  // late answer to a finished request
        auto& s = it->second;
        const auto& j = jobs_[s.index];
        auto from = from_.address();
        if (!from.is_v4()) return;
        // A unicast answer must come from the address asked: a node answering from another
        // address (a wildcard-bound responder, a spoofer) is not that host.
        if (!j.broadcast && from.to_v4() != j.to) {
            spdlog::debug("nbns: answer for {} came from {}; ignored", j.to.to_string(),
                          from.to_string());
            return;
        }
        // RFC 1002 4.2.16: a WACK asks the requester to wait TTL seconds for the real answer.
        if (m->opcode == nbns::opcode::wack) {
            if (!m->answers.empty()) {
                auto wait = std::chrono::seconds(std::min<std::uint32_t>(m->answers[0].ttl, 60));
                s.timer->expires_after(std::max<std::chrono::milliseconds>(o_.timeout, wait));
                std::uint16_t id = s.id;
                s.timer->async_wait([this, id](const std::error_code& e) {
                    if (!e) timed_out(id);
                });
            }
            return;
        }
        auto& r = results_[s.index];
        r.answers.push_back({from.to_v4(), std::move(*m)});
        if (!j.broadcast) {
            finish(s.id);
        } else if (r.answers.size() == 1 && o_.broadcast_linger.count() > 0) {
            std::uint16_t id = s.id;
            s.timer->expires_after(o_.broadcast_linger);
            s.timer->async_wait([this, id](const std::error_code& e) {
                if (!e) finish(id);
            });
        }
    }

    std::vector<job>& jobs_;
    const query_options& o_;
    const done_callback& on_done_;
    asio::io_context io_;
    udp::socket socket_;
    std::vector<job_result> results_;
    std::map<std::uint16_t, slot> in_flight_;
    std::size_t next_job_ = 0;
    std::uint16_t next_id_ = 0;
    std::array<std::uint8_t, 65536> buf_{};
    udp::endpoint from_;
    bool connected_ = false;
    log::rate_limiter bad_packets_;
};

}  // namespace

std::expected<std::vector<job_result>, std::error_code> run(std::vector<job> jobs,
                                                            const query_options& o,
                                                            const done_callback& on_done) {
    auto e = std::make_unique<engine>(jobs, o, on_done);
    if (auto ec = e->open()) return std::unexpected(ec);
    e->start();
    e->run();
    return e->take();
}

std::expected<name_lookup, std::error_code> lookup_name(const nbns::netbios_name& name,
                                                        address_v4 to, bool broadcast,
                                                        bool recursion_desired,
                                                        const query_options& o) {
    std::vector<job> jobs(1);
    jobs[0].to = to;
    jobs[0].broadcast = broadcast;
    jobs[0].request = nbns::make_name_query(0, name, broadcast, recursion_desired);
    auto results = run(std::move(jobs), o);
    if (!results) return std::unexpected(results.error());
    auto& r = (*results)[0];
    if (r.send_error) return std::unexpected(r.send_error);
    name_lookup out;
    for (const auto& a : r.answers) {
        auto kind = nbns::classify(a.message);
        if (!kind) continue;
        out.answered = true;
        if (*kind == nbns::packet_kind::negative_query_response) {
            out.rcode = a.message.rcode;
        } else if (*kind == nbns::packet_kind::redirect_query_response) {
            out.redirected = true;
        } else if (*kind == nbns::packet_kind::positive_query_response) {
            for (const auto& rr : a.message.answers)
                if (const auto* addrs = rr.addresses())
                    for (const auto& ad : *addrs) out.entries.push_back({a.from, ad, rr.ttl});
        }
    }
    return out;
}

namespace {
host_status status_of(address_v4 to, const job_result& r) {
    host_status h;
    h.address = to;
    h.send_error = r.send_error;
    for (const auto& a : r.answers) {
        auto kind = nbns::classify(a.message);
        if (!kind || *kind != nbns::packet_kind::node_status_response) continue;
        h.answered = true;
        h.status = *a.message.answers[0].status();
        break;
    }
    return h;
}
}  // namespace

std::expected<host_status, std::error_code> query_status(address_v4 to, const query_options& o,
                                                         const nbns::netbios_name* name) {
    std::vector<job> jobs(1);
    jobs[0].to = to;
    jobs[0].request =
        nbns::make_node_status_request(0, name ? *name : nbns::netbios_name::wildcard());
    auto results = run(std::move(jobs), o);
    if (!results) return std::unexpected(results.error());
    auto& r = (*results)[0];
    if (r.send_error) return std::unexpected(r.send_error);
    return status_of(to, r);
}

std::expected<std::vector<host_status>, std::error_code> scan(
    const std::vector<address_v4>& hosts, const query_options& o,
    const std::function<void(const host_status&)>& on_host) {
    std::vector<job> jobs(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        jobs[i].to = hosts[i];
        jobs[i].request = nbns::make_node_status_request(0);
    }
    done_callback cb;
    if (on_host)
        cb = [&](std::size_t i, const job_result& r) { on_host(status_of(hosts[i], r)); };
    auto results = run(std::move(jobs), o, cb);
    if (!results) return std::unexpected(results.error());
    std::vector<host_status> out;
    out.reserve(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) out.push_back(status_of(hosts[i], (*results)[i]));
    return out;
}

host_summary summarize(const nbns::node_status& st) {
    host_summary s;
    s.mac = st.mac();
    std::string own_03;
    for (const auto& e : st.names) {
        bool unique = !e.flags.group;
        if (unique && e.suffix() == 0x00 && s.name.empty()) s.name = e.name();
        if (!unique && e.suffix() == 0x00 && s.workgroup.empty()) s.workgroup = e.name();
        if (unique && e.suffix() == 0x20) s.server = true;
    }
    for (const auto& e : st.names) {
        if (e.flags.group || e.suffix() != 0x03) continue;
        if (e.name() == s.name) own_03 = e.name();
        else s.user = e.name();
    }
    if (s.user.empty()) s.user = own_03;
    return s;
}

}  // namespace smbkit::client::netbios
