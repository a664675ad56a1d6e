// MS-FSCC 2.4.15 FILE_FULL_EA_INFORMATION, 2.4.15.1 FILE_GET_EA_INFORMATION; MS-SMB2 2.2.37
// (Flags of a FileFullEaInformation query), 3.3.5.20.1.
#include "smb2/fscc/ea.hpp"

#include <algorithm>

namespace smbkit::smb2::fscc {
namespace {

constexpr std::size_t full_header = 8;  // NextEntryOffset, Flags, EaNameLength, EaValueLength
constexpr std::size_t get_header = 5;   // NextEntryOffset, EaNameLength

constexpr std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void put_entry(writer& w, const full_ea& e) {
    w.u32(0);
    w.u8(e.flags);
    w.u8(static_cast<std::uint8_t>(e.name.size()));
    w.u16(static_cast<std::uint16_t>(e.value.size()));
    w.put(e.name);
    w.u8(0);
    w.put(e.value);
}

// Writes `entries` chained; the caller has checked that they fit.
bytes chained(const std::vector<const full_ea*>& entries) {
    writer w;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::size_t start = w.size();
        put_entry(w, *entries[i]);
        if (i + 1 < entries.size()) {
            w.align(4);
            w.patch_u32(start, static_cast<std::uint32_t>(w.size() - start));
        }
    }
    return w.take();
}

}  // namespace

result<std::vector<full_ea>> decode_full_ea_list(byte_span data) {
    std::vector<full_ea> out;
    std::size_t at = 0;
    while (at < data.size()) {
        reader r(data.subspan(at));
        std::uint32_t next = r.u32();
        full_ea e;
        e.flags = r.u8();
        std::uint8_t name_len = r.u8();
        std::uint16_t value_len = r.u16();
        auto name = r.take(name_len);
        std::uint8_t nul = r.u8();
        auto value = r.take(value_len);
        if (!r.ok() || nul != 0) return fail(ntstatus::ea_list_inconsistent);
        e.name.assign(name.begin(), name.end());
        e.value.assign(value.begin(), value.end());
        out.push_back(std::move(e));
        if (next == 0) break;
        // Windows accepts only the exact aligned size, so no gap can hide data.
        if (next != align4(r.offset()) || !in_bounds(at, next, data.size()) ||
            at + next == data.size())
            return fail(ntstatus::ea_list_inconsistent);
        at += next;
    }
    return out;
}

void encode_full_ea_list(writer& w, std::span<const full_ea> list) {
    std::size_t base = w.size();
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::size_t start = w.size();
        put_entry(w, list[i]);
        if (i + 1 < list.size()) {
            while ((w.size() - base) % 4) w.u8(0);
            w.patch_u32(start, static_cast<std::uint32_t>(w.size() - start));
        }
    }
}

result<std::vector<std::string>> decode_get_ea_list(byte_span data) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < data.size()) {
        reader r(data.subspan(at));
        std::uint32_t next = r.u32();
        std::uint8_t len = r.u8();
        auto name = r.take(len);
        std::uint8_t nul = r.u8();
        if (!r.ok() || nul != 0) return fail(ntstatus::ea_list_inconsistent);
        out.emplace_back(name.begin(), name.end());
        if (next == 0) break;
        if (next % 4 != 0 || next < r.offset() || !in_bounds(at, next, data.size()) ||
            at + next == data.size())
            return fail(ntstatus::ea_list_inconsistent);
        at += next;
    }
    return out;
}

void encode_get_ea_list(writer& w, std::span<const std::string> names) {
    std::size_t base = w.size();
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::size_t start = w.size();
        w.u32(0);
        w.u8(static_cast<std::uint8_t>(names[i].size()));
        w.put(names[i]);
        w.u8(0);
        if (i + 1 < names.size()) {
            while ((w.size() - base) % 4) w.u8(0);
            w.patch_u32(start, static_cast<std::uint32_t>(w.size() - start));
        }
    }
}

std::size_t full_ea_entry_size(const full_ea& e) {
    return full_header + e.name.size() + 1 + e.value.size();
}

std::uint32_t full_ea_list_size(std::span<const full_ea> list) {
    std::size_t total = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::size_t n = full_ea_entry_size(list[i]);
        total += i + 1 < list.size() ? align4(n) : n;
    }
    return static_cast<std::uint32_t>(std::min<std::size_t>(total, UINT32_MAX));
}

bool is_valid_ea_name(std::string_view name) {
    if (name.empty() || name.size() > max_ea_name) return false;
    constexpr std::string_view bad = "\"*+,/:;<=>?[\\]|";
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || bad.find(c) != std::string_view::npos) return false;
    }
    return true;
}

bool ea_names_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

ea_answer answer_ea_query(std::span<const full_ea> eas, const ea_query& q,
                          std::uint32_t position) {
    namespace qf = ea_query_flags;
    ea_answer a;
    a.next_position = position;
    const bool single = q.flags & qf::return_single_entry;

    if (!q.get_list.empty()) {
        auto names = decode_get_ea_list(q.get_list);
        if (!names) {
            a.status = names.error();
            return a;
        }
        std::vector<full_ea> dummies;  // entries for names the file does not have
        dummies.reserve(names->size());
        std::vector<const full_ea*> picked;
        std::size_t used = 0;
        for (std::size_t i = 0; i < names->size(); ++i) {
            const std::string& n = (*names)[i];
            if (!is_valid_ea_name(n)) {
                a.status = ntstatus::invalid_ea_name;
                return a;
            }
            bool repeated = false;
            for (std::size_t j = 0; j < i && !repeated; ++j)
                repeated = ea_names_equal((*names)[j], n);
            if (repeated) continue;
            const full_ea* e = nullptr;
            for (std::size_t k = 0; k < eas.size() && !e; ++k)
                if (ea_names_equal(eas[k].name, n)) {
                    e = &eas[k];
                    a.next_position = static_cast<std::uint32_t>(k + 1);
                }
            if (!e) e = &dummies.emplace_back(full_ea{0, n, {}});
            std::size_t need = align4(used) + full_ea_entry_size(*e);
            if (need > q.max_output) {
                a.status = ntstatus::buffer_overflow;
                return a;
            }
            used = need;
            picked.push_back(e);
            if (single) break;
        }
        a.output = chained(picked);
        return a;
    }

    std::size_t start = position;
    if (q.flags & qf::index_specified) {
        if (q.index == 0 || q.index > eas.size() + 1 || eas.empty()) {
            a.status = ntstatus::nonexistent_ea_entry;
            return a;
        }
        start = q.index - 1;
    } else if (q.flags & qf::restart_scan) {
        start = 0;
    }
    if (eas.empty()) {
        a.status = ntstatus::no_eas_on_file;
        return a;
    }
    if (start >= eas.size()) {
        a.status = ntstatus::no_more_eas;
        a.next_position = static_cast<std::uint32_t>(eas.size());
        return a;
    }
    std::vector<const full_ea*> picked;
    std::size_t used = 0;
    std::size_t i = start;
    for (; i < eas.size(); ++i) {
        std::size_t need = align4(used) + full_ea_entry_size(eas[i]);
        if (need > q.max_output) break;
        used = need;
        picked.push_back(&eas[i]);
        if (single) {
            ++i;
            break;
        }
    }
    if (picked.empty()) {
        a.status = ntstatus::buffer_too_small;
        return a;
    }
    a.next_position = static_cast<std::uint32_t>(i);
    if (i < eas.size() && !single) a.status = ntstatus::buffer_overflow;
    a.output = chained(picked);
    return a;
}

}  // namespace smbkit::smb2::fscc
