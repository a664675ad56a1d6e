#pragma once
// A byte vector whose new elements are left uninitialized, for buffers that are filled right
// away (a received frame): `bytes(n)` would zero n bytes first, for nothing.

#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace smbkit {

template <class T> struct default_init_allocator : std::allocator<T> {
    using std::allocator<T>::allocator;
    template <class U> struct rebind {
        using other = default_init_allocator<U>;
    };
    template <class U> void construct(U* p) noexcept { ::new (static_cast<void*>(p)) U; }
    template <class U, class... Args> void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

using uninit_bytes = std::vector<std::uint8_t, default_init_allocator<std::uint8_t>>;

}  // namespace smbkit
