#include "client/ops.hpp"

namespace smbkit::client {

asio::awaitable<outcome<std::vector<smb2::fscc::directory_entry>>> list_directory(
    tree& t, std::string_view dir, std::string_view pattern) {
    auto d = co_await t.open(dir, {.access = smb2::access::file_read_data | smb2::access::file_read_attributes |
                                             smb2::access::synchronize,
                                   .options = smb2::create_options::directory_file});
    if (!d) co_return unexpected_error(d.error());
    std::vector<smb2::fscc::directory_entry> out;
    std::optional<error> failed;
    std::uint8_t flags = smb2::query_directory_flags::restart_scans;
    for (int rounds = 0; rounds < 100000; ++rounds) {
        auto chunk = co_await t.query_directory(d->id, smb2::file_info_class::id_both_directory, pattern, flags);
        flags = 0;
        if (!chunk) {
            // A first query that matches nothing answers STATUS_NO_SUCH_FILE.
            if (!(chunk.error().kind == error_kind::status && chunk.error().status == ntstatus::no_such_file))
                failed = chunk.error();
            break;
        }
        if (chunk->empty()) break;
        auto entries = smb2::fscc::decode_directory(smb2::file_info_class::id_both_directory, *chunk);
        if (!entries) {
            failed = error::malformed("bad directory entries");
            break;
        }
        for (auto& e : *entries)
            if (e.name != "." && e.name != "..") out.push_back(std::move(e));
    }
    auto c = co_await t.close(d->id);
    if (failed) co_return unexpected_error(*failed);
    if (!c) co_return unexpected_error(c.error());
    co_return out;
}

asio::awaitable<outcome<smb2::fscc::all_information>> stat_path(tree& t, std::string_view path) {
    auto f = co_await t.open(path, {.access = smb2::access::file_read_attributes | smb2::access::read_control});
    if (!f) co_return unexpected_error(f.error());
    auto raw = co_await t.query_info(f->id, smb2::info_type::file, smb2::file_info_class::all);
    auto c = co_await t.close(f->id);
    if (!raw) co_return unexpected_error(raw.error());
    if (!c) co_return unexpected_error(c.error());
    auto info = smb2::fscc::all_information::decode(*raw);
    if (!info) co_return unexpected_error(error::malformed("bad FileAllInformation"));
    co_return *info;
}

asio::awaitable<outcome<void>> make_directory(tree& t, std::string_view path) {
    auto f = co_await t.open(path, {.access = smb2::access::file_read_attributes,
                                    .disposition = smb2::create_disposition::create,
                                    .options = smb2::create_options::directory_file,
                                    .attributes = smb2::file_attribute::directory});
    if (!f) co_return unexpected_error(f.error());
    auto c = co_await t.close(f->id);
    if (!c) co_return unexpected_error(c.error());
    co_return outcome<void>{};
}

asio::awaitable<outcome<void>> remove_path(tree& t, std::string_view path, bool directory) {
    auto f = co_await t.open(path, {.access = smb2::access::delete_ | smb2::access::file_read_attributes,
                                    .options = (directory ? smb2::create_options::directory_file
                                                          : smb2::create_options::non_directory_file) |
                                               smb2::create_options::delete_on_close});
    if (!f) co_return unexpected_error(f.error());
    auto c = co_await t.close(f->id);
    if (!c) co_return unexpected_error(c.error());
    co_return outcome<void>{};
}

asio::awaitable<outcome<void>> rename_path(tree& t, std::string_view from, std::string_view to,
                                           bool replace) {
    auto f = co_await t.open(from, {.access = smb2::access::delete_ | smb2::access::file_read_attributes});
    if (!f) co_return unexpected_error(f.error());
    smb2::fscc::rename_information info;
    info.replace_if_exists = replace;
    info.file_name = wire_path(to);
    writer w;
    info.encode(w);
    auto r = co_await t.set_info(f->id, smb2::info_type::file, smb2::file_info_class::rename, w.take());
    auto c = co_await t.close(f->id);
    if (!r) co_return unexpected_error(r.error());
    if (!c) co_return unexpected_error(c.error());
    co_return outcome<void>{};
}

}  // namespace smbkit::client
