// libFuzzer target for the DCE/RPC pipe (C706 12.6, MS-RPCE, MS-SRVS, MS-WKST). The first
// byte picks the pipe and options; the rest is the client's byte stream, cut into writes at
// each "\xff\xfe" pair so that PDUs arrive split and merged. Option bit 0 pre-binds the pipe
// (the fuzzer then starts at request handling); bit 1 picks wkssvc, bit 2 an administrator
// session, bit 3 reads in 7-byte pieces. Every PDU the server produces must decode again and
// fit the fragment limit; reads never return more than asked. The raw bytes also go through
// the client-side decoders.
#include <cstdlib>
#include <string_view>

#include "rpc/connection.hpp"
#include "rpc/pipe.hpp"
#include "rpc/srvsvc.hpp"
#include "rpc/wkssvc.hpp"

using namespace smbkit;
using namespace smbkit::rpc;

namespace {

context fuzz_context(bool admin) {
    context ctx;
    ctx.netbios_name = "FUZZ";
    ctx.workgroup = "WG";
    ctx.administrator = admin;
    ctx.session_count = [] { return 1u; };
    ctx.shares = [] {
        return std::vector<share_entry>{{"data", stype_disktree, "d", "/srv/data", 0xFFFFFFFF, 0},
                                        {"IPC$", stype_ipc, "IPC", "", 0xFFFFFFFF, 0}};
    };
    return ctx;
}

bytes bind_for(const interface_def& iface) {
    pdu p;
    p.hdr.type = ptype::bind;
    p.hdr.call_id = 1;
    p.body = bind_body{4280, 4280, 0, {{0, iface.syntax, {ndr20_syntax()}}}};
    return encode_pdu(p);
}

void drain(rpc::pipe& p, std::size_t max) {
    while (p.has_output()) {
        auto r = p.read(max);
        if (!r || r->data.size() > max) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    std::uint8_t opts = data[0];
    byte_span stream(data + 1, size - 1);

    // Client-side decoders on the raw bytes.
    (void)decode_pdu(stream);
    (void)srvsvc::decode_share_enum_request(stream);
    (void)srvsvc::decode_share_enum_response(stream);
    (void)srvsvc::decode_share_get_info_response(stream);
    (void)srvsvc::decode_server_get_info_response(stream);
    (void)wkssvc::decode_wksta_get_info_response(stream);

    const interface_def& iface = (opts & 2) ? wkssvc::interface() : srvsvc::interface();
    auto opened = rpc::pipe::open(iface.endpoint, fuzz_context(opts & 4));
    if (!opened) std::abort();
    rpc::pipe& p = **opened;
    std::size_t read_size = (opts & 8) ? 7 : 65536;

    if (opts & 1) {
        auto ack = p.transceive(bind_for(iface), 65536);
        if (!ack || ack->data.empty()) std::abort();
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i <= stream.size(); ++i) {
        bool cut = i + 1 < stream.size() && stream[i] == 0xff && stream[i + 1] == 0xfe;
        if (!cut && i != stream.size()) continue;
        byte_span piece = stream.subspan(start, i - start);
        start = cut ? i + 2 : i;
        if (cut) ++i;
        // Whole messages: every PDU we produce decodes and respects the fragment limit.
        std::size_t before = p.output_bytes();
        auto w = p.write(piece);
        if (!w) break;
        if (before == 0 && !(opts & 8)) {
            while (p.has_output()) {
                auto r = p.read(65536);
                if (!r || r->more_data) std::abort();
                auto d = decode_pdu(r->data);
                if (!d || d->hdr.frag_length != r->data.size()) std::abort();
                if (d->hdr.frag_length > connection::max_frag) std::abort();
            }
        }
        drain(p, read_size);
    }
    drain(p, read_size);
    return 0;
}
