// com.h — the COM / WinRT ABI interfaces the reference objects implement, with the real IIDs and
// vtable slot order of docs/winrt-internals.md §7. Declared here because there is no SDK in the
// freestanding Windows build. Namespaces follow the SDK: classic COM at global scope, WinRT ABI
// interfaces in ABI::Windows::Foundation, IMemoryBufferByteAccess in Windows::Foundation
// (memorybuffer.h); `wrlref::` has short aliases.
#pragma once

#include "platform.h"

namespace wrlref {
// iid_of<I>() plays the part of __uuidof(I) (g++ has no __uuidof). Specialised by WRLREF_DEFINE_IID.
template <class I>
struct iid_traits;
template <class I>
constexpr const IID& iid_of() noexcept { return iid_traits<I>::value; }
} // namespace wrlref

// Defines the global constant NAME and binds it to TYPE. Use at global scope.
#define WRLREF_DEFINE_IID(NAME, TYPE, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                   \
    inline constexpr IID NAME = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}};                     \
    namespace wrlref {                                                                              \
    template <>                                                                                     \
    struct iid_traits<TYPE> {                                                                       \
        static constexpr const IID& value = ::NAME;                                                 \
    };                                                                                              \
    }

typedef struct HSTRING__* HSTRING;
enum TrustLevel { BaseTrust = 0, PartialTrust = 1, FullTrust = 2 };

// eventtoken.h
struct EventRegistrationToken {
    INT64 value;
};

// ---- classic COM (slots: §7) -------------------------------------------------------------------------
struct WRLREF_NOVTABLE IUnknown {
    virtual HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) = 0; // 0
    virtual ULONG STDMETHODCALLTYPE AddRef() = 0;                                       // 1
    virtual ULONG STDMETHODCALLTYPE Release() = 0;                                      // 2
};

struct WRLREF_NOVTABLE IInspectable : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE GetIids(ULONG* iidCount, IID** iids) = 0;     // 3
    virtual HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* className) = 0;  // 4
    virtual HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* trustLevel) = 0;     // 5
};

struct WRLREF_NOVTABLE IWeakReference : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Resolve(REFIID riid, IInspectable** objectReference) = 0; // 3
};

struct WRLREF_NOVTABLE IWeakReferenceSource : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE GetWeakReference(IWeakReference** weakReference) = 0; // 3
};

// Marker interface: no methods of its own.
struct WRLREF_NOVTABLE IAgileObject : IUnknown {};

// objidl.h slot order. Only WRL's FtmBase implements it here, and without ole32's free-threaded
// marshaler behind it (wrl_weak.h); IStream stays opaque.
struct IStream;
struct WRLREF_NOVTABLE IMarshal : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE GetUnmarshalClass(REFIID riid, void* pv, DWORD destContext, void* pvDestContext,
                                                        DWORD flags, IID* clsid) = 0;                              // 3
    virtual HRESULT STDMETHODCALLTYPE GetMarshalSizeMax(REFIID riid, void* pv, DWORD destContext, void* pvDestContext,
                                                        DWORD flags, DWORD* size) = 0;                             // 4
    virtual HRESULT STDMETHODCALLTYPE MarshalInterface(IStream* stream, REFIID riid, void* pv, DWORD destContext,
                                                       void* pvDestContext, DWORD flags) = 0;                      // 5
    virtual HRESULT STDMETHODCALLTYPE UnmarshalInterface(IStream* stream, REFIID riid, void** ppv) = 0;            // 6
    virtual HRESULT STDMETHODCALLTYPE ReleaseMarshalData(IStream* stream) = 0;                                     // 7
    virtual HRESULT STDMETHODCALLTYPE DisconnectObject(DWORD reserved) = 0;                                        // 8
};

namespace ABI {
namespace Windows {
namespace Foundation {

struct IMemoryBufferReference;

struct WRLREF_NOVTABLE IClosable : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE Close() = 0; // 6
};

// Stands in for ITypedEventHandler<IMemoryBufferReference*, IInspectable*> (the Closed event's
// delegate). The real one is a parameterised interface; its IID below is MADE UP (ours).
struct WRLREF_NOVTABLE ITypedEventHandler_MemoryBufferReference : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Invoke(IMemoryBufferReference* sender, IInspectable* args) = 0; // 3
};

// Runtime classes implementing IMemoryBuffer also implement IClosable (separate vptr, QI-able).
struct WRLREF_NOVTABLE IMemoryBuffer : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE CreateReference(IMemoryBufferReference** reference) = 0; // 6
};

struct WRLREF_NOVTABLE IMemoryBufferReference : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE get_Capacity(UINT32* value) = 0;                        // 6
    virtual HRESULT STDMETHODCALLTYPE add_Closed(ITypedEventHandler_MemoryBufferReference* handler,
                                                 EventRegistrationToken* cookie) = 0;        // 7
    virtual HRESULT STDMETHODCALLTYPE remove_Closed(EventRegistrationToken cookie) = 0;      // 8
};

} // namespace Foundation
} // namespace Windows
} // namespace ABI

namespace Windows {
namespace Foundation {
// Classic COM (memorybuffer.h). IID 5B0D3235-4DBA-4D44-865E-8F1D0E4FD04D — §7 lists the wrong
// values seen in the wild; do not use them.
struct WRLREF_NOVTABLE IMemoryBufferByteAccess : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE GetBuffer(BYTE** value, UINT32* capacity) = 0; // 3
};
} // namespace Foundation
} // namespace Windows

WRLREF_DEFINE_IID(IID_IUnknown, ::IUnknown, 0x00000000, 0x0000, 0x0000, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46)
WRLREF_DEFINE_IID(IID_IInspectable, ::IInspectable, 0xAF86E2E0, 0xB12D, 0x4C6A, 0x9C, 0x5A, 0xD7, 0xAA, 0x65, 0x10, 0x1E, 0x90)
WRLREF_DEFINE_IID(IID_IWeakReference, ::IWeakReference, 0x00000037, 0x0000, 0x0000, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46)
WRLREF_DEFINE_IID(IID_IWeakReferenceSource, ::IWeakReferenceSource, 0x00000038, 0x0000, 0x0000, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46)
WRLREF_DEFINE_IID(IID_IAgileObject, ::IAgileObject, 0x94EA2B94, 0xE9CC, 0x49E0, 0xC0, 0xFF, 0xEE, 0x64, 0xCA, 0x8F, 0x5B, 0x90)
WRLREF_DEFINE_IID(IID_IMarshal, ::IMarshal, 0x00000003, 0x0000, 0x0000, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46)
WRLREF_DEFINE_IID(IID_IClosable, ::ABI::Windows::Foundation::IClosable, 0x30D5A829, 0x7FA4, 0x4026, 0x83, 0xBB, 0xD7, 0x5B, 0xAE, 0x4E, 0xA9, 0x9E)
WRLREF_DEFINE_IID(IID_IMemoryBuffer, ::ABI::Windows::Foundation::IMemoryBuffer, 0xFBC4DD2A, 0x245B, 0x11E4, 0xAF, 0x98, 0x68, 0x94, 0x23, 0x26, 0x0C, 0xF8)
WRLREF_DEFINE_IID(IID_IMemoryBufferReference, ::ABI::Windows::Foundation::IMemoryBufferReference, 0xFBC4DD29, 0x245B, 0x11E4, 0xAF, 0x98, 0x68, 0x94, 0x23, 0x26, 0x0C, 0xF8)
WRLREF_DEFINE_IID(IID_IMemoryBufferByteAccess, ::Windows::Foundation::IMemoryBufferByteAccess, 0x5B0D3235, 0x4DBA, 0x4D44, 0x86, 0x5E, 0x8F, 0x1D, 0x0E, 0x4F, 0xD0, 0x4D)
// MADE UP (ours, not Windows'): "7E57CA11" = test call. Only our own objects use it.
WRLREF_DEFINE_IID(IID_ITypedEventHandler_MemoryBufferReference, ::ABI::Windows::Foundation::ITypedEventHandler_MemoryBufferReference, 0x7E57CA11, 0x0000, 0x4000, 0x80, 0x00, 0x57, 0x52, 0x4C, 0x52, 0x45, 0x46)

namespace wrlref {
using ABI::Windows::Foundation::IClosable;
using ABI::Windows::Foundation::IMemoryBuffer;
using ABI::Windows::Foundation::IMemoryBufferReference;
using ABI::Windows::Foundation::ITypedEventHandler_MemoryBufferReference;
using ::Windows::Foundation::IMemoryBufferByteAccess;

// Compile-time "does I derive from IInspectable" without <type_traits> (builtin in g++ and clang).
template <class I>
inline constexpr bool is_inspectable = __is_base_of(::IInspectable, I);

// Default IInspectable answers for reference objects: no IIDs, null (empty) class name, BaseTrust.
// No CoTaskMemAlloc / WindowsCreateString exist in freestanding targets.
inline HRESULT inspectable_get_iids(ULONG* count, IID** iids) noexcept {
    if (count == nullptr || iids == nullptr) return E_POINTER;
    *count = 0;
    *iids = nullptr;
    return S_OK;
}
inline HRESULT inspectable_get_runtime_class_name(HSTRING* name) noexcept {
    if (name == nullptr) return E_POINTER;
    *name = nullptr;
    return S_OK;
}
inline HRESULT inspectable_get_trust_level(TrustLevel* level) noexcept {
    if (level == nullptr) return E_POINTER;
    *level = BaseTrust;
    return S_OK;
}
} // namespace wrlref
