// MS-SMB2 3.3.5.3 / 3.3.5.4 NEGOTIATE and 3.3.5.15.12 FSCTL_VALIDATE_NEGOTIATE_INFO.
#include <algorithm>

#include "auth/gss.hpp"
#include "auth/ntlm.hpp"
#include "core/log.hpp"
#include "server/smb2/connection.hpp"
#include "server/smb2/server.hpp"
#include "smb2/negotiate.hpp"

namespace smbkit::server {
namespace {

constexpr std::uint16_t known_dialects[] = {0x0311, 0x0302, 0x0300, 0x0210, 0x0202};
// Server preference (MS-SMB2 3.3.5.4 lets the server choose).
constexpr std::uint16_t cipher_preference[] = {
    smb2::cipher::aes128_gcm, smb2::cipher::aes128_ccm, smb2::cipher::aes256_gcm,
    smb2::cipher::aes256_ccm};
constexpr std::uint16_t signing_preference[] = {smb2::signing_algorithm::aes_gmac,
                                                smb2::signing_algorithm::aes_cmac,
                                                smb2::signing_algorithm::hmac_sha256};
constexpr std::uint32_t large_mtu_io = 8 * 1024 * 1024;

}  // namespace

reply connection::negotiate_reply(std::uint16_t dialect,
                                  const std::vector<smb2::negotiate_context>* contexts) {
    const auto& cfg = config();
    smb2::negotiate_response r;
    r.dialect_revision = dialect;
    r.server_guid = server_.server_guid();
    r.security_mode = smb2::security_mode::signing_enabled;
    // Signing: "mandatory" always requires it; the default requires it from SMB 3.0 on
    // (README "Security defaults"); "disabled" never requires it.
    if (cfg.signing == signing_mode::mandatory ||
        (cfg.signing == signing_mode::automatic && dialect >= smb2::dialect::smb3_0 &&
         dialect != smb2::dialect::smb2_wildcard))
        r.security_mode |= smb2::security_mode::signing_required;
    std::uint32_t caps = 0;
    std::uint32_t io = 65536;
    if (dialect >= smb2::dialect::smb2_1) {
        caps |= smb2::cap::large_mtu;
        io = large_mtu_io;
    }
    // MS-SMB2 3.3.5.4: leases from 2.1 on (file leases only; no directory leasing).
    if (dialect >= smb2::dialect::smb2_1 && dialect != smb2::dialect::smb2_wildcard)
        caps |= smb2::cap::leasing;
    if ((dialect == smb2::dialect::smb3_0 || dialect == smb2::dialect::smb3_0_2) &&
        (client_caps_ & smb2::cap::encryption))
        caps |= smb2::cap::encryption;
    r.capabilities = caps;
    r.max_transact_size = std::min(io, cfg.max_trans_size);
    r.max_read_size = std::min(io, cfg.max_read_size);
    r.max_write_size = std::min(io, cfg.max_write_size);
    r.system_time = auth::filetime_now();
    r.server_start_time = 0;
    r.security_buffer = auth::gss_server::initial_token();

    if (dialect == smb2::dialect::smb3_1_1 && contexts) {
        smb2::preauth_integrity_capabilities pre;
        pre.hash_algorithms = {smb2::hash_algorithm::sha512};
        pre.salt = crypto::random_bytes(32);
        r.contexts.push_back(pre.to_context());
        if (auto* c = smb2::find_context(*contexts,
                                         smb2::negotiate_context_type::encryption_capabilities)) {
            auto enc = smb2::encryption_capabilities::parse(c->data);
            std::uint16_t chosen = 0;
            if (enc)
                for (auto p : cipher_preference)
                    if (std::find(enc->ciphers.begin(), enc->ciphers.end(), p) !=
                        enc->ciphers.end()) {
                        chosen = p;
                        break;
                    }
            smb2::encryption_capabilities out;
            out.ciphers = {chosen};
            r.contexts.push_back(out.to_context());
            cipher_ = static_cast<crypto::cipher_id>(chosen);
        }
        signing_alg_ = crypto::signing_algorithm::aes_cmac;
        if (auto* c = smb2::find_context(*contexts,
                                         smb2::negotiate_context_type::signing_capabilities)) {
            auto sc = smb2::signing_capabilities::parse(c->data);
            if (sc) {
                for (auto p : signing_preference)
                    if (std::find(sc->algorithms.begin(), sc->algorithms.end(), p) !=
                        sc->algorithms.end()) {
                        signing_alg_ = static_cast<crypto::signing_algorithm>(p);
                        break;
                    }
                smb2::signing_capabilities out;
                out.algorithms = {static_cast<std::uint16_t>(signing_alg_)};
                r.contexts.push_back(out.to_context());
            }
        }
    } else if (dialect >= smb2::dialect::smb3_0 && dialect != smb2::dialect::smb2_wildcard) {
        signing_alg_ = crypto::signing_algorithm::aes_cmac;
        if (client_caps_ & smb2::cap::encryption) cipher_ = crypto::cipher_id::aes128_ccm;
    } else {
        signing_alg_ = crypto::signing_algorithm::hmac_sha256;
    }
    server_caps_ = caps;
    server_security_mode_ = r.security_mode;
    reply rep;
    rep.body = encode_body(r);
    return rep;
}

asio::awaitable<reply> connection::handle_negotiate(request_context& ctx) {
    auto req = smb2::negotiate_request::decode(ctx.message);
    if (!req || req->dialects.empty()) co_return reply{ntstatus::invalid_parameter, {}, {}};
    const auto& cfg = config();
    std::uint16_t chosen = 0;
    for (auto d : known_dialects) {
        if (d < cfg.min_dialect || d > cfg.max_dialect) continue;
        if (req->offers(d)) {
            chosen = d;
            break;
        }
    }
    if (!chosen) {
        spdlog::info("smb: {} offers no dialect between {} and {}", peer_,
                     dialect_name(cfg.min_dialect), dialect_name(cfg.max_dialect));
        co_return reply{ntstatus::not_supported, {}, {}};
    }
    client_caps_ = req->capabilities;
    client_security_mode_ = req->security_mode;
    client_guid_ = req->client_guid;
    client_dialects_ = req->dialects;
    if (chosen == smb2::dialect::smb3_1_1) {
        // MS-SMB2 3.3.5.4: SHA-512 must be offered.
        auto* c = smb2::find_context(req->contexts,
                                     smb2::negotiate_context_type::preauth_integrity_capabilities);
        if (!c) co_return reply{ntstatus::invalid_parameter, {}, {}};
        auto pre = smb2::preauth_integrity_capabilities::parse(c->data);
        if (!pre) co_return reply{ntstatus::invalid_parameter, {}, {}};
        if (std::find(pre->hash_algorithms.begin(), pre->hash_algorithms.end(),
                      smb2::hash_algorithm::sha512) == pre->hash_algorithms.end())
            co_return reply{ntstatus::smb_no_preauth_integrity_hash_overlap, {}, {}};
        preauth_ = crypto::preauth_hash();
        preauth_.update(ctx.message);
    }
    auto rep = negotiate_reply(chosen, &req->contexts);
    negotiated_ = true;
    dialect_ = chosen;
    spdlog::debug("smb: {} negotiated {}", peer_, dialect_name(chosen));
    co_return rep;
}

asio::awaitable<reply> connection::handle_validate_negotiate(request_context& ctx) {
    // MS-SMB2 3.3.5.15.12. The IOCTL request: CtlCode at body+4, FileId, InputOffset at
    // body+24, InputCount at body+28, MaxOutputResponse at body+44, Flags at body+48.
    reader r(ctx.message);
    r.seek(smb2::header_size + 24);
    auto in_off = r.u32();
    auto in_len = r.u32();
    r.seek(smb2::header_size + 44);
    auto max_out = r.u32();
    auto flags = r.u32();
    if (!r.ok() || !(flags & smb2::ioctl_flags::is_fsctl))
        co_return reply{ntstatus::invalid_parameter, {}, {}};
    if (dialect_ == smb2::dialect::smb3_1_1) {
        // 3.1.1 relies on preauth integrity; Windows drops such a request.
        drop("VALIDATE_NEGOTIATE_INFO on SMB 3.1.1");
        co_return reply{ntstatus::access_denied, {}, {}};
    }
    auto in = r.slice(in_off, in_len);
    reader v(in);
    auto caps = v.u32();
    smb2::guid guid{};
    auto g = v.take(guid.size());
    if (g.size() == guid.size()) std::copy(g.begin(), g.end(), guid.begin());
    auto mode = v.u16();
    auto count = v.u16();
    std::vector<std::uint16_t> dialects;
    for (std::uint16_t i = 0; i < count && v.ok(); ++i) dialects.push_back(v.u16());
    if (!r.ok() || !v.ok() || in_len < 24 || max_out < 24) {
        drop("malformed VALIDATE_NEGOTIATE_INFO");
        co_return reply{ntstatus::invalid_parameter, {}, {}};
    }
    if (caps != client_caps_ || guid != client_guid_ || mode != client_security_mode_ ||
        dialects != client_dialects_) {
        drop("VALIDATE_NEGOTIATE_INFO does not match the NEGOTIATE (downgrade attempt?)");
        co_return reply{ntstatus::access_denied, {}, {}};
    }
    // The IOCTL response (MS-SMB2 2.2.32) with VALIDATE_NEGOTIATE_INFO output (2.2.32.6).
    writer w;
    w.zeros(smb2::header_size);
    w.u16(49);
    w.u16(0);
    w.u32(smb2::fsctl::validate_negotiate_info);
    w.u64(0xFFFFFFFFFFFFFFFFull);
    w.u64(0xFFFFFFFFFFFFFFFFull);
    w.u32(smb2::header_size + 48);  // InputOffset
    w.u32(0);                       // InputCount
    w.u32(smb2::header_size + 48);  // OutputOffset
    w.u32(24);                      // OutputCount
    w.u32(0);
    w.u32(0);
    w.u32(server_caps_);
    w.put(byte_span(server_.server_guid()));
    w.u16(server_security_mode_);
    w.u16(dialect_);
    reply rep;
    rep.body = w.take();
    co_return rep;
}

}  // namespace smbkit::server
