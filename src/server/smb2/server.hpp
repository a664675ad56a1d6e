#pragma once
// The SMB2/SMB3 server: listeners on the configured ports (direct TCP, MS-SMB2 2.1, and
// NetBIOS session service on the "nbss ports", RFC 1002 4.3), the user database, the server
// GUID, and the set of live connections for a clean shutdown.

#include <cstdint>
#include <expected>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <asio.hpp>

#include "auth/gss.hpp"
#include "auth/smbpasswd.hpp"
#include "server/server_config.hpp"
#include "server/smb2/handler.hpp"
#include "server/smb2/session.hpp"
#include "smb2/constants.hpp"

namespace smbkit::server {

class connection;

class smb_server {
public:
    smb_server(asio::io_context& io, server_config config);
    ~smb_server();

    // Binds every listener (the "interfaces" addresses when "bind interfaces only", else the
    // wildcard address) and starts accepting. The message says what could not be bound.
    std::expected<void, std::string> start();
    // Stops accepting, then stops every connection (queued replies are flushed first).
    void stop();

    const server_config& config() const { return config_; }
    const smb2::guid& server_guid() const { return guid_; }
    std::uint64_t start_time() const { return start_time_; }
    // Re-reads the smbpasswd file when it changed since the last look.
    auth::account_lookup accounts();
    // The Unix uid the smbpasswd file gives `user` (for the user's SID), or nullopt.
    std::optional<std::uint32_t> account_uid(std::string_view user);
    auth::ntlm_server_config ntlm_config() const;
    // Listening endpoints, "127.0.3.1:445" (after start()).
    std::vector<std::string> endpoints() const;
    std::uint64_t new_session_id();
    // The valid sessions of all connections (MS-SMB2 GlobalSessionTable).
    const std::shared_ptr<session_registry>& sessions() const { return sessions_; }

    // Command handlers outside the core (file commands); null for none.
    handler file_handler(std::uint16_t command) const;

    void forget(connection* c);

private:
    asio::awaitable<void> accept_loop(std::shared_ptr<asio::ip::tcp::acceptor> a, bool nbss);

    asio::io_context& io_;
    server_config config_;
    smb2::guid guid_{};
    std::uint64_t start_time_ = 0;
    std::vector<std::shared_ptr<asio::ip::tcp::acceptor>> acceptors_;
    std::set<std::weak_ptr<connection>, std::owner_less<std::weak_ptr<connection>>> conns_;
    bool stopping_ = false;

    std::string passwd_path_;
    std::int64_t passwd_mtime_ = -1;
    std::shared_ptr<auth::smbpasswd_db> db_;
    std::uint64_t next_session_ = 0;
    std::shared_ptr<session_registry> sessions_ = std::make_shared<session_registry>();
};

}  // namespace smbkit::server
