#include "client/ops.hpp"

#include "smb2/constants.hpp"

namespace smbkit::client {

std::optional<error> first_failure(const std::vector<response>& replies) {
    for (const auto& r : replies)
        if (is_error(r.hdr.status)) return error::from_status(r.hdr.status, smb2::command_name(r.hdr.cmd));
    return std::nullopt;
}

asio::awaitable<outcome<opened_chain>> open_chain(tree& t, std::string_view path, const open_options& o,
                                                  std::vector<chained_request> then, bool close) {
    std::vector<chained_request> chain;
    chain.push_back(t.create_part(path, o));
    for (auto& part : then) chain.push_back(std::move(part));
    if (close) chain.push_back(t.close_part(smb2::related_file_id));
    auto replies = co_await t.conn().send_chain(std::move(chain), {.tree_id = t.info().id});
    if (!replies) co_return unexpected_error(replies.error());
    auto file = tree::created(replies->front());
    if (!file) co_return unexpected_error(file.error());
    opened_chain out{std::move(*file), std::vector<response>(replies->begin() + 1, replies->end())};
    if (close && out.replies.size() >= 2 && is_error(out.replies.back().hdr.status)) {
        // Windows fails the CLOSE of a related chain with the status of the request before
        // it (MS-SMB2 3.3.5.2.7.2), leaving the handle open; Samba closes it anyway.
        std::vector<response> before(out.replies.begin(), out.replies.end() - 1);
        if (auto f = first_failure(before); f && f->status == out.replies.back().hdr.status)
            co_await t.close(out.file.id);
    }
    co_return out;
}

asio::awaitable<outcome<std::vector<smb2::fscc::directory_entry>>> list_directory(
    tree& t, std::string_view dir, std::string_view pattern) {
    constexpr auto info_class = smb2::file_info_class::id_both_directory;
    std::vector<chained_request> first;
    first.push_back(t.query_directory_part(smb2::related_file_id, info_class, pattern,
                                           smb2::query_directory_flags::restart_scans));
    auto opened = co_await open_chain(
        t, dir,
        {.access = smb2::access::file_read_data | smb2::access::file_read_attributes | smb2::access::synchronize,
         .options = smb2::create_options::directory_file},
        std::move(first), false);
    if (!opened) co_return unexpected_error(opened.error());
    std::vector<smb2::fscc::directory_entry> out;
    std::optional<error> failed;
    auto chunk = tree::directory_chunk(opened->replies.front());
    for (int rounds = 0; rounds < 100000; ++rounds) {
        if (!chunk) {
            // A first query that matches nothing answers STATUS_NO_SUCH_FILE.
            if (!(chunk.error().kind == error_kind::status && chunk.error().status == ntstatus::no_such_file))
                failed = chunk.error();
            break;
        }
        if (chunk->empty()) break;
        auto entries = smb2::fscc::decode_directory(info_class, *chunk);
        if (!entries) {
            failed = error::malformed("bad directory entries");
            break;
        }
        for (auto& e : *entries)
            if (e.name != "." && e.name != "..") out.push_back(std::move(e));
        chunk = co_await t.query_directory(opened->file.id, info_class, pattern, 0);
    }
    auto c = co_await t.close(opened->file.id);
    if (failed) co_return unexpected_error(*failed);
    if (!c) co_return unexpected_error(c.error());
    co_return out;
}

asio::awaitable<outcome<smb2::fscc::all_information>> stat_path(tree& t, std::string_view path) {
    std::vector<chained_request> query;
    query.push_back(t.query_info_part(smb2::related_file_id, smb2::info_type::file, smb2::file_info_class::all));
    auto r = co_await open_chain(
        t, path, {.access = smb2::access::file_read_attributes | smb2::access::read_control}, std::move(query), true);
    if (!r) co_return unexpected_error(r.error());
    if (auto f = first_failure(r->replies)) co_return unexpected_error(*f);
    auto raw = tree::info_output(r->replies.front());
    if (!raw) co_return unexpected_error(raw.error());
    auto info = smb2::fscc::all_information::decode(*raw);
    if (!info) co_return unexpected_error(error::malformed("bad FileAllInformation"));
    co_return *info;
}

namespace {

// CREATE + the requests in `then` + CLOSE; any failure is the error.
asio::awaitable<outcome<void>> open_then_close(tree& t, std::string_view path, const open_options& o,
                                               std::vector<chained_request> then = {}) {
    auto r = co_await open_chain(t, path, o, std::move(then), true);
    if (!r) co_return unexpected_error(r.error());
    if (auto f = first_failure(r->replies)) co_return unexpected_error(*f);
    co_return outcome<void>{};
}

}  // namespace

asio::awaitable<outcome<void>> make_directory(tree& t, std::string_view path) {
    co_return co_await open_then_close(t, path,
                                       {.access = smb2::access::file_read_attributes,
                                        .disposition = smb2::create_disposition::create,
                                        .options = smb2::create_options::directory_file,
                                        .attributes = smb2::file_attribute::directory});
}

asio::awaitable<outcome<void>> remove_path(tree& t, std::string_view path, bool directory) {
    co_return co_await open_then_close(
        t, path,
        {.access = smb2::access::delete_ | smb2::access::file_read_attributes,
         .options = (directory ? smb2::create_options::directory_file : smb2::create_options::non_directory_file) |
                    smb2::create_options::delete_on_close});
}

asio::awaitable<outcome<void>> rename_path(tree& t, std::string_view from, std::string_view to,
                                           bool replace) {
    smb2::fscc::rename_information info;
    info.replace_if_exists = replace;
    info.file_name = wire_path(to);
    writer w;
    info.encode(w);
    std::vector<chained_request> rename;
    rename.push_back(t.set_info_part(smb2::related_file_id, smb2::info_type::file,
                                     smb2::file_info_class::rename, w.take()));
    co_return co_await open_then_close(t, from, {.access = smb2::access::delete_ | smb2::access::file_read_attributes},
                                       std::move(rename));
}

}  // namespace smbkit::client
