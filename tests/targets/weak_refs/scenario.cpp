// weak_refs: WRL, C++/WinRT, C++/CX, WinUI and windows-rs weak references in every state, laid out by the
// reference implementation, then a manifest (schema 2) of where each block, word, object and holder is and
// what a decoder must say about it. Every object stays referenced so nothing changes before the checkpoint.
#include "cppwinrt_weak.h"
#include "cx_controlblock.h"
#include "kernel32.h"
#include "manifest.h"
#include "windowsrs_weak.h"
#include "winui_weak.h"
#include "wrl_weak.h"

struct WRLREF_NOVTABLE IWidget : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE GetValue(int* value) = 0;
};
// A second, method-less interface for the two-interface shapes.
struct WRLREF_NOVTABLE IGizmo : IInspectable {};
// MADE UP IIDs for the test interfaces.
WRLREF_DEFINE_IID(IID_IWidget, ::IWidget, 0x7E570101, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01)
WRLREF_DEFINE_IID(IID_IGizmo, ::IGizmo, 0x7E570102, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02)

using namespace Microsoft::WRL;

#pragma clang diagnostic ignored "-Winvalid-offsetof"

// A weak-capable WRL RuntimeClass (default flags: FtmBase, §2.6): refCount_ is the count-or-pointer word.
class Widget : public RuntimeClass<IWidget> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override { *value = 1; return S_OK; }
    const void* Word() const { return &refCount_; }
};
// Default flags, two interfaces: IWidget, IWeakReferenceSource, FtmBase's IMarshal, IGizmo.
class FtmWidget2 : public RuntimeClass<IWidget, IGizmo> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override { *value = 4; return S_OK; }
    const void* Word() const { return &refCount_; }
};
// RuntimeClassFlags<WinRt | InhibitFtmBase>: weak-capable without FtmBase, one and two interfaces.
class NoFtmWidget : public RuntimeClass<RuntimeClassFlags<WinRt | InhibitFtmBase>, IWidget> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override { *value = 5; return S_OK; }
    const void* Word() const { return &refCount_; }
};
class NoFtmWidget2 : public RuntimeClass<RuntimeClassFlags<WinRt | InhibitFtmBase>, IWidget, IGizmo> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override { *value = 6; return S_OK; }
    const void* Word() const { return &refCount_; }
};

// What cppwinrt generates for IWidget: the produce<> vtable member forwards to the object (§4.3).
template <typename D>
struct winrt::impl::produce<D, IWidget> : produce_base<D, IWidget> {
    HRESULT STDMETHODCALLTYPE GetValue(int* value) noexcept override { return this->shim().GetValue(value); }
};

// C++/WinRT-shaped objects: m_references is the word.
struct Gadget : winrt::implements<Gadget, IWidget> {
    HRESULT GetValue(int* value) { *value = 2; return S_OK; }
    const void* Word() const { return const_cast<const uintptr_t*>(&m_references); }
};
struct Gadget2 : winrt::implements<Gadget2, IWidget, IGizmo> {
    HRESULT GetValue(int* value) { *value = 7; return S_OK; }
    const void* Word() const { return const_cast<const uintptr_t*>(&m_references); }
};

// WinUI 3 ctl::ComBase object (§2.7): refCount_ is the word.
// refCount_ is at +3·ptr (vptr, two bools, m_pUnkFTM), asserted in winui_weak.h.
struct WinuiWidget : ctl::ComBase {
    const void* Word() const { return reinterpret_cast<const char*>(this) + 3 * sizeof(void*); }
};

// C++/CX-shaped ref class.
struct CxWidget : wrlref::cx::RefObject {
    int value = 3;
    const void* Word() const { return &__abi_reference_count; }
};

// A windows-rs #[implement(IWidget)] struct RsWidget { value: i32 } as the macro lays it out
// (docs/winrt-internals.md §5, crates/libs/implement/src/gen.rs): RsWidget_Impl { identity vtable,
// one vtable per interface, this: RsWidget, count: WeakRefCount }. Rust vtables are C++ vptrs here.
struct RsWidget_Impl;
struct RsIdentity final : IInspectable {
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* count, IID** iids) override { return wrlref::inspectable_get_iids(count, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) override { return wrlref::inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) override { return wrlref::inspectable_get_trust_level(level); }
};
struct RsWidgetVtable final : IWidget {
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID id, void** object) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* count, IID** iids) override { return wrlref::inspectable_get_iids(count, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) override { return wrlref::inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) override { return wrlref::inspectable_get_trust_level(level); }
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override;
};
struct RsWidget {
    int32_t value;
};
struct RsWidget_Impl {
    explicit RsWidget_Impl(int32_t value) noexcept : this_{value} { count.value = 1; }
    RsIdentity identity;
    RsWidgetVtable interface1;
    RsWidget this_;
    windows_core::imp::WeakRefCount count;

    HRESULT QueryInterface(REFIID id, void** object) noexcept {
        if (object == nullptr) return E_POINTER;
        if (id == IID_IUnknown || id == IID_IInspectable || id == IID_IAgileObject) *object = &identity;
        else if (id == IID_IWidget) *object = &interface1;
        else if (id == IID_IWeakReferenceSource) {
            *object = count.query(&identity); // +1 strong on the TearOff for the caller
            return *object != nullptr ? S_OK : E_OUTOFMEMORY;
        } else {
            *object = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG AddRef() noexcept { return count.add_ref(); }
    ULONG Release() noexcept {
        ULONG remaining = count.release();
        if (remaining == 0) wrlref::destroy(this); // the Box is dropped; the TearOff lives on while weak holders remain
        return remaining;
    }
    windows_core::imp::TearOff* TearOff() const noexcept {
        INT_PTR v = wrlref::atomic_load(&count.value);
        return wrlref::is_weak_reference_pointer(v) ? windows_core::imp::WeakRefCount::decode(v) : nullptr;
    }
};
static RsWidget_Impl* RsOuter(RsIdentity* p) { return reinterpret_cast<RsWidget_Impl*>(p); }
static RsWidget_Impl* RsOuter(RsWidgetVtable* p) { return reinterpret_cast<RsWidget_Impl*>(reinterpret_cast<void**>(p) - 1); }
HRESULT STDMETHODCALLTYPE RsIdentity::QueryInterface(REFIID id, void** object) { return RsOuter(this)->QueryInterface(id, object); }
ULONG STDMETHODCALLTYPE RsIdentity::AddRef() { return RsOuter(this)->AddRef(); }
ULONG STDMETHODCALLTYPE RsIdentity::Release() { return RsOuter(this)->Release(); }
HRESULT STDMETHODCALLTYPE RsWidgetVtable::QueryInterface(REFIID id, void** object) { return RsOuter(this)->QueryInterface(id, object); }
ULONG STDMETHODCALLTYPE RsWidgetVtable::AddRef() { return RsOuter(this)->AddRef(); }
ULONG STDMETHODCALLTYPE RsWidgetVtable::Release() { return RsOuter(this)->Release(); }
HRESULT STDMETHODCALLTYPE RsWidgetVtable::GetValue(int* value) { *value = RsOuter(this)->this_.value; return S_OK; }
static_assert(offsetof(RsWidget_Impl, interface1) == sizeof(void*) && offsetof(RsWidget_Impl, count) == 3 * sizeof(void*),
              "RsWidget_Impl: identity, interface vtable, this (i32, padded), count");

// ---- holders (module data, a heap cell, a second thread's stack) ------------------------------------
// Globals with external names so the PDB calls them weak_refs!g_*; a dump holds them only with data segments.
IWidget* g_widgetHolder;             // strong: the WRL Widget's IWidget
IWidget* g_gadgetHolder;             // strong: the C++/WinRT Gadget's IWidget
IWeakReference* g_widgetWeakHolder;  // weak: the Widget's WeakReferenceImpl
IWeakReference* g_gadgetWeakHolder;  // weak: the Gadget's weak_ref

struct HolderCell {
    IWidget* widget;
    IWidget* gadget;
};

struct HolderThreadData {
    IWidget* widget;
    IWidget* gadget;
    void* ready;
    void* never;
    const void* widgetSlot;
    const void* gadgetSlot;
    unsigned long threadId;
};

// Keeps the two pointers in volatile locals, says where they are, then waits forever.
extern "C" __declspec(noinline) unsigned long __stdcall HolderThread(void* parameter) {
    HolderThreadData* data = static_cast<HolderThreadData*>(parameter);
    IWidget* volatile widget = data->widget;
    IWidget* volatile gadget = data->gadget;
    data->widgetSlot = const_cast<IWidget* const*>(&widget);
    data->gadgetSlot = const_cast<IWidget* const*>(&gadget);
    data->threadId = GetCurrentThreadId();
    SetEvent(data->ready);
    WaitForSingleObject(data->never, k32::Infinite);
    return widget != nullptr && gadget != nullptr ? 0 : 1;
}

namespace {
bool KeepFreed(void*, void*) { return true; }  // freed blocks stay readable, as unreused heap memory does

void* g_kept[64];
int g_keptCount;
HolderThreadData g_thread;

template <typename T> T* Keep(T* p) { g_kept[g_keptCount++] = p; return p; }
IWeakReference* KeepWeak(IWeakReference* p) { return Keep(p); }

const char* const WrlType = "Microsoft::WRL::Details::WeakReferenceImpl";
const char* const WinrtType = "winrt::impl::weak_ref<1,1>";
const char* const WinrtSourceType = "winrt::impl::weak_source<1,1>";
const char* const WinuiType = "ctl::Details::WeakReferenceImpl";
const char* const CxType = "Platform::Details::ControlBlock";
const char* const RsType = "windows_core::imp::TearOff";

uint64_t U(const void* p) { return reinterpret_cast<uintptr_t>(p); }

target::Manifest& Block(target::Manifest& m, const char* name, const char* flavour, const char* type, const void* block,
                        const char* state, int32_t strong, int32_t weak, const void* target) {
    return m.begin_object(name, flavour, type, block, state).field("strong", strong).field("weak", weak).field_hex("target", U(target));
}

void Wrl(target::Manifest& m, const char* name, const char* state, Details::WeakReferenceImpl* block) {
    Block(m, name, "wrl", WrlType, block, state, block->TestHook_StrongCount(), block->TestHook_WeakCount(), block->TestHook_Target()).end_object();
}
void Winrt(target::Manifest& m, const char* name, const char* state, winrt::impl::weak_ref_t* block) {
    Block(m, name, "cppwinrt", WinrtType, block, state, static_cast<int32_t>(block->TestHook_Strong()),
          static_cast<int32_t>(block->TestHook_Weak()), block->TestHook_Object()).end_object();
}
void Winui(target::Manifest& m, const char* name, const char* state, ctl::Details::WeakReferenceImpl* block) {
    Block(m, name, "winui", WinuiType, block, state, static_cast<int32_t>(block->GetSourceRefCount()),
          static_cast<int32_t>(block->TestHook_WeakCount()), block->TestHook_Source()).end_object();
}
void Cx(target::Manifest& m, const char* name, const char* state, Platform::Details::ControlBlock* block) {
    Block(m, name, "cx", CxType, block, state, block->TestHook_StrongCount(), block->TestHook_WeakCount(), block->TestHook_Target())
        .field_str("allocation", block->TestHook_SingleAllocation() ? "single" : "separate")
        .end_object();
}
void Rs(target::Manifest& m, const char* name, const char* state, windows_core::imp::TearOff* block) {
    Block(m, name, "windows-rs", RsType, block, state, block->strong_count, block->weak_count, block->object).end_object();
}

void Word(target::Manifest& m, const char* name, const char* flavour, const void* word, uintptr_t raw, const void* block) {
    bool pointer = static_cast<intptr_t>(raw) < 0;
    m.begin_object(name, flavour, nullptr, word, pointer ? "pointer" : "count").field_hex("raw", raw);
    if (pointer) m.field_hex("controlBlock", reinterpret_cast<uintptr_t>(block)).field_null("count");
    else m.field("count", static_cast<int32_t>(raw));
    m.end_object();
}

// An object entry: the object, its interface pointers (identity first), its count-or-pointer word and what
// the word says (count mode: strong = the count, weak null; pointer mode: the block's strong and raw weak).
template <size_t N>
void Object(target::Manifest& m, const char* name, const char* flavour, const char* type, const void* object, size_t size,
            const void* const (&interfaces)[N], const void* word, const char* wordField, const void* block,
            int32_t strong, int32_t weak, const char* state = "alive") {
    uint64_t values[N];
    for (size_t i = 0; i < N; ++i) values[i] = U(interfaces[i]);
    m.begin_kind(name, "object")
        .field_str("flavour", flavour)
        .field_str("type", type)
        .field_hex("address", U(object))
        .field("size", static_cast<int32_t>(size))
        .field_hex_list("interfaces", values, static_cast<int>(N))
        .field_hex("word", U(word))
        .field_str("wordField", wordField)
        .field_str("mode", block != nullptr ? "pointer" : "count")
        .field_str("expectedState", state)
        .field("strong", strong);
    if (block != nullptr) m.field("weak", weak).field_hex("controlBlock", U(block));
    else m.field_null("weak").field_null("controlBlock");
    m.end_object();
}

// A holder entry: where a pointer to an object (strong) or to its block / IWeakReference (weak) lives.
void Holder(target::Manifest& m, const char* name, const char* holds, const void* address, const void* value,
            const char* holderKind, const char* strength, unsigned long thread, const char* frame, const char* symbol) {
    m.begin_kind(name, "holder")
        .field_str("holds", holds)
        .field_hex("address", U(address))
        .field_hex("value", U(value))
        .field_str("holderKind", holderKind)
        .field_str("strength", strength);
    if (thread != 0) m.field_hex("thread", thread, false); else m.field_null("thread");
    if (frame != nullptr) m.field_str("frame", frame); else m.field_null("frame");
    if (symbol != nullptr) m.field_str("symbol", symbol); else m.field_null("symbol");
    m.end_object();
}

// A fresh T with one weak holder, its target released to 0; the holder is kept (target destroyed) or
// released too (control block destroyed). Returns the block.
template <typename T, typename GetWeak, typename BlockOf>
auto Released(GetWeak getWeak, BlockOf blockOf, bool keepHolder) {
    T* object = wrlref::create<T>();
    IWeakReference* weak = nullptr;
    getWeak(object, &weak);
    auto* block = blockOf(object);
    object->Release();
    if (keepHolder) KeepWeak(weak);
    else weak->Release();
    return block;
}

// windows-rs: a TearOff with `holders` IWeakReference holders (the QI'd IWeakReferenceSource is released again).
windows_core::imp::TearOff* RsWeak(RsWidget_Impl* object) {
    IWeakReferenceSource* source = nullptr;
    object->QueryInterface(IID_IWeakReferenceSource, reinterpret_cast<void**>(&source));
    IWeakReference* weak = nullptr;
    source->GetWeakReference(&weak);
    KeepWeak(weak);
    source->Release();
    return object->TearOff();
}
}  // namespace

namespace gallery { void Fill(); }  // dt_gallery.cpp

const char* ScenarioModuleName() { return "weak_refs"; }

void RunScenario(target::Manifest& m) {
    gallery::Fill();
    wrlref::TestHook_SetFreeInterceptor(&KeepFreed, nullptr);

    // --- the held objects: a WRL Widget and a C++/WinRT Gadget, both in pointer mode ---------------
    // Widget: two strong references (create + AddRef), two IWeakReference holders; then the holders below.
    Widget* alive = Keep(wrlref::create<Widget>());
    alive->AddRef();
    IWeakReference* weak = nullptr;
    alive->GetWeakReference(&weak);
    KeepWeak(weak);
    weak->AddRef();
    KeepWeak(weak);
    Gadget* gadget = Keep(wrlref::create<Gadget>());
    gadget->get_weak(&weak);
    KeepWeak(weak);
    // The IWeakReferenceSource tear-off inside the Gadget's weak_ref (+1 strong).
    IWeakReferenceSource* gadgetSource = nullptr;
    gadget->QueryInterface(IID_IWeakReferenceSource, reinterpret_cast<void**>(&gadgetSource));
    Keep(gadgetSource);

    // Holders, each with its own reference: a global, a heap cell, a second thread's stack; a weak global.
    IWidget* widgetItf = static_cast<IWidget*>(alive);
    IWidget* gadgetItf = gadget->abi<IWidget>();
    widgetItf->AddRef();
    g_widgetHolder = widgetItf;
    gadgetItf->AddRef();
    g_gadgetHolder = gadgetItf;
    alive->GetWeakReference(&g_widgetWeakHolder);
    gadget->get_weak(&g_gadgetWeakHolder);
    HolderCell* cell = Keep(static_cast<HolderCell*>(wrlref::mem_alloc(sizeof(HolderCell))));
    widgetItf->AddRef();
    cell->widget = widgetItf;
    gadgetItf->AddRef();
    cell->gadget = gadgetItf;
    widgetItf->AddRef();
    gadgetItf->AddRef();
    g_thread.widget = widgetItf;
    g_thread.gadget = gadgetItf;
    g_thread.ready = CreateEventW(nullptr, 1, 0, nullptr);
    g_thread.never = CreateEventW(nullptr, 1, 0, nullptr);
    unsigned long threadId = 0;
    CreateThread(nullptr, 0, &HolderThread, &g_thread, 0, &threadId);
    WaitForSingleObject(g_thread.ready, k32::Infinite);

    // --- WRL ------------------------------------------------------------------------------------
    Details::WeakReferenceImpl* aliveBlock = alive->TestHook_WeakReferenceBlock();
    Wrl(m, "wrl-alive", "alive", aliveBlock);
    Word(m, "wrl-word-pointer", "wrl-word", alive->Word(), static_cast<uintptr_t>(alive->TestHook_ReferenceWord()), aliveBlock);
    Object(m, "wrl-object-pointer", "wrl", "Widget", alive, sizeof(Widget),
           {widgetItf, static_cast<IWeakReferenceSource*>(alive), static_cast<::IMarshal*>(alive)}, alive->Word(), "refCount_",
           aliveBlock, aliveBlock->TestHook_StrongCount(), aliveBlock->TestHook_WeakCount());

    // Target destroyed: the last strong reference went away, one weak holder remains.
    Widget* dead = wrlref::create<Widget>();
    dead->GetWeakReference(&weak);
    KeepWeak(weak);
    Details::WeakReferenceImpl* deadBlock = dead->TestHook_WeakReferenceBlock();
    dead->Release();
    Wrl(m, "wrl-target-destroyed", "target-destroyed", deadBlock);

    // Control block destroyed: target and every weak holder released; the destructors' sentinels stay.
    Widget* gone = wrlref::create<Widget>();
    gone->GetWeakReference(&weak);
    Details::WeakReferenceImpl* goneBlock = gone->TestHook_WeakReferenceBlock();
    gone->Release();
    weak->Release();
    Wrl(m, "wrl-control-block-destroyed", "control-block-destroyed", goneBlock);

    // Saturated: the strong count stuck at LONG_MAX (leaked).
    Widget* leaked = Keep(wrlref::create<Widget>());
    leaked->GetWeakReference(&weak);
    KeepWeak(weak);
    leaked->TestHook_Saturate();
    Wrl(m, "wrl-saturated", "saturated", leaked->TestHook_WeakReferenceBlock());

    // Being created: GetWeakReference's first half, not yet installed in the word.
    Widget* creating = Keep(wrlref::create<Widget>());
    Details::WeakReferenceImpl* pending = Keep(creating->TestHook_BeginWeakReference());
    Wrl(m, "wrl-being-created", "being-created", pending);

    // A weak-capable object nobody took a weak reference to: the word is a count (3).
    Widget* counted = Keep(wrlref::create<Widget>());
    counted->AddRef();
    counted->AddRef();
    Word(m, "wrl-word-count", "wrl-word", counted->Word(), static_cast<uintptr_t>(counted->TestHook_ReferenceWord()), nullptr);
    Object(m, "wrl-object-count", "wrl", "Widget", counted, sizeof(Widget),
           {static_cast<IWidget*>(counted), static_cast<IWeakReferenceSource*>(counted), static_cast<::IMarshal*>(counted)},
           counted->Word(), "refCount_", nullptr, static_cast<int32_t>(counted->TestHook_ReferenceWord()), 0);

    // RuntimeClassFlags<WinRt | InhibitFtmBase>, one and two interfaces, count mode (1 and 2).
    NoFtmWidget* noFtm = Keep(wrlref::create<NoFtmWidget>());
    Object(m, "wrl-object-noftm-1", "wrl", "NoFtmWidget", noFtm, sizeof(NoFtmWidget),
           {static_cast<IWidget*>(noFtm), static_cast<IWeakReferenceSource*>(noFtm)}, noFtm->Word(), "refCount_", nullptr,
           static_cast<int32_t>(noFtm->TestHook_ReferenceWord()), 0);
    NoFtmWidget2* noFtm2 = Keep(wrlref::create<NoFtmWidget2>());
    noFtm2->AddRef();
    Object(m, "wrl-object-noftm-2", "wrl", "NoFtmWidget2", noFtm2, sizeof(NoFtmWidget2),
           {static_cast<IWidget*>(noFtm2), static_cast<IWeakReferenceSource*>(noFtm2), static_cast<IGizmo*>(noFtm2)},
           noFtm2->Word(), "refCount_", nullptr, static_cast<int32_t>(noFtm2->TestHook_ReferenceWord()), 0);
    // Default flags (FtmBase), two interfaces, pointer mode.
    FtmWidget2* ftm2 = Keep(wrlref::create<FtmWidget2>());
    ftm2->GetWeakReference(&weak);
    KeepWeak(weak);
    Details::WeakReferenceImpl* ftm2Block = ftm2->TestHook_WeakReferenceBlock();
    Object(m, "wrl-object-ftm-2", "wrl", "FtmWidget2", ftm2, sizeof(FtmWidget2),
           {static_cast<IWidget*>(ftm2), static_cast<IWeakReferenceSource*>(ftm2), static_cast<::IMarshal*>(ftm2), static_cast<IGizmo*>(ftm2)},
           ftm2->Word(), "refCount_", ftm2Block, ftm2Block->TestHook_StrongCount(), ftm2Block->TestHook_WeakCount());

    // --- C++/WinRT ------------------------------------------------------------------------------
    winrt::impl::weak_ref_t* gadgetBlock = gadget->TestHook_WeakRefBlock();
    Winrt(m, "cppwinrt-alive", "alive", gadgetBlock);
    Word(m, "cppwinrt-word-pointer", "cppwinrt-word", gadget->Word(), gadget->TestHook_References(), gadgetBlock);
    Object(m, "cppwinrt-object-pointer", "cppwinrt", "Gadget", gadget, sizeof(Gadget), {gadgetItf}, gadget->Word(), "m_references",
           gadgetBlock, static_cast<int32_t>(gadgetBlock->TestHook_Strong()), static_cast<int32_t>(gadgetBlock->TestHook_Weak()));
    // The tear-off: IWeakReferenceSource inside the block (block + ptr); what it says is the block's state.
    Block(m, "cppwinrt-tear-off", "cppwinrt", WinrtSourceType, gadgetSource, "alive", static_cast<int32_t>(gadgetBlock->TestHook_Strong()),
          static_cast<int32_t>(gadgetBlock->TestHook_Weak()), gadgetBlock->TestHook_Object())
        .field_str("via", "tear-off")
        .field_hex("block", U(gadgetBlock))
        .end_object();

    auto gadgetWeak = [](Gadget* g, IWeakReference** w) { g->get_weak(w); };
    auto gadgetBlockOf = [](Gadget* g) { return g->TestHook_WeakRefBlock(); };
    Winrt(m, "cppwinrt-target-destroyed", "target-destroyed", Released<Gadget>(gadgetWeak, gadgetBlockOf, true));
    // Control block destroyed: the target and the last weak holder released (freed at weak 0, no sentinels).
    Winrt(m, "cppwinrt-control-block-destroyed", "control-block-destroyed", Released<Gadget>(gadgetWeak, gadgetBlockOf, false));

    // Count mode (2), and two interfaces (count 1).
    Gadget* gadgetCounted = Keep(wrlref::create<Gadget>());
    gadgetCounted->AddRef();
    Object(m, "cppwinrt-object-count", "cppwinrt", "Gadget", gadgetCounted, sizeof(Gadget), {gadgetCounted->abi<IWidget>()},
           gadgetCounted->Word(), "m_references", nullptr, static_cast<int32_t>(gadgetCounted->TestHook_References()), 0);
    Gadget2* gadget2 = Keep(wrlref::create<Gadget2>());
    Object(m, "cppwinrt-object-2", "cppwinrt", "Gadget2", gadget2, sizeof(Gadget2), {gadget2->abi<IWidget>(), gadget2->abi<IGizmo>()},
           gadget2->Word(), "m_references", nullptr, static_cast<int32_t>(gadget2->TestHook_References()), 0);

    // --- WinUI 3 (ctl) -------------------------------------------------------------------------
    // Alive: one strong, the object's hold + one weak holder (m_cRef 2).
    WinuiWidget* winui = Keep(wrlref::create<WinuiWidget>());
    winui->GetWeakReference(&weak);
    KeepWeak(weak);
    ctl::Details::WeakReferenceImpl* winuiBlock = winui->TestHook_WeakReferenceBlock();
    Winui(m, "winui-alive", "alive", winuiBlock);
    Word(m, "winui-word-pointer", "winui-word", winui->Word(), static_cast<uintptr_t>(winui->TestHook_ReferenceWord()), winuiBlock);
    Object(m, "winui-object-pointer", "winui", "WinuiWidget", winui, sizeof(WinuiWidget), {static_cast<IInspectable*>(winui)},
           winui->Word(), "refCount_", winuiBlock, static_cast<int32_t>(winuiBlock->GetSourceRefCount()),
           static_cast<int32_t>(winuiBlock->TestHook_WeakCount()));
    // Target destroyed: ReleaseSource nulled m_pSourceRef; ReleaseImpl's re-AddRef left m_cSourceRef 1.
    auto winuiWeak = [](WinuiWidget* u, IWeakReference** w) { u->GetWeakReference(w); };
    auto winuiBlockOf = [](WinuiWidget* u) { return u->TestHook_WeakReferenceBlock(); };
    Winui(m, "winui-target-destroyed", "target-destroyed", Released<WinuiWidget>(winuiWeak, winuiBlockOf, true));
    // Control block destroyed: the last weak holder released too (freed at m_cRef 0, no sentinels).
    Winui(m, "winui-control-block-destroyed", "control-block-destroyed", Released<WinuiWidget>(winuiWeak, winuiBlockOf, false));
    WinuiWidget* winuiCounted = Keep(wrlref::create<WinuiWidget>());
    Word(m, "winui-word-count", "winui-word", winuiCounted->Word(), static_cast<uintptr_t>(winuiCounted->TestHook_ReferenceWord()), nullptr);
    Object(m, "winui-object-count", "winui", "WinuiWidget", winuiCounted, sizeof(WinuiWidget), {static_cast<IInspectable*>(winuiCounted)},
           winuiCounted->Word(), "refCount_", nullptr, static_cast<int32_t>(winuiCounted->TestHook_ReferenceWord()), 0);

    // --- C++/CX ---------------------------------------------------------------------------------
    // cx-alive / cx-target-destroyed keep their names (single / separate); the -single / -separate
    // entries complete the pairs. "allocation" says which each block is.
    __abi_IWeakReference* cxWeak = nullptr;
    CxWidget* cx = Keep(wrlref::cx::make_ref<CxWidget>(true));
    cx->GetWeakReference(&cxWeak);
    Keep(cxWeak);
    Platform::Details::ControlBlock* cxBlock = cx->TestHook_ControlBlock();
    Cx(m, "cx-alive", "alive", cxBlock);
    Object(m, "cx-object", "cx", "CxWidget", cx, sizeof(CxWidget), {static_cast<__abi_IInspectable*>(cx)}, cx->Word(),
           "__abi_reference_count", cxBlock, cxBlock->TestHook_StrongCount(), cxBlock->TestHook_WeakCount());

    CxWidget* cxSeparate = Keep(wrlref::cx::make_ref<CxWidget>(false));
    cxSeparate->GetWeakReference(&cxWeak);
    Keep(cxWeak);
    Cx(m, "cx-alive-separate", "alive", cxSeparate->TestHook_ControlBlock());

    CxWidget* cxDead = wrlref::cx::make_ref<CxWidget>(false);
    cxDead->GetWeakReference(&cxWeak);
    Keep(cxWeak);
    Platform::Details::ControlBlock* cxDeadBlock = cxDead->TestHook_ControlBlock();
    cxDead->__abi_Release();
    Cx(m, "cx-target-destroyed", "target-destroyed", cxDeadBlock);

    CxWidget* cxDeadSingle = wrlref::cx::make_ref<CxWidget>(true);
    cxDeadSingle->GetWeakReference(&cxWeak);
    Keep(cxWeak);
    Platform::Details::ControlBlock* cxDeadSingleBlock = cxDeadSingle->TestHook_ControlBlock();
    cxDeadSingle->__abi_Release();
    Cx(m, "cx-target-destroyed-single", "target-destroyed", cxDeadSingleBlock);

    // Control block destroyed, both allocation modes: the target and the last weak holder released.
    for (int single = 1; single >= 0; --single) {
        CxWidget* cxGone = wrlref::cx::make_ref<CxWidget>(single != 0);
        cxGone->GetWeakReference(&cxWeak);
        Platform::Details::ControlBlock* cxGoneBlock = cxGone->TestHook_ControlBlock();
        cxGone->__abi_Release();
        cxWeak->__abi_Release();
        Cx(m, single ? "cx-control-block-destroyed-single" : "cx-control-block-destroyed-separate", "control-block-destroyed", cxGoneBlock);
    }

    // --- windows-rs -----------------------------------------------------------------------------
    // Alive: one strong (count 1 copied into the TearOff), the strong side's weak hold + one holder.
    RsWidget_Impl* rs = Keep(wrlref::create<RsWidget_Impl>(8));
    windows_core::imp::TearOff* rsBlock = RsWeak(rs);
    Rs(m, "windows-rs-alive", "alive", rsBlock);
    Object(m, "windows-rs-object-pointer", "windows-rs", "RsWidget_Impl", rs, sizeof(RsWidget_Impl), {&rs->identity, &rs->interface1},
           &rs->count, "count", rsBlock, rsBlock->strong_count, rsBlock->weak_count);
    RsWidget_Impl* rsCounted = Keep(wrlref::create<RsWidget_Impl>(9));
    rsCounted->AddRef();
    Object(m, "windows-rs-object-count", "windows-rs", "RsWidget_Impl", rsCounted, sizeof(RsWidget_Impl),
           {&rsCounted->identity, &rsCounted->interface1}, &rsCounted->count, "count", nullptr,
           static_cast<int32_t>(rsCounted->count.value), 0);
    // Target destroyed: the object's Box dropped, the TearOff kept by one holder (strong 0, weak 1).
    RsWidget_Impl* rsDead = wrlref::create<RsWidget_Impl>(10);
    windows_core::imp::TearOff* rsDeadBlock = RsWeak(rsDead);
    rsDead->Release();
    Rs(m, "windows-rs-target-destroyed", "target-destroyed", rsDeadBlock);
    // Control block destroyed: the last holder released too (freed at weak 0, no sentinels).
    RsWidget_Impl* rsGone = wrlref::create<RsWidget_Impl>(11);
    windows_core::imp::TearOff* rsGoneBlock = RsWeak(rsGone);
    IWeakReference* rsGoneWeak = static_cast<IWeakReference*>(g_kept[--g_keptCount]);
    rsGone->Release();
    rsGoneWeak->Release();
    Rs(m, "windows-rs-control-block-destroyed", "control-block-destroyed", rsGoneBlock);

    // --- holders --------------------------------------------------------------------------------
    Holder(m, "holder-widget-global", "wrl-object-pointer", &g_widgetHolder, g_widgetHolder, "global", "strong", 0, nullptr, "g_widgetHolder");
    Holder(m, "holder-widget-heap", "wrl-object-pointer", &cell->widget, cell->widget, "heap", "strong", 0, nullptr, nullptr);
    Holder(m, "holder-widget-stack", "wrl-object-pointer", g_thread.widgetSlot, widgetItf, "stack", "strong", g_thread.threadId,
           "HolderThread", nullptr);
    Holder(m, "holder-widget-weak-global", "wrl-object-pointer", &g_widgetWeakHolder, g_widgetWeakHolder, "global", "weak", 0, nullptr,
           "g_widgetWeakHolder");
    Holder(m, "holder-gadget-global", "cppwinrt-object-pointer", &g_gadgetHolder, g_gadgetHolder, "global", "strong", 0, nullptr, "g_gadgetHolder");
    Holder(m, "holder-gadget-heap", "cppwinrt-object-pointer", &cell->gadget, cell->gadget, "heap", "strong", 0, nullptr, nullptr);
    Holder(m, "holder-gadget-stack", "cppwinrt-object-pointer", g_thread.gadgetSlot, gadgetItf, "stack", "strong", g_thread.threadId,
           "HolderThread", nullptr);
    Holder(m, "holder-gadget-weak-global", "cppwinrt-object-pointer", &g_gadgetWeakHolder, g_gadgetWeakHolder, "global", "weak", 0, nullptr,
           "g_gadgetWeakHolder");
}
