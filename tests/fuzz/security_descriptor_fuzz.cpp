// Security descriptors (MS-DTYP 2.4.6) as SET_INFO and the SecD create context carry them,
// and as the server reads them back from a file's xattr: whatever decodes must encode to
// bytes that decode to the same value, and encode the same way again.
#include <cstdint>
#include <cstdlib>

#include "smb2/fscc/security.hpp"

using namespace smbkit;
using namespace smbkit::smb2::fscc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto sd = security_descriptor::decode(byte_span(data, size));
    if (!sd) return 0;
    bytes once = sd->encode();
    auto again = security_descriptor::decode(once);
    if (!again || !(*again == *sd)) std::abort();
    if (again->encode() != once) std::abort();
    for (const auto* a : {sd->dacl ? &*sd->dacl : nullptr, sd->sacl ? &*sd->sacl : nullptr})
        if (a && a->size() > once.size()) std::abort();
    if (sd->owner) (void)sid::parse(sd->owner->to_string());
    return 0;
}
