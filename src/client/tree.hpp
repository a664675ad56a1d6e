#pragma once
// File operations on one connected share (MS-SMB2 3.2.4.3 onwards): open, close, read,
// write, directory queries, information queries and updates. Paths are relative to the
// share, '/' or '\' separated; they go on the wire with '\'.

#include <cstdint>
#include <memory>
#include <string>

#include <asio.hpp>

#include "client/connection.hpp"
#include "smb2/close.hpp"
#include "smb2/create.hpp"

namespace smbkit::client {

struct open_file {
    smb2::file_id id;
    smb2::create_response info;
};

struct open_options {
    std::uint32_t access = smb2::access::file_generic_read;
    std::uint32_t disposition = smb2::create_disposition::open;
    std::uint32_t options = 0;
    std::uint32_t share = smb2::share_access::read | smb2::share_access::write | smb2::share_access::delete_;
    std::uint32_t attributes = 0;
};

// "dir/sub\\file" -> "dir\\sub\\file", without leading or trailing separators.
std::string wire_path(std::string_view path);

class tree {
public:
    tree(std::shared_ptr<connection> c, tree_info info) : conn_(std::move(c)), info_(info) {}

    const tree_info& info() const { return info_; }
    connection& conn() { return *conn_; }
    std::shared_ptr<connection> conn_ptr() { return conn_; }

    asio::awaitable<outcome<open_file>> open(std::string_view path, open_options o);
    asio::awaitable<outcome<smb2::close_response>> close(const smb2::file_id& id);
    // Up to `length` bytes at `offset`; an empty result at the end of the file.
    asio::awaitable<outcome<bytes>> read(const smb2::file_id& id, std::uint64_t offset, std::uint32_t length);
    // The same, without copying the data out of the response: `data` points into `message`
    // (moving the struct keeps it valid).
    struct read_result {
        bytes message;
        byte_span data;
    };
    asio::awaitable<outcome<read_result>> read_in_place(const smb2::file_id& id,
                                                        std::uint64_t offset,
                                                        std::uint32_t length);
    asio::awaitable<outcome<std::uint32_t>> write(const smb2::file_id& id, std::uint64_t offset, byte_span data);
    asio::awaitable<outcome<void>> flush(const smb2::file_id& id);
    // One QUERY_DIRECTORY round: the raw entries of `info_class`; empty at the end.
    asio::awaitable<outcome<bytes>> query_directory(const smb2::file_id& id, std::uint8_t info_class,
                                                    std::string_view pattern, std::uint8_t flags);
    asio::awaitable<outcome<bytes>> query_info(const smb2::file_id& id, std::uint8_t type,
                                               std::uint8_t info_class, std::uint32_t additional = 0);
    asio::awaitable<outcome<void>> set_info(const smb2::file_id& id, std::uint8_t type,
                                            std::uint8_t info_class, bytes buffer);
    asio::awaitable<outcome<void>> disconnect();

    // The same requests as parts of a compounded chain (connection::send_chain); pass
    // smb2::related_file_id to work on the handle an earlier CREATE of a related chain opened.
    chained_request create_part(std::string_view path, const open_options& o) const;
    chained_request close_part(const smb2::file_id& id) const;
    chained_request query_directory_part(const smb2::file_id& id, std::uint8_t info_class,
                                         std::string_view pattern, std::uint8_t flags) const;
    chained_request query_info_part(const smb2::file_id& id, std::uint8_t type,
                                    std::uint8_t info_class, std::uint32_t additional = 0) const;
    chained_request set_info_part(const smb2::file_id& id, std::uint8_t type,
                                  std::uint8_t info_class, bytes buffer) const;
    // Their replies decoded: an error status is an error, except that a directory query's
    // STATUS_NO_MORE_FILES is the empty end of the listing.
    static outcome<open_file> created(const response& r);
    static outcome<smb2::close_response> closed(const response& r);
    static outcome<bytes> directory_chunk(const response& r);
    static outcome<bytes> info_output(const response& r);

    // The largest single READ/WRITE this connection allows, and its credit charge.
    std::uint32_t max_io() const;
    std::uint16_t charge_for(std::uint32_t length) const;

private:
    std::shared_ptr<connection> conn_;
    tree_info info_;
};

}  // namespace smbkit::client
