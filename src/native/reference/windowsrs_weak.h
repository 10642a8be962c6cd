// windowsrs_weak.h — windows-rs (`windows_core`) weak references laid out as in Rust (docs/winrt-internals.md §5).
// Our own C++ model of two #[repr(C)] structs from microsoft/windows-rs (S18):
//   * imp::WeakRefCount: one AtomicIsize, count (starts at 1) or the encoded TearOff* (same
//     `>> 1 | top bit` encoding as WRL, §2.3);
//   * imp::TearOff: IWeakReferenceSource vtbl +0, IWeakReference vtbl +ptr, object +2·ptr,
//     strong i32 +3·ptr, weak i32 +3·ptr+4. The encoded pointer is the TearOff start (its
//     IWeakReferenceSource); IWeakReference* = TearOff + ptr. Created with strong = the object's
//     count, weak = 1 (the strong side's hold), and the QI that created it adds one strong.
//   * the #[implement] struct Foo_Impl: identity (IInspectable) vtbl, one vtbl per interface,
//     the user's value `this`, then `count` (crates/libs/implement/src/gen.rs).
// Nothing writes a sentinel: the last strong Release drops the object's Box (freed), the last weak
// Release drops the TearOff's Box. Rust vtables are plain tables; here they are C++ vptrs.
#pragma once

#include "com.h"
#include "refcount_encoding.h"

namespace wrlref {
struct WindowsRsLayoutCheck;
}

namespace windows_core {
namespace imp {

struct TearOff;

// The IWeakReferenceSource face (+0): strong.
struct StrongFace final : IWeakReferenceSource {
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) noexcept override;
    ULONG STDMETHODCALLTYPE AddRef() noexcept override;
    ULONG STDMETHODCALLTYPE Release() noexcept override;
    HRESULT STDMETHODCALLTYPE GetWeakReference(IWeakReference** weak) noexcept override;
};
// The IWeakReference face (+ptr): weak, its own COM identity.
struct WeakFace final : IWeakReference {
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) noexcept override;
    ULONG STDMETHODCALLTYPE AddRef() noexcept override;
    ULONG STDMETHODCALLTYPE Release() noexcept override;
    HRESULT STDMETHODCALLTYPE Resolve(REFIID id, IInspectable** object) noexcept override;
};

// #[repr(C)] struct TearOff { strong_vtable, weak_vtable, object, strong_count, weak_count }.
struct TearOff {
    TearOff(IUnknown* o, int32_t strong) noexcept : object(o), strong_count(strong), weak_count(1) {}
    StrongFace strong_vtable;
    WeakFace weak_vtable;
    IUnknown* object;              // the identity (&Foo_Impl::identity), not AddRef'd
    volatile int32_t strong_count; // RefCount(AtomicI32)
    volatile int32_t weak_count;

    static TearOff* from_strong(StrongFace* p) noexcept { return reinterpret_cast<TearOff*>(p); }
    static TearOff* from_weak(WeakFace* p) noexcept { return reinterpret_cast<TearOff*>(reinterpret_cast<void**>(p) - 1); }
    ULONG weak_release() noexcept {
        int32_t remaining = wrlref::atomic_sub(&weak_count, 1);
        if (remaining == 0) wrlref::destroy(this);
        return static_cast<ULONG>(remaining);
    }
};

inline HRESULT STDMETHODCALLTYPE StrongFace::QueryInterface(REFIID id, void** object) noexcept {
    if (object == nullptr) return E_POINTER;
    if (id == IID_IWeakReferenceSource) {
        *object = this;
        wrlref::atomic_add(&TearOff::from_strong(this)->strong_count, 1);
        return S_OK;
    }
    return TearOff::from_strong(this)->object->QueryInterface(id, object); // shares the object's identity
}
inline ULONG STDMETHODCALLTYPE StrongFace::AddRef() noexcept {
    return static_cast<ULONG>(wrlref::atomic_add(&TearOff::from_strong(this)->strong_count, 1));
}
inline ULONG STDMETHODCALLTYPE StrongFace::Release() noexcept { return TearOff::from_strong(this)->object->Release(); }
inline HRESULT STDMETHODCALLTYPE StrongFace::GetWeakReference(IWeakReference** weak) noexcept {
    if (weak == nullptr) return E_POINTER;
    TearOff* t = TearOff::from_strong(this);
    wrlref::atomic_add(&t->weak_count, 1);
    *weak = &t->weak_vtable;
    return S_OK;
}
inline HRESULT STDMETHODCALLTYPE WeakFace::QueryInterface(REFIID id, void** object) noexcept {
    if (object == nullptr) return E_POINTER;
    if (id == IID_IWeakReference || id == IID_IUnknown || id == IID_IAgileObject) {
        *object = this;
        AddRef();
        return S_OK;
    }
    *object = nullptr;
    return E_NOINTERFACE;
}
inline ULONG STDMETHODCALLTYPE WeakFace::AddRef() noexcept {
    return static_cast<ULONG>(wrlref::atomic_add(&TearOff::from_weak(this)->weak_count, 1));
}
inline ULONG STDMETHODCALLTYPE WeakFace::Release() noexcept { return TearOff::from_weak(this)->weak_release(); }
inline HRESULT STDMETHODCALLTYPE WeakFace::Resolve(REFIID id, IInspectable** object) noexcept {
    if (object == nullptr) return E_POINTER;
    TearOff* t = TearOff::from_weak(this);
    int32_t current = wrlref::atomic_load(&t->strong_count);
    for (;;) {
        if (current == 0) {
            *object = nullptr;
            return S_OK;
        }
        if (wrlref::atomic_cas(&t->strong_count, current, current + 1)) break;
    }
    HRESULT hr = t->object->QueryInterface(id, reinterpret_cast<void**>(object));
    wrlref::atomic_sub(&t->strong_count, 1);
    return hr;
}

// imp::WeakRefCount(AtomicIsize).
struct WeakRefCount {
    volatile INT_PTR value;

    ULONG add_ref() noexcept {
        INT_PTR current = wrlref::atomic_load(&value);
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current)) return static_cast<ULONG>(wrlref::atomic_add(&decode(current)->strong_count, 1));
            if (wrlref::atomic_cas(&value, current, current + 1)) return static_cast<ULONG>(current + 1);
        }
    }
    ULONG release() noexcept {
        INT_PTR current = wrlref::atomic_load(&value);
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current)) {
                TearOff* t = decode(current);
                int32_t remaining = wrlref::atomic_sub(&t->strong_count, 1);
                if (remaining == 0) t->weak_release(); // the strong side's weak hold
                return static_cast<ULONG>(remaining);
            }
            if (wrlref::atomic_cas(&value, current, current - 1)) return static_cast<ULONG>(current - 1);
        }
    }
    // query(IWeakReferenceSource): lazily create, CAS in, +1 strong for the caller.
    IWeakReferenceSource* query(IUnknown* identity) noexcept {
        INT_PTR current = wrlref::atomic_load(&value);
        if (wrlref::is_weak_reference_pointer(current)) {
            TearOff* t = decode(current);
            wrlref::atomic_add(&t->strong_count, 1);
            return &t->strong_vtable;
        }
        TearOff* fresh = wrlref::create<TearOff>(identity, static_cast<int32_t>(current));
        if (fresh == nullptr) return nullptr;
        for (;;) {
            if (wrlref::atomic_cas(&value, current, wrlref::encode_weak_reference_pointer(fresh))) {
                wrlref::atomic_add(&fresh->strong_count, 1);
                return &fresh->strong_vtable;
            }
            if (wrlref::is_weak_reference_pointer(current)) {
                wrlref::destroy(fresh);
                TearOff* t = decode(current);
                wrlref::atomic_add(&t->strong_count, 1);
                return &t->strong_vtable;
            }
            wrlref::atomic_store(&fresh->strong_count, static_cast<int32_t>(current));
        }
    }
    static TearOff* decode(INT_PTR v) noexcept { return static_cast<TearOff*>(wrlref::decode_weak_reference_pointer(v)); }
};

} // namespace imp
} // namespace windows_core

namespace wrlref {
// §5 layout, checked on Windows only.
struct WindowsRsLayoutCheck {
#if defined(_WIN32)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
#endif
    typedef ::windows_core::imp::TearOff T;
    static_assert(offsetof(T, weak_vtable) == sizeof(void*) && offsetof(T, object) == 2 * sizeof(void*), "TearOff: vtables at +0 / +ptr, object +2·ptr");
    static_assert(offsetof(T, strong_count) == 3 * sizeof(void*) && offsetof(T, weak_count) == 3 * sizeof(void*) + 4, "TearOff: strong +3·ptr, weak +3·ptr+4");
    static_assert(sizeof(T) == 3 * sizeof(void*) + 8 && sizeof(::windows_core::imp::WeakRefCount) == sizeof(void*), "TearOff size, WeakRefCount one word");
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
#endif
};
} // namespace wrlref
