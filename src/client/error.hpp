#pragma once
// Client errors keep three kinds apart, because a script and a person act differently on
// each: the network failed, the peer said something we cannot parse, or the server answered
// with an NTSTATUS.

#include <expected>
#include <string>

#include "core/ntstatus.hpp"

namespace smbkit::client {

enum class error_kind {
    transport,  // connect refused, timed out, connection reset
    malformed,  // the reply could not be decoded, failed its signature, or broke the protocol
    status,     // the server answered with an error NTSTATUS
};

struct error {
    error_kind kind = error_kind::transport;
    ntstatus status = ntstatus::unsuccessful;  // meaningful for error_kind::status
    std::string message;

    static error transport(std::string m) { return {error_kind::transport, ntstatus::unsuccessful, std::move(m)}; }
    static error malformed(std::string m) { return {error_kind::malformed, ntstatus::invalid_network_response, std::move(m)}; }
    static error from_status(ntstatus s, std::string m = {}) { return {error_kind::status, s, std::move(m)}; }
    std::string to_string() const;
};

template <class T> using outcome = std::expected<T, error>;
using unexpected_error = std::unexpected<error>;

}  // namespace smbkit::client
