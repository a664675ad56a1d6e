// libFuzzer target: the SPNEGO/DER decoder (RFC 4178) and the GSS server exchange fed
// arbitrary tokens. Decoded tokens re-encode and decode again to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "auth/der.hpp"
#include "auth/gss.hpp"
#include "auth/spnego.hpp"

using namespace smbkit;
using namespace smbkit::auth;

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_span in(data, size);
    if (auto t = decode_spnego(in)) {
        if (auto* init = std::get_if<neg_token_init>(&*t)) {
            auto again = decode_spnego(encode(*init));
            check(again.has_value());
            auto* i2 = std::get_if<neg_token_init>(&*again);
            check(i2 && i2->mech_types == init->mech_types && i2->mech_token == init->mech_token);
        } else if (auto* resp = std::get_if<neg_token_resp>(&*t)) {
            auto again = decode_spnego(encode(*resp));
            check(again.has_value());
            auto* r2 = std::get_if<neg_token_resp>(&*again);
            check(r2 && r2->state == resp->state && r2->response_token == resp->response_token &&
                  r2->mech_list_mic == resp->mech_list_mic);
        }
    }
    der::reader r(in);
    while (r.ok() && !r.at_end()) {
        auto e = r.next();
        if (e && e->tag == der::tag_oid) (void)der::decode_oid(e->content);
    }

    // Two rounds through a server: the input as the first token, then as the second after a
    // valid first round.
    gss_server server({}, [](std::string_view) -> std::optional<account> { return std::nullopt; });
    (void)server.accept(in);
    gss_server server2({}, [](std::string_view) -> std::optional<account> {
        return account{"u", {}, false, false};
    });
    ntlm_client client({});
    neg_token_init init;
    init.mech_types = {std::string(oid_ntlmssp)};
    init.mech_token = client.negotiate();
    check(server2.accept(encode(init)).status == ntstatus::more_processing_required);
    (void)server2.accept(in);
    return 0;
}
