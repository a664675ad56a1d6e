#include "client/error.hpp"

namespace smbkit::client {

std::string error::to_string() const {
    switch (kind) {
        case error_kind::transport: return "network: " + message;
        case error_kind::malformed: return "protocol: " + message;
        case error_kind::status:
            return ntstatus_string(status) + (message.empty() ? "" : " (" + message + ")");
    }
    return message;
}

}  // namespace smbkit::client
