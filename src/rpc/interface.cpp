// Pipe names as clients open them on IPC$ (MS-SMB2 3.3.5.9: the name is relative to the
// share; MS-RPCE 2.1.1.2 names the endpoints "\PIPE\srvsvc" and "\PIPE\wkssvc").
#include "rpc/interface.hpp"

#include "core/utf16.hpp"
#include "rpc/srvsvc.hpp"
#include "rpc/wkssvc.hpp"

namespace smbkit::rpc {

const interface_def* find_interface(std::string_view pipe_name) {
    std::string_view name = pipe_name;
    while (!name.empty() && name.front() == '\\') name.remove_prefix(1);
    if (name.size() > 5 && iequals_utf8(name.substr(0, 5), "PIPE\\")) name.remove_prefix(5);
    for (const interface_def* def : {&srvsvc::interface(), &wkssvc::interface()})
        if (iequals_utf8(name, def->endpoint)) return def;
    return nullptr;
}

}  // namespace smbkit::rpc
