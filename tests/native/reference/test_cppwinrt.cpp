// C++/WinRT-shaped objects and weak references (docs/winrt-internals.md §4).
#include <atomic>
#include <thread>

#include "check.h"
#include "cppwinrt_weak.h"
#include "test_interfaces.h"

using wrlref::IClosable;
using weak_ref_t = winrt::impl::weak_ref_t;

// What cppwinrt generates per interface: the ABI methods forward to the implementation (§4.3).
template <typename D>
struct winrt::impl::produce<D, IFoo> : produce_base<D, IFoo> {
    HRESULT STDMETHODCALLTYPE GetValue(int* value) noexcept override { return this->shim().GetValue(value); }
};
template <typename D>
struct winrt::impl::produce<D, IClosable> : produce_base<D, IClosable> {
    HRESULT STDMETHODCALLTYPE Close() noexcept override { return this->shim().Close(); }
};

namespace {

std::atomic<int> g_destroyed{0};

struct Gadget : winrt::implements<Gadget, IFoo, IClosable> {
    explicit Gadget(int value) : m_value(value) {}
    ~Gadget() { ++g_destroyed; }
    HRESULT GetValue(int* value) {
        *value = m_value;
        return S_OK;
    }
    HRESULT Close() { return S_OK; }
    int m_value;
};

IUnknown* identity(Gadget* g) { return g->abi<IFoo>(); }

uintptr_t g_referencesInFinalRelease = 0;
void record_final_release(void* object) {
    g_referencesInFinalRelease = static_cast<Gadget*>(object)->TestHook_References();
}

} // namespace

TEST_CASE(cppwinrt_count_mode_and_qi) {
    Gadget* g = wrlref::create<Gadget>(9);
    CHECK_EQ(g->TestHook_References(), static_cast<uintptr_t>(1));
    int value = 0;
    CHECK_EQ(g->abi<IFoo>()->GetValue(&value), S_OK); // through the produce<> vtable member
    CHECK_EQ(value, 9);
    CHECK_EQ(g->abi<IClosable>()->AddRef(), 2u);      // forwards to the object's count
    CHECK_EQ(g->abi<IClosable>()->Release(), 1u);
    CHECK_EQ(g->AddRef(), 2u);
    CHECK_EQ(g->Release(), 1u);
    void* p = nullptr;
    for (const IID* iid : {&IID_IUnknown, &IID_IInspectable, &IID_IFoo, &IID_IClosable, &IID_IAgileObject}) {
        p = nullptr;
        CHECK_EQ(g->QueryInterface(*iid, &p), S_OK);
        CHECK(p != nullptr);
        static_cast<IUnknown*>(p)->Release();
    }
    CHECK_EQ(g->QueryInterface(IID_IUnknown, &p), S_OK);
    CHECK(p == identity(g));
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(g->QueryInterface(IID_IClosable, &p), S_OK);
    CHECK(p == g->abi<IClosable>());
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(g->QueryInterface(IID_IMarshal, &p), E_NOINTERFACE);
    CHECK(p == nullptr);
    CHECK_EQ(g->QueryInterface(IID_Nobody, &p), E_NOINTERFACE);
    CHECK_EQ(g->QueryInterface(IID_IFoo, nullptr), E_POINTER);
    CHECK_EQ(g->TestHook_References(), static_cast<uintptr_t>(1));
    CHECK(g->TestHook_WeakRefBlock() == nullptr); // QI for other interfaces does not create the block
    g->Release();
}

TEST_CASE(cppwinrt_weak_ref_layout_and_source_tear_off) {
    Gadget* g = wrlref::create<Gadget>(1);
    IWeakReferenceSource* source = nullptr;
    CHECK_EQ(g->QueryInterface(IID_IWeakReferenceSource, reinterpret_cast<void**>(&source)), S_OK);
    weak_ref_t* block = g->TestHook_WeakRefBlock();
    CHECK(block != nullptr);
    // §4.2: the IWeakReferenceSource handed out is the tear-off one pointer into the block.
    CHECK(reinterpret_cast<char*>(source) == reinterpret_cast<char*>(block) + sizeof(void*));
    CHECK(static_cast<IWeakReference*>(block) == reinterpret_cast<IWeakReference*>(block));
    // The tear-off holds a strong reference: 1 (creator) + 1 (source).
    CHECK_EQ(block->TestHook_Strong(), 2u);
    CHECK_EQ(block->TestHook_Weak(), 1u); // only the strong side's hold
    CHECK_EQ(g->TestHook_StrongCount(), 2u);
    CHECK(block->TestHook_Object() == identity(g));
    // Tear-off QI: itself for IWeakReferenceSource, the object for everything else.
    void* p = nullptr;
    CHECK_EQ(source->QueryInterface(IID_IWeakReferenceSource, &p), S_OK);
    CHECK(p == source);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(source->QueryInterface(IID_IUnknown, &p), S_OK);
    CHECK(p == identity(g));
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(block->TestHook_Strong(), 2u);
    // GetWeakReference on the tear-off: +1 weak.
    IWeakReference* weak = nullptr;
    CHECK_EQ(source->GetWeakReference(&weak), S_OK);
    CHECK(weak == static_cast<IWeakReference*>(block));
    CHECK_EQ(block->TestHook_Weak(), 2u);
    // weak_ref QI (Agile): IWeakReference, IUnknown, IAgileObject; not IMarshal.
    CHECK_EQ(weak->QueryInterface(IID_IAgileObject, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(weak->QueryInterface(IID_IWeakReference, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(weak->QueryInterface(IID_IMarshal, &p), E_NOINTERFACE);
    CHECK_EQ(block->TestHook_Weak(), 2u);
    CHECK_EQ(source->Release(), 1u); // = the object's Release
    CHECK_EQ(block->TestHook_Strong(), 1u);
    g->Release();
    CHECK_EQ(weak->Release(), 0u);
}

TEST_CASE(cppwinrt_lifecycle_and_final_release_window) {
    nt::ScopedQuarantine quarantine;
    uint32_t locksBefore = winrt::impl::module_lock_count;
    Gadget* g = wrlref::create<Gadget>(4);
    IUnknown* const id = identity(g); // taken while alive: g is destroyed below
    IWeakReference* weak = nullptr;
    CHECK_EQ(g->get_weak(&weak), S_OK);
    weak_ref_t* block = g->TestHook_WeakRefBlock();
    CHECK(weak == static_cast<IWeakReference*>(block));
    CHECK(static_cast<intptr_t>(g->TestHook_References()) < 0);
    CHECK_EQ(block->TestHook_Strong(), 1u);
    CHECK_EQ(block->TestHook_Weak(), 2u);
    // root_implements and weak_source<.., true> each hold a module lock (module_lock_updater<true>).
    CHECK_EQ(winrt::impl::module_lock_count, locksBefore + 2);

    IFoo* foo = nullptr;
    CHECK_EQ(weak->Resolve(IID_IFoo, reinterpret_cast<IInspectable**>(&foo)), S_OK);
    CHECK(foo == g->abi<IFoo>());
    CHECK_EQ(block->TestHook_Strong(), 2u);
    foo->Release();
    CHECK_EQ(block->TestHook_Strong(), 1u);

    // Final release: m_references = 1 during the final_release window, 0 after the destructor.
    volatile uintptr_t* references = g->TestHook_ReferencesAddress();
    winrt::impl::test_hook_final_release = &record_final_release;
    int before = g_destroyed;
    CHECK_EQ(g->Release(), 0u);
    winrt::impl::test_hook_final_release = nullptr;
    CHECK_EQ(g_referencesInFinalRelease, static_cast<uintptr_t>(1));
    CHECK_EQ(g_destroyed.load(), before + 1);
    CHECK(quarantine.holds(g));
    CHECK_EQ(*references, static_cast<uintptr_t>(0));

    // Target destroyed, weak reference outstanding: strong 0, weak 1, m_object stale (never cleared).
    CHECK_EQ(block->TestHook_Strong(), 0u);
    CHECK_EQ(block->TestHook_Weak(), 1u);
    CHECK(block->TestHook_Object() == id);
    IInspectable* resolved = reinterpret_cast<IInspectable*>(1);
    CHECK_EQ(weak->Resolve(IID_IFoo, &resolved), S_OK);
    CHECK(resolved == nullptr);
    CHECK_EQ(weak->Release(), 0u);
    CHECK(quarantine.holds(block));
    CHECK_EQ(winrt::impl::module_lock_count, locksBefore);
}

TEST_CASE(cppwinrt_being_created) {
    nt::ScopedQuarantine quarantine;
    Gadget* g = wrlref::create<Gadget>(2);
    g->AddRef();
    weak_ref_t* pending = g->TestHook_BeginWeakRef();
    CHECK_EQ(pending->TestHook_Strong(), 2u); // the count at creation
    CHECK_EQ(pending->TestHook_Weak(), 1u);
    CHECK_EQ(g->TestHook_References(), static_cast<uintptr_t>(2)); // not published yet
    g->AddRef(); // races are absorbed by the publish step refreshing m_strong
    CHECK(g->TestHook_FinishWeakRef(pending) == pending);
    CHECK_EQ(pending->TestHook_Strong(), 3u);
    CHECK(g->TestHook_WeakRefBlock() == pending);
    // A late pending block meets the installed one and is discarded.
    weak_ref_t* loser = g->TestHook_BeginWeakRef();
    CHECK(g->TestHook_FinishWeakRef(loser) == pending);
    CHECK(quarantine.holds(loser));
    g->Release();
    g->Release();
    g->Release(); // strong 0: the block's strong-side hold goes, and with it the block
    CHECK(quarantine.holds(pending));
    CHECK(quarantine.holds(g));
}

TEST_CASE(cppwinrt_make_weak_ref_races_addref_release) {
    for (int round = 0; round < 200; ++round) {
        Gadget* g = wrlref::create<Gadget>(round);
        std::atomic<bool> go{false};
        auto hammer = [&] {
            while (!go.load()) {
            }
            for (int i = 0; i < 2000; ++i) {
                g->AddRef();
                g->Release();
            }
        };
        IWeakReference* weak = nullptr;
        IWeakReference* weak2 = nullptr;
        std::thread a(hammer), b(hammer);
        std::thread c([&] {
            while (!go.load()) {
            }
            for (volatile int spin = 0; spin < round * 10; ++spin) {
            }
            g->get_weak(&weak);
        });
        std::thread d([&] {
            while (!go.load()) {
            }
            g->get_weak(&weak2);
        });
        go = true;
        a.join();
        b.join();
        c.join();
        d.join();
        weak_ref_t* block = g->TestHook_WeakRefBlock();
        CHECK(weak == static_cast<IWeakReference*>(block));
        CHECK(weak2 == static_cast<IWeakReference*>(block));
        CHECK_EQ(block->TestHook_Strong(), 1u);
        CHECK_EQ(block->TestHook_Weak(), 3u);
        CHECK_EQ(g->Release(), 0u);
        CHECK_EQ(block->TestHook_Weak(), 2u);
        weak->Release();
        weak2->Release();
    }
}
