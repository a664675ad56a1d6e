// NDR forms of the srvsvc calls: MS-SRVS 2.2.3 (unions), 2.2.4 (structures), C706 14.
#include <algorithm>

#include "core/utf16.hpp"
#include "rpc/ndr.hpp"
#include "rpc/srvsvc.hpp"

namespace smbkit::rpc::srvsvc {

namespace {

// ---- SHARE_INFO_x: scalars (pointers as referent ids) first, pointees afterwards --------

void put_ptr(ndr_writer& w, const std::optional<std::string>& s) { w.unique_ptr(s.has_value()); }
void put_str(ndr_writer& w, const std::optional<std::string>& s) {
    if (s) w.wstring(*s);
}

void put_share_scalars(ndr_writer& w, std::uint32_t level, const share_info& s) {
    switch (level) {
        case 0:
            put_ptr(w, s.netname);
            break;
        case 1:
            put_ptr(w, s.netname);
            w.u32(s.type);
            put_ptr(w, s.remark);
            break;
        case 2:
        case 502:
            put_ptr(w, s.netname);
            w.u32(s.type);
            put_ptr(w, s.remark);
            w.u32(s.permissions);
            w.u32(s.max_uses);
            w.u32(s.current_uses);
            put_ptr(w, s.path);
            put_ptr(w, s.passwd);
            if (level == 502) {
                w.u32(s.security_descriptor
                          ? static_cast<std::uint32_t>(s.security_descriptor->size())
                          : 0);
                w.unique_ptr(s.security_descriptor.has_value());
            }
            break;
        case 501:
            put_ptr(w, s.netname);
            w.u32(s.type);
            put_ptr(w, s.remark);
            w.u32(s.flags);
            break;
        case 1004:
            put_ptr(w, s.remark);
            break;
        case 1005:
            w.u32(s.flags);
            break;
        case 1006:
            w.u32(s.max_uses);
            break;
        default:
            break;
    }
}

void put_share_buffers(ndr_writer& w, std::uint32_t level, const share_info& s) {
    switch (level) {
        case 0:
            put_str(w, s.netname);
            break;
        case 1:
        case 501:
            put_str(w, s.netname);
            put_str(w, s.remark);
            break;
        case 2:
        case 502:
            put_str(w, s.netname);
            put_str(w, s.remark);
            put_str(w, s.path);
            put_str(w, s.passwd);
            if (level == 502 && s.security_descriptor) w.conformant_bytes(*s.security_descriptor);
            break;
        case 1004:
            put_str(w, s.remark);
            break;
        default:
            break;
    }
}

// Decoding marks a non-null pointer with an empty string and fills it in from the buffers.
void get_ptr(ndr_reader& r, std::optional<std::string>& s) {
    if (r.ptr() != 0) s = std::string();
}
void get_str(ndr_reader& r, std::optional<std::string>& s) {
    if (!s || !r.ok()) return;
    auto v = r.wstring();
    if (v) s = std::move(*v);
}

void get_share_scalars(ndr_reader& r, std::uint32_t level, share_info& s) {
    switch (level) {
        case 0:
            get_ptr(r, s.netname);
            break;
        case 1:
            get_ptr(r, s.netname);
            s.type = r.u32();
            get_ptr(r, s.remark);
            break;
        case 2:
        case 502:
            get_ptr(r, s.netname);
            s.type = r.u32();
            get_ptr(r, s.remark);
            s.permissions = r.u32();
            s.max_uses = r.u32();
            s.current_uses = r.u32();
            get_ptr(r, s.path);
            get_ptr(r, s.passwd);
            if (level == 502) {
                s.reserved = r.u32();
                if (r.ptr() != 0) s.security_descriptor = bytes();
            }
            break;
        case 501:
            get_ptr(r, s.netname);
            s.type = r.u32();
            get_ptr(r, s.remark);
            s.flags = r.u32();
            break;
        case 1004:
            get_ptr(r, s.remark);
            break;
        case 1005:
            s.flags = r.u32();
            break;
        case 1006:
            s.max_uses = r.u32();
            break;
        default:
            break;
    }
}

void get_share_buffers(ndr_reader& r, std::uint32_t level, share_info& s) {
    switch (level) {
        case 0:
            get_str(r, s.netname);
            break;
        case 1:
        case 501:
            get_str(r, s.netname);
            get_str(r, s.remark);
            break;
        case 2:
        case 502:
            get_str(r, s.netname);
            get_str(r, s.remark);
            get_str(r, s.path);
            get_str(r, s.passwd);
            if (level == 502) {
                if (s.security_descriptor) {
                    std::uint32_t n = r.conformance(1);
                    if (n != s.reserved) r.fail();
                    byte_span b = r.bytes_of(n);
                    s.security_descriptor = bytes(b.begin(), b.end());
                }
            }
            break;
        case 1004:
            get_str(r, s.remark);
            break;
        default:
            break;
    }
}

// SHARE_INFO_n_CONTAINER (MS-SRVS 2.2.4.32-36) pointee: EntriesRead, Buffer, then the array.
void put_container(ndr_writer& w, std::uint32_t level, const std::vector<share_info>& entries) {
    w.u32(static_cast<std::uint32_t>(entries.size()));
    w.unique_ptr(!entries.empty());
    if (entries.empty()) return;
    w.u32(static_cast<std::uint32_t>(entries.size()));
    for (const auto& e : entries) put_share_scalars(w, level, e);
    for (const auto& e : entries) put_share_buffers(w, level, e);
}

void get_container(ndr_reader& r, std::uint32_t level, std::vector<share_info>& entries) {
    std::uint32_t count = r.u32();
    std::uint32_t array = r.ptr();
    if (!r.ok() || array == 0) return;
    std::uint32_t n = r.conformance(share_info_fixed_size(level));
    if (n < count) {
        r.fail();
        return;
    }
    entries.resize(n);
    for (auto& e : entries) get_share_scalars(r, level, e);
    for (auto& e : entries) get_share_buffers(r, level, e);
    entries.resize(count);
}

// ---- SERVER_INFO_10x ----------------------------------------------------------------------

void put_server_info(ndr_writer& w, std::uint32_t level, const server_info& s) {
    w.u32(s.platform_id);
    put_ptr(w, s.name);
    if (level >= 101) {
        w.u32(s.version_major);
        w.u32(s.version_minor);
        w.u32(s.type);
        put_ptr(w, s.comment);
    }
    if (level == 102) {
        w.u32(s.users);
        w.u32(static_cast<std::uint32_t>(s.disc));
        w.u32(s.hidden);
        w.u32(s.announce);
        w.u32(s.anndelta);
        w.u32(s.licenses);
        put_ptr(w, s.userpath);
    }
    put_str(w, s.name);
    if (level >= 101) put_str(w, s.comment);
    if (level == 102) put_str(w, s.userpath);
}

void get_server_info(ndr_reader& r, std::uint32_t level, server_info& s) {
    s.platform_id = r.u32();
    get_ptr(r, s.name);
    if (level >= 101) {
        s.version_major = r.u32();
        s.version_minor = r.u32();
        s.type = r.u32();
        get_ptr(r, s.comment);
    }
    if (level == 102) {
        s.users = r.u32();
        s.disc = static_cast<std::int32_t>(r.u32());
        s.hidden = r.u32();
        s.announce = r.u32();
        s.anndelta = r.u32();
        s.licenses = r.u32();
        get_ptr(r, s.userpath);
    }
    get_str(r, s.name);
    if (level >= 101) get_str(r, s.comment);
    if (level == 102) get_str(r, s.userpath);
}

// Arms of SERVER_INFO (MS-SRVS 2.2.3.7). A level there that is not served is answered with
// a null pointer; a level outside takes the empty default arm.
bool server_info_level_known(std::uint32_t level) {
    static constexpr std::uint32_t arms[] = {
        100,  101,  102,  103,  502,  503,  599,  1005, 1107, 1010, 1016, 1017, 1018,
        1501, 1502, 1503, 1506, 1510, 1511, 1512, 1513, 1514, 1515, 1516, 1518, 1523,
        1528, 1529, 1530, 1533, 1534, 1535, 1536, 1538, 1539, 1540, 1541, 1542, 1543,
        1544, 1545, 1546, 1547, 1548, 1549, 1550, 1552, 1553, 1554, 1555, 1556};
    return std::find(std::begin(arms), std::end(arms), level) != std::end(arms);
}

template <class T>
result<T> finish(ndr_reader& r, T value) {
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return value;
}

}  // namespace

// The smallest wire size of one SHARE_INFO_x, for bounding hostile counts.
std::size_t share_info_fixed_size(std::uint32_t level) {
    switch (level) {
        case 0:
            return 4;
        case 1:
            return 12;
        case 2:
            return 32;
        case 501:
            return 16;
        case 502:
            return 40;
        default:
            return 4;
    }
}

bool server_info_level_served(std::uint32_t level) {
    return level == 100 || level == 101 || level == 102;
}

bool share_get_info_level_served(std::uint32_t level) {
    return level == 0 || level == 1 || level == 2 || level == 501 || level == 502 ||
           level == 1004 || level == 1005 || level == 1006;
}

bool share_enum_level_served(std::uint32_t level) {
    return level == 0 || level == 1 || level == 2 || level == 501 || level == 502;
}

bool share_enum_level_known(std::uint32_t level) {
    return level == 0 || level == 1 || level == 2 || level == 501 || level == 502 || level == 503;
}

bool share_info_level_known(std::uint32_t level) {
    return share_enum_level_known(level) || level == 1004 || level == 1005 || level == 1006 ||
           level == 1501;
}

// ---- NetrShareEnum -------------------------------------------------------------------------

// SHARE_ENUM_STRUCT (2.2.4.38): Level, then the SHARE_ENUM_UNION (2.2.3.5) discriminant and
// arm. Levels outside the union take its empty default arm, as Samba's IDL has it.
bytes encode(const share_enum_request& r) {
    ndr_writer w;
    w.unique_wstring(r.server_name);
    w.u32(r.level);
    w.u32(r.level);
    if (share_enum_level_known(r.level)) {
        w.unique_ptr(r.container);
        if (r.container) put_container(w, r.level, r.entries);
    }
    w.u32(r.prefmaxlen);
    w.unique_ptr(r.resume_handle.has_value());
    if (r.resume_handle) w.u32(*r.resume_handle);
    return w.take();
}

result<share_enum_request> decode_share_enum_request(byte_span stub) {
    ndr_reader r(stub);
    share_enum_request q;
    q.server_name = r.unique_wstring();
    q.level = r.u32();
    std::uint32_t tag = r.u32();
    if (r.ok() && tag != q.level) return fail(ntstatus::invalid_parameter);
    q.container = false;
    if (share_enum_level_known(q.level)) {
        q.container = r.ptr() != 0;
        if (q.container) {
            // Level 503 containers are not decoded; a client sends them empty anyway.
            if (q.level == 503) {
                std::uint32_t count = r.u32();
                if (r.ptr() != 0 || count != 0) r.fail();
            } else {
                get_container(r, q.level, q.entries);
            }
        }
    }
    q.prefmaxlen = r.u32();
    if (r.ptr() != 0) q.resume_handle = r.u32();
    return finish(r, std::move(q));
}

bytes encode(const share_enum_response& r) {
    ndr_writer w;
    w.u32(r.level);
    w.u32(r.level);
    if (share_enum_level_known(r.level)) {
        w.unique_ptr(r.container);
        if (r.container) put_container(w, r.level, r.entries);
    }
    w.u32(r.total_entries);
    w.unique_ptr(r.resume_handle.has_value());
    if (r.resume_handle) w.u32(*r.resume_handle);
    w.u32(r.status);
    return w.take();
}

result<share_enum_response> decode_share_enum_response(byte_span stub) {
    ndr_reader r(stub);
    share_enum_response s;
    s.level = r.u32();
    std::uint32_t tag = r.u32();
    if (r.ok() && tag != s.level) return fail(ntstatus::invalid_parameter);
    s.container = false;
    if (share_enum_level_known(s.level)) {
        s.container = r.ptr() != 0;
        if (s.container) {
            if (s.level == 503) {
                std::uint32_t count = r.u32();
                if (r.ptr() != 0 || count != 0) r.fail();
            } else {
                get_container(r, s.level, s.entries);
            }
        }
    }
    s.total_entries = r.u32();
    if (r.ptr() != 0) s.resume_handle = r.u32();
    s.status = r.u32();
    return finish(r, std::move(s));
}

// ---- NetrShareGetInfo ----------------------------------------------------------------------

bytes encode(const share_get_info_request& r) {
    ndr_writer w;
    w.unique_wstring(r.server_name);
    w.wstring(r.netname);
    w.u32(r.level);
    return w.take();
}

result<share_get_info_request> decode_share_get_info_request(byte_span stub) {
    ndr_reader r(stub);
    share_get_info_request q;
    q.server_name = r.unique_wstring();
    auto name = r.wstring();
    if (name) q.netname = std::move(*name);
    q.level = r.u32();
    return finish(r, std::move(q));
}

// SHARE_INFO (2.2.3.6): discriminant, then a pointer arm (or the empty default arm).
bytes encode(const share_get_info_response& r) {
    ndr_writer w;
    w.u32(r.level);
    if (share_info_level_known(r.level)) {
        bool present = r.info.has_value() && share_get_info_level_served(r.level);
        w.unique_ptr(present);
        if (present) {
            put_share_scalars(w, r.level, *r.info);
            put_share_buffers(w, r.level, *r.info);
        }
    }
    w.u32(r.status);
    return w.take();
}

result<share_get_info_response> decode_share_get_info_response(byte_span stub) {
    ndr_reader r(stub);
    share_get_info_response s;
    s.level = r.u32();
    if (share_info_level_known(s.level) && r.ptr() != 0) {
        if (!share_get_info_level_served(s.level)) return fail(ntstatus::not_supported);
        share_info info;
        get_share_scalars(r, s.level, info);
        get_share_buffers(r, s.level, info);
        s.info = std::move(info);
    }
    s.status = r.u32();
    return finish(r, std::move(s));
}

// ---- NetrServerGetInfo ---------------------------------------------------------------------

bytes encode(const server_get_info_request& r) {
    ndr_writer w;
    w.unique_wstring(r.server_name);
    w.u32(r.level);
    return w.take();
}

result<server_get_info_request> decode_server_get_info_request(byte_span stub) {
    ndr_reader r(stub);
    server_get_info_request q;
    q.server_name = r.unique_wstring();
    q.level = r.u32();
    return finish(r, std::move(q));
}

bytes encode(const server_get_info_response& r) {
    ndr_writer w;
    w.u32(r.level);
    if (server_info_level_known(r.level)) {
        bool present = r.info.has_value() && server_info_level_served(r.level);
        w.unique_ptr(present);
        if (present) put_server_info(w, r.level, *r.info);
    }
    w.u32(r.status);
    return w.take();
}

result<server_get_info_response> decode_server_get_info_response(byte_span stub) {
    ndr_reader r(stub);
    server_get_info_response s;
    s.level = r.u32();
    if (server_info_level_known(s.level) && r.ptr() != 0) {
        if (!server_info_level_served(s.level)) return fail(ntstatus::not_supported);
        server_info info;
        get_server_info(r, s.level, info);
        s.info = std::move(info);
    }
    s.status = r.u32();
    return finish(r, std::move(s));
}

}  // namespace smbkit::rpc::srvsvc
