// RFC 4178 4.2 (NegTokenInit, NegTokenResp), MS-SPNG 2.2.1 (NegTokenInit2 with negHints),
// RFC 2743 3.1 (InitialContextToken framing).
#include "auth/spnego.hpp"

#include "auth/der.hpp"
#include "auth/ntlmssp.hpp"

namespace smbkit::auth {
namespace {

using der::context;

bytes octets(byte_span b) { return bytes(b.begin(), b.end()); }

result<neg_token_init> decode_init(byte_span seq_content) {
    der::reader r(seq_content);
    neg_token_init t;
    while (!r.at_end()) {
        auto e = r.next();
        if (!e) return fail(ntstatus::invalid_parameter);
        der::reader inner(e->content);
        switch (e->tag) {
        case context(0): {
            auto list = inner.expect(der::tag_sequence);
            if (!list || !inner.at_end()) return fail(ntstatus::invalid_parameter);
            t.mech_types_der = octets(list->raw);
            der::reader oids(list->content);
            while (!oids.at_end()) {
                auto o = oids.expect(der::tag_oid);
                if (!o) return fail(ntstatus::invalid_parameter);
                auto s = der::decode_oid(o->content);
                if (!s) return fail(ntstatus::invalid_parameter);
                t.mech_types.push_back(*s);
                if (t.mech_types.size() > 32) return fail(ntstatus::invalid_parameter);
            }
            break;
        }
        case context(1): {
            auto bits = inner.expect(der::tag_bit_string);
            if (!bits || bits->content.empty()) return fail(ntstatus::invalid_parameter);
            std::uint32_t v = 0;
            for (std::size_t i = 1; i < bits->content.size() && i <= 4; ++i)
                v |= static_cast<std::uint32_t>(bits->content[i]) << (8 * (i - 1));
            t.req_flags = v;
            break;
        }
        case context(2): {
            auto tok = inner.expect(der::tag_octet_string);
            if (!tok) return fail(ntstatus::invalid_parameter);
            t.mech_token = octets(tok->content);
            break;
        }
        case context(3): {
            // RFC 4178 puts mechListMIC here; MS-SPNG's NegTokenInit2 puts negHints here.
            auto tag = inner.peek_tag();
            if (tag == der::tag_octet_string) {
                auto mic = inner.next();
                if (!mic) return fail(ntstatus::invalid_parameter);
                t.mech_list_mic = octets(mic->content);
            } else if (tag == der::tag_sequence) {
                auto hints = inner.next();
                if (!hints) return fail(ntstatus::invalid_parameter);
                der::reader h(hints->content);
                while (!h.at_end()) {
                    auto he = h.next();
                    if (!he) return fail(ntstatus::invalid_parameter);
                    if (he->tag == context(0)) {
                        der::reader hn(he->content);
                        auto name = hn.expect(der::tag_general_string);
                        if (!name) return fail(ntstatus::invalid_parameter);
                        t.hint_name = std::string(name->content.begin(), name->content.end());
                    }
                }
            } else {
                return fail(ntstatus::invalid_parameter);
            }
            break;
        }
        case context(4): {
            auto mic = inner.expect(der::tag_octet_string);
            if (!mic) return fail(ntstatus::invalid_parameter);
            t.mech_list_mic = octets(mic->content);
            break;
        }
        default: break;  // unknown fields are skipped, as the ASN.1 extension marker allows
        }
        if (!inner.ok()) return fail(ntstatus::invalid_parameter);
    }
    return t;
}

result<neg_token_resp> decode_resp(byte_span seq_content) {
    der::reader r(seq_content);
    neg_token_resp t;
    while (!r.at_end()) {
        auto e = r.next();
        if (!e) return fail(ntstatus::invalid_parameter);
        der::reader inner(e->content);
        switch (e->tag) {
        case context(0): {
            auto st = inner.expect(der::tag_enumerated);
            if (!st || st->content.size() != 1 || st->content[0] > 3)
                return fail(ntstatus::invalid_parameter);
            t.state = static_cast<neg_state>(st->content[0]);
            break;
        }
        case context(1): {
            auto o = inner.expect(der::tag_oid);
            if (!o) return fail(ntstatus::invalid_parameter);
            auto s = der::decode_oid(o->content);
            if (!s) return fail(ntstatus::invalid_parameter);
            t.supported_mech = *s;
            break;
        }
        case context(2): {
            auto tok = inner.expect(der::tag_octet_string);
            if (!tok) return fail(ntstatus::invalid_parameter);
            t.response_token = octets(tok->content);
            break;
        }
        case context(3): {
            auto mic = inner.expect(der::tag_octet_string);
            if (!mic) return fail(ntstatus::invalid_parameter);
            t.mech_list_mic = octets(mic->content);
            break;
        }
        default: break;
        }
        if (!inner.ok()) return fail(ntstatus::invalid_parameter);
    }
    return t;
}

// [n] { SEQUENCE { ... } } content of a NegotiationToken choice.
result<byte_span> choice_sequence(const der::element& e) {
    der::reader r(e.content);
    auto seq = r.expect(der::tag_sequence);
    if (!seq || !r.at_end()) return fail(ntstatus::invalid_parameter);
    return seq->content;
}

}  // namespace

result<spnego_token> decode_spnego(byte_span token) {
    if (is_ntlmssp(token)) return raw_ntlmssp{octets(token)};
    der::reader r(token);
    auto outer = r.next();
    if (!outer) return fail(ntstatus::invalid_parameter);
    // Trailing bytes after the token are tolerated (some clients pad the buffer).
    if (outer->tag == der::application(0)) {
        der::reader inner(outer->content);
        auto oid = inner.expect(der::tag_oid);
        if (!oid || der::decode_oid(oid->content) != std::string(oid_spnego))
            return fail(ntstatus::invalid_parameter);
        auto choice = inner.next();
        if (!choice || choice->tag != context(0)) return fail(ntstatus::invalid_parameter);
        auto seq = choice_sequence(*choice);
        if (!seq) return fail(seq.error());
        auto init = decode_init(*seq);
        if (!init) return fail(init.error());
        return *init;
    }
    if (outer->tag == context(0)) {
        auto seq = choice_sequence(*outer);
        if (!seq) return fail(seq.error());
        auto init = decode_init(*seq);
        if (!init) return fail(init.error());
        return *init;
    }
    if (outer->tag == context(1)) {
        auto seq = choice_sequence(*outer);
        if (!seq) return fail(seq.error());
        auto resp = decode_resp(*seq);
        if (!resp) return fail(resp.error());
        return *resp;
    }
    return fail(ntstatus::invalid_parameter);
}

bytes encode_mech_types(const std::vector<std::string>& mechs) {
    bytes list;
    for (const auto& m : mechs) der::write(list, der::tag_oid, der::encode_oid(m));
    return der::wrap(der::tag_sequence, list);
}

bytes encode(const neg_token_init& t) {
    bytes seq;
    der::write(seq, context(0), encode_mech_types(t.mech_types));
    if (t.req_flags) {
        std::uint8_t bits[2] = {0, static_cast<std::uint8_t>(*t.req_flags)};
        der::write(seq, context(1), der::wrap(der::tag_bit_string, bits));
    }
    if (!t.mech_token.empty())
        der::write(seq, context(2), der::wrap(der::tag_octet_string, t.mech_token));
    if (t.hint_name) {
        bytes name = der::wrap(der::tag_general_string,
                               byte_span(reinterpret_cast<const std::uint8_t*>(t.hint_name->data()),
                                         t.hint_name->size()));
        der::write(seq, context(3), der::wrap(der::tag_sequence, der::wrap(context(0), name)));
        if (!t.mech_list_mic.empty())
            der::write(seq, context(4), der::wrap(der::tag_octet_string, t.mech_list_mic));
    } else if (!t.mech_list_mic.empty()) {
        der::write(seq, context(3), der::wrap(der::tag_octet_string, t.mech_list_mic));
    }
    bytes inner;
    der::write(inner, der::tag_oid, der::encode_oid(oid_spnego));
    der::write(inner, context(0), der::wrap(der::tag_sequence, seq));
    return der::wrap(der::application(0), inner);
}

bytes encode(const neg_token_resp& t) {
    bytes seq;
    if (t.state) {
        std::uint8_t v = static_cast<std::uint8_t>(*t.state);
        der::write(seq, context(0), der::wrap(der::tag_enumerated, byte_span(&v, 1)));
    }
    if (t.supported_mech)
        der::write(seq, context(1), der::wrap(der::tag_oid, der::encode_oid(*t.supported_mech)));
    if (!t.response_token.empty())
        der::write(seq, context(2), der::wrap(der::tag_octet_string, t.response_token));
    if (!t.mech_list_mic.empty())
        der::write(seq, context(3), der::wrap(der::tag_octet_string, t.mech_list_mic));
    return der::wrap(context(1), der::wrap(der::tag_sequence, seq));
}

bytes server_initial_token() {
    neg_token_init t;
    t.mech_types = {std::string(oid_ntlmssp)};
    t.hint_name = std::string(spnego_hint_name);
    return encode(t);
}

}  // namespace smbkit::auth
