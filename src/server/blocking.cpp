#include "server/blocking.hpp"

#include <algorithm>
#include <thread>

namespace smbkit::server {

asio::thread_pool& blocking_pool(std::size_t threads) {
    if (threads == 0) threads = std::max<std::size_t>(2, std::thread::hardware_concurrency());
    static asio::thread_pool pool(threads);
    return pool;
}

}  // namespace smbkit::server
