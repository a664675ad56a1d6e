// The server-wide session table (MS-SMB2 3.3.1.1 GlobalSessionTable) and the answer to a
// binding attempt (MS-SMB2 3.3.5.5).
#include "server/smb2/session.hpp"

namespace smbkit::server {

void session_registry::put(std::uint64_t id, session_record r) {
    std::lock_guard lock(mu_);
    records_.insert_or_assign(id, std::move(r));
}

void session_registry::remove(std::uint64_t id) {
    std::lock_guard lock(mu_);
    records_.erase(id);
}

std::optional<session_record> session_registry::find(std::uint64_t id) const {
    std::lock_guard lock(mu_);
    auto it = records_.find(id);
    if (it == records_.end()) return std::nullopt;
    session_record r;
    r.signing_algorithm = it->second.signing_algorithm;
    if (it->second.signing)
        r.signing = crypto::signing_key{it->second.signing->algorithm,
                                        it->second.signing->key.copy()};
    r.user = it->second.user;
    r.owner = it->second.owner;
    return r;
}

std::size_t session_registry::size() const {
    std::lock_guard lock(mu_);
    return records_.size();
}

ntstatus binding_refusal(const session_record& bound, crypto::signing_algorithm signing) {
    using crypto::signing_algorithm;
    if (bound.signing_algorithm >= signing_algorithm::aes_gmac &&
        signing != bound.signing_algorithm)
        return ntstatus::request_out_of_sequence;
    if (signing >= signing_algorithm::aes_gmac && bound.signing_algorithm != signing)
        return ntstatus::not_supported;
    // 2.0.2 and 2.1 never bind; 3.x could, but SMB2_GLOBAL_CAP_MULTI_CHANNEL is not offered.
    return ntstatus::request_not_accepted;
}

}  // namespace smbkit::server
