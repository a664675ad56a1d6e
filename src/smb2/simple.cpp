// MS-SMB2 2.2.7, 2.2.8, 2.2.11, 2.2.12, 2.2.18, 2.2.27, 2.2.28, 2.2.29, 2.2.30
#include "smb2/simple.hpp"

#include "smb2/wire.hpp"

namespace smbkit::smb2 {

template <int Tag> result<empty_body<Tag>> empty_body<Tag>::decode(byte_span message) {
    auto r = wire::open_body(message, structure_size);
    if (!r) return fail(r.error());
    return empty_body{};
}

template <int Tag> void empty_body<Tag>::encode(writer& w) const {
    w.u16(structure_size);
    w.u16(0);
}

template struct empty_body<0>;
template struct empty_body<1>;
template struct empty_body<2>;
template struct empty_body<3>;
template struct empty_body<4>;
template struct empty_body<5>;
template struct empty_body<6>;
template struct empty_body<7>;
template struct empty_body<8>;

}  // namespace smbkit::smb2
