// Decodes the buffers inside SMB2 messages: the first byte (mod 48) picks the structure
// (file, directory and filesystem information classes, security descriptors, EA lists,
// stream and notify lists, negotiate, create and FSCTL payloads; 47: SID text); the rest is
// its data. Whatever decodes must encode and decode again to the same value.
#include <cstdint>
#include <cstdlib>

#include "smb2/change_notify.hpp"
#include "smb2/create_context.hpp"
#include "smb2/error.hpp"
#include "smb2/fsctl_copy.hpp"
#include "smb2/fscc/directory.hpp"
#include "smb2/fscc/ea.hpp"
#include "smb2/fscc/file_info.hpp"
#include "smb2/fscc/fs_info.hpp"
#include "smb2/fscc/security.hpp"
#include "smb2/ioctl.hpp"
#include "smb2/negotiate.hpp"

using namespace smbkit;
using namespace smbkit::smb2;
using namespace smbkit::smb2::fscc;

namespace {

void same(bool ok) {
    if (!ok) std::abort();
}

template <class T> void info(byte_span d) {
    auto v = T::decode(d);
    if (!v) return;
    writer w;
    v->encode(w);
    auto again = T::decode(w.data());
    same(again && *again == *v);
}

template <class T> void parsed(byte_span d) {
    auto v = T::parse(d);
    if (!v) return;
    auto again = T::parse(v->to_context().data);
    same(again && *again == *v);
}

template <class T> void coded(byte_span d) {
    auto v = T::decode(d);
    if (!v) return;
    auto again = T::decode(v->encode());
    same(again && *again == *v);
}

void directory(std::uint8_t c, byte_span d) {
    auto v = decode_directory(c, d);
    if (!v) return;
    directory_encoder enc(c, 0xFFFFFFFF);
    for (const auto& e : *v) same(enc.add(e));
    auto again = decode_directory(c, enc.take());
    same(again && again->size() == v->size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    byte_span d(data + 1, size - 1);
    switch (data[0] % 48) {
        case 0: info<basic_information>(d); break;
        case 1: info<standard_information>(d); break;
        case 2: info<all_information>(d); break;
        case 3: info<name_information>(d); break;
        case 4: info<network_open_information>(d); break;
        case 5: info<rename_information>(d); break;
        case 6: info<link_information>(d); break;
        case 7: info<compression_information>(d); break;
        case 8: info<fs_volume_information>(d); break;
        case 9: info<fs_attribute_information>(d); break;
        case 10: info<fs_full_size_information>(d); break;
        case 11: {
            auto v = security_descriptor::decode(d);
            if (v) {
                auto again = security_descriptor::decode(v->encode());
                same(again.has_value());
            }
            break;
        }
        case 12: {
            auto v = decode_full_ea_list(d);
            if (v) {
                writer w;
                encode_full_ea_list(w, *v);
                auto again = decode_full_ea_list(w.data());
                same(again && *again == *v);
            }
            break;
        }
        case 13: {
            auto v = decode_stream_information(d);
            if (v) {
                writer w;
                encode_stream_information(w, *v);
                auto again = decode_stream_information(w.data());
                same(again && *again == *v);
            }
            break;
        }
        case 14: {
            auto v = decode_notify_information(d);
            if (v) {
                auto again = decode_notify_information(encode_notify_information(*v));
                same(again && *again == *v);
            }
            break;
        }
        case 15: directory(file_info_class::directory, d); break;
        case 16: directory(file_info_class::full_directory, d); break;
        case 17: directory(file_info_class::both_directory, d); break;
        case 18: directory(file_info_class::names, d); break;
        case 19: directory(file_info_class::id_full_directory, d); break;
        case 20: directory(file_info_class::id_both_directory, d); break;
        case 21: {
            auto v = decode_create_contexts(d);
            if (v) {
                writer w;
                encode_create_contexts(w, *v);
                auto again = decode_create_contexts(w.data());
                same(again && *again == *v);
            }
            break;
        }
        case 22: parsed<lease>(d); break;
        case 23: parsed<durable_v2_request>(d); break;
        case 24: parsed<durable_v2_reconnect>(d); break;
        case 25: parsed<ea_buffer>(d); break;
        case 26: parsed<mxac_request>(d); break;
        case 27: parsed<preauth_integrity_capabilities>(d); break;
        case 28: parsed<encryption_capabilities>(d); break;
        case 29: parsed<compression_capabilities>(d); break;
        case 30: parsed<netname_context>(d); break;
        case 31: parsed<signing_capabilities>(d); break;
        case 32: parsed<rdma_transform_capabilities>(d); break;
        case 33: coded<validate_negotiate_info_request>(d); break;
        case 34: coded<dfs_referral_request>(d); break;
        case 35: {
            auto v = decode_network_interfaces(d);
            if (v) {
                auto again = decode_network_interfaces(encode_network_interfaces(*v));
                same(again && *again == *v);
            }
            break;
        }
        case 36: coded<symlink_error>(d); break;
        case 37: {
            auto v = decode_get_ea_list(d);
            if (v) {
                writer w;
                encode_get_ea_list(w, *v);
                auto again = decode_get_ea_list(w.data());
                same(again && *again == *v);
            }
            break;
        }
        case 38: info<fs_sector_size_information>(d); break;
        case 39: coded<resume_key_response>(d); break;
        case 40: coded<copychunk_request>(d); break;
        case 41: coded<copychunk_response>(d); break;
        case 42: coded<snapshot_array>(d); break;
        case 43: coded<pipe_wait_request>(d); break;
        case 44: coded<validate_negotiate_info_response>(d); break;
        case 45: directory(file_info_class::id_extd_directory, d); break;
        case 46: info<id_information>(d); break;
        default: {
            auto s = sid::parse(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
            if (s) {
                auto again = sid::parse(s->to_string());
                same(again && *again == *s);
            }
            break;
        }
    }
    return 0;
}
