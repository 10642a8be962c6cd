// cx_controlblock.h — C++/CX-shaped weak references (docs/winrt-internals.md §3).
//
// Platform::Details::ControlBlock with vccorlib's field names and order (weak, strong, target, three
// bools: §3.1 — asserted on Windows) and the object-side __abi_FTMWeakRefData. Our own code.
// Behaviour (§3.2): no high-bit trick — the strong count always lives in the block; strong reaching 0
// stores 0xC0000000; Resolve treats strong <= 0 as dead; ReleaseTarget frees and nulls __target only
// for separate allocations; the block frees itself when __weakRefCount reaches 0.
//
// Choices where the facts stop (§3.2, §10 [U]):
//   * Single allocation (vccorlib's default) places the ControlBlock at the start of the allocation
//     and the object after it (rounded to 16). The real placement is unknown.
//   * __pUnkMarshal stays (IUnknown*)-1 ("agile, FTM not created yet"): no FTM here.
//   * The object answers IUnknown, IInspectable, IAgileObject; weak references come from
//     RefObject::GetWeakReference (the ControlBlock itself is the IWeakReference), not from QI for
//     IWeakReferenceSource, whose CX wiring is not documented.
//   * __abi_ interfaces take REFIID where vccorlib takes Platform::Guid& (same bytes).
// wrlref::cx::RefObject stands in for what /ZW generates for a ref class; it is not a vccorlib type.
#pragma once

#include "com.h"

// vccorlib's ABI interfaces: same slots as IUnknown / IInspectable / IWeakReference, own names.
struct WRLREF_NOVTABLE __abi_IUnknown {
    virtual HRESULT STDMETHODCALLTYPE __abi_QueryInterface(REFIID riid, void** ppvObject) = 0;
    virtual ULONG STDMETHODCALLTYPE __abi_AddRef() = 0;
    virtual ULONG STDMETHODCALLTYPE __abi_Release() = 0;
};

struct WRLREF_NOVTABLE __abi_IInspectable : __abi_IUnknown {
    virtual HRESULT STDMETHODCALLTYPE __abi_GetIids(ULONG* iidCount, IID** iids) = 0;
    virtual HRESULT STDMETHODCALLTYPE __abi_GetRuntimeClassName(HSTRING* className) = 0;
    virtual HRESULT STDMETHODCALLTYPE __abi_GetTrustLevel(TrustLevel* trustLevel) = 0;
};

struct WRLREF_NOVTABLE __abi_IWeakReference : __abi_IUnknown {
    virtual HRESULT STDMETHODCALLTYPE __abi_Resolve(REFIID riid, __abi_IInspectable** objectReference) = 0;
};

namespace wrlref {
struct CxLayoutCheck;
namespace cx {
class RefObject;
}
// §2.5: C++/CX strong count after it hit 0 ("LONG_MIN/2").
inline constexpr LONG kCxStrongDead = static_cast<LONG>(0xC0000000u);
} // namespace wrlref

namespace Platform {
namespace Details {

class ControlBlock final : public __abi_IWeakReference {
public:
    ControlBlock() noexcept
        : __weakRefCount(0), __strongRefCount(0), __target(nullptr), __bSingleAllocation(false),
          __bAlignedAllocation(false), __bExceptionAllocation(false) {}

    // InitControlBlock: weak 1 (the object's hold), strong 1, target = the object (not AddRef'd).
    void InitControlBlock(__abi_IUnknown* object, bool singleAllocation) noexcept {
        __weakRefCount = 1;
        __strongRefCount = 1;
        __target = object;
        __bSingleAllocation = singleAllocation;
    }

    HRESULT STDMETHODCALLTYPE __abi_QueryInterface(REFIID riid, void** ppvObject) noexcept {
        if (ppvObject == nullptr) return E_POINTER;
        if (riid == IID_IUnknown || riid == IID_IWeakReference) {
            *ppvObject = static_cast<__abi_IWeakReference*>(this);
            __abi_AddRef();
            return S_OK;
        }
        *ppvObject = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE __abi_AddRef() noexcept {
        return static_cast<ULONG>(wrlref::atomic_add(&__weakRefCount, static_cast<LONG>(1)));
    }
    ULONG STDMETHODCALLTYPE __abi_Release() noexcept {
        LONG remaining = wrlref::atomic_sub(&__weakRefCount, static_cast<LONG>(1));
        // The block is at the start of its allocation in both modes (single: followed by the object).
        if (remaining == 0) wrlref::destroy(this);
        return static_cast<ULONG>(remaining);
    }
    HRESULT STDMETHODCALLTYPE __abi_Resolve(REFIID riid, __abi_IInspectable** objectReference) noexcept {
        if (objectReference == nullptr) return E_POINTER;
        *objectReference = nullptr;
        LONG current = wrlref::atomic_load(&__strongRefCount);
        for (;;) {
            if (current <= 0) return S_OK; // dead (0xC0000000) or never alive
            if (wrlref::atomic_cas(&__strongRefCount, current, current + 1)) break;
        }
        HRESULT hr = __target->__abi_QueryInterface(riid, reinterpret_cast<void**>(objectReference));
        __target->__abi_Release(); // undo our +1
        return hr;
    }

    // (ULONG)-1 once the count went negative (the object is gone).
    ULONG IncrementStrongReference() noexcept {
        LONG current = wrlref::atomic_load(&__strongRefCount);
        for (;;) {
            if (current < 0) return static_cast<ULONG>(-1);
            if (wrlref::atomic_cas(&__strongRefCount, current, current + 1)) return static_cast<ULONG>(current + 1);
        }
    }
    ULONG DecrementStrongReference() noexcept {
        LONG current = wrlref::atomic_load(&__strongRefCount);
        for (;;) {
            if (current < 0) return static_cast<ULONG>(-1);
            LONG next = current - 1 == 0 ? wrlref::kCxStrongDead : current - 1;
            if (wrlref::atomic_cas(&__strongRefCount, current, next)) return static_cast<ULONG>(current - 1);
        }
    }
    ULONG GetRefcount() const noexcept {
        LONG current = wrlref::atomic_load(&__strongRefCount);
        return current < 0 ? static_cast<ULONG>(-1) : static_cast<ULONG>(current);
    }

    // After the object's destructor ran: free its memory only when separately allocated.
    void ReleaseTarget() noexcept {
        if (!__bSingleAllocation && wrlref::atomic_load(&__strongRefCount) < 0 && __target != nullptr) {
            wrlref::mem_free(__target); // __target is the start of the object's allocation (checked at creation)
            __target = nullptr;
        }
    }

    // TEST SCAFFOLDING: raw field views (addresses stay readable after destruction when memory is
    // kept by wrlref::TestHook_SetFreeInterceptor).
    LONG TestHook_WeakCount() const noexcept { return wrlref::atomic_load(&__weakRefCount); }
    LONG TestHook_StrongCount() const noexcept { return wrlref::atomic_load(&__strongRefCount); }
    __abi_IUnknown* TestHook_Target() const noexcept { return __target; }
    bool TestHook_SingleAllocation() const noexcept { return __bSingleAllocation; }
    bool TestHook_AlignedAllocation() const noexcept { return __bAlignedAllocation; }     // always false here
    bool TestHook_ExceptionAllocation() const noexcept { return __bExceptionAllocation; } // always false here
    volatile LONG* TestHook_WeakCountAddress() noexcept { return &__weakRefCount; }
    volatile LONG* TestHook_StrongCountAddress() noexcept { return &__strongRefCount; }
    __abi_IUnknown** TestHook_TargetAddress() noexcept { return &__target; }

private:
    friend struct wrlref::CxLayoutCheck;
    volatile LONG __weakRefCount;
    volatile LONG __strongRefCount;
    __abi_IUnknown* __target;
    bool __bSingleAllocation;
    bool __bAlignedAllocation;
    bool __bExceptionAllocation;
};

// Injected into every ref class as `__abi_reference_count` (name per S8).
struct __abi_FTMWeakRefData {
    ControlBlock* __weakRefSource;
    __abi_IUnknown* volatile __pUnkMarshal; // (IUnknown*)-1: agile, FTM not created yet

    ULONG Increment() noexcept { return __weakRefSource->IncrementStrongReference(); }
    ULONG Decrement() noexcept { return __weakRefSource->DecrementStrongReference(); }
    ULONG Get() const noexcept { return __weakRefSource->GetRefcount(); }
    ControlBlock* GetWeakReference() noexcept {
        __weakRefSource->__abi_AddRef();
        return __weakRefSource;
    }
};

} // namespace Details
} // namespace Platform

namespace wrlref {
namespace cx {

template <class T, class... A>
T* make_ref(bool singleAllocation, A&&... args) noexcept;

// What a compiled `ref class` carries: an inspectable vptr and __abi_reference_count. Derive from it
// and create with make_ref<T>(...); the creator owns one strong reference.
class RefObject : public __abi_IInspectable {
public:
    HRESULT STDMETHODCALLTYPE __abi_QueryInterface(REFIID riid, void** ppvObject) noexcept {
        if (ppvObject == nullptr) return E_POINTER;
        if (riid == IID_IUnknown || riid == IID_IInspectable || riid == IID_IAgileObject) {
            *ppvObject = static_cast<__abi_IInspectable*>(this);
            __abi_AddRef();
            return S_OK;
        }
        *ppvObject = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE __abi_AddRef() noexcept { return __abi_reference_count.Increment(); }
    ULONG STDMETHODCALLTYPE __abi_Release() noexcept {
        ULONG remaining = __abi_reference_count.Decrement();
        if (remaining == 0) {
            Platform::Details::ControlBlock* block = __abi_reference_count.__weakRefSource;
            this->~RefObject();    // virtual: runs the most derived destructor, frees nothing
            block->ReleaseTarget(); // separate allocation: frees the object, nulls __target
            block->__abi_Release(); // the object's weak hold
        }
        return remaining;
    }
    HRESULT STDMETHODCALLTYPE __abi_GetIids(ULONG* iidCount, IID** iids) noexcept { return inspectable_get_iids(iidCount, iids); }
    HRESULT STDMETHODCALLTYPE __abi_GetRuntimeClassName(HSTRING* name) noexcept { return inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE __abi_GetTrustLevel(TrustLevel* level) noexcept { return inspectable_get_trust_level(level); }

    // The ControlBlock is the weak reference (+1 weak).
    HRESULT GetWeakReference(__abi_IWeakReference** weakReference) noexcept {
        if (weakReference == nullptr) return E_POINTER;
        *weakReference = __abi_reference_count.GetWeakReference();
        return S_OK;
    }

    // TEST SCAFFOLDING
    Platform::Details::ControlBlock* TestHook_ControlBlock() const noexcept { return __abi_reference_count.__weakRefSource; }

    // Needed by the virtual destructor's deleting form in the MSVC ABI; never used (objects are torn
    // down by __abi_Release / ControlBlock).
    static void operator delete(void* memory) noexcept { mem_free(memory); }

protected:
    RefObject() noexcept : __abi_reference_count{nullptr, reinterpret_cast<__abi_IUnknown*>(static_cast<INT_PTR>(-1))} {}
    virtual ~RefObject() noexcept {}

    Platform::Details::__abi_FTMWeakRefData __abi_reference_count;

private:
    template <class T, class... A>
    friend T* make_ref(bool singleAllocation, A&&... args) noexcept;
};

inline constexpr size_t kSingleAllocationObjectOffset = (sizeof(Platform::Details::ControlBlock) + 15) & ~static_cast<size_t>(15);

// singleAllocation = true is vccorlib's default (block + object in one allocation).
template <class T, class... A>
T* make_ref(bool singleAllocation, A&&... args) noexcept {
    Platform::Details::ControlBlock* block;
    T* object;
    if (singleAllocation) {
        char* memory = static_cast<char*>(mem_alloc(kSingleAllocationObjectOffset + sizeof(T)));
        if (memory == nullptr) return nullptr;
        block = ::new (placement_tag(), memory) Platform::Details::ControlBlock();
        object = construct_at<T>(memory + kSingleAllocationObjectOffset, static_cast<A&&>(args)...);
    } else {
        block = create<Platform::Details::ControlBlock>();
        if (block == nullptr) return nullptr;
        object = create<T>(static_cast<A&&>(args)...);
        if (object == nullptr) {
            destroy(block);
            return nullptr;
        }
    }
    __abi_IUnknown* target = static_cast<__abi_IInspectable*>(object);
    // ReleaseTarget frees __target: it must be where the object's allocation starts.
    if (static_cast<void*>(target) != static_cast<void*>(object)) __builtin_trap();
    block->InitControlBlock(target, singleAllocation);
    object->__abi_reference_count.__weakRefSource = block;
    return object;
}

} // namespace cx

// §3.1 layout, checked on Windows only.
struct CxLayoutCheck {
#if defined(_WIN32)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
#endif
    typedef ::Platform::Details::ControlBlock C;
#if defined(_WIN64)
    static_assert(offsetof(C, __weakRefCount) == 0x08, "ControlBlock::__weakRefCount must be at +0x08 (x64)");
    static_assert(offsetof(C, __strongRefCount) == 0x0C, "ControlBlock::__strongRefCount must be at +0x0C (x64)");
    static_assert(offsetof(C, __target) == 0x10, "ControlBlock::__target must be at +0x10 (x64)");
    static_assert(offsetof(C, __bSingleAllocation) == 0x18, "ControlBlock bools must start at +0x18 (x64)");
    static_assert(sizeof(C) == 0x20, "sizeof(ControlBlock) must be 0x20 (x64)");
    static_assert(sizeof(::Platform::Details::__abi_FTMWeakRefData) == 0x10, "__abi_FTMWeakRefData is 16 bytes (x64)");
#else
    static_assert(offsetof(C, __weakRefCount) == 0x04, "ControlBlock::__weakRefCount must be at +0x04 (x86)");
    static_assert(offsetof(C, __strongRefCount) == 0x08, "ControlBlock::__strongRefCount must be at +0x08 (x86)");
    static_assert(offsetof(C, __target) == 0x0C, "ControlBlock::__target must be at +0x0C (x86)");
    static_assert(offsetof(C, __bSingleAllocation) == 0x10, "ControlBlock bools must start at +0x10 (x86)");
    static_assert(sizeof(C) == 0x14, "sizeof(ControlBlock) must be 0x14 (x86)");
    static_assert(sizeof(::Platform::Details::__abi_FTMWeakRefData) == 0x08, "__abi_FTMWeakRefData is 8 bytes (x86)");
#endif
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
#endif
};

} // namespace wrlref
