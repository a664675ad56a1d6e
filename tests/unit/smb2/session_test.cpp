// SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT, ECHO and the other bodies with
// nothing in them.
#include "smb2/session_setup.hpp"

#include "smb2/simple.hpp"
#include "smb2/tree_connect.hpp"
#include "unit/smb2/vectors.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::test;

TEST(smb2_session_setup, round_trips) {
    session_setup_request q;
    q.flags = session_setup_flags::binding;
    q.security_mode = 1;
    q.capabilities = cap::dfs;
    q.previous_session_id = 0x55;
    q.security_buffer = bytes{0x60, 0x48, 0x06, 0x06};
    expect_round_trip(q);
    expect_round_trip(session_setup_request{});
    session_setup_response s;
    s.session_flags = session_flags::encrypt_data;
    s.security_buffer = bytes(9, 0xA1);
    expect_round_trip(s);
    expect_round_trip(session_setup_response{});
}

TEST(smb2_session_setup, decodes_and_reencodes_captured_messages) {
    int n = 0;
    for (const auto& m : messages_of(command::session_setup, false)) {
        auto d = session_setup_request::decode(m.data);
        ASSERT_TRUE(d) << m.capture << " " << m.frame;
        EXPECT_FALSE(d->security_buffer.empty());
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::session_setup, true)) {
        auto d = session_setup_response::decode(m.data);
        ASSERT_TRUE(d) << m.capture << " " << m.frame;
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 16);
}

TEST(smb2_session_setup, malformed) {
    session_setup_request q;
    q.security_buffer = bytes(20, 1);
    auto wire = encode_message(q);
    expect_truncations_fail<session_setup_request>(wire);
    EXPECT_FALSE(session_setup_request::decode(patched16(wire, 64, 24)));
    EXPECT_FALSE(session_setup_request::decode(patched16(wire, 64 + 12, 0xFFFF)));
    EXPECT_FALSE(session_setup_request::decode(patched16(wire, 64 + 12, 70)));  // in fixed part
    EXPECT_FALSE(session_setup_request::decode(patched16(wire, 64 + 14, 21)));
    session_setup_response s;
    s.security_buffer = bytes(5, 2);
    auto sw = encode_message(s);
    expect_truncations_fail<session_setup_response>(sw);
    EXPECT_FALSE(session_setup_response::decode(patched16(sw, 64, 8)));
    EXPECT_FALSE(session_setup_response::decode(patched16(sw, 68, 0xFFFF)));
}

TEST(smb2_tree_connect, round_trips) {
    tree_connect_request t;
    t.path = "\\\\127.0.0.8\\data";
    expect_round_trip(t);
    EXPECT_EQ(t.share_name(), "data");
    tree_connect_request x;
    x.flags = tree_connect_flags::extension_present | tree_connect_flags::redirect_to_owner;
    x.path = "\\\\srv\\ünïcode";
    x.contexts.push_back({tree_connect_context_type::remoted_identity, bytes(13, 4)});
    x.contexts.push_back({0x0002, bytes{1}});
    expect_round_trip(x);
    tree_connect_request empty_ext;
    empty_ext.flags = tree_connect_flags::extension_present;
    empty_ext.path = "\\\\srv\\IPC$";
    expect_round_trip(empty_ext);
    tree_connect_response r;
    r.share_type = share_type::pipe;
    r.share_flags = share_flags::no_caching | share_flags::encrypt_data;
    r.capabilities = share_cap::dfs;
    r.maximal_access = access::file_all_access;
    expect_round_trip(r);
}

TEST(smb2_tree_connect, decodes_and_reencodes_captured_messages) {
    int n = 0;
    for (const auto& m : messages_of(command::tree_connect, false)) {
        auto d = tree_connect_request::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_TRUE(d->share_name() == "data" || d->share_name() == "IPC$") << d->path;
        EXPECT_EQ(d->path.rfind("\\\\127.0.0.8\\", 0), 0u) << d->path;
        expect_reencodes(m, *d);
        ++n;
    }
    for (const auto& m : messages_of(command::tree_connect, true)) {
        auto d = tree_connect_response::decode(m.data);
        ASSERT_TRUE(d);
        EXPECT_NE(d->maximal_access, 0u);
        expect_reencodes(m, *d);
        ++n;
    }
    EXPECT_GE(n, 14);
}

TEST(smb2_tree_connect, malformed) {
    tree_connect_request t;
    t.path = "\\\\s\\d";
    auto wire = encode_message(t);
    expect_truncations_fail<tree_connect_request>(wire);
    EXPECT_FALSE(tree_connect_request::decode(patched16(wire, 64, 8)));
    EXPECT_FALSE(tree_connect_request::decode(patched16(wire, 70, 0xFFFF)));
    EXPECT_FALSE(tree_connect_request::decode(patched16(wire, 68, 0xFFF0)));
    EXPECT_FALSE(tree_connect_request::decode(patched16(wire, 68, 10)));  // inside the header
    auto bad_name = wire;
    bad_name[73] = 0xDC;  // lone low surrogate
    auto d = tree_connect_request::decode(bad_name);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), ntstatus::object_name_invalid);
    tree_connect_request x;
    x.flags = tree_connect_flags::extension_present;
    x.path = "\\\\s\\d";
    x.contexts.push_back({1, bytes(8, 1)});
    auto xw = encode_message(x);
    expect_truncations_fail<tree_connect_request>(xw);
    EXPECT_FALSE(tree_connect_request::decode(patched32(xw, 72, 0xFFFFFFFF)));
    EXPECT_FALSE(tree_connect_request::decode(patched32(xw, 72, 8)));  // over the path
    EXPECT_FALSE(tree_connect_request::decode(patched16(xw, 76, 5)));   // context count
    auto rw = encode_message(tree_connect_response{});
    expect_truncations_fail<tree_connect_response>(rw);
    EXPECT_FALSE(tree_connect_response::decode(patched16(rw, 64, 17)));
}

template <class T> void check_empty_body() {
    expect_round_trip(T{});
    auto wire = encode_message(T{});
    EXPECT_EQ(wire.size(), header_size + 4);
    expect_truncations_fail<T>(wire);
    EXPECT_FALSE(T::decode(patched16(wire, 64, 5)));
    EXPECT_FALSE(T::decode(patched16(wire, 64, 0)));
}

TEST(smb2_empty_bodies, round_trip_and_reject) {
    check_empty_body<logoff_request>();
    check_empty_body<logoff_response>();
    check_empty_body<tree_disconnect_request>();
    check_empty_body<tree_disconnect_response>();
    check_empty_body<echo_request>();
    check_empty_body<echo_response>();
    check_empty_body<flush_response>();
    check_empty_body<lock_response>();
    check_empty_body<cancel_request>();
}

TEST(smb2_empty_bodies, decodes_captured_tree_disconnects) {
    int n = 0;
    for (bool response : {false, true}) {
        for (const auto& m : messages_of(command::tree_disconnect, response)) {
            auto d = response ? tree_disconnect_response::decode(m.data).has_value()
                              : tree_disconnect_request::decode(m.data).has_value();
            EXPECT_TRUE(d);
            if (response)
                expect_reencodes(m, tree_disconnect_response{});
            else
                expect_reencodes(m, tree_disconnect_request{});
            ++n;
        }
    }
    EXPECT_GE(n, 14);
}
