// weak_refs: WRL, C++/WinRT and C++/CX weak references in every state, laid out by the reference
// implementation, then a manifest of where each object is and what a decoder must say about it.
// Every object stays referenced from a global so nothing changes before the checkpoint.
#include "cppwinrt_weak.h"
#include "cx_controlblock.h"
#include "manifest.h"
#include "winui_weak.h"
#include "wrl_weak.h"

struct WRLREF_NOVTABLE IWidget : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE GetValue(int* value) = 0;
};
// MADE UP IID for the test interface.
WRLREF_DEFINE_IID(IID_IWidget, ::IWidget, 0x7E570101, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01)

using namespace Microsoft::WRL;

#pragma clang diagnostic ignored "-Winvalid-offsetof"

// A weak-capable WRL RuntimeClass (default flags: FtmBase, §2.6): refCount_ is the count-or-pointer word.
class Widget : public RuntimeClass<IWidget> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override { *value = 1; return S_OK; }
    const void* Word() const { return reinterpret_cast<const char*>(this) + offsetof(Widget, refCount_); }
};

// What cppwinrt generates for IWidget: the produce<> vtable member forwards to the object (§4.3).
template <typename D>
struct winrt::impl::produce<D, IWidget> : produce_base<D, IWidget> {
    HRESULT STDMETHODCALLTYPE GetValue(int* value) noexcept override { return this->shim().GetValue(value); }
};

// C++/WinRT-shaped object: m_references is the word.
struct Gadget : winrt::implements<Gadget, IWidget> {
    HRESULT GetValue(int* value) { *value = 2; return S_OK; }
    const void* Word() const { return reinterpret_cast<const char*>(this) + offsetof(Gadget, m_references); }
};

// WinUI 3 ctl::ComBase object (§2.7): refCount_ is the word.
// refCount_ is at +3·ptr (vptr, two bools, m_pUnkFTM), asserted in winui_weak.h.
struct WinuiWidget : ctl::ComBase {};

// C++/CX-shaped ref class.
struct CxWidget : wrlref::cx::RefObject {
    int value = 3;
};

namespace {
bool KeepFreed(void*, void*) { return true; }  // freed blocks stay readable, as unreused heap memory does

IWeakReference* g_weak[16];
void* g_objects[16];
int g_weakCount;
int g_objectCount;

template <typename T> T* Keep(T* p) { g_objects[g_objectCount++] = p; return p; }
IWeakReference* KeepWeak(IWeakReference* p) { g_weak[g_weakCount++] = p; return p; }

const char* const WrlType = "Microsoft::WRL::Details::WeakReferenceImpl";
const char* const WinrtType = "winrt::impl::weak_ref<1,1>";
const char* const CxType = "Platform::Details::ControlBlock";

void Wrl(target::Manifest& m, const char* name, const char* state, Details::WeakReferenceImpl* block) {
    m.begin_object(name, "wrl", WrlType, block, state)
        .field("strong", block->TestHook_StrongCount())
        .field("weak", block->TestHook_WeakCount())
        .field_hex("target", reinterpret_cast<uintptr_t>(block->TestHook_Target()))
        .end_object();
}

void Word(target::Manifest& m, const char* name, const char* flavour, const void* word, uintptr_t raw, const void* block) {
    bool pointer = static_cast<intptr_t>(raw) < 0;
    m.begin_object(name, flavour, nullptr, word, pointer ? "pointer" : "count").field_hex("raw", raw);
    if (pointer) m.field_hex("controlBlock", reinterpret_cast<uintptr_t>(block)).field_null("count");
    else m.field("count", static_cast<int32_t>(raw));
    m.end_object();
}
}  // namespace

const char* ScenarioModuleName() { return "weak_refs"; }

void RunScenario(target::Manifest& m) {
    wrlref::TestHook_SetFreeInterceptor(&KeepFreed, nullptr);

    // --- WRL ------------------------------------------------------------------------------------
    // Alive: two strong references, two IWeakReference holders (+1 held by the target) = weak 3.
    Widget* alive = Keep(wrlref::create<Widget>());
    alive->AddRef();
    IWeakReference* weak = nullptr;
    alive->GetWeakReference(&weak);
    KeepWeak(weak);
    weak->AddRef();
    KeepWeak(weak);
    Wrl(m, "wrl-alive", "alive", alive->TestHook_WeakReferenceBlock());
    Word(m, "wrl-word-pointer", "wrl-word", alive->Word(), static_cast<uintptr_t>(alive->TestHook_ReferenceWord()),
         alive->TestHook_WeakReferenceBlock());

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

    // --- C++/WinRT ------------------------------------------------------------------------------
    Gadget* gadget = Keep(wrlref::create<Gadget>());
    gadget->get_weak(&weak);
    KeepWeak(weak);
    winrt::impl::weak_ref_t* gadgetBlock = gadget->TestHook_WeakRefBlock();
    m.begin_object("cppwinrt-alive", "cppwinrt", WinrtType, gadgetBlock, "alive")
        .field("strong", static_cast<int32_t>(gadgetBlock->TestHook_Strong()))
        .field("weak", static_cast<int32_t>(gadgetBlock->TestHook_Weak()))
        .field_hex("target", reinterpret_cast<uintptr_t>(gadgetBlock->TestHook_Object()))
        .end_object();
    Word(m, "cppwinrt-word-pointer", "cppwinrt-word", gadget->Word(), gadget->TestHook_References(), gadgetBlock);

    Gadget* deadGadget = wrlref::create<Gadget>();
    deadGadget->get_weak(&weak);
    KeepWeak(weak);
    winrt::impl::weak_ref_t* deadGadgetBlock = deadGadget->TestHook_WeakRefBlock();
    deadGadget->Release();
    m.begin_object("cppwinrt-target-destroyed", "cppwinrt", WinrtType, deadGadgetBlock, "target-destroyed")
        .field("strong", static_cast<int32_t>(deadGadgetBlock->TestHook_Strong()))
        .field("weak", static_cast<int32_t>(deadGadgetBlock->TestHook_Weak()))
        .field_hex("target", reinterpret_cast<uintptr_t>(deadGadgetBlock->TestHook_Object()))
        .end_object();

    // --- WinUI 3 (ctl) -------------------------------------------------------------------------
    // Alive: one strong, the object's hold + one weak holder (m_cRef 2).
    WinuiWidget* winui = Keep(wrlref::create<WinuiWidget>());
    winui->GetWeakReference(&weak);
    KeepWeak(weak);
    ctl::Details::WeakReferenceImpl* winuiBlock = winui->TestHook_WeakReferenceBlock();
    m.begin_object("winui-alive", "winui", "ctl::Details::WeakReferenceImpl", winuiBlock, "alive")
        .field("strong", static_cast<int32_t>(winuiBlock->GetSourceRefCount()))
        .field("weak", static_cast<int32_t>(winuiBlock->TestHook_WeakCount()))
        .field_hex("target", reinterpret_cast<uintptr_t>(winuiBlock->TestHook_Source()))
        .end_object();
    Word(m, "winui-word-pointer", "winui-word", reinterpret_cast<const char*>(winui) + 3 * sizeof(void*),
         static_cast<uintptr_t>(winui->TestHook_ReferenceWord()), winuiBlock);
    // Target destroyed: ReleaseSource nulled m_pSourceRef; ReleaseImpl's re-AddRef left m_cSourceRef 1.
    WinuiWidget* winuiDead = wrlref::create<WinuiWidget>();
    winuiDead->GetWeakReference(&weak);
    KeepWeak(weak);
    ctl::Details::WeakReferenceImpl* winuiDeadBlock = winuiDead->TestHook_WeakReferenceBlock();
    winuiDead->Release();
    m.begin_object("winui-target-destroyed", "winui", "ctl::Details::WeakReferenceImpl", winuiDeadBlock, "target-destroyed")
        .field("strong", static_cast<int32_t>(winuiDeadBlock->GetSourceRefCount()))
        .field("weak", static_cast<int32_t>(winuiDeadBlock->TestHook_WeakCount()))
        .field_hex("target", reinterpret_cast<uintptr_t>(winuiDeadBlock->TestHook_Source()))
        .end_object();
    WinuiWidget* winuiCounted = Keep(wrlref::create<WinuiWidget>());
    Word(m, "winui-word-count", "winui-word", reinterpret_cast<const char*>(winuiCounted) + 3 * sizeof(void*),
         static_cast<uintptr_t>(winuiCounted->TestHook_ReferenceWord()), nullptr);

    // --- C++/CX ---------------------------------------------------------------------------------
    CxWidget* cx = Keep(wrlref::cx::make_ref<CxWidget>(true));
    __abi_IWeakReference* cxWeak = nullptr;
    cx->GetWeakReference(&cxWeak);
    Keep(cxWeak);
    Platform::Details::ControlBlock* cxBlock = cx->TestHook_ControlBlock();
    m.begin_object("cx-alive", "cx", CxType, cxBlock, "alive")
        .field("strong", cxBlock->TestHook_StrongCount())
        .field("weak", cxBlock->TestHook_WeakCount())
        .field_hex("target", reinterpret_cast<uintptr_t>(cxBlock->TestHook_Target()))
        .end_object();

    CxWidget* cxDead = wrlref::cx::make_ref<CxWidget>(false);
    cxDead->GetWeakReference(&cxWeak);
    Keep(cxWeak);
    Platform::Details::ControlBlock* cxDeadBlock = cxDead->TestHook_ControlBlock();
    cxDead->__abi_Release();
    m.begin_object("cx-target-destroyed", "cx", CxType, cxDeadBlock, "target-destroyed")
        .field("strong", cxDeadBlock->TestHook_StrongCount())
        .field("weak", cxDeadBlock->TestHook_WeakCount())
        .field_hex("target", reinterpret_cast<uintptr_t>(cxDeadBlock->TestHook_Target()))
        .end_object();
}
