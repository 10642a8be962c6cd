// winui_weak.h — WinUI 3 (`ctl::`) weak references (docs/winrt-internals.md §2.7). Our own code.
//
// Shapes from microsoft-ui-xaml (S4): ctl::ComBase is IInspectable + two bools + m_pUnkFTM + the
// WRL-style count-or-pointer `refCount_`; ctl::Details::WeakReferenceImpl is ctl::implements<
// IWeakReference> (vptr + ULONG m_cRef) + ULONG m_cSourceRef + ComBase* m_pSourceRef.
// Behaviour that differs from WRL (§2.7): ReleaseSource() nulls m_pSourceRef when the strong count
// reaches 0 (Clear), Resurrect() puts it back, and ComBase::ReleaseImpl adds a reference back
// before OnFinalRelease, so a destroyed target's block shows m_cSourceRef 1 with m_pSourceRef null.
// Not modelled: composition (INonDelegatingInspectable), the FTM (m_pUnkFTM stays null), tracking.
#pragma once

#include "com.h"
#include "refcount_encoding.h"
#include "wrl_weak.h" // ReferenceCountOrWeakReferencePointer: WinUI uses the same union (§2.7)

namespace wrlref {
struct WinuiLayoutCheck;
}

namespace ctl {
class ComBase;

// The IUnknown helper WeakReferenceImpl derives from: vptr, then ULONG m_cRef.
template <class TINTERFACE>
class WRLREF_NOVTABLE implements : public TINTERFACE {
protected:
    explicit implements(ULONG initialRefCount = 1) noexcept : m_cRef(initialRefCount) {}

public:
    virtual ~implements() noexcept {}
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) noexcept override {
        if (ppvObject == nullptr) return E_POINTER;
        *ppvObject = nullptr;
        if (riid != IID_IUnknown && riid != wrlref::iid_of<TINTERFACE>()) return E_NOINTERFACE;
        *ppvObject = static_cast<TINTERFACE*>(this);
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() noexcept override { return wrlref::atomic_add(&m_cRef, static_cast<ULONG>(1)); }
    ULONG STDMETHODCALLTYPE Release() noexcept override {
        ULONG result = wrlref::atomic_sub(&m_cRef, static_cast<ULONG>(1));
        if (result == 0) wrlref::destroy(this);
        return result;
    }

    // Class-scope delete: the deleting destructor finds it, so freestanding targets need no global one.
    static void operator delete(void* memory) noexcept { wrlref::mem_free(memory); }

    // TEST SCAFFOLDING
    ULONG TestHook_WeakCount() const noexcept { return wrlref::atomic_load(&m_cRef); }

private:
    friend struct wrlref::WinuiLayoutCheck;
    volatile ULONG m_cRef;
};

namespace Details {

class WeakReferenceImpl final : public ctl::implements<IWeakReference> {
public:
    // m_cRef 2: the object's hold and the caller's (§2.7).
    explicit WeakReferenceImpl(ComBase* source) noexcept : implements(2), m_cSourceRef(1), m_pSourceRef(source) {}

    HRESULT STDMETHODCALLTYPE Resolve(REFIID riid, IInspectable** objectReference) noexcept override;

    ULONG AddRefSource() noexcept { return wrlref::atomic_add(&m_cSourceRef, static_cast<ULONG>(1)); }
    ULONG ReleaseSource() noexcept {
        ULONG remaining = wrlref::atomic_sub(&m_cSourceRef, static_cast<ULONG>(1));
        if (remaining == 0) Clear();
        return remaining;
    }
    ULONG GetSourceRefCount() const noexcept { return wrlref::atomic_load(&m_cSourceRef); }
    void SetStrongReference(ULONG value) noexcept { wrlref::atomic_store(&m_cSourceRef, value); }
    void Clear() noexcept { m_pSourceRef = nullptr; }
    void Resurrect(ComBase* source) noexcept { m_pSourceRef = source; }

    // TEST SCAFFOLDING
    ComBase* TestHook_Source() const noexcept { return m_pSourceRef; }

private:
    friend struct wrlref::WinuiLayoutCheck;
    volatile ULONG m_cSourceRef;
    ComBase* m_pSourceRef; // the weak pointer: nulled when m_cSourceRef reaches 0
};

} // namespace Details

// ctl::ComBase: the WinUI counterpart of a WRL RuntimeClass (§2.7).
class ComBase : public IInspectable {
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) noexcept override {
        if (ppvObject == nullptr) return E_POINTER;
        *ppvObject = nullptr;
        if (riid != IID_IUnknown && riid != IID_IInspectable) return E_NOINTERFACE;
        *ppvObject = static_cast<IInspectable*>(this);
        AddRefImpl();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() noexcept override { return AddRefImpl(); }
    ULONG STDMETHODCALLTYPE Release() noexcept override { return ReleaseImpl(); }
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* c, IID** i) noexcept override { return wrlref::inspectable_get_iids(c, i); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* n) noexcept override { return wrlref::inspectable_get_runtime_class_name(n); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* t) noexcept override { return wrlref::inspectable_get_trust_level(t); }

    // GetWeakReferenceImpl: create (m_cRef 2, m_cSourceRef = the count) and CAS in, as WRL (§2.4).
    HRESULT GetWeakReference(IWeakReference** weakReference) noexcept {
        if (weakReference == nullptr) return E_POINTER;
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        if (wrlref::is_weak_reference_pointer(current)) {
            Details::WeakReferenceImpl* existing = Decode(current);
            existing->AddRef();
            *weakReference = existing;
            return S_OK;
        }
        Details::WeakReferenceImpl* fresh = wrlref::create<Details::WeakReferenceImpl>(this);
        if (fresh == nullptr) return E_OUTOFMEMORY;
        for (;;) {
            fresh->SetStrongReference(static_cast<ULONG>(current));
            if (wrlref::atomic_cas(&refCount_.rawValue, current, wrlref::encode_weak_reference_pointer(fresh))) {
                *weakReference = fresh;
                return S_OK;
            }
            if (wrlref::is_weak_reference_pointer(current)) {
                wrlref::destroy(fresh);
                Details::WeakReferenceImpl* existing = Decode(current);
                existing->AddRef();
                *weakReference = existing;
                return S_OK;
            }
        }
    }

    // TEST SCAFFOLDING
    IUnknown* TestHook_Ftm() const noexcept { return m_pUnkFTM; } // always null here
    INT_PTR TestHook_ReferenceWord() const noexcept { return wrlref::atomic_load(&refCount_.rawValue); }
    Details::WeakReferenceImpl* TestHook_WeakReferenceBlock() const noexcept {
        INT_PTR v = TestHook_ReferenceWord();
        return wrlref::is_weak_reference_pointer(v) ? Decode(v) : nullptr;
    }
    static void operator delete(void* memory) noexcept { wrlref::mem_free(memory); }

protected:
    ComBase() noexcept : m_inFinalRelease(false), m_ignoreReleases(false), m_pUnkFTM(nullptr) { refCount_.rawValue = 1; }
    virtual ~ComBase() noexcept {
        INT_PTR v = wrlref::atomic_load(&refCount_.rawValue);
        if (wrlref::is_weak_reference_pointer(v)) Decode(v)->Release(); // the object's hold; no sentinel
    }
    virtual void OnFinalRelease() noexcept { delete this; }

    ULONG AddRefImpl() noexcept {
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current)) return Decode(current)->AddRefSource();
            if (wrlref::atomic_cas(&refCount_.rawValue, current, current + 1)) return static_cast<ULONG>(current + 1);
        }
    }
    ULONG ReleaseImpl() noexcept {
        INT_PTR current = wrlref::atomic_load(&refCount_.rawValue);
        ULONG remaining;
        for (;;) {
            if (wrlref::is_weak_reference_pointer(current)) {
                remaining = Decode(current)->ReleaseSource(); // at 0: m_pSourceRef = null
                break;
            }
            if (wrlref::atomic_cas(&refCount_.rawValue, current, current - 1)) {
                remaining = static_cast<ULONG>(current - 1);
                break;
            }
        }
        if (remaining == 0) {
            m_inFinalRelease = true;
            AddRefImpl(); // WinUI puts the count back to 1 so a deferred release can retry (S4)
            OnFinalRelease();
        }
        return remaining;
    }

    bool m_inFinalRelease;
    bool m_ignoreReleases;

private:
    friend struct wrlref::WinuiLayoutCheck;
    static Details::WeakReferenceImpl* Decode(INT_PTR v) noexcept {
        return static_cast<Details::WeakReferenceImpl*>(wrlref::decode_weak_reference_pointer(v));
    }
    IUnknown* m_pUnkFTM;
    ::Microsoft::WRL::Details::ReferenceCountOrWeakReferencePointer refCount_;
};

inline HRESULT STDMETHODCALLTYPE Details::WeakReferenceImpl::Resolve(REFIID riid, IInspectable** objectReference) noexcept {
    if (objectReference == nullptr) return E_POINTER;
    *objectReference = nullptr;
    ULONG current = wrlref::atomic_load(&m_cSourceRef);
    for (;;) {
        if (current == 0 || m_pSourceRef == nullptr) return S_OK; // gone: success with null
        if (wrlref::atomic_cas(&m_cSourceRef, current, current + 1)) break;
    }
    HRESULT hr = m_pSourceRef->QueryInterface(riid, reinterpret_cast<void**>(objectReference));
    m_pSourceRef->Release();
    return hr;
}

} // namespace ctl

namespace wrlref {
// §2.7 layout, checked on Windows only.
struct WinuiLayoutCheck {
#if defined(_WIN32)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
#endif
    typedef ::ctl::Details::WeakReferenceImpl W;
    typedef ::ctl::ComBase C;
#if defined(_WIN64)
    static_assert(offsetof(W, m_cRef) == 0x08 && offsetof(W, m_cSourceRef) == 0x10 && offsetof(W, m_pSourceRef) == 0x18 && sizeof(W) == 0x20,
                  "ctl::Details::WeakReferenceImpl: m_cRef +0x8, m_cSourceRef +0x10, m_pSourceRef +0x18 (x64)");
    static_assert(offsetof(C, m_pUnkFTM) == 0x10 && offsetof(C, refCount_) == 0x18 && sizeof(C) == 0x20, "ctl::ComBase::refCount_ +0x18 (x64)");
#else
    static_assert(offsetof(W, m_cRef) == 0x04 && offsetof(W, m_cSourceRef) == 0x08 && offsetof(W, m_pSourceRef) == 0x0C && sizeof(W) == 0x10,
                  "ctl::Details::WeakReferenceImpl: m_cRef +0x4, m_cSourceRef +0x8, m_pSourceRef +0xC (x86)");
    static_assert(offsetof(C, m_pUnkFTM) == 0x08 && offsetof(C, refCount_) == 0x0C && sizeof(C) == 0x10, "ctl::ComBase::refCount_ +0x0C (x86)");
#endif
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
#endif
};
} // namespace wrlref
