#pragma once
// Drives the file command handlers directly: a temporary directory as the share, a session
// and tree as the pipeline would hold them, requests built with the smb2 codecs, replies
// decoded with them.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include <asio.hpp>

#include "server/smb2/file/handlers.hpp"
#include "server/smb2/file/open_table.hpp"
#include "server/smb2/session.hpp"
#include "smb2/close.hpp"
#include "smb2/constants.hpp"
#include "smb2/create.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/header.hpp"
#include "smb2/info.hpp"
#include "smb2/query_directory.hpp"

namespace smbkit::server::file::test {

namespace fs = std::filesystem;

template <class Request> bytes message_of(const Request& req, smb2::command cmd,
                                          std::uint32_t flags = 0) {
    writer w;
    smb2::header h;
    h.cmd = cmd;
    h.flags = flags;
    h.message_id = 1;
    h.tree_id = 1;
    h.session_id = 1;
    h.encode(w);
    req.encode(w);
    return w.take();
}

// A reply's body decoded as `Response` (the codecs read the body after a 64-byte header).
template <class Response> Response decode_body(const reply& r) {
    // reply::body carries the 64-byte room for the header already.
    EXPECT_GE(r.body.size(), 64u);
    auto d = Response::decode(r.body);
    EXPECT_TRUE(d.has_value()) << "reply body does not decode";
    return d.value_or(Response{});
}

class file_fixture : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        root_ = fs::temp_directory_path() / ("smbkit-file-test-" + std::to_string(rd()));
        fs::create_directories(root_);
        make_tree(false);
    }
    void TearDown() override {
        tree_.reset();
        // Closes run on the blocking pool; give them a moment by running an empty round.
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

    void make_tree(bool read_only) {
        share_.name = "share";
        share_.path = root_;
        share_.read_only = read_only;
        tree_ = std::make_shared<tree_connect>();
        tree_->id = 1;
        tree_->share = &share_;
        tree_->read_only = read_only;
        tree_->maximal_access = 0x001F01FF;
        sess_.id = 1;
        sess_.user = "tester";
        sess_.state = session_state::valid;
    }
    void make_ipc_tree() {
        ipc_.name = "IPC$";
        ipc_.ipc = true;
        tree_ = std::make_shared<tree_connect>();
        tree_->id = 1;
        tree_->share = &ipc_;
        tree_->read_only = true;
    }

    // Runs one handler to completion on a private io_context.
    template <class Request>
    reply call(const Request& req, smb2::command cmd, std::uint32_t flags = 0) {
        auto msg = message_of(req, cmd, flags);
        return call_raw(msg, cmd, flags);
    }
    reply call_raw(const bytes& msg, smb2::command cmd, std::uint32_t flags = 0) {
        request_context ctx = context_for(msg, cmd, flags);
        asio::io_context io;
        std::optional<reply> out;
        auto h = file_handler(static_cast<std::uint16_t>(cmd));
        EXPECT_TRUE(h);
        asio::co_spawn(io, [&]() -> asio::awaitable<void> { out = co_await h(ctx); },
                       asio::detached);
        io.run();
        EXPECT_TRUE(out.has_value());
        return out.value_or(reply{ntstatus::internal_error, {}, {}});
    }
    request_context context_for(const bytes& msg, smb2::command cmd, std::uint32_t flags) {
        request_context ctx;
        ctx.sess = &sess_;
        ctx.tree = tree_.get();
        ctx.message = msg;
        ctx.command = static_cast<std::uint16_t>(cmd);
        ctx.message_id = 1;
        ctx.flags = flags;
        ctx.session_id = 1;
        ctx.tree_id = 1;
        ctx.dialect = dialect_;
        ctx.compound_file_id = &compound_;
        ctx.go_async = [this] {
            ++async_calls_;
            return std::uint64_t{async_calls_};
        };
        ctx.cancelled = [this] { return cancel_; };
        ctx.detach = [this] { ++detach_calls_; };
        return ctx;
    }

    // CREATE with the usual fields; returns the reply and sets `id` on success.
    reply create(const std::string& name, std::uint32_t access, std::uint32_t disposition,
                 std::uint32_t options = 0, smb2::file_id* id = nullptr,
                 std::uint32_t share = 7, std::vector<smb2::create_context> contexts = {}) {
        smb2::create_request req;
        req.name = name;
        req.desired_access = access;
        req.create_disposition = disposition;
        req.create_options = options;
        req.share_access = share;
        req.file_attributes = 0;
        req.contexts = std::move(contexts);
        auto r = call(req, smb2::command::create);
        if (r.status == ntstatus::success && id)
            *id = decode_body<smb2::create_response>(r).id;
        return r;
    }
    smb2::file_id open_file(const std::string& name, std::uint32_t access = 0x001F01FF,
                            std::uint32_t disposition = smb2::create_disposition::open_if,
                            std::uint32_t options = 0) {
        smb2::file_id id;
        auto r = create(name, access, disposition, options, &id);
        EXPECT_EQ(r.status, ntstatus::success) << name << ": " << ntstatus_string(r.status);
        return id;
    }
    reply close(const smb2::file_id& id, std::uint16_t flags = 0) {
        smb2::close_request req;
        req.id = id;
        req.flags = flags;
        return call(req, smb2::command::close);
    }

    // QUERY_DIRECTORY of an open directory, and its decoded entries.
    reply list(const smb2::file_id& dir, std::uint8_t cls, const std::string& pattern,
               std::uint8_t flags = 0, std::uint32_t max_out = 65536) {
        smb2::query_directory_request q;
        q.id = dir;
        q.file_information_class = cls;
        q.pattern = pattern;
        q.flags = flags;
        q.output_buffer_length = max_out;
        return call(q, smb2::command::query_directory);
    }
    std::vector<smb2::fscc::directory_entry> entries(const reply& r, std::uint8_t cls) {
        auto out = decode_body<smb2::query_directory_response>(r).output;
        auto d = smb2::fscc::decode_directory(cls, out);
        EXPECT_TRUE(d.has_value());
        return d.value_or(std::vector<smb2::fscc::directory_entry>{});
    }
    // Every entry of the share root in one class (opened, listed with "*", closed).
    std::vector<smb2::fscc::directory_entry> list_root(std::uint8_t cls) {
        auto dir = open_file("", smb2::access::generic_read, smb2::create_disposition::open,
                             smb2::create_options::directory_file);
        auto r = list(dir, cls, "*");
        EXPECT_EQ(r.status, ntstatus::success);
        close(dir);
        return r.status == ntstatus::success ? entries(r, cls)
                                             : std::vector<smb2::fscc::directory_entry>{};
    }

    // SET_INFO of one file information class, the buffer encoded from `info`.
    template <class Info>
    reply set_file_info(const smb2::file_id& id, std::uint8_t cls, const Info& info) {
        writer w;
        info.encode(w);
        smb2::set_info_request s;
        s.id = id;
        s.info_type = smb2::info_type::file;
        s.file_info_class = cls;
        s.buffer = w.take();
        return call(s, smb2::command::set_info);
    }

    void write_file(const std::string& rel, const std::string& content) {
        std::ofstream(root_ / rel, std::ios::binary) << content;
    }
    std::string read_file(const std::string& rel) {
        std::ifstream in(root_ / rel, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    fs::path root_;
    share_config share_;
    share_config ipc_;
    session sess_;
    std::shared_ptr<tree_connect> tree_;
    std::optional<file_id> compound_;
    std::uint64_t async_calls_ = 0;
    int detach_calls_ = 0;  // READ/WRITE let the connection go on before their file I/O
    bool cancel_ = false;
    std::uint16_t dialect_ = 0x0311;
};

}  // namespace smbkit::server::file::test
