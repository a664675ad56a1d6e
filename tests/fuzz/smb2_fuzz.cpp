// Decodes any packet as the SMB2 server and client would: transform and compression
// headers, the SMB1 negotiate, or a compound of SMB2 messages, each through both the request
// and the response decoder of its command. Whatever decodes must encode and decode again to
// the same value.
#include <cstdint>
#include <cstdlib>

#include "smb2/change_notify.hpp"
#include "smb2/close.hpp"
#include "smb2/create.hpp"
#include "smb2/error.hpp"
#include "smb2/header.hpp"
#include "smb2/info.hpp"
#include "smb2/ioctl.hpp"
#include "smb2/lock.hpp"
#include "smb2/negotiate.hpp"
#include "smb2/oplock_break.hpp"
#include "smb2/query_directory.hpp"
#include "smb2/read_write.hpp"
#include "smb2/session_setup.hpp"
#include "smb2/simple.hpp"
#include "smb2/smb1_negotiate.hpp"
#include "smb2/transform.hpp"
#include "smb2/tree_connect.hpp"

using namespace smbkit;
using namespace smbkit::smb2;

namespace {

template <class T> void check(byte_span message) {
    auto d = T::decode(message);
    if (!d) return;
    writer w;
    header{}.encode(w);
    d->encode(w);
    auto again = T::decode(w.data());
    if (!again || !(*again == *d)) std::abort();
}

template <class Req, class Resp> void both(byte_span message) {
    check<Req>(message);
    check<Resp>(message);
}

void message(byte_span m) {
    auto h = header::decode(m);
    if (!h) return;
    check<error_response>(m);
    switch (h->cmd) {
        case command::negotiate: both<negotiate_request, negotiate_response>(m); break;
        case command::session_setup: both<session_setup_request, session_setup_response>(m); break;
        case command::logoff: both<logoff_request, logoff_response>(m); break;
        case command::tree_connect: both<tree_connect_request, tree_connect_response>(m); break;
        case command::tree_disconnect:
            both<tree_disconnect_request, tree_disconnect_response>(m);
            break;
        case command::create: both<create_request, create_response>(m); break;
        case command::close: both<close_request, close_response>(m); break;
        case command::flush: both<flush_request, flush_response>(m); break;
        case command::read: both<read_request, read_response>(m); break;
        case command::write: both<write_request, write_response>(m); break;
        case command::lock: both<lock_request, lock_response>(m); break;
        case command::ioctl: both<ioctl_request, ioctl_response>(m); break;
        case command::cancel: check<cancel_request>(m); break;
        case command::echo: both<echo_request, echo_response>(m); break;
        case command::query_directory:
            both<query_directory_request, query_directory_response>(m);
            break;
        case command::change_notify: both<change_notify_request, change_notify_response>(m); break;
        case command::query_info: both<query_info_request, query_info_response>(m); break;
        case command::set_info: both<set_info_request, set_info_response>(m); break;
        case command::oplock_break:
            if (auto k = classify_oplock_break(m)) {
                check<oplock_break>(m);
                check<lease_break_notification>(m);
                check<lease_break_ack>(m);
            }
            break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_span packet(data, size);
    if (is_transform(packet)) {
        (void)transform_header::decode(packet);
        return 0;
    }
    if (is_compression_transform(packet)) {
        (void)compression_transform_header::decode(packet);
        return 0;
    }
    if (is_smb1(packet)) {
        if (auto n = smb1_negotiate_request::decode(packet)) {
            writer w;
            n->encode(w);
            auto again = smb1_negotiate_request::decode(w.data());
            if (!again || !(*again == *n)) std::abort();
        }
        return 0;
    }
    auto parts = split_compound(packet);
    if (!parts) {
        message(packet);  // the decoders must cope with whatever the splitter refused
        return 0;
    }
    for (auto m : *parts) message(m);
    return 0;
}
