#include "vfs/types.hpp"

namespace smbkit::vfs {

nt_time to_nt_time(const struct timespec& ts) { return filetime_from_timespec(ts); }
struct timespec from_nt_time(nt_time t) { return filetime_to_timespec(t); }
nt_time nt_time_now() { return filetime_now(); }

std::uint32_t map_generic_access(std::uint32_t desired, bool read_only_share) {
    constexpr std::uint32_t generic_read = access::read_data | access::read_ea |
                                           access::read_attributes | access::read_control |
                                           access::synchronize;
    constexpr std::uint32_t generic_write = access::write_data | access::append_data |
                                            access::write_ea | access::write_attributes |
                                            access::read_control | access::synchronize;
    constexpr std::uint32_t generic_execute = access::execute | access::read_attributes |
                                              access::read_control | access::synchronize;
    std::uint32_t out = desired & ~(access::generic_all | access::generic_execute |
                                    access::generic_write | access::generic_read |
                                    access::maximum_allowed);
    if (desired & access::generic_read) out |= generic_read;
    if (desired & access::generic_write) out |= generic_write;
    if (desired & access::generic_execute) out |= generic_execute;
    if (desired & access::generic_all) out |= access::all_file;
    if (desired & access::maximum_allowed)
        out |= read_only_share ? (access::all_file & ~access::modifying) : access::all_file;
    return out;
}

}  // namespace smbkit::vfs
