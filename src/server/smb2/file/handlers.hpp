#pragma once
// The SMB2 file command handlers (MS-SMB2 3.3.5.9 CREATE to 3.3.5.21 SET_INFO): CREATE,
// CLOSE, FLUSH, READ, WRITE, LOCK, IOCTL, QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO,
// SET_INFO, on disk shares (through src/vfs) and on IPC$ named pipes (through src/rpc).
//
// The pipeline finds the session and tree, then calls file_handler(command)(ctx). Opens live
// in the tree's open table (open_table.hpp), created on the first CREATE.

#include <cstdint>

#include "server/smb2/handler.hpp"

namespace smbkit::server::file {

// The handler of a file command; empty for commands handled elsewhere.
handler file_handler(std::uint16_t command);

// The handlers themselves (also used by tests).
asio::awaitable<reply> handle_create(request_context& ctx);
asio::awaitable<reply> handle_close(request_context& ctx);
asio::awaitable<reply> handle_flush(request_context& ctx);
asio::awaitable<reply> handle_read(request_context& ctx);
asio::awaitable<reply> handle_write(request_context& ctx);
asio::awaitable<reply> handle_lock(request_context& ctx);
asio::awaitable<reply> handle_ioctl(request_context& ctx);
asio::awaitable<reply> handle_query_directory(request_context& ctx);
asio::awaitable<reply> handle_change_notify(request_context& ctx);
asio::awaitable<reply> handle_query_info(request_context& ctx);
asio::awaitable<reply> handle_set_info(request_context& ctx);

}  // namespace smbkit::server::file
