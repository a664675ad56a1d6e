// libFuzzer target: NTLMSSP decoders (MS-NLMP 2.2.1) and the server state machine. Every input
// is decoded as each message type; decoded messages re-encode and decode again to the same
// fields; the server answers it as a NEGOTIATE, then as an AUTHENTICATE.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "auth/ntlm_server.hpp"
#include "auth/ntlmssp.hpp"

using namespace smbkit;
using namespace smbkit::auth;

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_span in(data, size);
    (void)ntlm_type(in);
    if (auto n = decode_negotiate(in)) {
        auto again = decode_negotiate(encode(*n));
        check(again && again->flags == (n->flags | (n->version ? ntlm_flag::negotiate_version : 0) |
                                        (n->domain.empty() ? 0 : ntlm_flag::negotiate_oem_domain_supplied) |
                                        (n->workstation.empty() ? 0 : ntlm_flag::negotiate_oem_workstation_supplied)));
    }
    if (auto c = decode_challenge(in)) {
        auto again = decode_challenge(encode(*c));
        check(again && again->server_challenge == c->server_challenge &&
              again->target_info == c->target_info);
        (void)target_info::decode(c->target_info);
    }
    if (auto a = decode_authenticate(in)) {
        auto again = decode_authenticate(encode(*a));
        // OEM strings come back as UTF-8 and are re-sent as such, so only Unicode names must
        // survive unchanged.
        check(again && again->nt_response == a->nt_response &&
              (!(a->flags & ntlm_flag::negotiate_unicode) || again->user == a->user));
    }
    (void)target_info::decode(in);

    ntlm_server_config cfg;
    cfg.fixed_challenge = std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8};
    cfg.fixed_time = 0;
    cfg.allow_lmv2 = true;
    ntlm_server server(cfg, [](std::string_view u) -> std::optional<account> {
        if (u.empty()) return std::nullopt;
        account acct;
        acct.name = std::string(u);
        return acct;
    });
    (void)server.challenge(in);
    // As an AUTHENTICATE after a well-formed NEGOTIATE.
    negotiate_message neg;
    neg.flags = ntlm_flag::negotiate_unicode | ntlm_flag::negotiate_key_exch |
                ntlm_flag::negotiate_extended_session_security | ntlm_flag::negotiate_128;
    ntlm_server server2(cfg, [](std::string_view) -> std::optional<account> {
        return account{"u", {}, false, false};
    });
    check(server2.challenge(encode(neg)).has_value());
    if (auto logon = server2.authenticate(in)) (void)logon->status();
    return 0;
}
