// MS-SMB2 2.2.1
#include "smb2/header.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

result<header> header::decode(byte_span message) {
    reader r(message);
    if (r.u32() != protocol_id) return fail(ntstatus::invalid_parameter);
    if (r.u16() != header_size) return fail(ntstatus::invalid_parameter);
    header h;
    h.credit_charge = r.u16();
    h.status = static_cast<ntstatus>(r.u32());
    h.cmd = static_cast<command>(r.u16());
    h.credits = r.u16();
    h.flags = r.u32();
    h.next_command = r.u32();
    h.message_id = r.u64();
    if (h.flags & flags::async_command) {
        h.async_id = r.u64();
    } else {
        h.process_id = r.u32();
        h.tree_id = r.u32();
    }
    h.session_id = r.u64();
    h.signature = wire::fixed<signature_bytes>(r);
    if (!r.ok()) return fail(ntstatus::invalid_parameter);
    return h;
}

void header::encode(writer& w) const {
    w.u32(protocol_id);
    w.u16(header_size);
    w.u16(credit_charge);
    w.u32(to_u32(status));
    w.u16(static_cast<std::uint16_t>(cmd));
    w.u16(credits);
    w.u32(flags);
    w.u32(next_command);
    w.u64(message_id);
    if (flags & flags::async_command) {
        w.u64(async_id);
    } else {
        w.u32(process_id);
        w.u32(tree_id);
    }
    w.u64(session_id);
    w.put(signature);
}

bool is_smb2(byte_span packet) {
    reader r(packet);
    return r.u32() == protocol_id && r.ok();
}

result<std::vector<byte_span>> split_compound(byte_span packet) {
    std::vector<byte_span> out;
    while (true) {
        reader r(packet);
        if (r.u32() != protocol_id || packet.size() < header_size)
            return fail(ntstatus::invalid_parameter);
        r.seek(20);
        std::uint32_t next = r.u32();
        if (next == 0) {
            out.push_back(packet);
            return out;
        }
        if (next % 8 != 0 || next < header_size || next >= packet.size())
            return fail(ntstatus::invalid_parameter);
        out.push_back(packet.first(next));
        packet = packet.subspan(next);
    }
}

const char* command_name(command c) {
    switch (c) {
        case command::negotiate: return "NEGOTIATE";
        case command::session_setup: return "SESSION_SETUP";
        case command::logoff: return "LOGOFF";
        case command::tree_connect: return "TREE_CONNECT";
        case command::tree_disconnect: return "TREE_DISCONNECT";
        case command::create: return "CREATE";
        case command::close: return "CLOSE";
        case command::flush: return "FLUSH";
        case command::read: return "READ";
        case command::write: return "WRITE";
        case command::lock: return "LOCK";
        case command::ioctl: return "IOCTL";
        case command::cancel: return "CANCEL";
        case command::echo: return "ECHO";
        case command::query_directory: return "QUERY_DIRECTORY";
        case command::change_notify: return "CHANGE_NOTIFY";
        case command::query_info: return "QUERY_INFO";
        case command::set_info: return "SET_INFO";
        case command::oplock_break: return "OPLOCK_BREAK";
    }
    return "UNKNOWN";
}

}  // namespace smbkit::smb2
