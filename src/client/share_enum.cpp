#include "client/share_enum.hpp"

#include "rpc/ndr.hpp"
#include "rpc/pdu.hpp"

namespace smbkit::client {
namespace {

constexpr std::uint16_t op_net_share_enum = 15;
constexpr std::uint32_t max_pdu = 65536;

// Reads one whole DCE/RPC response (every fragment) from the pipe and returns its stub.
asio::awaitable<outcome<bytes>> read_response(tree& t, const smb2::file_id& id, rpc::ptype want) {
    bytes stub;
    for (int frag = 0; frag < 4096; ++frag) {
        bytes pdu_bytes;
        // A fragment may arrive in more than one READ when it is larger than what we ask.
        for (;;) {
            auto chunk = co_await t.read(id, 0, max_pdu);
            if (!chunk) co_return unexpected_error(chunk.error());
            if (chunk->empty()) co_return unexpected_error(error::malformed("the pipe closed mid-response"));
            pdu_bytes.insert(pdu_bytes.end(), chunk->begin(), chunk->end());
            auto h = rpc::decode_header(pdu_bytes);
            if (!h) co_return unexpected_error(error::malformed("bad DCE/RPC header"));
            if (pdu_bytes.size() >= h->frag_length) break;
        }
        auto p = rpc::decode_pdu(pdu_bytes);
        if (!p) co_return unexpected_error(error::malformed("bad DCE/RPC PDU"));
        if (p->hdr.type == rpc::ptype::fault) {
            const auto& f = std::get<rpc::fault_body>(p->body);
            co_return unexpected_error(error::malformed("DCE/RPC fault 0x" + to_hex(bytes{
                static_cast<std::uint8_t>(f.status >> 24), static_cast<std::uint8_t>(f.status >> 16),
                static_cast<std::uint8_t>(f.status >> 8), static_cast<std::uint8_t>(f.status)})));
        }
        if (p->hdr.type != want) co_return unexpected_error(error::malformed("unexpected DCE/RPC PDU type"));
        if (want == rpc::ptype::bind_ack) co_return bytes(pdu_bytes.begin(), pdu_bytes.end());
        const auto& r = std::get<rpc::response_body>(p->body);
        stub.insert(stub.end(), r.stub.begin(), r.stub.end());
        if (p->hdr.flags & rpc::pfc_last_frag) co_return stub;
    }
    co_return unexpected_error(error::malformed("too many DCE/RPC fragments"));
}

}  // namespace

std::string share_entry::type_name() const {
    switch (type & 0x0FFFFFFFu) {
        case 0: return "disk";
        case 1: return "printer";
        case 2: return "device";
        case 3: return "ipc";
    }
    return "unknown";
}

bytes encode_share_enum_request(const std::string& server) {
    rpc::ndr_writer w;
    w.unique_wstring("\\\\" + server);
    w.u32(1);  // Level
    w.u32(1);  // union switch
    w.unique_ptr(true);  // SHARE_INFO_1_CONTAINER*
    w.u32(0);            // EntriesRead
    w.unique_ptr(false); // Buffer
    w.u32(0xFFFFFFFF);   // PreferedMaximumLength
    w.unique_ptr(true);  // ResumeHandle
    w.u32(0);
    return w.take();
}

outcome<std::vector<share_entry>> decode_share_enum_response(byte_span stub) {
    rpc::ndr_reader r(stub);
    std::uint32_t level = r.u32();
    std::uint32_t arm = r.u32();
    if (!r.ok() || level != 1 || arm != 1) return std::unexpected(error::malformed("unexpected share info level"));
    std::vector<share_entry> out;
    if (r.ptr() != 0) {
        std::uint32_t count = r.u32();
        if (r.ptr() != 0) {
            std::uint32_t max = r.conformance(12);
            if (!r.ok() || count > max) return std::unexpected(error::malformed("bad share array"));
            std::vector<std::pair<bool, bool>> ptrs;
            for (std::uint32_t i = 0; i < count; ++i) {
                share_entry e;
                bool has_name = r.ptr() != 0;
                e.type = r.u32();
                bool has_remark = r.ptr() != 0;
                ptrs.emplace_back(has_name, has_remark);
                out.push_back(e);
            }
            for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
                if (ptrs[i].first) {
                    auto s = r.wstring();
                    if (!s) return std::unexpected(error::malformed("bad share name"));
                    out[i].name = *s;
                }
                if (ptrs[i].second) {
                    r.align(4);
                    auto s = r.wstring();
                    if (!s) return std::unexpected(error::malformed("bad share comment"));
                    out[i].comment = *s;
                }
                r.align(4);
            }
        }
    }
    r.align(4);
    r.u32();  // TotalEntries
    if (r.ptr() != 0) r.u32();  // ResumeHandle
    std::uint32_t werror = r.u32();
    if (!r.ok()) return std::unexpected(error::malformed("truncated NetrShareEnum response"));
    if (werror != 0) {
        auto st = werror == 5 ? ntstatus::access_denied : ntstatus::unsuccessful;
        return std::unexpected(error::from_status(st, "NetrShareEnum WERROR " + std::to_string(werror)));
    }
    return out;
}

asio::awaitable<outcome<std::vector<share_entry>>> enum_shares(tree& ipc, const std::string& server) {
    auto pipe = co_await ipc.open("srvsvc", {.access = smb2::access::file_read_data | smb2::access::file_write_data |
                                                       smb2::access::file_read_attributes | smb2::access::read_control |
                                                       smb2::access::synchronize,
                                            .share = smb2::share_access::read | smb2::share_access::write});
    if (!pipe) co_return unexpected_error(pipe.error());
    auto id = pipe->id;
    auto finish = [&](outcome<std::vector<share_entry>> result) -> asio::awaitable<outcome<std::vector<share_entry>>> {
        co_await ipc.close(id);
        co_return result;
    };

    rpc::pdu bind;
    bind.hdr.type = rpc::ptype::bind;
    bind.hdr.call_id = 1;
    rpc::bind_body b;
    b.max_xmit_frag = b.max_recv_frag = 4280;
    b.contexts.push_back({0, rpc::make_syntax("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3, 0),
                          {rpc::ndr20_syntax()}});
    bind.body = b;
    auto bind_bytes = rpc::encode_pdu(bind);
    if (auto w = co_await ipc.write(id, 0, bind_bytes); !w) co_return co_await finish(unexpected_error(w.error()));
    auto ack = co_await read_response(ipc, id, rpc::ptype::bind_ack);
    if (!ack) co_return co_await finish(unexpected_error(ack.error()));
    auto ack_pdu = rpc::decode_pdu(*ack);
    if (!ack_pdu) co_return co_await finish(unexpected_error(error::malformed("bad bind_ack")));
    const auto& ab = std::get<rpc::bind_ack_body>(ack_pdu->body);
    if (ab.results.empty() || ab.results[0].result != rpc::context_result_code::acceptance)
        co_return co_await finish(unexpected_error(error::malformed("srvsvc bind was refused")));

    auto stub = encode_share_enum_request(server);
    rpc::pdu req;
    req.hdr.type = rpc::ptype::request;
    req.hdr.call_id = 2;
    rpc::request_body rb;
    rb.alloc_hint = static_cast<std::uint32_t>(stub.size());
    rb.opnum = op_net_share_enum;
    rb.stub = stub;
    req.body = rb;
    auto req_bytes = rpc::encode_pdu(req);
    if (auto w = co_await ipc.write(id, 0, req_bytes); !w) co_return co_await finish(unexpected_error(w.error()));
    auto resp = co_await read_response(ipc, id, rpc::ptype::response);
    if (!resp) co_return co_await finish(unexpected_error(resp.error()));
    co_return co_await finish(decode_share_enum_response(*resp));
}

}  // namespace smbkit::client
