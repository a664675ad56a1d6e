// connection::send_chain against a scripted server on loopback (127.0.10.60): the compound
// goes out as one frame, and the replies are matched however the server sends them: split
// over several frames, out of order, after an interim STATUS_PENDING (MS-SMB2 3.2.5.1.5), or
// chained in one frame with padding.
#include <gtest/gtest.h>

#include <asio.hpp>

#include "client/connection.hpp"
#include "smb2/header.hpp"
#include "smb2/negotiate.hpp"

namespace smbkit::client {
namespace {

using tcp = asio::ip::tcp;
constexpr const char* server_address = "127.0.10.60";

asio::awaitable<bytes> read_frame(tcp::socket& s) {
    std::array<std::uint8_t, 4> len{};
    co_await asio::async_read(s, asio::buffer(len), asio::use_awaitable);
    bytes payload((std::size_t(len[1]) << 16) | (std::size_t(len[2]) << 8) | len[3]);
    co_await asio::async_read(s, asio::buffer(payload), asio::use_awaitable);
    co_return payload;
}

asio::awaitable<void> write_frame(tcp::socket& s, const bytes& payload) {
    // Built by appending: g++ 12 warns (falsely) about insert() after a braced initializer here.
    bytes frame;
    frame.reserve(payload.size() + 4);
    frame.push_back(0);
    for (int shift : {16, 8, 0}) frame.push_back(static_cast<std::uint8_t>(payload.size() >> shift));
    frame.insert(frame.end(), payload.begin(), payload.end());
    co_await asio::async_write(s, asio::buffer(frame), asio::use_awaitable);
}

// A response to `req` with `status`, a 4-byte body, optionally async (interim) form.
bytes reply(const smb2::header& req, ntstatus status, bool async = false, std::uint32_t next = 0) {
    smb2::header h;
    h.cmd = req.cmd;
    h.status = status;
    h.credits = 8;
    h.message_id = req.message_id;
    h.flags = smb2::flags::server_to_redir | (async ? smb2::flags::async_command : 0);
    h.async_id = async ? 77 : 0;
    h.tree_id = req.tree_id;
    h.next_command = next;
    writer w;
    h.encode(w);
    w.u16(9);  // an ERROR-shaped body: StructureSize 9, then padding
    w.u16(0);
    w.u32(0);
    w.u8(0);
    return w.take();
}

struct scripted {
    std::vector<smb2::header> seen;  // the compound's headers, as the server read them
    std::size_t frames_for_chain = 0;
};

// Answers NEGOTIATE (2.1), then reads one frame holding the chain and answers it: an interim
// for the second request, the first request's reply alone, then the second's final reply
// and the third's (an error) chained in one frame.
asio::awaitable<void> serve(tcp::acceptor& acc, scripted& out) {
    auto s = co_await acc.async_accept(asio::use_awaitable);
    auto neg = co_await read_frame(s);
    auto nh = smb2::header::decode(neg);
    smb2::negotiate_response nr;
    nr.dialect_revision = smb2::dialect::smb2_1;
    nr.security_mode = smb2::security_mode::signing_enabled;
    nr.max_transact_size = nr.max_read_size = nr.max_write_size = 65536;
    smb2::header h;
    h.cmd = smb2::command::negotiate;
    h.flags = smb2::flags::server_to_redir;
    h.credits = 8;
    h.message_id = nh->message_id;
    writer w;
    h.encode(w);
    nr.encode(w);
    co_await write_frame(s, w.take());

    auto chain = co_await read_frame(s);
    out.frames_for_chain = 1;
    auto parts = smb2::split_compound(chain);
    if (!parts || parts->size() != 3) co_return;
    for (auto p : *parts) out.seen.push_back(*smb2::header::decode(p));
    co_await write_frame(s, reply(out.seen[1], ntstatus::pending, true));
    co_await write_frame(s, reply(out.seen[0], ntstatus::success));
    bytes second = reply(out.seen[1], ntstatus::success);
    second.resize((second.size() + 7) & ~std::size_t(7), 0);
    for (int i = 0; i < 4; ++i) second[20 + i] = static_cast<std::uint8_t>(second.size() >> (8 * i));
    bytes third = reply(out.seen[2], ntstatus::object_name_not_found);
    second.insert(second.end(), third.begin(), third.end());
    co_await write_frame(s, second);
    // Hold the connection until the client is done with it.
    std::array<std::uint8_t, 1> b{};
    std::error_code ec;
    co_await s.async_read_some(asio::buffer(b), asio::redirect_error(asio::use_awaitable, ec));
}

TEST(connection_chain, replies_split_interim_and_chained) {
    asio::io_context io;
    std::error_code ec;
    tcp::acceptor acc(io);
    acc.open(tcp::v4());
    acc.bind(tcp::endpoint(asio::ip::make_address(server_address), 0), ec);
    ASSERT_FALSE(ec) << "cannot bind " << server_address << ": " << ec.message();
    acc.listen();
    scripted script;
    asio::co_spawn(io, serve(acc, script), asio::detached);

    std::optional<outcome<std::vector<response>>> got;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        negotiate_options n;
        n.dialects = {smb2::dialect::smb2_1};
        n.timeout = std::chrono::milliseconds(5000);
        // A named endpoint: g++ 12 mishandles a braced temporary passed to a coroutine.
        endpoint ep;
        ep.host = server_address;
        ep.port = acc.local_endpoint().port();
        auto c = co_await connection::open(ep, n);
        if (!c) {
            got = unexpected_error(c.error());
            co_return;
        }
        std::vector<chained_request> chain;
        for (auto cmd : {smb2::command::create, smb2::command::query_info, smb2::command::close})
            chain.push_back({cmd, [](writer& w) { w.zeros(24); }});
        got = co_await (*c)->send_chain(std::move(chain), {.tree_id = 9});
        (*c)->close();
    }, asio::detached);
    io.run_for(std::chrono::seconds(20));

    ASSERT_TRUE(got.has_value()) << "send_chain never finished";
    ASSERT_TRUE(*got) << got->error().to_string();
    ASSERT_EQ(script.seen.size(), 3u) << "the chain did not arrive as one frame of three messages";
    EXPECT_FALSE(script.seen[0].is_related());
    EXPECT_TRUE(script.seen[1].is_related());
    EXPECT_TRUE(script.seen[2].is_related());
    EXPECT_EQ(script.seen[1].message_id, script.seen[0].message_id + 1);
    EXPECT_EQ(script.seen[2].message_id, script.seen[0].message_id + 2);
    EXPECT_EQ(script.seen[2].tree_id, 9u);
    const auto& r = **got;
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].hdr.cmd, smb2::command::create);
    EXPECT_EQ(r[0].hdr.status, ntstatus::success);
    EXPECT_EQ(r[1].hdr.cmd, smb2::command::query_info);
    EXPECT_EQ(r[1].hdr.status, ntstatus::success) << "the interim STATUS_PENDING was taken as the reply";
    EXPECT_EQ(r[2].hdr.cmd, smb2::command::close);
    EXPECT_EQ(r[2].hdr.status, ntstatus::object_name_not_found);
    EXPECT_EQ(r[1].message.size() % 8, 0u) << "a chained reply keeps its padding for its signature";
}

}  // namespace
}  // namespace smbkit::client
