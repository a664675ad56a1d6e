// libFuzzer target for the NBNS codec (RFC 1002 4.2): decode any bytes; whatever decodes is
// classified, described, re-encoded, and must decode again to the same message.
#include <cstdlib>

#include "netbios/nbns/message.hpp"
#include "netbios/nbns/packets.hpp"
#include "netbios/suffix_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smbkit;
    auto m = nbns::decode(byte_span(data, size));
    if (!m) return 0;
    (void)nbns::classify(*m);
    (void)nbns::describe(*m);
    for (const auto& rr : m->answers)
        if (const auto* st = rr.status())
            for (const auto& e : st->names)
                (void)netbios::describe_name(e.name(), e.suffix(), e.flags.group);
    auto wire = nbns::encode(*m);
    auto again = nbns::decode(wire);
    if (!again || !(*again == *m)) std::abort();
    if (nbns::encode(*again) != wire) std::abort();
    return 0;
}
