// MS-FSCC 2.4.8, 2.4.10, 2.4.17, 2.4.19, 2.4.20, 2.4.21, 2.4.31
#include "smb2/fscc/directory.hpp"

#include "smb2/constants.hpp"
#include "smb2/wire.hpp"

namespace smbkit::smb2::fscc {

namespace {

// The fixed bytes before FileName.
std::size_t head_size(std::uint8_t c) {
    switch (c) {
        case file_info_class::directory: return 64;
        case file_info_class::full_directory: return 68;
        case file_info_class::both_directory: return 94;
        case file_info_class::names: return 12;
        case file_info_class::id_full_directory: return 80;
        case file_info_class::id_both_directory: return 104;
        case file_info_class::id_extd_directory: return 88;
        default: return 0;
    }
}

bool has_ea(std::uint8_t c) { return c != file_info_class::directory && c != file_info_class::names; }
bool has_short(std::uint8_t c) {
    return c == file_info_class::both_directory || c == file_info_class::id_both_directory;
}

void encode_entry(writer& w, std::uint8_t c, const directory_entry& e, const bytes& name) {
    w.u32(0);
    w.u32(e.file_index);
    if (c == file_info_class::names) {
        w.u32(static_cast<std::uint32_t>(name.size()));
        w.put(name);
        return;
    }
    w.u64(e.creation_time);
    w.u64(e.last_access_time);
    w.u64(e.last_write_time);
    w.u64(e.change_time);
    w.u64(e.end_of_file);
    w.u64(e.allocation_size);
    w.u32(e.file_attributes);
    w.u32(static_cast<std::uint32_t>(name.size()));
    if (has_ea(c)) w.u32(e.ea_size);
    if (c == file_info_class::id_extd_directory) {
        w.u32(e.reparse_tag);
        w.u64(e.file_id);
        w.u64(e.file_id_high);
    }
    if (has_short(c)) {
        bytes s = wire::utf16(e.short_name);
        if (s.size() > 24) s.resize(24);
        w.u8(static_cast<std::uint8_t>(s.size()));
        w.u8(0);
        w.put(s);
        w.zeros(24 - s.size());
    }
    if (c == file_info_class::id_full_directory) w.u32(0);
    if (c == file_info_class::id_both_directory) w.u16(0);
    if (c == file_info_class::id_full_directory || c == file_info_class::id_both_directory)
        w.u64(e.file_id);
    w.put(name);
}

}  // namespace

bool is_directory_class(std::uint8_t c) { return head_size(c) != 0; }

std::size_t directory_entry_size(std::uint8_t c, const directory_entry& e) {
    return head_size(c) + wire::utf16(e.name).size();
}

bool directory_encoder::add(const directory_entry& e) {
    if (!is_directory_class(class_)) return false;
    bytes name = wire::utf16(e.name);
    std::size_t start = w_.size();
    std::size_t pad = count_ ? (8 - start % 8) % 8 : 0;
    std::uint64_t need = std::uint64_t{start} + pad + head_size(class_) + name.size();
    if (need > max_) return false;
    w_.zeros(pad);
    std::size_t here = w_.size();
    if (count_) w_.patch_u32(last_, static_cast<std::uint32_t>(here - last_));
    encode_entry(w_, class_, e, name);
    last_ = here;
    ++count_;
    return true;
}

result<std::vector<directory_entry>> decode_directory(std::uint8_t c, byte_span data) {
    if (!is_directory_class(c)) return fail(ntstatus::invalid_info_class);
    std::vector<directory_entry> out;
    std::size_t at = 0;
    while (at < data.size()) {
        reader r(data.subspan(at));
        std::uint32_t next = r.u32();
        directory_entry e;
        e.file_index = r.u32();
        std::uint32_t name_len = 0;
        if (c == file_info_class::names) {
            name_len = r.u32();
        } else {
            e.creation_time = r.u64();
            e.last_access_time = r.u64();
            e.last_write_time = r.u64();
            e.change_time = r.u64();
            e.end_of_file = r.u64();
            e.allocation_size = r.u64();
            e.file_attributes = r.u32();
            name_len = r.u32();
            if (has_ea(c)) e.ea_size = r.u32();
            if (c == file_info_class::id_extd_directory) {
                e.reparse_tag = r.u32();
                e.file_id = r.u64();
                e.file_id_high = r.u64();
            }
            if (has_short(c)) {
                std::uint8_t short_len = r.u8();
                r.u8();
                auto s = r.take(24);
                if (!r.ok() || short_len > 24) return fail(ntstatus::invalid_parameter);
                auto text = wire::name(s.first(short_len));
                if (!text) return fail(text.error());
                e.short_name = std::move(*text);
            }
            if (c == file_info_class::id_full_directory) r.u32();
            if (c == file_info_class::id_both_directory) r.u16();
            if (c == file_info_class::id_full_directory || c == file_info_class::id_both_directory)
                e.file_id = r.u64();
        }
        auto name = r.take(name_len);
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        auto text = wire::name(name);
        if (!text) return fail(text.error());
        e.name = std::move(*text);
        out.push_back(std::move(e));
        if (next == 0) break;
        if (next % 8 || next < r.offset() || next >= data.size() - at)
            return fail(ntstatus::invalid_parameter);
        at += next;
    }
    return out;
}

}  // namespace smbkit::smb2::fscc
