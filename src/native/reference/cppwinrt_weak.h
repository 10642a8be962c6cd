// cppwinrt_weak.h — C++/WinRT-shaped objects and weak references (docs/winrt-internals.md §4).
//
// Names and layouts follow winrt/base.h: the object's pointer-sized `m_references` (count or
// encoded weak_ref*, same encoding as WRL, §4.1) and `winrt::impl::weak_ref<Agile, UseModuleLock>`
// with the IWeakReferenceSource tear-off `m_source` inside the block (§4.2). Our own code.
//
// Difference from real C++/WinRT: the counters are plain `volatile uint32_t` / `volatile uintptr_t`
// driven by __atomic builtins, not std::atomic<> (there is no <atomic> in the freestanding Windows
// build). Same size and offsets; the PDB shows `volatile unsigned int` instead of std::atomic<>.
// Object layout (§4.3): root_implements' vfptr, its three empty bases, m_references, then the
// producers' vtable members (first = identity). Asserted below on Windows.
// Not modelled: no_weak_ref (uint32 m_references), composing/composable, the FTM answer to IMarshal
// (E_NOINTERFACE here), GetIids / runtime class names, winrt::weak_ref<T> and com_ptr.
//
// Members named TestHook_* and winrt::impl::test_hook_final_release are TEST SCAFFOLDING.
#pragma once

#include "com.h"
#include "refcount_encoding.h"

namespace wrlref {
struct WinrtLayoutCheck;
}

namespace winrt {
namespace impl {

// Module lock: what module_lock_updater<true> counts (the real one feeds get_module_lock()).
inline volatile uint32_t module_lock_count = 0;

// TEST SCAFFOLDING: called with the object after m_references was set to 1 and before delete, i.e.
// in the window where real C++/WinRT runs final_release (§4.1: 1 = mid-destruction).
inline void (*test_hook_final_release)(void* object) = nullptr;

template <bool UseModuleLock>
struct module_lock_updater;

template <>
struct module_lock_updater<true> {
    module_lock_updater() noexcept { wrlref::atomic_add(&module_lock_count, 1u); }
    ~module_lock_updater() noexcept { wrlref::atomic_sub(&module_lock_count, 1u); }
};

template <>
struct module_lock_updater<false> {};

template <bool Agile, bool UseModuleLock>
struct weak_ref;

// The IWeakReferenceSource handed out for the object: a tear-off living inside the weak_ref block,
// so a weak_source vtable at P means the block is at P - sizeof(void*) (§4.2).
template <bool Agile, bool UseModuleLock>
struct weak_source final : IWeakReferenceSource, module_lock_updater<UseModuleLock> {
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) noexcept;
    ULONG STDMETHODCALLTYPE AddRef() noexcept;   // = +1 strong on the object
    ULONG STDMETHODCALLTYPE Release() noexcept;  // = the object's Release
    HRESULT STDMETHODCALLTYPE GetWeakReference(IWeakReference** weakReference) noexcept;

private:
    weak_ref<Agile, UseModuleLock>* that() noexcept;
};

template <bool Agile, bool UseModuleLock>
struct weak_source_producer {
protected:
    weak_source<Agile, UseModuleLock> m_source; // only member: at offset 0 of the producer
};

template <bool Agile, bool UseModuleLock>
struct weak_ref final : IWeakReference, weak_source_producer<Agile, UseModuleLock> {
    // m_weak's initial 1 is the strong side's hold, dropped when m_strong reaches 0.
    weak_ref(IUnknown* object, uint32_t strong) noexcept : m_object(object), m_strong(strong), m_weak(1) {}

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) noexcept {
        if (object == nullptr) return E_POINTER;
        if (id == IID_IWeakReference || id == IID_IUnknown || (Agile && id == IID_IAgileObject)) {
            *object = static_cast<IWeakReference*>(this);
            AddRef();
            return S_OK;
        }
        *object = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() noexcept { return wrlref::atomic_add(&m_weak, 1u); }
    ULONG STDMETHODCALLTYPE Release() noexcept {
        uint32_t remaining = wrlref::atomic_sub(&m_weak, 1u);
        if (remaining == 0) wrlref::destroy(this);
        return remaining;
    }
    // §4.2: m_strong == 0 -> S_OK + null; else CAS +1, QI m_object, then -1 on m_strong directly
    // (as C++/WinRT does: if the QI failed and every other owner let go meanwhile, the object is
    // not destroyed by this path).
    HRESULT STDMETHODCALLTYPE Resolve(REFIID id, IInspectable** objectReference) noexcept {
        if (objectReference == nullptr) return E_POINTER;
        uint32_t target = wrlref::atomic_load(&m_strong);
        for (;;) {
            if (target == 0) {
                *objectReference = nullptr;
                return S_OK;
            }
            if (wrlref::atomic_cas(&m_strong, target, target + 1)) {
                HRESULT hr = m_object->QueryInterface(id, reinterpret_cast<void**>(objectReference));
                wrlref::atomic_sub(&m_strong, 1u);
                return hr;
            }
        }
    }

    uint32_t increment_strong() noexcept { return wrlref::atomic_add(&m_strong, 1u); }
    uint32_t decrement_strong() noexcept {
        uint32_t remaining = wrlref::atomic_sub(&m_strong, 1u);
        if (remaining == 0) Release(); // the strong side's weak hold
        return remaining;
    }
    void set_strong(uint32_t count) noexcept { wrlref::atomic_store(&m_strong, count); }
    IWeakReferenceSource* get_source() noexcept { return &this->m_source; }

    // TEST SCAFFOLDING: raw field views (the *_address forms survive destruction when memory is
    // kept by wrlref::TestHook_SetFreeInterceptor).
    IUnknown* TestHook_Object() const noexcept { return m_object; }
    uint32_t TestHook_Strong() const noexcept { return wrlref::atomic_load(&m_strong); }
    uint32_t TestHook_Weak() const noexcept { return wrlref::atomic_load(&m_weak); }
    volatile uint32_t* TestHook_StrongAddress() noexcept { return &m_strong; }
    volatile uint32_t* TestHook_WeakAddress() noexcept { return &m_weak; }

private:
    friend struct weak_source<Agile, UseModuleLock>;
    friend struct wrlref::WinrtLayoutCheck;
    IUnknown* m_object;           // raw, never cleared
    volatile uint32_t m_strong;   // std::atomic<uint32_t> in C++/WinRT
    volatile uint32_t m_weak;     // std::atomic<uint32_t> in C++/WinRT
};

template <bool Agile, bool UseModuleLock>
weak_ref<Agile, UseModuleLock>* weak_source<Agile, UseModuleLock>::that() noexcept {
    // m_source is the producer's only member, so the producer starts where this tear-off does.
    return static_cast<weak_ref<Agile, UseModuleLock>*>(
        reinterpret_cast<weak_source_producer<Agile, UseModuleLock>*>(this));
}
template <bool Agile, bool UseModuleLock>
HRESULT STDMETHODCALLTYPE weak_source<Agile, UseModuleLock>::QueryInterface(REFIID id, void** object) noexcept {
    if (object == nullptr) return E_POINTER;
    if (id == IID_IWeakReferenceSource) {
        *object = static_cast<IWeakReferenceSource*>(this);
        AddRef();
        return S_OK;
    }
    return that()->m_object->QueryInterface(id, object); // identity: everything else is the object's
}
template <bool Agile, bool UseModuleLock>
ULONG STDMETHODCALLTYPE weak_source<Agile, UseModuleLock>::AddRef() noexcept {
    return that()->increment_strong();
}
template <bool Agile, bool UseModuleLock>
ULONG STDMETHODCALLTYPE weak_source<Agile, UseModuleLock>::Release() noexcept {
    return that()->m_object->Release();
}
template <bool Agile, bool UseModuleLock>
HRESULT STDMETHODCALLTYPE weak_source<Agile, UseModuleLock>::GetWeakReference(IWeakReference** weakReference) noexcept {
    if (weakReference == nullptr) return E_POINTER;
    that()->AddRef();
    *weakReference = that();
    return S_OK;
}

// Defaults of C++/WinRT: agile, module lock on (S10 shows weak_ref<1,1>).
typedef weak_ref<true, true> weak_ref_t;

// ---- the object side (§4.3) -------------------------------------------------------------------------
// Real C++/WinRT: implements<D, I...> : producers<D, I...>, root_implements<D, I...>. Each producer<D, I>
// holds its ABI vtable as a MEMBER (produce<D, I> vtable), so only root_implements brings a vfptr; the
// MSVC ABI lays that base out first: vfptr, root_implements' empty bases, m_references, then one
// produce<> vtable pointer per interface (the first is the identity weak_ref::m_object holds).

template <typename D, typename I>
struct producer;

// IUnknown / IInspectable of every produce<D, I> forward to D through the producer's position, as
// cppwinrt's produce_base does. Specialise produce<D, I> for an interface's own methods (what
// cppwinrt generates per interface) and forward them with shim().
template <typename D, typename I, bool Inspectable = wrlref::is_inspectable<I>>
struct produce_base;

template <typename D, typename I>
struct WRLREF_NOVTABLE produce_base<D, I, false> : I {
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) noexcept { return shim().QueryInterface(id, object); }
    ULONG STDMETHODCALLTYPE AddRef() noexcept { return shim().AddRef(); }
    ULONG STDMETHODCALLTYPE Release() noexcept { return shim().Release(); }

protected:
    // `vtable` is producer<D, I>'s only member, so this produce<> starts where its producer does.
    D& shim() noexcept { return *static_cast<D*>(reinterpret_cast<producer<D, I>*>(this)); }
};

template <typename D, typename I>
struct WRLREF_NOVTABLE produce_base<D, I, true> : produce_base<D, I, false> {
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* iidCount, IID** iids) noexcept { return wrlref::inspectable_get_iids(iidCount, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) noexcept { return wrlref::inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) noexcept { return wrlref::inspectable_get_trust_level(level); }
};

// Interfaces without methods of their own need no specialisation.
template <typename D, typename I>
struct produce : produce_base<D, I> {};

template <typename D, typename I>
struct producer {
    produce<D, I> vtable; // the ABI pointer handed out for I
};

template <typename D, typename... I>
struct producers : producer<D, I>... {};

// root_implements' empty bases (S9: each __declspec(empty_bases), but root_implements itself is not,
// so under the MSVC ABI they take one byte each after the vfptr and push m_references to the next
// pointer boundary: +0x10 x64 / +0x08 x86, docs/winrt-internals.md §4.3).
template <bool Composing>
struct root_implements_composing_outer {};
template <typename D, bool Composable>
struct root_implements_composable_inner {};

template <typename D, typename... I>
struct WRLREF_NOVTABLE root_implements : root_implements_composing_outer<false>,
                                         root_implements_composable_inner<D, false>,
                                         module_lock_updater<true> {
    // ---- TEST SCAFFOLDING ----
    uintptr_t TestHook_References() const noexcept { return wrlref::atomic_load(&m_references); }
    volatile uintptr_t* TestHook_ReferencesAddress() noexcept { return &m_references; }
    weak_ref_t* TestHook_WeakRefBlock() const noexcept {
        uintptr_t current = TestHook_References();
        return is_weak_ref(current) ? decode_weak_ref(current) : nullptr;
    }
    uint32_t TestHook_StrongCount() const noexcept {
        uintptr_t current = TestHook_References();
        return is_weak_ref(current) ? decode_weak_ref(current)->TestHook_Strong() : static_cast<uint32_t>(current);
    }
    // A weak_ref built from the current count but not yet published ("being created"); publish it
    // with TestHook_FinishWeakRef (which may discard it if another block won).
    weak_ref_t* TestHook_BeginWeakRef() noexcept {
        return wrlref::create<weak_ref_t>(get_unknown(), static_cast<uint32_t>(TestHook_References()));
    }
    weak_ref_t* TestHook_FinishWeakRef(weak_ref_t* fresh) noexcept { return install_weak_ref(fresh); }

    // The weak reference C++/WinRT's get_weak() wraps: +1 m_weak, no strong reference.
    HRESULT get_weak(IWeakReference** weakReference) noexcept {
        if (weakReference == nullptr) return E_POINTER;
        *weakReference = nullptr;
        weak_ref_t* block = make_weak_ref();
        if (block == nullptr) return E_OUTOFMEMORY;
        block->AddRef();
        *weakReference = block;
        return S_OK;
    }

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) noexcept {
        if (object == nullptr) return E_POINTER;
        *object = find_interface(id);
        if (*object == nullptr && (id == IID_IUnknown || id == IID_IAgileObject ||
                                   (id == IID_IInspectable && is_inspectable_v))) {
            *object = get_unknown();
        }
        if (*object != nullptr) {
            AddRef();
            return S_OK;
        }
        if (id == IID_IWeakReferenceSource && is_inspectable_v) {
            weak_ref_t* block = make_weak_ref();
            if (block == nullptr) return E_OUTOFMEMORY;
            block->increment_strong(); // S9 get_source(): the tear-off's reference is a strong one
            *object = block->get_source();
            return S_OK;
        }
        return query_interface_tearoff(id, object);
    }
    ULONG STDMETHODCALLTYPE AddRef() noexcept { return add_ref(); }
    ULONG STDMETHODCALLTYPE Release() noexcept { return release(); }

    static void operator delete(void* memory) noexcept { wrlref::mem_free(memory); }

protected:
    static constexpr bool is_inspectable_v = (wrlref::is_inspectable<I> || ...);

    root_implements() noexcept : m_references(1) {}
    // subtract_final_reference: 1 (stored before delete) -> 0 after the destructor (§4.1).
    virtual ~root_implements() noexcept { wrlref::atomic_sub(&m_references, static_cast<uintptr_t>(1)); }
    virtual HRESULT query_interface_tearoff(REFIID, void** object) noexcept {
        *object = nullptr;
        return E_NOINTERFACE;
    }
    virtual IUnknown* get_unknown() noexcept = 0;
    virtual void* find_interface(REFIID id) noexcept = 0;

    static bool is_weak_ref(uintptr_t value) noexcept { return wrlref::is_weak_reference_pointer(static_cast<INT_PTR>(value)); }
    static weak_ref_t* decode_weak_ref(uintptr_t value) noexcept {
        return static_cast<weak_ref_t*>(wrlref::decode_weak_reference_pointer(static_cast<INT_PTR>(value)));
    }
    static uintptr_t encode_weak_ref(weak_ref_t* block) noexcept {
        // C++/WinRT shifts logically; with the flag set the word equals WRL's arithmetic form.
        return (reinterpret_cast<uintptr_t>(block) >> 1) | static_cast<uintptr_t>(wrlref::kWeakReferencePointerFlag);
    }

    uint32_t add_ref() noexcept {
        uintptr_t current = wrlref::atomic_load(&m_references);
        for (;;) {
            if (is_weak_ref(current)) return decode_weak_ref(current)->increment_strong();
            if (wrlref::atomic_cas(&m_references, current, current + 1)) return static_cast<uint32_t>(current + 1);
        }
    }
    uint32_t release() noexcept {
        uintptr_t current = wrlref::atomic_load(&m_references);
        uint32_t remaining;
        for (;;) {
            if (is_weak_ref(current)) {
                remaining = decode_weak_ref(current)->decrement_strong(); // at 0 the block drops its hold
                break;
            }
            if (wrlref::atomic_cas(&m_references, current, current - 1)) {
                remaining = static_cast<uint32_t>(current - 1);
                break;
            }
        }
        if (remaining == 0) {
            // Real C++/WinRT: m_references = 1, then final_release / delete. The word no longer
            // points at the block from here on.
            wrlref::atomic_store(&m_references, static_cast<uintptr_t>(1));
            if (test_hook_final_release != nullptr) test_hook_final_release(static_cast<D*>(this));
            delete this;
        }
        return remaining;
    }

    // Lazily create and publish the block (§4.1). Returns it without adding a reference.
    weak_ref_t* make_weak_ref() noexcept {
        uintptr_t current = wrlref::atomic_load(&m_references);
        if (is_weak_ref(current)) return decode_weak_ref(current);
        weak_ref_t* fresh = wrlref::create<weak_ref_t>(get_unknown(), static_cast<uint32_t>(current));
        if (fresh == nullptr) return nullptr;
        return install_weak_ref(fresh);
    }

public:
    volatile uintptr_t m_references; // std::atomic<uintptr_t> in C++/WinRT

private:
    friend struct wrlref::WinrtLayoutCheck;
    // CAS the encoded block in; on a race adopt the existing block (dropping ours) or refresh
    // m_strong from the new count and retry.
    weak_ref_t* install_weak_ref(weak_ref_t* fresh) noexcept {
        uintptr_t current = wrlref::atomic_load(&m_references);
        for (;;) {
            if (is_weak_ref(current)) {
                wrlref::destroy(fresh);
                return decode_weak_ref(current);
            }
            fresh->set_strong(static_cast<uint32_t>(current));
            if (wrlref::atomic_cas(&m_references, current, encode_weak_ref(fresh))) return fresh;
        }
    }
};

template <typename... I>
struct first_interface;
template <typename I0, typename... I>
struct first_interface<I0, I...> {
    typedef I0 type;
};

} // namespace impl

// winrt::implements<D, I...>: the producers (one vtable member each), then root_implements (§4.3).
// D implements the interfaces' methods as plain members; specialise impl::produce<D, I> to forward them.
template <typename D, typename... I>
struct WRLREF_NOVTABLE implements : impl::producers<D, I...>, impl::root_implements<D, I...> {
    typedef typename impl::first_interface<I...>::type first_interface_t;

    // The ABI pointer for interface T (what cppwinrt's get_abi<T>() returns).
    template <typename T>
    T* abi() noexcept {
        return static_cast<T*>(&static_cast<impl::producer<D, T>*>(static_cast<D*>(this))->vtable);
    }

protected:
    IUnknown* get_unknown() noexcept override { return abi<first_interface_t>(); }
    void* find_interface(REFIID id) noexcept override { return find<I...>(id); }

private:
    template <typename First, typename... Rest>
    void* find(REFIID id) noexcept {
        if (id == wrlref::iid_of<First>()) return abi<First>();
        if constexpr (sizeof...(Rest) != 0) return find<Rest...>(id);
        return nullptr;
    }
};

} // namespace winrt

namespace wrlref {
namespace winrt_probe {
// Method-less interfaces are enough to place m_references (§4.3).
struct WRLREF_NOVTABLE IProbe1 : IInspectable {};
struct WRLREF_NOVTABLE IProbe2 : IInspectable {};
struct One : ::winrt::implements<One, IProbe1> {};
struct Two : ::winrt::implements<Two, IProbe1, IProbe2> {};
} // namespace winrt_probe

// §4.2 layout of weak_ref<1,1> and §4.3 m_references, checked on Windows only.
struct WinrtLayoutCheck {
#if defined(_WIN32)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
#endif
    typedef ::winrt::impl::weak_ref<true, true> W;
    typedef ::winrt::impl::weak_source_producer<true, true> P;
#if defined(_WIN64)
    static_assert(sizeof(P) == 0x08, "weak_source must be one vptr (x64)");
    static_assert(offsetof(W, m_object) == 0x10, "weak_ref::m_object must be at +0x10 (x64)");
    static_assert(offsetof(W, m_strong) == 0x18, "weak_ref::m_strong must be at +0x18 (x64)");
    static_assert(offsetof(W, m_weak) == 0x1C, "weak_ref::m_weak must be at +0x1C (x64)");
    static_assert(sizeof(W) == 0x20, "sizeof(weak_ref) must be 0x20 (x64)");
    static_assert(offsetof(winrt_probe::One, m_references) == 0x10, "implements<D, I>::m_references must be at +0x10 (x64)");
    static_assert(offsetof(winrt_probe::Two, m_references) == 0x10, "implements<D, I1, I2>::m_references must be at +0x10 (x64)");
    static_assert(sizeof(winrt_probe::One) == 0x20 && sizeof(winrt_probe::Two) == 0x28, "one vtable pointer per interface after m_references (x64)");
#else
    static_assert(sizeof(P) == 0x04, "weak_source must be one vptr (x86)");
    static_assert(offsetof(W, m_object) == 0x08, "weak_ref::m_object must be at +0x08 (x86)");
    static_assert(offsetof(W, m_strong) == 0x0C, "weak_ref::m_strong must be at +0x0C (x86)");
    static_assert(offsetof(W, m_weak) == 0x10, "weak_ref::m_weak must be at +0x10 (x86)");
    static_assert(sizeof(W) == 0x14, "sizeof(weak_ref) must be 0x14 (x86)");
    static_assert(offsetof(winrt_probe::One, m_references) == 0x08, "implements<D, I>::m_references must be at +0x08 (x86)");
    static_assert(offsetof(winrt_probe::Two, m_references) == 0x08, "implements<D, I1, I2>::m_references must be at +0x08 (x86)");
    static_assert(sizeof(winrt_probe::One) == 0x10 && sizeof(winrt_probe::Two) == 0x14, "one vtable pointer per interface after m_references (x86)");
#endif
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
#endif
};
} // namespace wrlref
