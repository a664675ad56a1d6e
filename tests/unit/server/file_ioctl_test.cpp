// IOCTL (MS-SMB2 3.3.5.15), named pipes on IPC$ and CHANGE_NOTIFY (3.3.5.19).
#include "unit/server/file_test_fixture.hpp"

#include <array>

#include "smb2/change_notify.hpp"
#include "smb2/fsctl_copy.hpp"
#include "smb2/ioctl.hpp"
#include "smb2/query_directory.hpp"
#include "smb2/read_write.hpp"

namespace smbkit::server::file::test {
namespace {

namespace cd = smb2::create_disposition;
namespace co = smb2::create_options;
namespace ac = smb2::access;
namespace fs_ = smb2::fsctl;

class file_ioctl : public file_fixture {
protected:
    reply ioctl(const smb2::file_id& id, std::uint32_t code, bytes input = {},
                std::uint32_t max_out = 65536) {
        smb2::ioctl_request r;
        r.id = id;
        r.ctl_code = code;
        r.input = std::move(input);
        r.max_output_response = max_out;
        r.flags = smb2::ioctl_flags::is_fsctl;
        return call(r, smb2::command::ioctl);
    }
    bytes out_of(const reply& r) { return decode_body<smb2::ioctl_response>(r).output; }
    // SRV_COPYCHUNK_WRITE from `src` (by its resume key) into `dst`.
    reply copy(const smb2::file_id& src, const smb2::file_id& dst,
               std::vector<smb2::copychunk> chunks) {
        smb2::copychunk_request cc;
        auto key = smb2::resume_key_response::decode(
            out_of(ioctl(src, fs_::srv_request_resume_key, {}, 32)));
        EXPECT_TRUE(key);
        if (key) cc.source_key = key->key;
        cc.chunks = std::move(chunks);
        return ioctl(dst, fs_::srv_copychunk_write, cc.encode(), 12);
    }
    // The ChunksWritten / ChunkBytesWritten / TotalBytesWritten of a copy's answer.
    std::array<std::uint32_t, 3> counts_of(const reply& r) {
        auto resp = smb2::copychunk_response::decode(out_of(r));
        EXPECT_TRUE(resp);
        if (!resp) return {};
        return {resp->chunks_written, resp->chunk_bytes_written, resp->total_bytes_written};
    }
};

// An RPC bind to srvsvc (MS-RPCE 2.2.2.13 bind PDU), as clients send it first.
bytes srvsvc_bind() {
    writer w;
    w.u8(5);
    w.u8(0);
    w.u8(11);  // bind
    w.u8(3);   // first | last
    w.u32(0x10);  // little-endian data representation
    w.u16(72);    // frag length
    w.u16(0);
    w.u32(1);     // call id
    w.u16(4280);
    w.u16(4280);
    w.u32(0);     // assoc group
    w.u8(1);      // one context
    w.zeros(3);
    w.u16(0);     // context id
    w.u8(1);      // one transfer syntax
    w.u8(0);
    // srvsvc 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0
    const std::uint8_t srvsvc[16] = {0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
                                     0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88};
    w.put(byte_span(srvsvc, 16));
    w.u16(3);
    w.u16(0);
    // NDR 8a885d04-1ceb-11c9-9fe8-08002b104860 v2
    const std::uint8_t ndr[16] = {0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
                                  0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60};
    w.put(byte_span(ndr, 16));
    w.u32(2);
    return w.take();
}

TEST_F(file_ioctl, pipe_open_transceive_write_read) {
    make_ipc_tree();
    smb2::file_id p;
    ASSERT_EQ(create("srvsvc", ac::generic_read | ac::generic_write, cd::open, 0, &p).status,
              ntstatus::success);
    auto r = ioctl(p, fs_::pipe_transceive, srvsvc_bind(), 4280);
    ASSERT_EQ(r.status, ntstatus::success);
    auto ack = out_of(r);
    ASSERT_GE(ack.size(), 24u);
    EXPECT_EQ(ack[2], 12);  // bind_ack
    close(p);

    // The same through WRITE and READ.
    ASSERT_EQ(create("\\PIPE\\srvsvc", ac::generic_read | ac::generic_write, cd::open, 0, &p).status,
              ntstatus::success);
    smb2::write_request w;
    w.id = p;
    w.data = srvsvc_bind();
    ASSERT_EQ(call(w, smb2::command::write).status, ntstatus::success);
    smb2::read_request rd;
    rd.id = p;
    rd.length = 10;  // smaller than the bind_ack: the rest stays for the next READ
    r = call(rd, smb2::command::read);
    EXPECT_EQ(r.status, ntstatus::buffer_overflow);
    EXPECT_EQ(decode_body<smb2::read_response>(r).data.size(), 10u);
    rd.length = 4096;
    r = call(rd, smb2::command::read);
    EXPECT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(decode_body<smb2::read_response>(r).data.size() + 10, ack.size());
    close(p);

    EXPECT_EQ(create("nosuchpipe", ac::generic_read, cd::open).status,
              ntstatus::object_name_not_found);
}

TEST_F(file_ioctl, fsctls_on_disk_files) {
    write_file("f", "content");
    auto id = open_file("f", ac::generic_read | ac::generic_write, cd::open);
    EXPECT_EQ(ioctl(id, fs_::get_reparse_point).status, ntstatus::not_a_reparse_point);
    EXPECT_EQ(ioctl(id, fs_::pipe_transceive, {1, 2, 3}).status, ntstatus::invalid_device_request);
    EXPECT_EQ(ioctl(id, 0x00099999).status, ntstatus::invalid_device_request);
    EXPECT_EQ(ioctl(smb2::related_file_id, fs_::dfs_get_referrals, {0, 0}).status,
              ntstatus::fs_driver_required);
    auto obj = ioctl(id, fs_::create_or_get_object_id);
    ASSERT_EQ(obj.status, ntstatus::success);
    EXPECT_EQ(out_of(obj).size(), 64u);
    EXPECT_EQ(out_of(ioctl(id, fs_::create_or_get_object_id)), out_of(obj));  // stable
    // Not an FSCTL at all.
    smb2::ioctl_request r;
    r.id = id;
    r.ctl_code = fs_::get_reparse_point;
    r.flags = smb2::ioctl_flags::is_ioctl;
    EXPECT_EQ(call(r, smb2::command::ioctl).status, ntstatus::not_supported);
    close(id);
}

TEST_F(file_ioctl, network_interface_info) {
    // Without a server behind the request the host's interfaces are announced; lo is always
    // there, so the list has at least one entry.
    auto r = ioctl(smb2::related_file_id, fs_::query_network_interface_info);
    ASSERT_EQ(r.status, ntstatus::success);
    auto list = smb2::decode_network_interfaces(out_of(r));
    ASSERT_TRUE(list);
    ASSERT_FALSE(list->empty());
    for (const auto& n : *list) {
        EXPECT_NE(n.if_index, 0u);
        EXPECT_GT(n.link_speed, 0u);
        EXPECT_EQ(n.port, 0);
    }
    EXPECT_EQ(ioctl(smb2::related_file_id, fs_::query_network_interface_info, {}, 151).status,
              ntstatus::buffer_too_small);
    EXPECT_EQ(ioctl({1, 2}, fs_::query_network_interface_info).status,
              ntstatus::invalid_parameter);
    EXPECT_EQ(ioctl(smb2::related_file_id, fs_::query_network_interface_info, {1}).status,
              ntstatus::invalid_parameter);
    dialect_ = 0x0210;
    EXPECT_EQ(ioctl(smb2::related_file_id, fs_::query_network_interface_info).status,
              ntstatus::not_supported);
}

TEST_F(file_ioctl, server_side_copy) {
    std::string data(300000, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i % 253);
    write_file("src", data);
    auto src = open_file("src", ac::generic_read, cd::open);
    auto dst = open_file("dst", ac::generic_read | ac::generic_write, cd::create);
    auto r = copy(src, dst, {{0, 0, 200000}, {200000, 200000, 100000}});
    ASSERT_EQ(r.status, ntstatus::success);
    // ChunkBytesWritten is only set for a partly written chunk.
    EXPECT_EQ(counts_of(r), (std::array<std::uint32_t, 3>{2, 0, 300000}));
    close(dst);
    EXPECT_EQ(read_file("dst"), data);
    // Over the limits: INVALID_PARAMETER with the limits in the answer.
    auto dst2 = open_file("dst", ac::generic_read | ac::generic_write, cd::open);
    r = copy(src, dst2, {{0, 0, 2 * 1024 * 1024}});
    EXPECT_EQ(r.status, ntstatus::invalid_parameter);
    EXPECT_EQ(counts_of(r)[0], 256u);
    close(dst2);
    // Past the source's end: INVALID_VIEW_SIZE, with what was copied before it.
    auto dst3 = open_file("dst3", ac::generic_read | ac::generic_write, cd::create);
    r = copy(src, dst3, {{0, 0, 4096}, {299000, 4096, 4096}});
    EXPECT_EQ(r.status, ntstatus::invalid_view_size);
    EXPECT_EQ(counts_of(r), (std::array<std::uint32_t, 3>{1, 0, 4096}));
    close(dst3);
    EXPECT_EQ(read_file("dst3"), data.substr(0, 4096));
    close(src);
}

TEST_F(file_ioctl, copy_from_an_execute_only_source) {
    write_file("src", std::string(4096, 'x'));
    auto src = open_file("src", ac::file_execute | ac::file_read_attributes, cd::open);
    auto dst = open_file("dst", ac::generic_read | ac::generic_write, cd::create);
    EXPECT_EQ(copy(src, dst, {{0, 0, 4096}}).status, ntstatus::success);
    auto attrs_only = open_file("src", ac::file_read_attributes, cd::open);
    EXPECT_EQ(copy(attrs_only, dst, {{0, 0, 4096}}).status, ntstatus::access_denied);
    close(dst);
    EXPECT_EQ(read_file("dst"), std::string(4096, 'x'));
}

TEST_F(file_ioctl, set_compression_only_turns_it_off) {
    write_file("f", "x");
    auto f = open_file("f", ac::generic_read | ac::generic_write, cd::open);
    bytes none{0, 0}, deflt{1, 0};
    EXPECT_EQ(ioctl(f, fs_::set_compression, none, 0).status, ntstatus::success);
    EXPECT_EQ(ioctl(f, fs_::set_compression, deflt, 0).status, ntstatus::not_supported);
    EXPECT_EQ(ioctl(f, fs_::set_compression, {}, 0).status, ntstatus::invalid_parameter);
    auto ro = open_file("f", ac::generic_read, cd::open);
    EXPECT_EQ(ioctl(ro, fs_::set_compression, none, 0).status, ntstatus::access_denied);
}

TEST_F(file_ioctl, change_notify_pends_and_ends) {
    fs::create_directory(root_ / "w");
    auto d = open_file("w", ac::generic_read, cd::open, co::directory_file);
    smb2::change_notify_request n;
    n.id = d;
    n.output_buffer_length = 4096;
    n.completion_filter = smb2::notify_filter::file_name;
    auto msg = message_of(n, smb2::command::change_notify);
    // One executor for the whole test, as one connection has: the directory watch lives on it.
    asio::io_context io;
    auto run_until = [&io](auto done) {
        for (int i = 0; i < 1000 && !done(); ++i) io.run_one_for(std::chrono::milliseconds(20));
    };
    auto run_notify = [&](request_context& ctx) {
        std::optional<reply> out;
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            out = co_await handle_change_notify(ctx);
        }, asio::detached);
        run_until([&] { return out.has_value(); });
        return out;
    };

    // A change made while the request waits completes it with the name.
    {
        auto ctx = context_for(msg, smb2::command::change_notify, 0);
        std::optional<reply> out;
        ctx.go_async = [&] {
            write_file("w/new.txt", "x");
            return std::uint64_t{1};
        };
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            out = co_await handle_change_notify(ctx);
        }, asio::detached);
        run_until([&] { return out.has_value(); });
        ASSERT_TRUE(out);
        ASSERT_EQ(out->status, ntstatus::success);
        auto list = smb2::decode_notify_information(
            decode_body<smb2::change_notify_response>(*out).output);
        ASSERT_TRUE(list);
        ASSERT_FALSE(list->empty());
        EXPECT_EQ((*list)[0].action, smb2::notify_action::added);
        EXPECT_EQ((*list)[0].file_name, "new.txt");
    }
    // Cancelled.
    {
        auto ctx = context_for(msg, smb2::command::change_notify, 0);
        bool cancelled = false;
        ctx.cancelled = [&] { return cancelled; };
        ctx.go_async = [&] {
            cancelled = true;
            return std::uint64_t{2};
        };
        auto out = run_notify(ctx);
        ASSERT_TRUE(out);
        EXPECT_EQ(out->status, ntstatus::cancelled);
    }
    // In the middle of a compound it cannot go async: STATUS_INTERNAL_ERROR at once, as
    // Windows answers (smbtorture smb2.compound.interim2).
    {
        auto ctx = context_for(msg, smb2::command::change_notify, 0);
        ctx.go_async = nullptr;
        auto out = run_notify(ctx);
        ASSERT_TRUE(out);
        EXPECT_EQ(out->status, ntstatus::internal_error);
    }
    // Closed: NOTIFY_CLEANUP.
    {
        auto ctx = context_for(msg, smb2::command::change_notify, 0);
        smb2::close_request c;
        c.id = d;
        auto cmsg = message_of(c, smb2::command::close);
        auto cctx = context_for(cmsg, smb2::command::close, 0);
        std::optional<reply> out, closed;
        ctx.go_async = [&] {
            asio::co_spawn(io, [&]() -> asio::awaitable<void> { closed = co_await handle_close(cctx); },
                           asio::detached);
            return std::uint64_t{3};
        };
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            out = co_await handle_change_notify(ctx);
        }, asio::detached);
        run_until([&] { return out && closed; });
        ASSERT_TRUE(out && closed);
        EXPECT_EQ(out->status, ntstatus::notify_cleanup);
    }
    // Only directories.
    write_file("plain", "x");
    auto f = open_file("plain", ac::generic_read, cd::open);
    n.id = f;
    EXPECT_EQ(call(n, smb2::command::change_notify).status, ntstatus::invalid_parameter);
    close(f);
}

}  // namespace
}  // namespace smbkit::server::file::test
