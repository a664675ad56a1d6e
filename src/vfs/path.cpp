#include "vfs/path.hpp"

#include "core/utf16.hpp"

namespace smbkit::vfs {
namespace {

bool is_separator(char c) { return c == '\\' || c == '/'; }

// Checks one component; ':' is refused here (streams are handled by the caller).
ntstatus check_component(std::string_view c) {
    if (c.empty()) return ntstatus::object_name_invalid;
    if (c.size() > max_component_bytes) return ntstatus::name_too_long;
    if (c == ".") return ntstatus::object_name_invalid;
    if (c == "..") return ntstatus::object_path_syntax_bad;
    for (char ch : c) {
        auto u = static_cast<unsigned char>(ch);
        if (u < 0x20) return ntstatus::object_name_invalid;
        switch (ch) {
        case '"':
        case '*':
        case '<':
        case '>':
        case '?':
        case '|':
        case ':':
        case '\\':
        case '/':
            return ntstatus::object_name_invalid;
        default:
            break;
        }
    }
    return ntstatus::success;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
        if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
        if (x != y) return false;
    }
    return true;
}

std::string join(const std::vector<std::string>& parts, char sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out.push_back(sep);
        out += p;
    }
    return out;
}

}  // namespace

std::string client_path::relative() const { return join(components, '/'); }
std::string client_path::windows() const { return join(components, '\\'); }

result<client_path> parse_client_path(std::string_view path) {
    if (path.size() > max_path_bytes) return fail(ntstatus::name_too_long);
    if (path.find('\0') != std::string_view::npos) return fail(ntstatus::object_name_invalid);
    if (!utf8_to_utf16le(path)) return fail(ntstatus::object_name_invalid);

    std::size_t begin = 0;
    while (begin < path.size() && is_separator(path[begin])) ++begin;
    std::size_t end = path.size();
    while (end > begin && is_separator(path[end - 1])) --end;
    path = path.substr(begin, end - begin);

    client_path out;
    if (path.empty()) return out;
    std::size_t pos = 0;
    while (true) {
        std::size_t next = pos;
        while (next < path.size() && !is_separator(path[next])) ++next;
        std::string_view comp = path.substr(pos, next - pos);
        bool last = next == path.size();
        if (last) {
            // "name::$DATA" names the unnamed data stream, i.e. the file itself.
            auto colon = comp.find(':');
            if (colon != std::string_view::npos && colon > 0 &&
                iequals_ascii(comp.substr(colon), "::$DATA"))
                comp = comp.substr(0, colon);
        }
        if (comp == "..") {
            // Resolved by name, as Samba does: "a\..\b" is "b"; above the root is refused.
            if (out.components.empty()) return fail(ntstatus::object_path_syntax_bad);
            out.components.pop_back();
        } else {
            if (auto st = check_component(comp); st != ntstatus::success) return fail(st);
            out.components.emplace_back(comp);
        }
        if (last) break;
        pos = next + 1;
    }
    return out;
}

bool is_valid_component(std::string_view name) {
    return check_component(name) == ntstatus::success && utf8_to_utf16le(name).has_value();
}

}  // namespace smbkit::vfs
