// smoke.cpp — builds every reference header into a freestanding Windows EXE (clang MSVC ABI,
// no SDK, no CRT, no STL; linked with lld-link /nodefaultlib + mingw's libkernel32.a), walks each
// state once and exits with 0, or with the failing line number. Proves that scenario targets need no
// global operator new/delete, no _purecall and no CRT from these headers, and checks the predicted
// [M] offsets of docs/winrt-internals.md §2.6 / §4.3 against our model.
#include "cppwinrt_weak.h"
#include "cx_controlblock.h"
#include "memory_buffer.h"
#include "wrl_weak.h"

extern "C" __declspec(dllimport) __declspec(noreturn) void WINAPI ExitProcess(unsigned int code);

#define SMOKE_CHECK(expr) \
    do {                  \
        if (!(expr)) ExitProcess(__LINE__); \
    } while (0)

struct WRLREF_NOVTABLE IFoo : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE GetValue(int* value) = 0;
};
struct WRLREF_NOVTABLE IBar : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE Ping() = 0;
};
struct WRLREF_NOVTABLE IClassic : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Ping() = 0;
};
// MADE UP test IIDs.
WRLREF_DEFINE_IID(IID_IFoo, ::IFoo, 0x7E570001, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01)
WRLREF_DEFINE_IID(IID_IBar, ::IBar, 0x7E570003, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03)
WRLREF_DEFINE_IID(IID_IClassic, ::IClassic, 0x7E570002, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02)

using namespace Microsoft::WRL;

class Widget : public RuntimeClass<IFoo> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override {
        *value = 42;
        return S_OK;
    }
    static constexpr size_t RefCountOffset() {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
        return offsetof(Widget, refCount_);
#pragma clang diagnostic pop
    }
};
class Widget2 : public RuntimeClass<IFoo, IBar> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override {
        *value = 2;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE Ping() override { return S_OK; }
    static constexpr size_t RefCountOffset() {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
        return offsetof(Widget2, refCount_);
#pragma clang diagnostic pop
    }
};
class NoWeak : public RuntimeClass<RuntimeClassFlags<WinRt | InhibitWeakReference>, IFoo> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override {
        *value = 3;
        return S_OK;
    }
    static constexpr size_t RefCountOffset() {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
        return offsetof(NoWeak, refcount_);
#pragma clang diagnostic pop
    }
};
class Classic : public RuntimeClass<RuntimeClassFlags<ClassicCom>, IClassic> {
public:
    HRESULT STDMETHODCALLTYPE Ping() override { return S_OK; }
    static constexpr size_t RefCountOffset() {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
        return offsetof(Classic, refcount_);
#pragma clang diagnostic pop
    }
};
// What cppwinrt generates per interface (§4.3): the produce<> vtable member forwards to the object.
template <typename D>
struct winrt::impl::produce<D, IFoo> : produce_base<D, IFoo> {
    HRESULT STDMETHODCALLTYPE GetValue(int* value) noexcept override { return this->shim().GetValue(value); }
};
template <typename D>
struct winrt::impl::produce<D, IBar> : produce_base<D, IBar> {
    HRESULT STDMETHODCALLTYPE Ping() noexcept override { return this->shim().Ping(); }
};
struct Gadget : winrt::implements<Gadget, IFoo> {
    HRESULT GetValue(int* value) {
        *value = 5;
        return S_OK;
    }
    static constexpr size_t ReferencesOffset() {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
        return offsetof(Gadget, m_references);
#pragma clang diagnostic pop
    }
};
struct Gadget2 : winrt::implements<Gadget2, IFoo, IBar> {
    HRESULT GetValue(int* value) {
        *value = 6;
        return S_OK;
    }
    HRESULT Ping() { return S_OK; }
    static constexpr size_t ReferencesOffset() {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"
        return offsetof(Gadget2, m_references);
#pragma clang diagnostic pop
    }
};
struct CxWidget : wrlref::cx::RefObject {
    int value = 7;
};

// §2.6 (default flags: FtmBase) and §4.3 as clang lays out the faithful models.
#if defined(_WIN64)
static_assert(Widget::RefCountOffset() == 0x40, "RuntimeClass<IFoo>::refCount_ (FtmBase)");
static_assert(Widget2::RefCountOffset() == 0x40, "RuntimeClass<IFoo, IBar>::refCount_ (FtmBase)");
static_assert(NoWeak::RefCountOffset() == 0x0C, "RuntimeClass<WinRt|InhibitWeakReference, IFoo>::refcount_");
static_assert(Classic::RefCountOffset() == 0x0C, "RuntimeClass<ClassicCom, IClassic>::refcount_");
static_assert(Gadget::ReferencesOffset() == 0x10, "implements<D, I>::m_references");
static_assert(Gadget2::ReferencesOffset() == 0x10, "implements<D, I1, I2>::m_references");
#else
static_assert(Widget::RefCountOffset() == 0x20, "RuntimeClass<IFoo>::refCount_ (FtmBase)");
static_assert(Widget2::RefCountOffset() == 0x20, "RuntimeClass<IFoo, IBar>::refCount_ (FtmBase)");
static_assert(NoWeak::RefCountOffset() == 0x08, "RuntimeClass<WinRt|InhibitWeakReference, IFoo>::refcount_");
static_assert(Classic::RefCountOffset() == 0x08, "RuntimeClass<ClassicCom, IClassic>::refcount_");
static_assert(Gadget::ReferencesOffset() == 0x08, "implements<D, I>::m_references");
static_assert(Gadget2::ReferencesOffset() == 0x08, "implements<D, I1, I2>::m_references");
#endif

static int g_deleterCalls = 0;
static void CountingDeleter(void*, BYTE*, UINT32) { ++g_deleterCalls; }

static bool KeepFreed(void*, void*) { return true; } // test hook: leak "freed" blocks so they stay readable

static BYTE g_block[32];

extern "C" void start() {
    wrlref::TestHook_SetFreeInterceptor(&KeepFreed, nullptr);

    // WRL: alive -> weak -> target destroyed -> block destroyed (sentinels).
    Widget* w = wrlref::create<Widget>();
    SMOKE_CHECK(w != nullptr && w->TestHook_ReferenceWord() == 1);
    IWeakReference* weak = nullptr;
    SMOKE_CHECK(w->GetWeakReference(&weak) == S_OK);
    Details::WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
    SMOKE_CHECK(block == weak && block->TestHook_StrongCount() == 1 && block->TestHook_WeakCount() == 2);
    IFoo* foo = nullptr;
    SMOKE_CHECK(weak->Resolve(IID_IFoo, reinterpret_cast<IInspectable**>(&foo)) == S_OK && foo == w);
    foo->Release();
    SMOKE_CHECK(w->Release() == 0);
    SMOKE_CHECK(block->TestHook_StrongCount() == 0 && block->TestHook_WeakCount() == 1);
    volatile LONG* weakCount = block->TestHook_WeakCountAddress();
    volatile LONG* strongCount = block->TestHook_StrongCountAddress();
    weak->Release();
    SMOKE_CHECK(*weakCount == wrlref::kWrlDestroyed && *strongCount == wrlref::kWrlDestroyed);

    // WRL: being created, saturated, non-weak flavours.
    Widget2* w2 = wrlref::create<Widget2>();
    Details::WeakReferenceImpl* pending = w2->TestHook_BeginWeakReference();
    SMOKE_CHECK(pending->TestHook_StrongCount() == wrlref::kWrlStrongCreating);
    SMOKE_CHECK(w2->TestHook_FinishWeakReference(pending, &weak) == S_OK && weak == pending);
    w2->TestHook_Saturate();
    SMOKE_CHECK(w2->Release() == static_cast<ULONG>(wrlref::kLongMax));
    weak->Release();
    NoWeak* n = wrlref::create<NoWeak>();
    SMOKE_CHECK(n->Release() == 0);
    Classic* c = wrlref::create<Classic>();
    volatile LONG* classicCount = c->TestHook_ReferenceCountAddress();
    SMOKE_CHECK(c->Release() == 0 && *classicCount == wrlref::kWrlDestroyed);

    // C++/WinRT.
    Gadget* g = wrlref::create<Gadget>();
    SMOKE_CHECK(g->get_weak(&weak) == S_OK);
    winrt::impl::weak_ref_t* wr = g->TestHook_WeakRefBlock();
    SMOKE_CHECK(wr == weak && wr->TestHook_Strong() == 1 && wr->TestHook_Weak() == 2);
    SMOKE_CHECK(wr->TestHook_Object() == g->abi<IFoo>()); // identity = first produce<> vtable member
    int value = 0;
    SMOKE_CHECK(g->abi<IFoo>()->GetValue(&value) == S_OK && value == 5);
    SMOKE_CHECK(g->Release() == 0 && wr->TestHook_Strong() == 0 && wr->TestHook_Weak() == 1);
    weak->Release();
    Gadget2* g2 = wrlref::create<Gadget2>();
    g2->Release();

    // C++/CX.
    CxWidget* cx = wrlref::cx::make_ref<CxWidget>(true);
    __abi_IWeakReference* cxWeak = nullptr;
    SMOKE_CHECK(cx->GetWeakReference(&cxWeak) == S_OK);
    Platform::Details::ControlBlock* cb = cx->TestHook_ControlBlock();
    SMOKE_CHECK(cx->__abi_Release() == 0 && cb->TestHook_StrongCount() == wrlref::kCxStrongDead);
    cxWeak->__abi_Release();

    // IMemoryBuffer.
    wrlref::MemoryBuffer* buffer = wrlref::MemoryBuffer::Create(g_block, sizeof(g_block), &CountingDeleter, nullptr);
    wrlref::IMemoryBufferReference* r1 = nullptr;
    wrlref::IMemoryBufferReference* r2 = nullptr;
    SMOKE_CHECK(buffer->CreateReference(&r1) == S_OK && buffer->CreateReference(&r2) == S_OK);
    SMOKE_CHECK(buffer->Close() == S_OK && g_deleterCalls == 0);
    wrlref::IMemoryBufferReference* empty = nullptr;
    UINT32 capacity = 1;
    SMOKE_CHECK(buffer->CreateReference(&empty) == S_OK && empty->get_Capacity(&capacity) == S_OK && capacity == 0);
    empty->Release();
    r1->Release();
    r2->Release();
    buffer->Release();
    SMOKE_CHECK(g_deleterCalls == 1);

    ExitProcess(0);
}
