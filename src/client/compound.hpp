#pragma once
// MS-SMB2 3.2.4.1.4: several requests sent as one compounded message. Every message but the
// last is padded with zeros to a multiple of 8 bytes and its NextCommand (2.2.1) holds that
// padded length. In a related chain each message after the first carries
// SMB2_FLAGS_RELATED_OPERATIONS and may name the FileId 0xFFFFFFFFFFFFFFFF (smb2::related_file_id):
// "the handle the previous request opened". Signing covers each message on its own, padding
// included (3.2.4.1.1); encryption puts the whole chain in one transform message (3.2.4.1.8).

#include <vector>

#include "client/error.hpp"
#include "core/bytes.hpp"
#include "crypto/smb2_crypto.hpp"

namespace smbkit::client {

// Chains encoded messages (each starting at its 64-byte header). `related` flags every message
// after the first. Each message whose header has SMB2_FLAGS_SIGNED set is signed with `key`
// after its NextCommand and padding are in place; a signed message without a key is an error.
outcome<bytes> chain_messages(std::vector<bytes> messages, bool related,
                              const crypto::signing_key* key);

}  // namespace smbkit::client
