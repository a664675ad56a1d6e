// EA lists (MS-FSCC 2.4.15, 2.4.15.1) and the FileFullEaInformation query answer. The first
// byte picks: 0 a FILE_FULL_EA_INFORMATION list, 1 a FILE_GET_EA_INFORMATION list, 2 and 3 a
// query (10 bytes of flags, index, output size, position and where the rest splits into the
// file's EA list and the get list). Whatever decodes must encode and decode again to the
// same value; an answer must fit its buffer and decode.
#include <cstdint>
#include <cstdlib>

#include "smb2/fscc/ea.hpp"

using namespace smbkit;
using namespace smbkit::smb2::fscc;

namespace {

void same(bool ok) {
    if (!ok) std::abort();
}

void full_list(byte_span d) {
    auto v = decode_full_ea_list(d);
    if (!v) return;
    writer w;
    encode_full_ea_list(w, *v);
    same(w.size() == full_ea_list_size(*v));
    auto again = decode_full_ea_list(w.data());
    same(again && *again == *v);
}

void get_list(byte_span d) {
    auto v = decode_get_ea_list(d);
    if (!v) return;
    writer w;
    encode_get_ea_list(w, *v);
    auto again = decode_get_ea_list(w.data());
    same(again && *again == *v);
}

void query(byte_span d) {
    if (d.size() < 10) return;
    reader r(d);
    ea_query q;
    q.flags = r.u8() & 7;
    q.index = r.u16();
    q.max_output = r.u32() & 0x1FFFF;
    std::uint32_t position = r.u16();
    std::uint8_t split_at = r.u8();
    auto rest = d.subspan(r.offset());
    std::size_t split = split_at % (rest.size() + 1);
    auto eas = decode_full_ea_list(rest.subspan(0, split));
    if (!eas) return;
    q.get_list.assign(rest.begin() + split, rest.end());
    auto a = answer_ea_query(*eas, q, position);
    same(a.output.size() <= q.max_output);
    if (!a.output.empty()) same(decode_full_ea_list(a.output).has_value());
    if (is_error(a.status)) same(a.output.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    byte_span d(data + 1, size - 1);
    switch (data[0] % 4) {
        case 0: full_list(d); break;
        case 1: get_list(d); break;
        default: query(d); break;
    }
    return 0;
}
