#include "server/smb2/file/handlers.hpp"

#include "server/smb2/file/oplock.hpp"
#include "smb2/constants.hpp"

namespace smbkit::server::file {

handler file_handler(std::uint16_t code) {
    using smb2::command;
    switch (static_cast<command>(code)) {
    case command::create: return handle_create;
    case command::close: return handle_close;
    case command::flush: return handle_flush;
    case command::read: return handle_read;
    case command::write: return handle_write;
    case command::lock: return handle_lock;
    case command::ioctl: return handle_ioctl;
    case command::query_directory: return handle_query_directory;
    case command::change_notify: return handle_change_notify;
    case command::query_info: return handle_query_info;
    case command::set_info: return handle_set_info;
    case command::oplock_break: return handle_oplock_break;
    default: return nullptr;
    }
}

}  // namespace smbkit::server::file
