#pragma once
// Blocking work (file system calls) runs on a shared thread pool, never on the network
// threads; the awaiting coroutine resumes on its own executor (its connection's strand).

#include <cstddef>
#include <type_traits>
#include <utility>

#include <asio.hpp>

namespace smbkit::server {

// The pool, created on first use with `threads` workers (0: hardware concurrency, at least 2).
asio::thread_pool& blocking_pool(std::size_t threads = 0);

template <class F>
auto run_blocking(F f) -> asio::awaitable<std::invoke_result_t<F>> {
    using R = std::invoke_result_t<F>;
    co_return co_await asio::co_spawn(
        blocking_pool(),
        [f = std::move(f)]() mutable -> asio::awaitable<R> {
            if constexpr (std::is_void_v<R>) {
                f();
                co_return;
            } else {
                co_return f();
            }
        },
        asio::use_awaitable);
}

}  // namespace smbkit::server
