// Extended attributes of the file server (see ea.hpp). MS-SMB2 3.3.5.9, 3.3.5.20.1,
// 3.3.5.21.1; MS-FSCC 2.4.15.
#include "server/smb2/file/ea.hpp"

#include <algorithm>

#include "vfs/ea.hpp"

namespace smbkit::server::file {
namespace {

namespace sf = smb2::fscc;

// Windows keeps a file's EAs packed (flags, name length, value length, name, NUL, value)
// behind a 4-byte count, in at most 64 KiB (FAT's and NTFS's MAXIMUM_EA_SIZE).
constexpr std::size_t max_packed_eas = 0xFFFF;
std::size_t packed_size(std::size_t name, std::size_t value) { return 4 + name + 1 + value; }

bool presentable(const std::string& name, std::size_t value_size) {
    return sf::is_valid_ea_name(name) && value_size > 0 && value_size <= sf::max_ea_value;
}

}  // namespace

result<std::vector<sf::full_ea>> file_eas(int fd) {
    auto stored = vfs::read_eas(fd);
    if (!stored) return fail(stored.error());
    std::vector<sf::full_ea> out;
    out.reserve(stored->size());
    for (auto& s : *stored)
        if (presentable(s.name, s.value.size()))
            out.push_back({0, std::move(s.name), std::move(s.value)});
    return out;
}

namespace {
std::uint32_t size_of(const result<std::vector<vfs::stored_ea_size>>& sizes) {
    if (!sizes) return 0;
    // full_ea_list_size without copying values: every entry but the last padded to 4.
    std::size_t total = 0;
    std::size_t last = 0;
    for (const auto& s : *sizes) {
        if (!presentable(s.name, s.size)) continue;
        total += (last + 3) & ~std::size_t{3};
        last = 8 + s.name.size() + 1 + s.size;
    }
    total += last;
    return static_cast<std::uint32_t>(std::min<std::size_t>(total, UINT32_MAX));
}
}  // namespace

std::uint32_t ea_size_of(int fd) { return size_of(vfs::ea_sizes(fd)); }

std::uint32_t ea_size_of_entry(int dir_fd, const std::string& name) {
    return size_of(vfs::ea_sizes_at(dir_fd, name));
}

result<void> check_client_eas(std::span<const sf::full_ea> eas) {
    for (const auto& e : eas) {
        // FAT and NTFS answer a bad flag with INVALID_EA_NAME too.
        if (!sf::is_valid_ea_name(e.name) || (e.flags & ~sf::file_need_ea))
            return fail(ntstatus::invalid_ea_name);
        if (vfs::is_private_ea_name(e.name)) return fail(ntstatus::access_denied);
        if (e.name.size() > vfs::max_ea_xattr_name) return fail(ntstatus::invalid_ea_name);
    }
    return {};
}

result<void> store_client_eas(int fd, std::span<const sf::full_ea> eas, bool with_create) {
    if (auto c = check_client_eas(eas); !c) return c;
    auto current = vfs::read_eas(fd);
    if (!current) return fail(current.error());

    // What the file will hold, to refuse a list that would not fit before writing any of it.
    std::vector<vfs::stored_ea> after = std::move(*current);
    std::vector<vfs::stored_ea> writes;
    writes.reserve(eas.size());
    for (const auto& e : eas) {
        auto it = std::find_if(after.begin(), after.end(), [&](const vfs::stored_ea& s) {
            return sf::ea_names_equal(s.name, e.name);
        });
        // Another case of a name the file has: that one is replaced (or removed).
        std::string name = it != after.end() ? it->name : e.name;
        if (it != after.end()) after.erase(it);
        if (!e.value.empty()) after.push_back({name, e.value});
        writes.push_back({std::move(name), e.value});
    }
    std::size_t packed = 4;
    for (const auto& s : after) packed += packed_size(s.name.size(), s.value.size());
    if (packed > max_packed_eas) return fail(ntstatus::ea_too_large);
    return vfs::write_eas(fd, writes, with_create);
}

result<std::vector<sf::full_ea>> create_context_eas(
    const std::vector<smb2::create_context>& contexts) {
    const auto* c = smb2::find_context(contexts, smb2::create_context_name::ea_buffer);
    if (!c) return std::vector<sf::full_ea>{};
    if (c->data.empty()) return fail(ntstatus::invalid_parameter);
    auto list = sf::decode_full_ea_list(c->data);
    if (!list) return fail(list.error());
    if (auto ok = check_client_eas(*list); !ok) return fail(ok.error());
    return list;
}

}  // namespace smbkit::server::file
