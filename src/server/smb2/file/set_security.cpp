// MS-SMB2 3.3.5.21.3 Handling SMB2_0_INFO_SECURITY; MS-FSA 2.1.5.16 (setting security
// information); MS-DTYP 2.4.6 (the descriptor).
#include "server/smb2/file/set_security.hpp"

#include "server/blocking.hpp"
#include "server/smb2/file/common.hpp"
#include "server/smb2/file/security.hpp"
#include "smb2/constants.hpp"
#include "smb2/info.hpp"
#include "vfs/handle.hpp"
#include "vfs/nt_acl.hpp"

namespace smbkit::server::file {

asio::awaitable<reply> set_security(request_context& ctx, open& op, std::uint32_t info,
                                    byte_span descriptor) {
    namespace a = smb2::access;
    namespace si = smb2::security_information;
    info &= si::owner | si::group | si::dacl | si::sacl;
    if ((info & (si::owner | si::group)) && !(op.granted_access & a::write_owner))
        co_return error(ntstatus::access_denied);
    if ((info & si::dacl) && !(op.granted_access & a::write_dac))
        co_return error(ntstatus::access_denied);
    if ((info & si::sacl) && !(op.granted_access & a::access_system_security))
        co_return error(ntstatus::access_denied);
    auto given = smb2::fscc::security_descriptor::decode(descriptor);
    if (!given) co_return error(given.error());
    auto token = session_token(ctx);
    if (auto c = check_new_parts(*given, info & (si::owner | si::group), *token); !c)
        co_return error(c.error());
    if (info == 0) co_return ok(smb2::set_info_response{});

    auto file = op.file;
    const bool dir = op.is_directory;
    auto work = [file, dir, info, sd = std::move(*given)]() -> result<void> {
        auto current = effective_descriptor(file->fd(), dir);
        if (!current) return fail(current.error());
        auto merged = merge_descriptor(std::move(*current), sd, info);
        return vfs::write_nt_acl(file->fd(), merged.encode());
    };
    auto r = co_await run_blocking(std::move(work));
    if (!r) co_return error(r.error());
    co_return ok(smb2::set_info_response{});
}

}  // namespace smbkit::server::file
