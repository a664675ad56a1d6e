#pragma once
// Blocking work (file system calls) runs on a shared thread pool, never on the network
// threads; the awaiting coroutine resumes on its own executor (its connection's strand).
// run_on does the same for work that must run on another executor (another connection's
// strand).
//
// The work item is a plain function object posted to the pool and the result comes back
// through a completion handler: no lambda coroutine holds the captures (g++ 12 mishandles
// the captures of lambda coroutines that are moved into co_spawn).

#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <asio.hpp>

namespace smbkit::server {

// The pool, created on first use with `threads` workers (0: hardware concurrency, at least 2).
asio::thread_pool& blocking_pool(std::size_t threads = 0);

// Runs `f` on `ex` (another connection's strand, the blocking pool) and resumes the awaiting
// coroutine on its own executor with f's result; an exception thrown by f is rethrown there.
template <class Executor, class F>
auto run_on(Executor ex, F f) -> asio::awaitable<std::invoke_result_t<F>> {
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_void_v<R>) {
        co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
            [&f, &ex](auto handler) {
                asio::post(ex, [fn = std::move(f), h = std::move(handler)]() mutable {
                    std::exception_ptr e;
                    try {
                        fn();
                    } catch (...) {
                        e = std::current_exception();
                    }
                    auto back = asio::get_associated_executor(h);
                    asio::post(back, [h = std::move(h), e]() mutable { h(e); });
                });
            },
            asio::use_awaitable);
    } else {
        auto r = co_await asio::async_initiate<decltype(asio::use_awaitable),
                                               void(std::exception_ptr, std::optional<R>)>(
            [&f, &ex](auto handler) {
                asio::post(ex, [fn = std::move(f), h = std::move(handler)]() mutable {
                    std::exception_ptr e;
                    std::optional<R> out;
                    try {
                        out.emplace(fn());
                    } catch (...) {
                        e = std::current_exception();
                    }
                    auto back = asio::get_associated_executor(h);
                    asio::post(back, [h = std::move(h), e, out = std::move(out)]() mutable {
                        h(e, std::move(out));
                    });
                });
            },
            asio::use_awaitable);
        co_return std::move(*r);
    }
}

template <class F>
auto run_blocking(F f) -> asio::awaitable<std::invoke_result_t<F>> {
    return run_on(blocking_pool().get_executor(), std::move(f));
}

}  // namespace smbkit::server
