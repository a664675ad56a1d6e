// MS-SRVS 3.1.4.8 NetrShareEnum, 3.1.4.10 NetrShareGetInfo, 3.1.4.17 NetrServerGetInfo: the
// server side, on decoded requests.
#include "rpc/srvsvc.hpp"

#include <algorithm>

#include "core/utf16.hpp"

namespace smbkit::rpc::srvsvc {

// ---- The service ---------------------------------------------------------------------------

namespace {

std::vector<share_entry> visible_shares(const context& ctx) {
    return ctx.shares ? ctx.shares() : std::vector<share_entry>{};
}

// As Samba does: a name ending in '$' is hidden from browse lists and marked special.
std::uint32_t wire_type(const share_entry& e) {
    std::uint32_t t = e.type;
    if (!e.name.empty() && e.name.back() == '$') t |= stype_special;
    return t;
}

// "C:" followed by the local path with backslashes, the form Windows tools expect.
std::string windows_path(const std::string& path) {
    std::string p = path.empty() ? "/" : path;
    std::replace(p.begin(), p.end(), '/', '\\');
    return "C:" + p;
}

share_info make_share_info(const share_entry& e) {
    share_info s;
    s.netname = e.name;
    s.type = wire_type(e);
    s.remark = e.comment;
    s.permissions = 0;
    s.max_uses = e.max_uses;
    s.current_uses = e.current_uses;
    s.path = windows_path(e.path);
    s.passwd = std::nullopt;
    s.flags = 0;  // CSC_CACHE_MANUAL_REINT, no DFS
    return s;
}

bool needs_admin(std::uint32_t level) { return level == 2 || level == 502; }

// Bytes an entry costs against PreferedMaximumLength: the fixed structure plus its strings
// (what a Windows server counts in its returned buffer).
std::uint64_t entry_cost(std::uint32_t level, const share_info& s) {
    auto str = [](const std::optional<std::string>& v) -> std::uint64_t {
        if (!v) return 0;
        auto u = utf8_to_utf16le(*v);
        return (u ? u->size() : 0) + 2;
    };
    std::uint64_t cost = share_info_fixed_size(level) + str(s.netname);
    if (level != 0) cost += str(s.remark);
    if (level == 2 || level == 502) cost += str(s.path);
    return cost;
}

}  // namespace

share_enum_response net_share_enum(const share_enum_request& req, const context& ctx) {
    share_enum_response rsp;
    rsp.level = req.level;
    rsp.container = true;
    rsp.resume_handle = req.resume_handle;
    if (!share_enum_level_served(req.level)) {
        rsp.container = false;
        rsp.status = werr_invalid_level;
        return rsp;
    }
    if (needs_admin(req.level) && !ctx.administrator) {
        rsp.status = werr_access_denied;
        return rsp;
    }
    auto shares = visible_shares(ctx);
    rsp.total_entries = static_cast<std::uint32_t>(shares.size());
    std::size_t start = req.resume_handle ? *req.resume_handle : 0;
    std::uint64_t budget = req.prefmaxlen;
    std::uint64_t used = 0;
    std::size_t i = start;
    for (; i < shares.size(); ++i) {
        share_info s = make_share_info(shares[i]);
        std::uint64_t cost = entry_cost(req.level, s);
        // Always return at least one entry so that a small buffer still makes progress.
        if (req.prefmaxlen != 0xFFFFFFFF && !rsp.entries.empty() && used + cost > budget) break;
        used += cost;
        rsp.entries.push_back(std::move(s));
    }
    if (i < shares.size()) {
        rsp.status = werr_more_data;
        if (rsp.resume_handle) rsp.resume_handle = static_cast<std::uint32_t>(i);
    } else if (rsp.resume_handle) {
        rsp.resume_handle = 0;
    }
    return rsp;
}

share_get_info_response net_share_get_info(const share_get_info_request& req, const context& ctx) {
    share_get_info_response rsp;
    rsp.level = req.level;
    if (!share_get_info_level_served(req.level)) {
        rsp.status = werr_invalid_level;
        return rsp;
    }
    if (needs_admin(req.level) && !ctx.administrator) {
        rsp.status = werr_access_denied;
        return rsp;
    }
    for (const auto& e : visible_shares(ctx)) {
        if (!iequals_utf8(e.name, req.netname)) continue;
        rsp.info = make_share_info(e);
        return rsp;
    }
    rsp.status = nerr_net_name_not_found;
    return rsp;
}

server_get_info_response net_server_get_info(const server_get_info_request& req,
                                             const context& ctx) {
    server_get_info_response rsp;
    rsp.level = req.level;
    if (!server_info_level_served(req.level)) {
        rsp.status = werr_invalid_level;
        return rsp;
    }
    server_info s;
    s.platform_id = platform_id_nt;
    s.name = ctx.netbios_name;
    s.version_major = ctx.version_major;
    s.version_minor = ctx.version_minor;
    s.type = ctx.server_type;
    s.comment = ctx.server_comment;
    s.users = 0xFFFFFFFF;  // no limit on sessions
    s.disc = 15;           // minutes of idle time before auto-disconnect (Windows default)
    s.hidden = 0;
    s.announce = 240;
    s.anndelta = 3000;
    s.licenses = 0;
    s.userpath = "C:\\";
    rsp.info = std::move(s);
    return rsp;
}

call_result call(std::uint16_t opnum, byte_span stub, const context& ctx) {
    switch (opnum) {
        case op_net_share_enum: {
            auto q = decode_share_enum_request(stub);
            if (!q) return std::unexpected(rpc_x_bad_stub_data);
            return encode(net_share_enum(*q, ctx));
        }
        case op_net_share_get_info: {
            auto q = decode_share_get_info_request(stub);
            if (!q) return std::unexpected(rpc_x_bad_stub_data);
            return encode(net_share_get_info(*q, ctx));
        }
        case op_net_server_get_info: {
            auto q = decode_server_get_info_request(stub);
            if (!q) return std::unexpected(rpc_x_bad_stub_data);
            return encode(net_server_get_info(*q, ctx));
        }
        default:
            // Samba answers the srvsvc calls it does not implement the same way.
            return std::unexpected(nca_s_op_rng_error);
    }
}

const interface_def& interface() {
    static const interface_def def{
        "srvsvc", "srvsvc", make_syntax("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3, 0), &call};
    return def;
}

}  // namespace smbkit::rpc::srvsvc
