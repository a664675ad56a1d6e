#include "client/connection.hpp"

#include <algorithm>
#include <cstdio>

#include <asio/experimental/awaitable_operators.hpp>

#include "core/log.hpp"
#include "crypto/primitives.hpp"
#include "smb2/session_setup.hpp"
#include "smb2/simple.hpp"
#include "smb2/tree_connect.hpp"

namespace smbkit::client {

struct connection::waiter {
    explicit waiter(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    std::optional<outcome<response>> result;
};

namespace {

using namespace asio::experimental::awaitable_operators;
constexpr std::uint16_t credits_wanted = 256;

bool offered(const std::vector<std::uint16_t>& list, std::uint16_t v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::string dialect_name(std::uint16_t d) {
    switch (d) {
        case smb2::dialect::smb2_002: return "2.0.2";
        case smb2::dialect::smb2_1: return "2.1";
        case smb2::dialect::smb3_0: return "3.0";
        case smb2::dialect::smb3_0_2: return "3.0.2";
        case smb2::dialect::smb3_1_1: return "3.1.1";
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", d);
    return buf;
}

std::string cipher_name(std::uint16_t c) {
    switch (c) {
        case smb2::cipher::aes128_ccm: return "AES-128-CCM";
        case smb2::cipher::aes128_gcm: return "AES-128-GCM";
        case smb2::cipher::aes256_ccm: return "AES-256-CCM";
        case smb2::cipher::aes256_gcm: return "AES-256-GCM";
    }
    return "cipher " + std::to_string(c);
}

std::string signing_algorithm_name(std::uint16_t a) {
    switch (a) {
        case smb2::signing_algorithm::hmac_sha256: return "HMAC-SHA256";
        case smb2::signing_algorithm::aes_cmac: return "AES-CMAC";
        case smb2::signing_algorithm::aes_gmac: return "AES-GMAC";
    }
    return "algorithm " + std::to_string(a);
}

asio::awaitable<outcome<std::shared_ptr<connection>>> connection::open(endpoint ep,
                                                                       negotiate_options opts) {
    auto ex = co_await asio::this_coro::executor;
    std::shared_ptr<connection> c(new connection(ex, std::move(opts)));
    if (auto r = co_await c->transport_.connect(ep, c->opts_.timeout); !r)
        co_return unexpected_error(r.error());
    if (auto r = co_await c->negotiate(ep); !r) {
        c->close();
        co_return unexpected_error(r.error());
    }
    c->reader_running_ = true;
    asio::co_spawn(ex, [self = c]() { return self->reader(); }, asio::detached);
    co_return c;
}

connection::~connection() { transport_.close(); }

void connection::close() {
    transport_.close();
    fail_all(error::transport("connection closed"));
}

// MS-SMB2 3.2.4.2.2.2: the NEGOTIATE request, then its response, before the reader runs.
asio::awaitable<outcome<void>> connection::negotiate(const endpoint& ep) {
    auto guid = crypto::random_bytes(client_guid_.size());
    std::copy(guid.begin(), guid.end(), client_guid_.begin());
    smb2::negotiate_request req;
    req.security_mode = smb2::security_mode::signing_enabled |
                        (opts_.require_signing ? smb2::security_mode::signing_required : 0);
    req.capabilities = smb2::cap::large_mtu | smb2::cap::encryption;
    req.client_guid = client_guid_;
    req.dialects = opts_.dialects;
    if (req.offers(smb2::dialect::smb3_1_1)) {
        smb2::preauth_integrity_capabilities pre;
        pre.hash_algorithms = {smb2::hash_algorithm::sha512};
        pre.salt = crypto::random_bytes(32);
        req.contexts.push_back(pre.to_context());
        if (!opts_.ciphers.empty())
            req.contexts.push_back(smb2::encryption_capabilities{opts_.ciphers}.to_context());
        if (!opts_.signing_algorithms.empty())
            req.contexts.push_back(smb2::signing_capabilities{opts_.signing_algorithms}.to_context());
        req.contexts.push_back(smb2::netname_context{ep.host}.to_context());
    }
    smb2::header h;
    h.cmd = smb2::command::negotiate;
    h.credits = credits_wanted;
    h.message_id = 0;
    writer w;
    h.encode(w);
    req.encode(w);
    bytes request = w.take();
    if (auto r = co_await transport_.send(request); !r) co_return unexpected_error(r.error());

    // The reader is not running yet, so no waiter's timer guards this answer: a server that
    // accepts and never answers must still fail within the timeout.
    asio::steady_timer deadline(co_await asio::this_coro::executor, opts_.timeout);
    auto got = co_await (transport_.receive() || deadline.async_wait(asio::use_awaitable));
    if (got.index() == 1) co_return unexpected_error(error::transport("NEGOTIATE timed out"));
    auto& frame = std::get<0>(got);
    if (!frame) co_return unexpected_error(frame.error());
    if (frame->size() >= 4 && (*frame)[0] == 0xFF && (*frame)[1] == 'S')
        co_return unexpected_error(error::malformed("the server answered with SMB1"));
    auto rh = smb2::header::decode(*frame);
    if (!rh || !rh->is_response() || rh->cmd != smb2::command::negotiate)
        co_return unexpected_error(error::malformed("bad NEGOTIATE response header"));
    if (is_error(rh->status))
        co_return unexpected_error(error::from_status(rh->status, "NEGOTIATE"));
    auto resp = smb2::negotiate_response::decode(*frame);
    if (!resp) co_return unexpected_error(error::malformed("bad NEGOTIATE response"));
    if (!offered(opts_.dialects, resp->dialect_revision))
        co_return unexpected_error(error::malformed("the server chose dialect " +
                                                    dialect_name(resp->dialect_revision) +
                                                    ", which was not offered"));
    negotiated_.response = *resp;
    negotiated_.dialect = resp->dialect_revision;
    negotiated_.signing_algorithm =
        static_cast<std::uint16_t>(crypto::default_signing_algorithm(negotiated_.dialect));
    if (negotiated_.dialect == smb2::dialect::smb3_1_1) {
        const auto* pre = smb2::find_context(resp->contexts, smb2::negotiate_context_type::preauth_integrity_capabilities);
        if (!pre) co_return unexpected_error(error::malformed("3.1.1 response without preauth integrity context"));
        auto p = smb2::preauth_integrity_capabilities::parse(pre->data);
        if (!p || p->hash_algorithms.size() != 1 || p->hash_algorithms[0] != smb2::hash_algorithm::sha512)
            co_return unexpected_error(error::malformed("bad preauth integrity context"));
        negotiated_.preauth_sha512 = true;
        if (const auto* enc = smb2::find_context(resp->contexts, smb2::negotiate_context_type::encryption_capabilities)) {
            auto e = smb2::encryption_capabilities::parse(enc->data);
            if (!e) co_return unexpected_error(error::malformed("bad encryption context"));
            negotiated_.offered_ciphers = e->ciphers;
            if (!e->ciphers.empty() && e->ciphers[0] != 0) {
                if (!offered(opts_.ciphers, e->ciphers[0]))
                    co_return unexpected_error(error::malformed("the server chose a cipher that was not offered"));
                negotiated_.cipher = e->ciphers[0];
            }
        }
        if (const auto* sig = smb2::find_context(resp->contexts, smb2::negotiate_context_type::signing_capabilities)) {
            auto s = smb2::signing_capabilities::parse(sig->data);
            if (!s || s->algorithms.size() != 1 || !offered(opts_.signing_algorithms, s->algorithms[0]))
                co_return unexpected_error(error::malformed("bad signing context"));
            negotiated_.signing_algorithm = s->algorithms[0];
        }
        conn_preauth_.update(request);
        conn_preauth_.update(*frame);
    } else if (negotiated_.dialect >= smb2::dialect::smb3_0 &&
               (resp->capabilities & smb2::cap::encryption)) {
        negotiated_.cipher = smb2::cipher::aes128_ccm;
        negotiated_.offered_ciphers = {smb2::cipher::aes128_ccm};
    }
    credits_ = std::max<std::uint32_t>(rh->credits, 1);
    next_message_id_ = 1;
    co_return outcome<void>{};
}

bool connection::must_encrypt(const request_options& o) const {
    if (!keys_ || keys_->client_to_server.cipher == crypto::cipher_id::none) return false;
    if (o.encrypt || session_.encrypting) return true;
    return std::find(encrypted_trees_.begin(), encrypted_trees_.end(), o.tree_id) != encrypted_trees_.end();
}

asio::awaitable<outcome<void>> connection::take_credits(std::uint16_t charge) {
    auto give_up = std::chrono::steady_clock::now() + opts_.timeout;
    while (credits_ < charge) {
        if (broken_) co_return unexpected_error(*broken_);
        if (std::chrono::steady_clock::now() >= give_up)
            co_return unexpected_error(error::transport("no credits granted by the server"));
        credit_wait_.expires_after(std::chrono::milliseconds(100));
        std::error_code ec;
        co_await credit_wait_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    credits_ -= charge;
    co_return outcome<void>{};
}

asio::awaitable<outcome<response>> connection::await_reply(std::shared_ptr<waiter> w8,
                                                           std::uint64_t id, smb2::command cmd) {
    while (!w8->result) {
        std::error_code ec;
        co_await w8->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!w8->result && !ec && w8->timer.expiry() <= std::chrono::steady_clock::now()) {
            pending_.erase(id);
            co_return unexpected_error(error::transport(std::string(smb2::command_name(cmd)) +
                                                        " timed out"));
        }
    }
    auto result = std::move(*w8->result);
    if (!result) co_return unexpected_error(result.error());
    if (auto v = verify(*result); !v) co_return unexpected_error(v.error());
    co_return result;
}

asio::awaitable<outcome<response>> connection::send(smb2::command cmd,
                                                    const std::function<void(writer&)>& body,
                                                    request_options o) {
    std::vector<chained_request> one{{cmd, body, o.credit_charge}};
    auto r = co_await send_chain(std::move(one), o, false);
    if (!r) co_return unexpected_error(r.error());
    co_return std::move(r->front());
}

asio::awaitable<outcome<std::vector<response>>> connection::send_chain(
    std::vector<chained_request> chain, request_options o, bool related) {
    if (broken_) co_return unexpected_error(*broken_);
    if (chain.empty()) co_return std::vector<response>{};
    auto ex = co_await asio::this_coro::executor;
    bool charge_free = negotiated_.dialect == smb2::dialect::smb2_002;
    std::uint32_t total = 0;
    for (auto& part : chain) {
        part.credit_charge = charge_free ? 1 : std::max<std::uint16_t>(part.credit_charge, 1);
        total += part.credit_charge;
    }
    if (total > 0xFFFF) co_return unexpected_error(error::malformed("compound too large"));
    if (auto c = co_await take_credits(static_cast<std::uint16_t>(total)); !c)
        co_return unexpected_error(c.error());

    bool encrypt = must_encrypt(o);
    std::vector<bytes> messages;
    std::vector<std::uint64_t> ids;
    for (const auto& part : chain) {
        smb2::header h;
        h.cmd = part.cmd;
        h.credit_charge = charge_free ? 0 : part.credit_charge;
        h.credits = credits_wanted;
        h.message_id = next_message_id_;
        next_message_id_ += part.credit_charge;
        h.tree_id = o.tree_id;
        h.session_id = session_.id;
        h.process_id = 0xFEFF;
        // Sign whenever the session has a key: MS-SMB2 3.2.4.1.1 requires it for a 3.1.1
        // TREE_CONNECT even when signing is optional, and every server accepts signed requests.
        if (!encrypt && keys_ && part.cmd != smb2::command::session_setup) h.flags |= smb2::flags::signed_;
        writer w;
        h.encode(w);
        part.body(w);
        messages.push_back(w.take());
        ids.push_back(h.message_id);
    }
    auto packet = chain_messages(std::move(messages), related, keys_ ? &keys_->signing : nullptr);
    if (!packet) co_return unexpected_error(packet.error());
    if (o.capture) *o.capture = *packet;
    if (encrypt) {
        auto e = crypto::encrypt_message(keys_->client_to_server, session_.id, *packet);
        if (!e) co_return unexpected_error(error::malformed("cannot encrypt: " + ntstatus_string(e.error())));
        packet = std::move(*e);
    }

    std::vector<std::shared_ptr<waiter>> waiters;
    for (auto id : ids) {
        auto w8 = std::make_shared<waiter>(ex);
        w8->timer.expires_after(opts_.timeout);
        pending_[id] = w8;
        waiters.push_back(std::move(w8));
    }
    if (auto r = co_await transport_.send(*packet); !r) {
        for (auto id : ids) pending_.erase(id);
        broken_ = r.error();
        co_return unexpected_error(r.error());
    }
    std::vector<response> replies;
    for (std::size_t i = 0; i < waiters.size(); ++i) {
        auto r = co_await await_reply(waiters[i], ids[i], chain[i].cmd);
        if (!r) {
            for (auto id : ids) pending_.erase(id);
            co_return unexpected_error(r.error());
        }
        replies.push_back(std::move(*r));
    }
    co_return replies;
}

asio::awaitable<outcome<response>> connection::call(smb2::command cmd,
                                                    const std::function<void(writer&)>& body,
                                                    request_options o) {
    auto r = co_await send(cmd, body, o);
    if (!r) co_return r;
    if (is_error(r->hdr.status))
        co_return unexpected_error(error::from_status(r->hdr.status, smb2::command_name(cmd)));
    co_return r;
}

outcome<void> connection::verify(const response& r) const {
    if (r.encrypted) return {};
    if (session_.encrypting && r.hdr.session_id == session_.id && r.hdr.status != ntstatus::pending)
        return std::unexpected(error::malformed("unencrypted response on an encrypted session"));
    if (!keys_ || r.hdr.session_id != session_.id || session_.id == 0) return {};
    if (r.hdr.is_signed()) {
        if (!crypto::verify_signature(keys_->signing, r.message))
            return std::unexpected(error::malformed(std::string("bad signature on ") +
                                                    smb2::command_name(r.hdr.cmd) + " response"));
        return {};
    }
    if (session_.signing && r.hdr.status != ntstatus::pending)
        return std::unexpected(error::malformed(std::string("unsigned ") + smb2::command_name(r.hdr.cmd) +
                                                " response on a signed session"));
    return {};
}

void connection::fail_all(const error& e) {
    if (!broken_) broken_ = e;
    for (auto& [id, w] : pending_) {
        if (!w->result) w->result = outcome<response>(unexpected_error(e));
        w->timer.cancel();
    }
    pending_.clear();
    credit_wait_.cancel();
}

asio::awaitable<void> connection::reader() {
    auto self = shared_from_this();
    for (;;) {
        auto frame = co_await transport_.receive();
        if (!frame) {
            fail_all(frame.error());
            co_return;
        }
        bytes plain;
        bool encrypted = false;
        if (frame->size() >= 4 && (*frame)[0] == 0xFD && (*frame)[1] == 'S' && (*frame)[2] == 'M' &&
            (*frame)[3] == 'B') {
            auto th = crypto::parse_transform_header(*frame);
            if (!th || !keys_ || th->session_id != session_.id) {
                fail_all(error::malformed("transform message for an unknown session"));
                co_return;
            }
            auto d = crypto::decrypt_message(keys_->server_to_client, *frame);
            if (!d) {
                fail_all(error::malformed("a response failed decryption"));
                co_return;
            }
            plain = std::move(*d);
            encrypted = true;
        } else {
            plain = std::move(*frame);
        }
        auto parts = smb2::split_compound(plain);
        if (!parts) {
            fail_all(error::malformed("bad compound response"));
            co_return;
        }
        // A frame of one message is the response itself: no copy of a large READ.
        const bool whole = parts->size() == 1 && (*parts)[0].size() == plain.size();
        for (auto part : *parts) {
            auto h = smb2::header::decode(part);
            if (!h || !h->is_response()) {
                fail_all(error::malformed("bad response header"));
                co_return;
            }
            credits_ += h->credits;
            credit_wait_.cancel();
            if (h->message_id == 0xFFFFFFFFFFFFFFFFull) continue;  // oplock/lease break
            auto it = pending_.find(h->message_id);
            if (it == pending_.end()) continue;  // a late answer to a request that timed out
            if (h->status == ntstatus::pending && h->is_async()) {
                // MS-SMB2 3.2.5.1.5: an interim response; the final one follows later.
                it->second->timer.expires_after(std::chrono::hours(24));
                continue;
            }
            it->second->result =
                response{*h, whole ? std::move(plain) : bytes(part.begin(), part.end()), encrypted};
            it->second->timer.cancel();
            pending_.erase(it);
        }
    }
}

// MS-SMB2 3.2.4.2.3 / 3.2.5.3: SESSION_SETUP rounds until SUCCESS, keys per dialect.
asio::awaitable<outcome<session_info>> connection::login(const credentials& creds,
                                                         bool require_encryption) {
    auth::ntlm_credentials nc;
    nc.user = creds.user;
    nc.domain = creds.domain;
    nc.password = creds.password;
    nc.nt_hash = creds.nt_hash;
    nc.workstation = "SMBKIT";
    nc.anonymous = creds.anonymous();
    auth::gss_client gss(std::move(nc), true);
    auto token = gss.initial(negotiated_.response.security_buffer);
    if (!token) co_return unexpected_error(error::malformed("the server offers no NTLMSSP"));
    crypto::preauth_hash hash = conn_preauth_;
    session_ = {};
    keys_.reset();
    for (int round = 0; round < 4; ++round) {
        smb2::session_setup_request req;
        req.security_mode = smb2::security_mode::signing_enabled |
                            (opts_.require_signing ? smb2::security_mode::signing_required : 0);
        req.security_buffer = *token;
        bytes sent;
        auto r = co_await send(smb2::command::session_setup, [&](writer& w) { req.encode(w); },
                               {.capture = &sent});
        if (!r) co_return unexpected_error(r.error());
        hash.update(sent);
        auto resp = smb2::session_setup_response::decode(r->message);
        if (r->hdr.status == ntstatus::more_processing_required) {
            if (!resp) co_return unexpected_error(error::malformed("bad SESSION_SETUP response"));
            hash.update(r->message);
            session_.id = r->hdr.session_id;
            token = gss.step(resp->security_buffer);
            if (!token) co_return unexpected_error(error::from_status(token.error(), "SESSION_SETUP"));
            continue;
        }
        if (is_error(r->hdr.status))
            co_return unexpected_error(error::from_status(r->hdr.status, "SESSION_SETUP"));
        if (!resp) co_return unexpected_error(error::malformed("bad SESSION_SETUP response"));
        session_.id = r->hdr.session_id;
        if (!resp->security_buffer.empty() && !gss.complete()) {
            if (auto last = gss.step(resp->security_buffer); !last)
                co_return unexpected_error(error::malformed("the server's final SPNEGO token failed"));
        }
        session_.guest = resp->session_flags & smb2::session_flags::is_guest;
        session_.anonymous = (resp->session_flags & smb2::session_flags::is_null) || creds.anonymous();
        const auto& key = gss.session_key();
        if (!session_.guest && !session_.anonymous && !key.empty()) {
            auto cipher = static_cast<crypto::cipher_id>(negotiated_.cipher);
            auto k = crypto::derive_session_keys(negotiated_.dialect, key.span(), hash.value(), cipher,
                                                 static_cast<crypto::signing_algorithm>(negotiated_.signing_algorithm));
            if (!k) co_return unexpected_error(error::malformed("key derivation failed"));
            keys_ = std::move(*k);
            session_.signing = negotiated_.signing_required() || opts_.require_signing;
            if (r->hdr.is_signed() && !crypto::verify_signature(keys_->signing, r->message))
                co_return unexpected_error(error::malformed("bad signature on the SESSION_SETUP response"));
            if (negotiated_.dialect == smb2::dialect::smb3_1_1 && session_.signing && !r->hdr.is_signed())
                co_return unexpected_error(error::malformed("unsigned final SESSION_SETUP response"));
            bool server_wants = resp->session_flags & smb2::session_flags::encrypt_data;
            if (server_wants || require_encryption) {
                if (cipher == crypto::cipher_id::none)
                    co_return unexpected_error(error::malformed("encryption required but no cipher was negotiated"));
                session_.encrypting = true;
            }
        } else if (require_encryption) {
            co_return unexpected_error(error::from_status(ntstatus::access_denied,
                                                          "encryption needs an authenticated session"));
        } else if (opts_.require_signing) {
            co_return unexpected_error(error::from_status(ntstatus::access_denied,
                                                          "signing needs an authenticated session"));
        }
        co_return session_;
    }
    co_return unexpected_error(error::malformed("SESSION_SETUP did not finish"));
}

asio::awaitable<outcome<void>> connection::logoff() {
    auto r = co_await call(smb2::command::logoff, [](writer& w) { smb2::logoff_request{}.encode(w); });
    if (!r) co_return unexpected_error(r.error());
    session_ = {};
    keys_.reset();
    co_return outcome<void>{};
}

asio::awaitable<outcome<tree_info>> connection::tree_connect(const std::string& unc) {
    smb2::tree_connect_request req;
    req.path = unc;
    auto r = co_await call(smb2::command::tree_connect, [&](writer& w) { req.encode(w); });
    if (!r) co_return unexpected_error(r.error());
    auto resp = smb2::tree_connect_response::decode(r->message);
    if (!resp) co_return unexpected_error(error::malformed("bad TREE_CONNECT response"));
    tree_info t{r->hdr.tree_id, resp->share_type, resp->share_flags, resp->capabilities,
                resp->maximal_access};
    if (resp->share_flags & smb2::share_flags::encrypt_data) encrypt_tree(t.id);
    co_return t;
}

asio::awaitable<outcome<void>> connection::tree_disconnect(std::uint32_t tree_id) {
    auto r = co_await call(smb2::command::tree_disconnect,
                           [](writer& w) { smb2::tree_disconnect_request{}.encode(w); },
                           {.tree_id = tree_id});
    if (!r) co_return unexpected_error(r.error());
    co_return outcome<void>{};
}

}  // namespace smbkit::client
