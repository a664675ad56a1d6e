#include "client/tree.hpp"

#include <algorithm>

#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"
#include "smb2/read_write.hpp"

namespace smbkit::client {

std::string wire_path(std::string_view path) {
    std::string out;
    for (char c : path) {
        if (c == '/' || c == '\\') {
            if (!out.empty() && out.back() != '\\') out.push_back('\\');
        } else {
            out.push_back(c);
        }
    }
    while (!out.empty() && out.back() == '\\') out.pop_back();
    return out;
}

std::uint32_t tree::max_io() const {
    const auto& n = conn_->info();
    std::uint32_t limit = std::min(n.response.max_read_size, n.response.max_write_size);
    if (n.dialect == smb2::dialect::smb2_002 || !(n.response.capabilities & smb2::cap::large_mtu))
        limit = std::min<std::uint32_t>(limit, 65536);
    return std::clamp<std::uint32_t>(limit, 4096, 1024 * 1024);
}

std::uint16_t tree::charge_for(std::uint32_t length) const {
    if (conn_->info().dialect == smb2::dialect::smb2_002) return 1;
    return static_cast<std::uint16_t>(std::max<std::uint32_t>(1, (length + 65535) / 65536));
}

chained_request tree::create_part(std::string_view path, const open_options& o) const {
    smb2::create_request req;
    req.desired_access = o.access;
    req.file_attributes = o.attributes;
    req.share_access = o.share;
    req.create_disposition = o.disposition;
    req.create_options = o.options;
    req.name = wire_path(path);
    return {smb2::command::create, [req](writer& w) { req.encode(w); }};
}

chained_request tree::close_part(const smb2::file_id& id) const {
    smb2::close_request req;
    req.flags = smb2::close_flags::postquery_attrib;
    req.id = id;
    return {smb2::command::close, [req](writer& w) { req.encode(w); }};
}

chained_request tree::query_directory_part(const smb2::file_id& id, std::uint8_t info_class,
                                           std::string_view pattern, std::uint8_t flags) const {
    smb2::query_directory_request req;
    req.file_information_class = info_class;
    req.flags = flags;
    req.id = id;
    req.pattern = std::string(pattern);
    req.output_buffer_length = std::min<std::uint32_t>(conn_->info().response.max_transact_size, 65536);
    return {smb2::command::query_directory, [req](writer& w) { req.encode(w); }};
}

chained_request tree::query_info_part(const smb2::file_id& id, std::uint8_t type,
                                      std::uint8_t info_class, std::uint32_t additional) const {
    smb2::query_info_request req;
    req.info_type = type;
    req.file_info_class = info_class;
    req.output_buffer_length = 65536;
    req.additional_information = additional;
    req.id = id;
    return {smb2::command::query_info, [req](writer& w) { req.encode(w); }};
}

chained_request tree::set_info_part(const smb2::file_id& id, std::uint8_t type,
                                    std::uint8_t info_class, bytes buffer) const {
    smb2::set_info_request req;
    req.info_type = type;
    req.file_info_class = info_class;
    req.buffer = std::move(buffer);
    req.id = id;
    return {smb2::command::set_info, [req](writer& w) { req.encode(w); }};
}

namespace {
outcome<void> status_of(const response& r) {
    if (is_error(r.hdr.status)) return std::unexpected(error::from_status(r.hdr.status, smb2::command_name(r.hdr.cmd)));
    return {};
}
}  // namespace

outcome<open_file> tree::created(const response& r) {
    if (auto s = status_of(r); !s) return std::unexpected(s.error());
    auto resp = smb2::create_response::decode(r.message);
    if (!resp) return std::unexpected(error::malformed("bad CREATE response"));
    return open_file{resp->id, *resp};
}

outcome<smb2::close_response> tree::closed(const response& r) {
    if (auto s = status_of(r); !s) return std::unexpected(s.error());
    auto resp = smb2::close_response::decode(r.message);
    if (!resp) return std::unexpected(error::malformed("bad CLOSE response"));
    return *resp;
}

outcome<bytes> tree::directory_chunk(const response& r) {
    if (r.hdr.status == ntstatus::no_more_files) return bytes{};
    if (auto s = status_of(r); !s) return std::unexpected(s.error());
    auto resp = smb2::query_directory_response::decode(r.message);
    if (!resp) return std::unexpected(error::malformed("bad QUERY_DIRECTORY response"));
    if (resp->output.empty()) return std::unexpected(error::malformed("empty QUERY_DIRECTORY success"));
    return std::move(resp->output);
}

outcome<bytes> tree::info_output(const response& r) {
    if (auto s = status_of(r); !s) return std::unexpected(s.error());
    auto resp = smb2::query_info_response::decode(r.message);
    if (!resp) return std::unexpected(error::malformed("bad QUERY_INFO response"));
    return std::move(resp->output);
}

asio::awaitable<outcome<open_file>> tree::open(std::string_view path, open_options o) {
    auto p = create_part(path, o);
    auto r = co_await conn_->send(p.cmd, p.body, {.tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    co_return created(*r);
}

asio::awaitable<outcome<smb2::close_response>> tree::close(const smb2::file_id& id) {
    auto p = close_part(id);
    auto r = co_await conn_->send(p.cmd, p.body, {.tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    co_return closed(*r);
}

asio::awaitable<outcome<bytes>> tree::read(const smb2::file_id& id, std::uint64_t offset,
                                           std::uint32_t length) {
    auto r = co_await read_in_place(id, offset, length);
    if (!r) co_return unexpected_error(r.error());
    co_return bytes(r->data.begin(), r->data.end());
}

asio::awaitable<outcome<tree::read_result>> tree::read_in_place(const smb2::file_id& id,
                                                                std::uint64_t offset,
                                                                std::uint32_t length) {
    smb2::read_request req;
    req.length = length;
    req.offset = offset;
    req.id = id;
    auto r = co_await conn_->send(smb2::command::read, [&](writer& w) { req.encode(w); },
                                  {.credit_charge = charge_for(length), .tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    if (r->hdr.status == ntstatus::end_of_file) co_return read_result{};
    if (is_error(r->hdr.status)) co_return unexpected_error(error::from_status(r->hdr.status, "READ"));
    auto data = smb2::read_response::decode_data(r->message);
    if (!data) co_return unexpected_error(error::malformed("bad READ response"));
    if (data->size() > length) co_return unexpected_error(error::malformed("READ returned more than asked"));
    read_result out;
    const auto at = static_cast<std::size_t>(data->data() - r->message.data());
    const auto n = data->size();
    out.message = std::move(r->message);
    out.data = byte_span(out.message).subspan(at, n);
    co_return out;
}

asio::awaitable<outcome<std::uint32_t>> tree::write(const smb2::file_id& id, std::uint64_t offset,
                                                    byte_span data) {
    smb2::write_request req;
    req.offset = offset;
    req.id = id;
    req.data.assign(data.begin(), data.end());
    auto r = co_await conn_->call(smb2::command::write, [&](writer& w) { req.encode(w); },
                                  {.credit_charge = charge_for(static_cast<std::uint32_t>(data.size())),
                                   .tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    auto resp = smb2::write_response::decode(r->message);
    if (!resp) co_return unexpected_error(error::malformed("bad WRITE response"));
    if (resp->count > data.size()) co_return unexpected_error(error::malformed("WRITE count larger than sent"));
    co_return resp->count;
}

asio::awaitable<outcome<void>> tree::flush(const smb2::file_id& id) {
    smb2::flush_request req;
    req.id = id;
    auto r = co_await conn_->call(smb2::command::flush, [&](writer& w) { req.encode(w); },
                                  {.tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    co_return outcome<void>{};
}

asio::awaitable<outcome<bytes>> tree::query_directory(const smb2::file_id& id, std::uint8_t info_class,
                                                      std::string_view pattern, std::uint8_t flags) {
    auto p = query_directory_part(id, info_class, pattern, flags);
    auto r = co_await conn_->send(p.cmd, p.body, {.tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    co_return directory_chunk(*r);
}

asio::awaitable<outcome<bytes>> tree::query_info(const smb2::file_id& id, std::uint8_t type,
                                                 std::uint8_t info_class, std::uint32_t additional) {
    auto p = query_info_part(id, type, info_class, additional);
    auto r = co_await conn_->send(p.cmd, p.body, {.tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    co_return info_output(*r);
}

asio::awaitable<outcome<void>> tree::set_info(const smb2::file_id& id, std::uint8_t type,
                                              std::uint8_t info_class, bytes buffer) {
    auto p = set_info_part(id, type, info_class, std::move(buffer));
    auto r = co_await conn_->call(p.cmd, p.body, {.tree_id = info_.id});
    if (!r) co_return unexpected_error(r.error());
    co_return outcome<void>{};
}

asio::awaitable<outcome<void>> tree::disconnect() {
    co_return co_await conn_->tree_disconnect(info_.id);
}

}  // namespace smbkit::client
