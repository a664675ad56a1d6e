#include "core/ntstatus.hpp"

#include <cctype>
#include <cstdio>
#include <string>

namespace smbkit {

namespace {
std::string_view lower_name(ntstatus s) {
    switch (s) {
#define SMBKIT_NTSTATUS_CASE(name, value) \
    case ntstatus::name:                  \
        return "STATUS_" #name;
        SMBKIT_NTSTATUS_LIST(SMBKIT_NTSTATUS_CASE)
#undef SMBKIT_NTSTATUS_CASE
    }
    return {};
}
}  // namespace

std::string ntstatus_string(ntstatus s) {
    std::string_view n = lower_name(s);
    if (n.empty()) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%08X", to_u32(s));
        return buf;
    }
    std::string out(n);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace smbkit
