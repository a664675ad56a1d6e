// MS-WKST 3.2.4.1 NetrWkstaGetInfo and WKSTA_INFO (2.2.4.1 union, 2.2.5.1-3 structures).
#include "rpc/wkssvc.hpp"

#include <algorithm>

#include "rpc/ndr.hpp"

namespace smbkit::rpc::wkssvc {

namespace {

bool level_supported(std::uint32_t level) { return level == 100 || level == 101 || level == 102; }

// Arms of WKSTA_INFO (MS-WKST 2.2.4.1); others take the empty default arm.
bool level_known(std::uint32_t level) {
    static constexpr std::uint32_t arms[] = {100, 101, 102, 502, 1013, 1018, 1046};
    return std::find(std::begin(arms), std::end(arms), level) != std::end(arms);
}

void put_ptr(ndr_writer& w, const std::optional<std::string>& s) { w.unique_ptr(s.has_value()); }
void put_str(ndr_writer& w, const std::optional<std::string>& s) {
    if (s) w.wstring(*s);
}
void get_ptr(ndr_reader& r, std::optional<std::string>& s) {
    if (r.ptr() != 0) s = std::string();
}
void get_str(ndr_reader& r, std::optional<std::string>& s) {
    if (!s || !r.ok()) return;
    auto v = r.wstring();
    if (v) s = std::move(*v);
}

}  // namespace

bytes encode(const wksta_get_info_request& r) {
    ndr_writer w;
    w.unique_wstring(r.server_name);
    w.u32(r.level);
    return w.take();
}

result<wksta_get_info_request> decode_wksta_get_info_request(byte_span stub) {
    ndr_reader r(stub);
    wksta_get_info_request q;
    q.server_name = r.unique_wstring();
    q.level = r.u32();
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return q;
}

bytes encode(const wksta_get_info_response& r) {
    ndr_writer w;
    w.u32(r.level);
    if (level_known(r.level)) {
        bool present = r.info.has_value() && level_supported(r.level);
        w.unique_ptr(present);
        if (present) {
            const wksta_info& i = *r.info;
            w.u32(i.platform_id);
            put_ptr(w, i.computername);
            put_ptr(w, i.langroup);
            w.u32(i.ver_major);
            w.u32(i.ver_minor);
            if (r.level >= 101) put_ptr(w, i.lanroot);
            if (r.level == 102) w.u32(i.logged_on_users);
            put_str(w, i.computername);
            put_str(w, i.langroup);
            if (r.level >= 101) put_str(w, i.lanroot);
        }
    }
    w.u32(r.status);
    return w.take();
}

result<wksta_get_info_response> decode_wksta_get_info_response(byte_span stub) {
    ndr_reader r(stub);
    wksta_get_info_response s;
    s.level = r.u32();
    if (level_known(s.level) && r.ptr() != 0) {
        if (!level_supported(s.level)) return fail(ntstatus::not_supported);
        wksta_info i;
        i.platform_id = r.u32();
        get_ptr(r, i.computername);
        get_ptr(r, i.langroup);
        i.ver_major = r.u32();
        i.ver_minor = r.u32();
        if (s.level >= 101) get_ptr(r, i.lanroot);
        if (s.level == 102) i.logged_on_users = r.u32();
        get_str(r, i.computername);
        get_str(r, i.langroup);
        if (s.level >= 101) get_str(r, i.lanroot);
        s.info = std::move(i);
    }
    s.status = r.u32();
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return s;
}

wksta_get_info_response netr_wksta_get_info(const wksta_get_info_request& req, const context& ctx) {
    wksta_get_info_response rsp;
    rsp.level = req.level;
    if (!level_supported(req.level)) {
        rsp.status = werr_invalid_level;
        return rsp;
    }
    if ((req.level == 101 && ctx.anonymous) || (req.level == 102 && !ctx.administrator)) {
        rsp.status = werr_access_denied;
        return rsp;
    }
    wksta_info i;
    i.platform_id = platform_id_nt;
    i.computername = ctx.netbios_name;
    i.langroup = ctx.workgroup;
    i.ver_major = ctx.version_major;
    i.ver_minor = ctx.version_minor;
    i.lanroot = "C:\\";
    i.logged_on_users = ctx.session_count ? ctx.session_count() : 0;
    rsp.info = std::move(i);
    return rsp;
}

call_result call(std::uint16_t opnum, byte_span stub, const context& ctx) {
    if (opnum != op_netr_wksta_get_info) return std::unexpected(nca_s_op_rng_error);
    auto q = decode_wksta_get_info_request(stub);
    if (!q) return std::unexpected(rpc_x_bad_stub_data);
    return encode(netr_wksta_get_info(*q, ctx));
}

const interface_def& interface() {
    static const interface_def def{
        "wkssvc", "wkssvc", make_syntax("6bffd098-a112-3610-9833-46c3f87e345a", 1, 0), &call};
    return def;
}

}  // namespace smbkit::rpc::wkssvc
