// wrl_weak.h — WRL-faithful RuntimeClass and weak references (docs/winrt-internals.md §2).
//
// Type names, base lists and field names follow WRL's wrl/implements.h so that the MSVC ABI and the
// PDB give WRL's real layouts (WeakReferenceImpl: §2.2, asserted below on Windows). The code is our
// own; only the facts (layouts, encodings, sentinels, algorithms of §2.3/§2.4) carry over.
//
// Flavours (selected by RuntimeClassFlags, as in WRL):
//   * weak-capable (WinRt, default): pointer-sized `refCount_` union = strong count or encoded
//     WeakReferenceImpl*; implements IWeakReferenceSource.
//   * non-weak (ClassicCom, or WinRt|InhibitWeakReference): 4-byte `volatile long refcount_`.
// FtmBase (§2.6) is modelled with its real base list and `marshaller_` member (a plain IMarshal*
// where WRL has ComPtr<IMarshal>: same one pointer). There is no ole32 here, so marshaller_ stays
// null and the IMarshal methods answer E_OUTOFMEMORY, which is what real FtmBase answers when
// CoCreateFreeThreadedMarshaler failed. Default flags are WRL's: WinRt, FTM on.
// Not modelled: Implements<> as a user base, ChainInterfaces, MixIn, _PERF_COUNTERS, ComPtr, Make
// (use wrlref::create<T>(...) instead).
//
// Members named TestHook_* are TEST SCAFFOLDING (not WRL): they put objects into states a decoder
// must recognise (being created, saturated) deterministically.
#pragma once

#include "com.h"
#include "refcount_encoding.h"

namespace wrlref {
struct WrlLayoutCheck;
// Sentinels (§2.5).
inline constexpr LONG kWrlDestroyed = -(kLongMax / 2);      // 0xC0000001
inline constexpr LONG kWrlStrongCreating = kLongMax / 2;    // 0x3FFFFFFF
} // namespace wrlref

namespace Microsoft {
namespace WRL {

enum RuntimeClassType {
    WinRt = 0x0001,
    ClassicCom = 0x0002,
    WinRtClassicComMix = WinRt | ClassicCom,
    InhibitWeakReference = 0x0004,
    Delegate = ClassicCom,
    InhibitFtmBase = 0x0008,
    InhibitRoOriginateError = 0x0010
};

template <unsigned int flags>
struct RuntimeClassFlags {
    static const unsigned int value = flags;
};

namespace Details {

constexpr bool ImplementsWeakReferenceSource(unsigned int flags) {
    return (flags & InhibitWeakReference) == 0 && (flags & WinRt) == WinRt;
}
constexpr bool ImplementsInspectable(unsigned int flags) { return (flags & WinRt) == WinRt; }
constexpr bool WouldImplementFtmBase(unsigned int flags) {
    return ImplementsWeakReferenceSource(flags) && (flags & InhibitFtmBase) == 0;
}

// Empty bases. WRL does not use __declspec(empty_bases), so each empty base following another
// zero-sized subobject gets its own byte in the MSVC ABI: these bytes are what put refcount_ at
// +0x0C (x64) / +0x08 (x86) rather than +0x08 / +0x04 (§2.2).
class RuntimeClassBase {};

template <unsigned int flags>
class RuntimeClassBaseT : public RuntimeClassBase {};

class DontUseNewUseMake {
private:
    static void* operator new(size_t) noexcept; // never defined: plain `new` is an error (WRL: use Make)

public:
    static void* operator new(size_t, void* placement) noexcept { return placement; }
    // Class-scope delete: the virtual (deleting) destructors find this one, so freestanding targets
    // need no global operator delete.
    static void operator delete(void* memory) noexcept { wrlref::mem_free(memory); }
    static void operator delete(void*, void*) noexcept {}
};

// ImplementsHelper<flags, doStrictCheck, I0, I...> derives I0 and the helper for the rest; the empty
// terminator ImplementsHelper<flags, true> is the first of the empty bases (§2.1).
template <typename RuntimeClassFlagsT, bool doStrictCheck, typename... TInterfaces>
struct ImplementsHelper;

template <typename RuntimeClassFlagsT, bool doStrictCheck>
struct ImplementsHelper<RuntimeClassFlagsT, doStrictCheck> {
protected:
    HRESULT CanCastTo(REFIID, void** ppv) noexcept {
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
};

template <typename RuntimeClassFlagsT, bool doStrictCheck, typename I0, typename... TInterfaces>
struct WRLREF_NOVTABLE ImplementsHelper<RuntimeClassFlagsT, doStrictCheck, I0, TInterfaces...>
    : I0, ImplementsHelper<RuntimeClassFlagsT, true, TInterfaces...> {
protected:
    HRESULT CanCastTo(REFIID riid, void** ppv) noexcept {
        if (riid == wrlref::iid_of<I0>()) {
            *ppv = static_cast<I0*>(this);
            return S_OK;
        }
        return ImplementsHelper<RuntimeClassFlagsT, true, TInterfaces...>::CanCastTo(riid, ppv);
    }
};

// CloakedIid<I>: I is answered by QI but not listed by GetIids. Same layout as I.
template <typename T>
struct WRLREF_NOVTABLE CloakedIid : T {};

struct ImplementsBase {};
class FtmBaseMarker {};

} // namespace Details
} // namespace WRL
} // namespace Microsoft

namespace wrlref {
template <class T>
struct iid_traits<::Microsoft::WRL::Details::CloakedIid<T>> {
    static constexpr const IID& value = iid_traits<T>::value;
};
} // namespace wrlref

namespace Microsoft {
namespace WRL {

// Implements<RuntimeClassFlags<f>, I...>: the interfaces' helper chain, then the empty ImplementsBase.
template <typename RuntimeClassFlagsT, typename... TInterfaces>
struct WRLREF_NOVTABLE Implements : Details::ImplementsHelper<RuntimeClassFlagsT, true, TInterfaces...>,
                                    Details::ImplementsBase {
protected:
    HRESULT CanCastTo(REFIID riid, void** ppv) noexcept {
        return Details::ImplementsHelper<RuntimeClassFlagsT, true, TInterfaces...>::CanCastTo(riid, ppv);
    }
};

// §2.6: an IMarshal vptr (CloakedIid), empty bases (helper terminator, ImplementsBase, FtmBaseMarker),
// then marshaller_. Default in the weak flavour, right after IWeakReferenceSource.
class WRLREF_NOVTABLE FtmBase
    : public Implements<RuntimeClassFlags<WinRtClassicComMix>, Details::CloakedIid<::IMarshal>>,
      private Details::FtmBaseMarker {
public:
    FtmBase() noexcept : marshaller_(nullptr) {} // real: CoCreateFreeThreadedMarshaler; none here

    HRESULT STDMETHODCALLTYPE GetUnmarshalClass(REFIID, void*, DWORD, void*, DWORD, IID*) override { return E_OUTOFMEMORY; }
    HRESULT STDMETHODCALLTYPE GetMarshalSizeMax(REFIID, void*, DWORD, void*, DWORD, DWORD*) override { return E_OUTOFMEMORY; }
    HRESULT STDMETHODCALLTYPE MarshalInterface(IStream*, REFIID, void*, DWORD, void*, DWORD) override { return E_OUTOFMEMORY; }
    HRESULT STDMETHODCALLTYPE UnmarshalInterface(IStream*, REFIID, void**) override { return E_OUTOFMEMORY; }
    HRESULT STDMETHODCALLTYPE ReleaseMarshalData(IStream*) override { return E_OUTOFMEMORY; }
    HRESULT STDMETHODCALLTYPE DisconnectObject(DWORD) override { return E_OUTOFMEMORY; }

    ::IMarshal* marshaller_; // ComPtr<IMarshal> in WRL

protected:
    // IAgileObject is answered by FtmBase too (with its IMarshal pointer).
    HRESULT CanCastTo(REFIID riid, void** ppv) noexcept {
        if (riid == IID_IAgileObject) {
            *ppv = static_cast<::IMarshal*>(this);
            return S_OK;
        }
        return Implements::CanCastTo(riid, ppv);
    }
    template <typename, bool, typename...>
    friend struct Details::ImplementsHelper;
};

namespace Details {

// The FtmBase element of a helper chain asks FtmBase (not an IID compare).
template <typename RuntimeClassFlagsT, bool doStrictCheck, typename... TInterfaces>
struct WRLREF_NOVTABLE ImplementsHelper<RuntimeClassFlagsT, doStrictCheck, FtmBase, TInterfaces...>
    : FtmBase, ImplementsHelper<RuntimeClassFlagsT, true, TInterfaces...> {
protected:
    HRESULT CanCastTo(REFIID riid, void** ppv) noexcept {
        if (SUCCEEDED(FtmBase::CanCastTo(riid, ppv))) return S_OK;
        return ImplementsHelper<RuntimeClassFlagsT, true, TInterfaces...>::CanCastTo(riid, ppv);
    }
};

// Inspectable flavours put IInspectable first when the first interface is not inspectable (§2.6).
template <bool prependInspectable, typename RuntimeClassFlagsT, typename... TInterfaces>
struct InterfaceListHelper {
    typedef ImplementsHelper<RuntimeClassFlagsT, false, TInterfaces...> TypeT;
};
template <typename RuntimeClassFlagsT, typename... TInterfaces>
struct InterfaceListHelper<true, RuntimeClassFlagsT, TInterfaces...> {
    typedef ImplementsHelper<RuntimeClassFlagsT, false, ::IInspectable, TInterfaces...> TypeT;
};

template <bool condition, typename A, typename B>
struct SelectT {
    typedef A TypeT;
};
template <typename A, typename B>
struct SelectT<false, A, B> {
    typedef B TypeT;
};

template <typename RuntimeClassFlagsT, bool implementsWeakReferenceSource, bool implementsInspectable,
          bool implementsFtmBase, typename... TInterfaces>
class RuntimeClassImpl;

// ---- non-weak flavour: ClassicCom, WinRt|InhibitWeakReference ------------------------------------------
template <typename RuntimeClassFlagsT, bool implementsInspectable, typename I0, typename... TInterfaces>
class WRLREF_NOVTABLE RuntimeClassImpl<RuntimeClassFlagsT, false, implementsInspectable, false, I0, TInterfaces...>
    : public InterfaceListHelper<implementsInspectable && !wrlref::is_inspectable<I0>, RuntimeClassFlagsT, I0,
                                 TInterfaces...>::TypeT,
      public RuntimeClassBaseT<RuntimeClassFlagsT::value>,
      protected RuntimeClassFlags<InhibitWeakReference>,
      public DontUseNewUseMake {
    static constexpr bool kPrependInspectable = implementsInspectable && !wrlref::is_inspectable<I0>;
    typedef typename InterfaceListHelper<kPrependInspectable, RuntimeClassFlagsT, I0, TInterfaces...>::TypeT
        ImplementsHelperT;
    typedef typename SelectT<kPrependInspectable, ::IInspectable, I0>::TypeT FirstInterfaceT;
    friend struct wrlref::WrlLayoutCheck;

public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) {
        if (ppvObject == nullptr) return E_POINTER;
        *ppvObject = nullptr;
        HRESULT hr;
        if (riid == IID_IUnknown || (implementsInspectable && riid == IID_IInspectable)) {
            *ppvObject = static_cast<FirstInterfaceT*>(this);
            hr = S_OK;
        } else {
            hr = ImplementsHelperT::CanCastTo(riid, ppvObject);
        }
        if (SUCCEEDED(hr)) InternalAddRef();
        return hr;
    }
    ULONG STDMETHODCALLTYPE AddRef() { return InternalAddRef(); }
    ULONG STDMETHODCALLTYPE Release() {
        ULONG count = InternalRelease();
        if (count == 0) delete this;
        return count;
    }
    // Override IInspectable's slots when a base has them; plain members otherwise.
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* iidCount, IID** iids) { return wrlref::inspectable_get_iids(iidCount, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) { return wrlref::inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) { return wrlref::inspectable_get_trust_level(level); }

    // TEST SCAFFOLDING
    LONG TestHook_ReferenceCount() const noexcept { return wrlref::atomic_load(&refcount_); }
    volatile LONG* TestHook_ReferenceCountAddress() noexcept { return &refcount_; }

protected:
    RuntimeClassImpl() noexcept : refcount_(1) {}
    // §2.5: a destroyed non-weak RuntimeClass shows 0xC0000001 in refcount_.
    virtual ~RuntimeClassImpl() noexcept { wrlref::atomic_store(&refcount_, wrlref::kWrlDestroyed); }

    ULONG InternalAddRef() noexcept { return static_cast<ULONG>(wrlref::atomic_add(&refcount_, static_cast<LONG>(1))); }
    ULONG InternalRelease() noexcept { return static_cast<ULONG>(wrlref::atomic_sub(&refcount_, static_cast<LONG>(1))); }
    IUnknown* CastToUnknown() noexcept { return static_cast<FirstInterfaceT*>(this); }

    volatile LONG refcount_;
};

} // namespace Details

// RuntimeClass<I...> (default flags) and RuntimeClass<RuntimeClassFlags<f>, I...>. novtable: they are
// abstract, and their vtables would drag _purecall into freestanding targets.
template <typename... TInterfaces>
class WRLREF_NOVTABLE RuntimeClass
    : public Details::RuntimeClassImpl<RuntimeClassFlags<WinRt>, true, true, true, TInterfaces...> {};

template <unsigned int flags, typename... TInterfaces>
class WRLREF_NOVTABLE RuntimeClass<RuntimeClassFlags<flags>, TInterfaces...>
    : public Details::RuntimeClassImpl<RuntimeClassFlags<flags>, Details::ImplementsWeakReferenceSource(flags),
                                       Details::ImplementsInspectable(flags), Details::WouldImplementFtmBase(flags),
                                       TInterfaces...> {};

namespace Details {

// The target's strong count once a weak reference exists (§2.4). Saturating: LONG_MAX sticks.
class StrongReference {
public:
    explicit StrongReference(LONG refCount = 1) noexcept : strongRefCount_(refCount) {}
    ~StrongReference() noexcept { wrlref::atomic_store(&strongRefCount_, wrlref::kWrlDestroyed); }

    ULONG IncrementStrongReference() noexcept {
        LONG current = wrlref::atomic_load(&strongRefCount_);
        while (current != wrlref::kLongMax && !wrlref::atomic_cas(&strongRefCount_, current, current + 1)) {
        }
        return static_cast<ULONG>(current == wrlref::kLongMax ? current : current + 1);
    }
    ULONG DecrementStrongReference() noexcept {
        LONG current = wrlref::atomic_load(&strongRefCount_);
        while (current != wrlref::kLongMax && !wrlref::atomic_cas(&strongRefCount_, current, current - 1)) {
        }
        return static_cast<ULONG>(current == wrlref::kLongMax ? current : current - 1);
    }
    ULONG GetStrongReferenceCount() const noexcept { return static_cast<ULONG>(wrlref::atomic_load(&strongRefCount_)); }
    void SetStrongReference(ULONG value) noexcept { wrlref::atomic_store(&strongRefCount_, static_cast<LONG>(value)); }

protected:
    // Resolve's step: +1 unless the count is 0 (only that test, §2.4). False when it was 0.
    bool TryIncrementStrongReference() noexcept {
        LONG current = wrlref::atomic_load(&strongRefCount_);
        for (;;) {
            if (current == 0) return false;
            if (current == wrlref::kLongMax) return true; // saturated: the increment would be lost anyway
            if (wrlref::atomic_cas(&strongRefCount_, current, current + 1)) return true;
        }
    }
    volatile LONG* StrongReferenceAddress() noexcept { return &strongRefCount_; }

private:
    friend struct wrlref::WrlLayoutCheck;
    volatile LONG strongRefCount_;
};

// The weak reference control block (§2.1, §2.2). unknown_ is the raw target, not AddRef'd, and
// never cleared: dereference it only while strongRefCount_ > 0.
class WeakReferenceImpl final : public RuntimeClass<RuntimeClassFlags<ClassicCom>, IWeakReference>,
                                public StrongReference {
public:
    // strongRefCount_ starts at LONG_MAX/2 ("being created") until the creator stores the real count;
    // refcount_ = 2: one for the object's pointer-mode word, one for the caller.
    explicit WeakReferenceImpl(IUnknown* unk) noexcept : StrongReference(wrlref::kWrlStrongCreating), unknown_(unk) {
        wrlref::atomic_store(&refcount_, static_cast<LONG>(2));
    }
    ~WeakReferenceImpl() noexcept {}

    HRESULT STDMETHODCALLTYPE Resolve(REFIID riid, IInspectable** objectReference) {
        if (objectReference == nullptr) return E_POINTER;
        *objectReference = nullptr;
        if (!TryIncrementStrongReference()) return S_OK; // target gone: success with null
        HRESULT hr = unknown_->QueryInterface(riid, reinterpret_cast<void**>(objectReference));
        unknown_->Release(); // undo our +1 (may destroy the target if the QI failed meanwhile)
        return hr;
    }

    // TEST SCAFFOLDING: raw field views. The *Address forms stay readable after destruction when
    // the memory is kept by wrlref::TestHook_SetFreeInterceptor.
    LONG TestHook_WeakCount() const noexcept { return wrlref::atomic_load(&refcount_); }
    LONG TestHook_StrongCount() const noexcept { return static_cast<LONG>(GetStrongReferenceCount()); }
    IUnknown* TestHook_Target() const noexcept { return unknown_; }
    volatile LONG* TestHook_WeakCountAddress() noexcept { return &refcount_; }
    volatile LONG* TestHook_StrongCountAddress() noexcept { return StrongReferenceAddress(); }

private:
    friend struct wrlref::WrlLayoutCheck;
    IUnknown* unknown_;
};

// ---- weak-capable flavour: WinRt (default) ------------------------------------------------------------
union ReferenceCountOrWeakReferencePointer {
    UINT_PTR refCount;   // count mode: only the low 32 bits are used
    INT_PTR rawValue;    // < 0 <=> pointer mode
    void* ifHighBitIsSetThenShiftLeftToYieldPointerToWeakReference;
};

inline INT_PTR EncodeWeakReferencePointer(WeakReferenceImpl* block) noexcept {
    return wrlref::encode_weak_reference_pointer(block);
}
inline WeakReferenceImpl* DecodeWeakReferencePointer(INT_PTR value) noexcept {
    return static_cast<WeakReferenceImpl*>(wrlref::decode_weak_reference_pointer(value));
}

template <typename RuntimeClassFlagsT, bool implementsInspectable, typename I0, typename... TInterfaces>
class WRLREF_NOVTABLE RuntimeClassImpl<RuntimeClassFlagsT, true, implementsInspectable, false, I0, TInterfaces...>
    : public InterfaceListHelper<implementsInspectable && !wrlref::is_inspectable<I0>, RuntimeClassFlagsT, I0,
                                 ::IWeakReferenceSource, TInterfaces...>::TypeT,
      public RuntimeClassBaseT<RuntimeClassFlagsT::value>,
      public DontUseNewUseMake {
    static constexpr bool kPrependInspectable = implementsInspectable && !wrlref::is_inspectable<I0>;
    typedef typename InterfaceListHelper<kPrependInspectable, RuntimeClassFlagsT, I0, ::IWeakReferenceSource,
                                         TInterfaces...>::TypeT ImplementsHelperT;
    typedef typename SelectT<kPrependInspectable, ::IInspectable, I0>::TypeT FirstInterfaceT;
    friend struct wrlref::WrlLayoutCheck;

public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) {
        if (ppvObject == nullptr) return E_POINTER;
        *ppvObject = nullptr;
        HRESULT hr;
        if (riid == IID_IUnknown || riid == IID_IInspectable) {
            *ppvObject = static_cast<FirstInterfaceT*>(this);
            hr = S_OK;
        } else {
            hr = ImplementsHelperT::CanCastTo(riid, ppvObject); // includes IWeakReferenceSource
        }
        if (SUCCEEDED(hr)) InternalAddRef();
        return hr;
    }
    ULONG STDMETHODCALLTYPE AddRef() { return InternalAddRef(); }
    ULONG STDMETHODCALLTYPE Release() {
        ULONG count = InternalRelease();
        if (count == 0) delete this;
        return count;
    }
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* iidCount, IID** iids) { return wrlref::inspectable_get_iids(iidCount, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) { return wrlref::inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) { return wrlref::inspectable_get_trust_level(level); }

    // IWeakReferenceSource (§2.4).
    HRESULT STDMETHODCALLTYPE GetWeakReference(IWeakReference** weakReference) {
        if (weakReference == nullptr) return E_POINTER;
        *weakReference = nullptr;
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        if (wrlref::is_weak_reference_pointer(current)) {
            WeakReferenceImpl* existing = DecodeWeakReferencePointer(current);
            existing->AddRef();
            *weakReference = existing;
            return S_OK;
        }
        WeakReferenceImpl* fresh = CreateWeakReference();
        if (fresh == nullptr) return E_OUTOFMEMORY;
        return InstallWeakReference(fresh, weakReference);
    }

    // ---- TEST SCAFFOLDING (not WRL) ----
    INT_PTR TestHook_ReferenceWord() const noexcept { return wrlref::atomic_load(&refCount_.rawValue); }
    // The strong count wherever it lives now (the word or the block).
    ULONG TestHook_StrongCount() const noexcept {
        INT_PTR current = TestHook_ReferenceWord();
        if (wrlref::is_weak_reference_pointer(current)) return DecodeWeakReferencePointer(current)->GetStrongReferenceCount();
        return static_cast<ULONG>(current);
    }
    WeakReferenceImpl* TestHook_WeakReferenceBlock() const noexcept {
        INT_PTR current = TestHook_ReferenceWord();
        return wrlref::is_weak_reference_pointer(current) ? DecodeWeakReferencePointer(current) : nullptr;
    }
    // Saturate the strong count (LONG_MAX): the object is then leaked, as in WRL.
    void TestHook_Saturate() noexcept {
        INT_PTR current = TestHook_ReferenceWord();
        if (wrlref::is_weak_reference_pointer(current))
            DecodeWeakReferencePointer(current)->SetStrongReference(static_cast<ULONG>(wrlref::kLongMax));
        else
            wrlref::atomic_store(&refCount_.rawValue, static_cast<INT_PTR>(wrlref::kLongMax));
    }
    // First half of GetWeakReference: a block "being created" (strongRefCount_ 0x3FFFFFFF,
    // refcount_ 2), not yet published in refCount_. Finish or abandon it with the calls below.
    WeakReferenceImpl* TestHook_BeginWeakReference() noexcept { return CreateWeakReference(); }
    HRESULT TestHook_FinishWeakReference(WeakReferenceImpl* fresh, IWeakReference** weakReference) noexcept {
        return InstallWeakReference(fresh, weakReference);
    }
    static void TestHook_AbandonWeakReference(WeakReferenceImpl* fresh) noexcept { delete fresh; } // as a lost race

protected:
    RuntimeClassImpl() noexcept { refCount_.rawValue = 1; }
    // Weak flavour: releases the block's hold from the object; writes no sentinel (§2.5).
    virtual ~RuntimeClassImpl() noexcept {
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        if (wrlref::is_weak_reference_pointer(current)) DecodeWeakReferencePointer(current)->Release();
    }

    ULONG InternalAddRef() noexcept {
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current))
                return DecodeWeakReferencePointer(current)->IncrementStrongReference();
            if (static_cast<ULONG>(current) == static_cast<ULONG>(wrlref::kLongMax)) return static_cast<ULONG>(wrlref::kLongMax);
            if (wrlref::atomic_cas(&refCount_.rawValue, current, current + 1)) return static_cast<ULONG>(current + 1);
        }
    }
    ULONG InternalRelease() noexcept {
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current))
                return DecodeWeakReferencePointer(current)->DecrementStrongReference();
            if (static_cast<ULONG>(current) == static_cast<ULONG>(wrlref::kLongMax)) return static_cast<ULONG>(wrlref::kLongMax);
            if (wrlref::atomic_cas(&refCount_.rawValue, current, current - 1)) return static_cast<ULONG>(current - 1);
        }
    }
    IUnknown* CastToUnknown() noexcept { return static_cast<FirstInterfaceT*>(this); }

    ReferenceCountOrWeakReferencePointer refCount_;

private:
    WeakReferenceImpl* CreateWeakReference() noexcept { return wrlref::create<WeakReferenceImpl>(CastToUnknown()); }

    // Publish `fresh`: copy the current count into it, CAS the encoded pointer in, retry while
    // AddRef/Release race; if another thread published first, drop ours and use theirs (§2.4).
    HRESULT InstallWeakReference(WeakReferenceImpl* fresh, IWeakReference** weakReference) noexcept {
        if (weakReference == nullptr) return E_POINTER;
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current)) {
                delete fresh;
                WeakReferenceImpl* existing = DecodeWeakReferencePointer(current);
                existing->AddRef();
                *weakReference = existing;
                return S_OK;
            }
            fresh->SetStrongReference(static_cast<ULONG>(current)); // low 32 bits: the count
            if (wrlref::atomic_cas(&refCount_.rawValue, current, EncodeWeakReferencePointer(fresh))) {
                *weakReference = fresh; // refcount_ 2 = this object's word + the caller
                return S_OK;
            }
        }
    }
};

// The FTM flavour is the weak one with FtmBase as the second interface: the chain then reads
// [IInspectable], I0, IWeakReferenceSource, FtmBase, I1, ... (§2.6, as WRL does it).
template <typename RuntimeClassFlagsT, bool implementsInspectable, typename I0, typename... TInterfaces>
class WRLREF_NOVTABLE RuntimeClassImpl<RuntimeClassFlagsT, true, implementsInspectable, true, I0, TInterfaces...>
    : public RuntimeClassImpl<RuntimeClassFlagsT, true, implementsInspectable, false, I0, FtmBase, TInterfaces...> {};

} // namespace Details
} // namespace WRL
} // namespace Microsoft

namespace wrlref {
namespace wrl_probe {
// Probe classes for the §2.6 offsets (one method each so they are real interfaces).
struct WRLREF_NOVTABLE IProbe1 : IInspectable { virtual HRESULT STDMETHODCALLTYPE Probe1() = 0; };
struct WRLREF_NOVTABLE IProbe2 : IInspectable { virtual HRESULT STDMETHODCALLTYPE Probe2() = 0; };
struct WRLREF_NOVTABLE IClassicProbe : IUnknown { virtual HRESULT STDMETHODCALLTYPE Probe3() = 0; };
} // namespace wrl_probe
} // namespace wrlref
// Made-up IIDs (ours): the probes are never queried.
WRLREF_DEFINE_IID(IID_WrlProbe1, ::wrlref::wrl_probe::IProbe1, 0x7E57AB01, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0xAB, 0x01)
WRLREF_DEFINE_IID(IID_WrlProbe2, ::wrlref::wrl_probe::IProbe2, 0x7E57AB02, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0xAB, 0x02)
WRLREF_DEFINE_IID(IID_WrlProbe3, ::wrlref::wrl_probe::IClassicProbe, 0x7E57AB03, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0xAB, 0x03)

namespace wrlref {
// Layout of WeakReferenceImpl (§2.2) and of the RuntimeClass shapes of §2.6, checked on Windows only
// (the Itanium ABI of the Linux build packs the empty bases differently).
struct WrlLayoutCheck {
#if defined(_WIN32)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
#endif
    typedef ::Microsoft::WRL::Details::WeakReferenceImpl W;
    typedef wrl_probe::IProbe1 P1;
    typedef wrl_probe::IProbe2 P2;
    typedef ::Microsoft::WRL::RuntimeClass<P1> Ftm1;
    typedef ::Microsoft::WRL::RuntimeClass<P1, P2> Ftm2;
    typedef ::Microsoft::WRL::RuntimeClass<::Microsoft::WRL::RuntimeClassFlags<::Microsoft::WRL::WinRt | ::Microsoft::WRL::InhibitFtmBase>, P1> NoFtm1;
    typedef ::Microsoft::WRL::RuntimeClass<::Microsoft::WRL::RuntimeClassFlags<::Microsoft::WRL::WinRt | ::Microsoft::WRL::InhibitFtmBase>, P1, P2> NoFtm2;
    typedef ::Microsoft::WRL::RuntimeClass<::Microsoft::WRL::RuntimeClassFlags<::Microsoft::WRL::WinRt | ::Microsoft::WRL::InhibitWeakReference>, P1> NoWeak;
    typedef ::Microsoft::WRL::RuntimeClass<::Microsoft::WRL::RuntimeClassFlags<::Microsoft::WRL::ClassicCom>, wrl_probe::IClassicProbe> Classic;
    // §2.6 as clang 14 lays out the faithful model (FTM: one pointer further than the doc's first
    // prediction, because FtmBase is 4 pointers and the empty bases after it round up once more).
#if defined(_WIN64)
    static_assert(offsetof(Ftm1, refCount_) == 0x40 && offsetof(Ftm1, marshaller_) == 0x28, "RuntimeClass<I>::refCount_ +0x40, marshaller_ +0x28 (x64)");
    static_assert(offsetof(Ftm2, refCount_) == 0x40, "RuntimeClass<I1, I2>::refCount_ +0x40 (x64)");
    static_assert(offsetof(NoFtm1, refCount_) == 0x18 && offsetof(NoFtm2, refCount_) == 0x20, "InhibitFtmBase refCount_ +0x18 / +0x20 (x64)");
    static_assert(offsetof(NoWeak, refcount_) == 0x0C && offsetof(Classic, refcount_) == 0x0C, "non-weak refcount_ +0x0C (x64)");
    static_assert(sizeof(::Microsoft::WRL::FtmBase) == 0x20, "FtmBase is 4 pointers (x64)");
    static_assert(offsetof(W, refcount_) == 0x0C, "WeakReferenceImpl::refcount_ must be at +0x0C (x64)");
    static_assert(offsetof(W, strongRefCount_) == 0x10, "WeakReferenceImpl::strongRefCount_ must be at +0x10 (x64)");
    static_assert(offsetof(W, unknown_) == 0x18, "WeakReferenceImpl::unknown_ must be at +0x18 (x64)");
    static_assert(sizeof(W) == 0x20, "sizeof(WeakReferenceImpl) must be 0x20 (x64)");
#else
    static_assert(offsetof(Ftm1, refCount_) == 0x20 && offsetof(Ftm1, marshaller_) == 0x14, "RuntimeClass<I>::refCount_ +0x20, marshaller_ +0x14 (x86)");
    static_assert(offsetof(Ftm2, refCount_) == 0x20, "RuntimeClass<I1, I2>::refCount_ +0x20 (x86)");
    static_assert(offsetof(NoFtm1, refCount_) == 0x0C && offsetof(NoFtm2, refCount_) == 0x10, "InhibitFtmBase refCount_ +0x0C / +0x10 (x86)");
    static_assert(offsetof(NoWeak, refcount_) == 0x08 && offsetof(Classic, refcount_) == 0x08, "non-weak refcount_ +0x08 (x86)");
    static_assert(sizeof(::Microsoft::WRL::FtmBase) == 0x10, "FtmBase is 4 pointers (x86)");
    static_assert(offsetof(W, refcount_) == 0x08, "WeakReferenceImpl::refcount_ must be at +0x08 (x86)");
    static_assert(offsetof(W, strongRefCount_) == 0x0C, "WeakReferenceImpl::strongRefCount_ must be at +0x0C (x86)");
    static_assert(offsetof(W, unknown_) == 0x10, "WeakReferenceImpl::unknown_ must be at +0x10 (x86)");
    static_assert(sizeof(W) == 0x14, "sizeof(WeakReferenceImpl) must be 0x14 (x86)");
#endif
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
#endif
};
} // namespace wrlref
