// MS-SMB2 3.3.5.20 Receiving an SMB2 QUERY_INFO Request (MS-FSCC 2.4, 2.5; MS-DTYP 2.4.6).
#include <sys/stat.h>

#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/ea.hpp"
#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/security.hpp"
#include "smb2/error.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/fscc/fs_info.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"
#include "vfs/ea.hpp"
#include "vfs/errno_map.hpp"
#include "vfs/handle.hpp"
#include "vfs/share.hpp"

namespace smbkit::server::file {
namespace {

namespace fic = smb2::file_info_class;
namespace fsc = smb2::fs_info_class;
namespace sf = smb2::fscc;
namespace a = smb2::access;

// The answer of a class: its encoding and the size of its fixed part. A buffer smaller
// than the fixed part is STATUS_INFO_LENGTH_MISMATCH; one that holds the fixed part but not
// the variable tail gets what fits and STATUS_BUFFER_OVERFLOW (MS-SMB2 3.3.5.20.1).
struct encoded {
    bytes data;
    std::size_t fixed = 0;
};

template <class Info> encoded fixed_of(const Info& i) {
    writer w;
    i.encode(w);
    return {w.take(), Info::size};
}
template <class Info> encoded variable_of(const Info& i, std::size_t fixed) {
    writer w;
    i.encode(w);
    return {w.take(), fixed};
}

reply answer(encoded e, std::uint32_t max_out) {
    if (max_out < e.fixed) return error(ntstatus::info_length_mismatch);
    smb2::query_info_response r;
    ntstatus st = ntstatus::success;
    if (e.data.size() > max_out) {
        e.data.resize(max_out);
        st = ntstatus::buffer_overflow;
    }
    r.output = std::move(e.data);
    return ok(r, st);
}

sf::basic_information basic_of(const vfs::file_info& i) {
    return {i.creation_time, i.last_access_time, i.last_write_time, i.change_time, i.attributes};
}
sf::standard_information standard_of(const vfs::file_info& i) {
    // A name that is going away no longer counts as a link (Windows, MS-FSA 2.1.5.11.27).
    std::uint32_t links = i.nlink ? i.nlink : 1;
    if (i.delete_pending) --links;
    return {i.allocation_size, i.end_of_file, links, i.delete_pending,
            i.is_directory};
}

// The smallest buffer Windows accepts for a class with a name or a list is the size of its C
// structure with room for one character, padded to 8 (smbtorture smb2.getinfo.
// qfile_buffercheck): FILE_ALL_INFORMATION 104, FILE_NAME_INFORMATION 8,
// FILE_STREAM_INFORMATION 32.
constexpr std::size_t min_all = 104;
constexpr std::size_t min_name = 8;
constexpr std::size_t min_stream = 32;

// FileNameInformation carries the path from the share root with a leading '\'.
std::string full_name(const open& o) { return "\\" + o.file->path(); }

result<encoded> file_class(const open& o, const vfs::file_info& i, std::uint8_t cls,
                           std::uint64_t volume_serial, std::uint32_t ea_size,
                           vfs::mangled_names mangling) {
    switch (cls) {
    case fic::basic: return fixed_of(basic_of(i));
    case fic::standard: return fixed_of(standard_of(i));
    case fic::internal: return fixed_of(sf::internal_information{i.file_id});
    case fic::ea: return fixed_of(sf::ea_information{ea_size});
    case fic::access: return fixed_of(sf::access_information{o.granted_access});
    case fic::position: return fixed_of(sf::position_information{o.position});
    case fic::mode: return fixed_of(sf::mode_information{o.mode});
    case fic::alignment: return fixed_of(sf::alignment_information{0});
    case fic::network_open:
        return fixed_of(sf::network_open_information{i.creation_time, i.last_access_time,
                                                     i.last_write_time, i.change_time,
                                                     i.allocation_size, i.end_of_file,
                                                     i.attributes});
    case fic::attribute_tag: return fixed_of(sf::attribute_tag_information{i.attributes, 0});
    case fic::compression:
        return fixed_of(sf::compression_information{i.end_of_file, 0, 0, 0, 0});
    case fic::id_information: {
        sf::id_information id;
        id.volume_serial_number = volume_serial;
        for (int b = 0; b < 8; ++b) id.file_id[b] = static_cast<std::uint8_t>(i.file_id >> (8 * b));
        return fixed_of(id);
    }
    case fic::all: {
        sf::all_information all;
        all.basic = basic_of(i);
        all.standard = standard_of(i);
        all.index_number = i.file_id;
        all.ea_size = ea_size;
        all.access_flags = o.granted_access;
        all.current_byte_offset = o.position;
        all.mode = o.mode;
        all.file_name = full_name(o);
        return variable_of(all, min_all);
    }
    case fic::name: return variable_of(sf::name_information{full_name(o)}, min_name);
    case fic::normalized_name:
        return variable_of(sf::name_information{o.file->path()}, min_name);
    case fic::stream: {
        std::vector<sf::stream_entry> streams;
        if (!i.is_directory) streams.push_back({"::$DATA", i.end_of_file, i.allocation_size});
        writer w;
        sf::encode_stream_information(w, streams);
        return encoded{w.take(), min_stream};
    }
    case fic::alternate_name: {
        // MS-FSCC 2.4.5: the 8.3 name (short_name.hpp), as Samba answers it whatever
        // "mangled names" says unless it is "no": a name that already is 8.3 comes back
        // unchanged; with "no", the name itself cut to 12 bytes (smbclient's allinfo gives up
        // when this class fails).
        if (i.is_directory && o.file->path().empty()) return fail(ntstatus::object_name_not_found);
        std::string name = o.file->name();
        if (mangling == vfs::mangled_names::no) {
            std::size_t cut = std::min<std::size_t>(name.size(), 12);
            while (cut > 0 && cut < name.size() &&
                   (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80)
                --cut;  // never half a UTF-8 character
            name.resize(cut);
        } else {
            vfs::remember_short_name(name);  // so it can name a new file (short_name.hpp)
            name = vfs::short_name(name);
        }
        return variable_of(sf::name_information{std::move(name)}, min_name);
    }
    default: return fail(ntstatus::invalid_info_class);
    }
}

// Rights a class needs (MS-FSA 2.1.5.11): the attribute classes need READ_ATTRIBUTES, the
// EA ones READ_EA; position, mode, access and the like none.
std::uint32_t needed_for(std::uint8_t cls) {
    switch (cls) {
    case fic::basic:
    case fic::all:
    case fic::network_open:
    case fic::attribute_tag:
    case fic::id_information: return a::file_read_attributes;
    // FileEaInformation (only the EA size) needs no access at all, as on Windows.
    case fic::full_ea: return a::file_read_ea;
    default: return 0;
    }
}

result<encoded> fs_class(const vfs::fs_info& f, std::uint8_t cls, bool read_only) {
    switch (cls) {
    case fsc::volume:
        // Windows measures the smallest buffer by the C structure (with room for the first
        // character of the name, padded): 24 here and 16 for the attribute class, not the
        // 18 and 12 bytes before the name.
        return variable_of(sf::fs_volume_information{f.volume_creation_time, f.volume_serial,
                                                     false, f.volume_label},
                           24);
    case fsc::size:
        return fixed_of(sf::fs_size_information{f.total_units, f.caller_available_units,
                                                f.sectors_per_unit, f.bytes_per_sector});
    case fsc::full_size:
        return fixed_of(sf::fs_full_size_information{f.total_units, f.caller_available_units,
                                                     f.actual_available_units,
                                                     f.sectors_per_unit, f.bytes_per_sector});
    case fsc::device:
        return fixed_of(sf::fs_device_information{sf::device_type::disk, 0});
    case fsc::attribute: {
        std::uint32_t attrs = f.fs_attributes;
        if (read_only) attrs |= sf::fs_attribute::read_only_volume;
        return variable_of(sf::fs_attribute_information{attrs, f.max_component_length, f.fs_name},
                           16);
    }
    case fsc::sector_size: {
        sf::fs_sector_size_information s;
        s.logical_bytes_per_sector = f.bytes_per_sector;
        s.physical_bytes_per_sector_for_atomicity = f.bytes_per_sector;
        s.physical_bytes_per_sector_for_performance = f.bytes_per_sector;
        s.effective_physical_bytes_per_sector_for_atomicity = f.bytes_per_sector;
        s.flags = 0x3;  // SSINFO_FLAGS_ALIGNED_DEVICE | PARTITION_ALIGNED_ON_DEVICE
        return fixed_of(s);
    }
    case fsc::control: {
        // MS-FSCC 2.5.2 FileFsControlInformation: no quotas are tracked or enforced, so the
        // filtering thresholds are 0, the default quota threshold and limit are "none"
        // (all ones) and no FILE_VC_QUOTA_* flag is set.
        writer w;
        w.zeros(24);
        w.u64(~std::uint64_t{0});
        w.u64(~std::uint64_t{0});
        w.u32(0);
        w.u32(0);
        return encoded{w.take(), 48};
    }
    case fsc::object_id: {
        sf::fs_object_id_information id;
        for (int b = 0; b < 4; ++b) id.object_id[b] = static_cast<std::uint8_t>(f.volume_serial >> (8 * b));
        return fixed_of(id);
    }
    default: return fail(ntstatus::invalid_info_class);
    }
}

// MS-SMB2 3.3.5.20.1 FileFullEaInformation: the answer depends on the open's previous scan
// and may be a warning with data (STATUS_BUFFER_OVERFLOW) or without (STATUS_NO_MORE_EAS).
asio::awaitable<reply> query_full_ea(open& o, const smb2::query_info_request& req) {
    sf::ea_query q;
    q.max_output = req.output_buffer_length;
    q.flags = req.flags;
    q.index = req.additional_information;
    q.get_list = req.input;
    auto file = o.file;
    const std::uint32_t position = o.ea_position;
    auto work = [file, q, position]() -> result<sf::ea_answer> {
        auto eas = file_eas(file->fd());
        if (!eas) return fail(eas.error());
        return sf::answer_ea_query(*eas, q, position);
    };
    auto a = co_await run_blocking(std::move(work));
    if (!a) co_return error(a.error());
    o.ea_position = a->next_position;
    // STATUS_BUFFER_OVERFLOW is a normal response, even an empty one; the other warnings
    // (NO_MORE_EAS, INVALID_EA_NAME) carry no data.
    if (a->status != ntstatus::success && a->status != ntstatus::buffer_overflow)
        co_return error(a->status);
    smb2::query_info_response r;
    r.output = std::move(a->output);
    co_return ok(r, a->status);
}

asio::awaitable<reply> query_pipe(const open& o, const smb2::query_info_request& req) {
    if (req.info_type != smb2::info_type::file) co_return error(ntstatus::invalid_parameter);
    vfs::file_info i;
    i.attributes = smb2::file_attribute::normal;
    i.allocation_size = 4096;
    i.nlink = 1;
    switch (req.file_info_class) {
    case fic::basic: co_return answer(fixed_of(basic_of(i)), req.output_buffer_length);
    case fic::standard: {
        auto s = standard_of(i);
        s.delete_pending = true;  // as Windows reports for a pipe
        co_return answer(fixed_of(s), req.output_buffer_length);
    }
    case fic::access:
        co_return answer(fixed_of(sf::access_information{o.granted_access}),
                         req.output_buffer_length);
    case fic::network_open:
        co_return answer(fixed_of(sf::network_open_information{0, 0, 0, 0, 4096, 0,
                                                               smb2::file_attribute::normal}),
                         req.output_buffer_length);
    default: co_return error(ntstatus::invalid_info_class);
    }
}

}  // namespace

asio::awaitable<reply> handle_query_info(request_context& ctx) {
    auto req = smb2::query_info_request::decode(ctx.message);
    if (!req) co_return error(req.error());
    auto o = lookup(ctx, req->id);
    if (!o) co_return error(o.error());
    auto op = *o;
    if (req->output_buffer_length > max_trans(ctx)) co_return error(ntstatus::invalid_parameter);
    if (op->pipe) co_return co_await query_pipe(*op, *req);

    auto file = op->file;
    const std::uint32_t max_out = req->output_buffer_length;
    switch (req->info_type) {
    case smb2::info_type::file: {
        const auto cls = req->file_info_class;
        if (auto need = needed_for(cls); need && !(op->granted_access & need))
            co_return error(ntstatus::access_denied);
        auto backend = backend_of(ctx);
        if (!backend) co_return error(backend.error());
        auto share = *backend;
        if (cls == fic::full_ea) co_return co_await query_full_ea(*op, *req);
        struct got {
            vfs::file_info info;
            std::uint64_t serial = 0;
            std::uint32_t ea_size = 0;
        };
        auto work1 = [file, share, cls]() -> result<got> {
            auto i = file->info();
            if (!i) return fail(i.error());
            got out{*i, 0, 0};
            if (cls == fic::id_information)
                if (auto f = share->fs_information()) out.serial = f->volume_serial;
            if (cls == fic::ea || cls == fic::all) out.ea_size = ea_size_of(file->fd());
            return out;
        };
        auto g = co_await run_blocking(std::move(work1));
        if (!g) co_return error(g.error());
        auto e = file_class(*op, g->info, cls, g->serial, g->ea_size,
                            share->options().mangling);
        if (!e) co_return error(e.error());
        co_return answer(std::move(*e), max_out);
    }
    case smb2::info_type::filesystem: {
        auto backend = backend_of(ctx);
        if (!backend) co_return error(backend.error());
        auto share = *backend;
        auto work2 = [share] {
            auto f = share->fs_information();
            // Advertised only where the share's file system keeps "user." xattrs.
            if (f && vfs::eas_supported(share->root_fd()))
                f->fs_attributes |= sf::fs_attribute::supports_extended_attributes;
            return f;
        };
        auto f = co_await run_blocking(std::move(work2));
        if (!f) co_return error(f.error());
        auto e = fs_class(*f, req->file_info_class, tree_read_only(ctx));
        if (!e) co_return error(e.error());
        co_return answer(std::move(*e), max_out);
    }
    case smb2::info_type::security: {
        namespace si = smb2::security_information;
        const std::uint32_t info = req->additional_information;
        // MS-SMB2 3.3.5.20.3 / MS-FSA 2.1.5.13: owner, group and DACL need READ_CONTROL, the
        // SACL ACCESS_SYSTEM_SECURITY (which no open is granted).
        if ((info & (si::owner | si::group | si::dacl)) && !(op->granted_access & a::read_control))
            co_return error(ntstatus::access_denied);
        if ((info & si::sacl) && !(op->granted_access & a::access_system_security))
            co_return error(ntstatus::access_denied);
        const int fd = file->fd();
        const bool dir = op->is_directory;
        auto work3 = [fd, dir]() { return effective_descriptor(fd, dir); };
        auto full = co_await run_blocking(std::move(work3));
        if (!full) co_return error(full.error());
        bytes sd = select_parts(*full, info).encode();
        if (sd.size() > max_out) {
            // MS-SMB2 3.3.5.20.3: the client retries with the size given in ErrorData.
            reply r = error(ntstatus::buffer_too_small);
            r.error_data = smb2::buffer_too_small_data(static_cast<std::uint32_t>(sd.size()));
            co_return r;
        }
        smb2::query_info_response r;
        r.output = std::move(sd);
        co_return ok(r);
    }
    case smb2::info_type::quota: co_return error(ntstatus::not_supported);
    default: co_return error(ntstatus::invalid_parameter);
    }
}

}  // namespace smbkit::server::file
