// MS-FSCC 2.4.15, 2.4.15.1
#include "smb2/fscc/ea.hpp"

namespace smbkit::smb2::fscc {

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
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        if (nul != 0 || name_len == 0) return fail(ntstatus::invalid_ea_name);
        for (auto c : name)
            if (c == 0) return fail(ntstatus::invalid_ea_name);
        e.name.assign(name.begin(), name.end());
        e.value.assign(value.begin(), value.end());
        out.push_back(std::move(e));
        if (next == 0) break;
        if (next % 4 != 0 || next < r.offset()) return fail(ntstatus::invalid_parameter);
        if (!in_bounds(at, next, data.size()) || at + next == data.size())
            return fail(ntstatus::invalid_parameter);
        at += next;
    }
    return out;
}

void encode_full_ea_list(writer& w, const std::vector<full_ea>& list) {
    std::size_t base = w.size();
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::size_t start = w.size();
        w.u32(0);
        w.u8(list[i].flags);
        w.u8(static_cast<std::uint8_t>(list[i].name.size()));
        w.u16(static_cast<std::uint16_t>(list[i].value.size()));
        w.put(list[i].name);
        w.u8(0);
        w.put(list[i].value);
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
        if (!r.ok()) return fail(ntstatus::invalid_parameter);
        if (nul != 0 || len == 0) return fail(ntstatus::invalid_ea_name);
        out.emplace_back(name.begin(), name.end());
        if (next == 0) break;
        if (next % 4 != 0 || next < r.offset() || !in_bounds(at, next, data.size()) ||
            at + next == data.size())
            return fail(ntstatus::invalid_parameter);
        at += next;
    }
    return out;
}

void encode_get_ea_list(writer& w, const std::vector<std::string>& names) {
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

}  // namespace smbkit::smb2::fscc
