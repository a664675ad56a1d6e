#include "server/blocking.hpp"

#include <algorithm>
#include <thread>

namespace smbkit::server {

asio::thread_pool& blocking_pool(std::size_t threads) {
    // hardware_concurrency() reads /sys on every call: only once, when the pool is made.
    static asio::thread_pool pool(
        threads != 0 ? threads : std::max<std::size_t>(2, std::thread::hardware_concurrency()));
    return pool;
}

}  // namespace smbkit::server
