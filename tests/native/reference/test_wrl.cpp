// WRL weak references (docs/winrt-internals.md §2).
#include <atomic>
#include <thread>
#include <vector>

#include "check.h"
#include "test_interfaces.h"
#include "wrl_weak.h"

using namespace Microsoft::WRL;
using Microsoft::WRL::Details::WeakReferenceImpl;
using wrlref::kLongMax;
using wrlref::kWrlDestroyed;
using wrlref::kWrlStrongCreating;

namespace {

std::atomic<int> g_widgetsDestroyed{0};

class Widget : public RuntimeClass<IFoo> {
public:
    explicit Widget(int value) : m_value(value) {}
    ~Widget() { ++g_widgetsDestroyed; }
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override {
        *value = m_value;
        return S_OK;
    }

private:
    int m_value;
};

class Classic : public RuntimeClass<RuntimeClassFlags<ClassicCom>, IBar> {
public:
    HRESULT STDMETHODCALLTYPE Ping() override { return S_OK; }
};

class NoWeak : public RuntimeClass<RuntimeClassFlags<WinRt | InhibitWeakReference>, IFoo> {
public:
    HRESULT STDMETHODCALLTYPE GetValue(int* value) override {
        *value = 7;
        return S_OK;
    }
};

// A WinRt class whose first interface is not inspectable: IInspectable is prepended (§2.6).
class ClassicFirst : public RuntimeClass<IBar> {
public:
    HRESULT STDMETHODCALLTYPE Ping() override { return S_OK; }
};

IWeakReference* weak_of(Widget* w) {
    IWeakReference* weak = nullptr;
    CHECK_EQ(w->GetWeakReference(&weak), S_OK);
    return weak;
}

} // namespace

TEST_CASE(wrl_count_mode_basics) {
    Widget* w = wrlref::create<Widget>(42);
    CHECK(w != nullptr);
    CHECK_EQ(w->TestHook_ReferenceWord(), static_cast<INT_PTR>(1));
    CHECK_EQ(w->AddRef(), 2u);
    CHECK_EQ(w->TestHook_ReferenceWord(), static_cast<INT_PTR>(2));
    CHECK_EQ(w->Release(), 1u);
    CHECK(w->TestHook_WeakReferenceBlock() == nullptr);
    int before = g_widgetsDestroyed;
    CHECK_EQ(w->Release(), 0u);
    CHECK_EQ(g_widgetsDestroyed.load(), before + 1);
}

TEST_CASE(wrl_query_interface_table) {
    Widget* w = wrlref::create<Widget>(1);
    void* p = nullptr;
    IUnknown* identity = nullptr;
    CHECK_EQ(w->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&identity)), S_OK);
    CHECK(identity == static_cast<IUnknown*>(static_cast<IFoo*>(w)));
    identity->Release();
    CHECK_EQ(w->QueryInterface(IID_IInspectable, &p), S_OK);
    CHECK(p == static_cast<IInspectable*>(static_cast<IFoo*>(w)));
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(w->QueryInterface(IID_IFoo, &p), S_OK);
    int v = 0;
    static_cast<IFoo*>(p)->GetValue(&v);
    CHECK_EQ(v, 1);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(w->QueryInterface(IID_IWeakReferenceSource, &p), S_OK);
    CHECK(p == static_cast<IWeakReferenceSource*>(w));
    static_cast<IUnknown*>(p)->Release();
    // FtmBase (default flags, §2.6): IMarshal (cloaked) and IAgileObject, both its IMarshal pointer.
    CHECK_EQ(w->QueryInterface(IID_IMarshal, &p), S_OK);
    CHECK(p == static_cast<IMarshal*>(w));
    CHECK_EQ(static_cast<IMarshal*>(p)->DisconnectObject(0), E_OUTOFMEMORY); // no ole32 FTM behind it
    CHECK(w->marshaller_ == nullptr);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(w->QueryInterface(IID_IAgileObject, &p), S_OK);
    CHECK(p == static_cast<IMarshal*>(w));
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(w->QueryInterface(IID_Nobody, &p), E_NOINTERFACE);
    CHECK_EQ(w->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
    CHECK_EQ(w->TestHook_ReferenceWord(), static_cast<INT_PTR>(1)); // QI balanced
    ULONG count = 99;
    IID* iids = reinterpret_cast<IID*>(1);
    CHECK_EQ(w->GetIids(&count, &iids), S_OK);
    CHECK_EQ(count, 0u);
    CHECK(iids == nullptr);
    TrustLevel level = FullTrust;
    CHECK_EQ(w->GetTrustLevel(&level), S_OK);
    CHECK_EQ(level, BaseTrust);
    w->Release();

    ClassicFirst* c = wrlref::create<ClassicFirst>();
    CHECK_EQ(c->QueryInterface(IID_IInspectable, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(c->QueryInterface(IID_IBar, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(c->QueryInterface(IID_IWeakReferenceSource, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    c->Release();
}

TEST_CASE(wrl_weak_reference_lifecycle) {
    nt::ScopedQuarantine quarantine; // keeps destroyed blocks readable (test hook)
    Widget* w = wrlref::create<Widget>(5);
    w->AddRef(); // strong 2 before the block exists
    IWeakReference* weak = weak_of(w);
    CHECK(weak != nullptr);
    INT_PTR word = w->TestHook_ReferenceWord();
    CHECK(word < 0);
    WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
    CHECK(block == static_cast<WeakReferenceImpl*>(weak));
    CHECK(static_cast<void*>(block) == wrlref::decode_weak_reference_pointer(word));
    // The count moved into the block; refcount_ = object + caller.
    CHECK_EQ(block->TestHook_StrongCount(), 2);
    CHECK_EQ(block->TestHook_WeakCount(), 2);
    CHECK(block->TestHook_Target() == static_cast<IUnknown*>(static_cast<IFoo*>(w)));

    // Pointer mode: AddRef/Release go to the block's strong count; the word does not change.
    CHECK_EQ(w->AddRef(), 3u);
    CHECK_EQ(block->TestHook_StrongCount(), 3);
    CHECK_EQ(w->Release(), 2u);
    CHECK_EQ(w->TestHook_ReferenceWord(), word);

    // A second GetWeakReference returns the same block, +1 weak.
    IWeakReference* weak2 = weak_of(w);
    CHECK(weak2 == weak);
    CHECK_EQ(block->TestHook_WeakCount(), 3);
    weak2->Release();
    CHECK_EQ(block->TestHook_WeakCount(), 2);

    // Resolve while alive.
    IFoo* foo = nullptr;
    CHECK_EQ(weak->Resolve(IID_IFoo, reinterpret_cast<IInspectable**>(&foo)), S_OK);
    CHECK(foo == static_cast<IFoo*>(w));
    CHECK_EQ(block->TestHook_StrongCount(), 3); // the resolved reference; Resolve's own +1 undone
    int v = 0;
    foo->GetValue(&v);
    CHECK_EQ(v, 5);
    foo->Release();
    IInspectable* none = reinterpret_cast<IInspectable*>(1);
    CHECK_EQ(weak->Resolve(IID_IBar, &none), E_NOINTERFACE);
    CHECK(none == nullptr);
    CHECK_EQ(block->TestHook_StrongCount(), 2);
    CHECK_EQ(weak->Resolve(IID_IFoo, nullptr), E_POINTER);

    // Target destroyed, weak reference outstanding.
    int before = g_widgetsDestroyed;
    w->Release();
    CHECK_EQ(w->Release(), 0u);
    CHECK_EQ(g_widgetsDestroyed.load(), before + 1);
    CHECK_EQ(block->TestHook_StrongCount(), 0);
    CHECK_EQ(block->TestHook_WeakCount(), 1); // holders only after death
    CHECK(block->TestHook_Target() != nullptr); // unknown_ is never cleared
    CHECK(quarantine.holds(w));
    IInspectable* resolved = reinterpret_cast<IInspectable*>(1);
    CHECK_EQ(weak->Resolve(IID_IFoo, &resolved), S_OK);
    CHECK(resolved == nullptr);

    // Control block destroyed: both counts hold 0xC0000001 (~StrongReference, ~RuntimeClass).
    volatile LONG* weakCount = block->TestHook_WeakCountAddress();
    volatile LONG* strongCount = block->TestHook_StrongCountAddress();
    CHECK_EQ(weak->Release(), 0u);
    CHECK(quarantine.holds(block));
    CHECK_EQ(*weakCount, kWrlDestroyed);
    CHECK_EQ(*strongCount, kWrlDestroyed);
}

TEST_CASE(wrl_weak_reference_block_constructed_state) {
    // A bare block: strong LONG_MAX/2 until published, refcount_ 2 (§2.4).
    Classic* target = wrlref::create<Classic>();
    WeakReferenceImpl* block = wrlref::create<WeakReferenceImpl>(static_cast<IUnknown*>(target));
    CHECK_EQ(block->TestHook_StrongCount(), kWrlStrongCreating);
    CHECK_EQ(static_cast<uint32_t>(block->TestHook_StrongCount()), 0x3FFFFFFFu);
    CHECK_EQ(block->TestHook_WeakCount(), 2);
    CHECK_EQ(block->Release(), 1u);
    CHECK_EQ(block->Release(), 0u);
    target->Release();
}

TEST_CASE(wrl_being_created_and_lost_race) {
    nt::ScopedQuarantine quarantine;
    Widget* w = wrlref::create<Widget>(1);
    // Being created: block exists, word still a count.
    WeakReferenceImpl* pending = w->TestHook_BeginWeakReference();
    CHECK_EQ(pending->TestHook_StrongCount(), kWrlStrongCreating);
    CHECK_EQ(pending->TestHook_WeakCount(), 2);
    CHECK_EQ(w->TestHook_ReferenceWord(), static_cast<INT_PTR>(1));
    CHECK(w->TestHook_WeakReferenceBlock() == nullptr);
    // Finish: count copied in, word encodes the block.
    IWeakReference* weak = nullptr;
    CHECK_EQ(w->TestHook_FinishWeakReference(pending, &weak), S_OK);
    CHECK(weak == pending);
    CHECK_EQ(pending->TestHook_StrongCount(), 1);
    CHECK(w->TestHook_WeakReferenceBlock() == pending);

    // Lost race: a second pending block meets an installed one and is deleted.
    WeakReferenceImpl* loser = w->TestHook_BeginWeakReference();
    volatile LONG* loserWeak = loser->TestHook_WeakCountAddress();
    volatile LONG* loserStrong = loser->TestHook_StrongCountAddress();
    IWeakReference* weak2 = nullptr;
    CHECK_EQ(w->TestHook_FinishWeakReference(loser, &weak2), S_OK);
    CHECK(weak2 == pending);
    CHECK(quarantine.holds(loser));
    CHECK_EQ(*loserWeak, kWrlDestroyed);
    CHECK_EQ(*loserStrong, kWrlDestroyed);
    CHECK_EQ(pending->TestHook_WeakCount(), 3);
    weak2->Release();

    // Abandoning a pending block (test hook) also destroys it.
    WeakReferenceImpl* abandoned = w->TestHook_BeginWeakReference();
    Widget::TestHook_AbandonWeakReference(abandoned);
    CHECK(quarantine.holds(abandoned));

    w->Release();
    weak->Release();
}

TEST_CASE(wrl_saturation_count_mode) {
    Widget* w = wrlref::create<Widget>(1);
    w->TestHook_Saturate();
    CHECK_EQ(w->TestHook_ReferenceWord(), static_cast<INT_PTR>(kLongMax));
    CHECK_EQ(w->AddRef(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(w->Release(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(w->Release(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(w->TestHook_ReferenceWord(), static_cast<INT_PTR>(kLongMax)); // sticks
    // A weak reference taken now inherits the saturated count.
    IWeakReference* weak = weak_of(w);
    WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
    CHECK_EQ(block->TestHook_StrongCount(), kLongMax);
    CHECK_EQ(w->Release(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(block->TestHook_StrongCount(), kLongMax);
    // Leaked by design; the test tears it down by hand (destructor releases the block's hold).
    int before = g_widgetsDestroyed;
    wrlref::destroy(w);
    CHECK_EQ(g_widgetsDestroyed.load(), before + 1);
    CHECK_EQ(block->TestHook_WeakCount(), 1);
    weak->Release();
}

TEST_CASE(wrl_saturation_pointer_mode) {
    Widget* w = wrlref::create<Widget>(3);
    IWeakReference* weak = weak_of(w);
    WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
    w->TestHook_Saturate();
    CHECK_EQ(block->TestHook_StrongCount(), kLongMax);
    CHECK_EQ(w->AddRef(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(w->Release(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(block->IncrementStrongReference(), static_cast<ULONG>(kLongMax));
    CHECK_EQ(block->DecrementStrongReference(), static_cast<ULONG>(kLongMax));
    IFoo* foo = nullptr;
    CHECK_EQ(weak->Resolve(IID_IFoo, reinterpret_cast<IInspectable**>(&foo)), S_OK);
    CHECK(foo == static_cast<IFoo*>(w));
    foo->Release();
    CHECK_EQ(block->TestHook_StrongCount(), kLongMax);
    wrlref::destroy(w);
    weak->Release();
}

TEST_CASE(wrl_classic_com_flavour) {
    nt::ScopedQuarantine quarantine;
    Classic* c = wrlref::create<Classic>();
    CHECK_EQ(c->TestHook_ReferenceCount(), 1);
    void* p = nullptr;
    CHECK_EQ(c->QueryInterface(IID_IBar, &p), S_OK);
    CHECK_EQ(c->TestHook_ReferenceCount(), 2);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(c->QueryInterface(IID_IInspectable, &p), E_NOINTERFACE);
    CHECK_EQ(c->QueryInterface(IID_IWeakReferenceSource, &p), E_NOINTERFACE);
    CHECK_EQ(c->QueryInterface(IID_IUnknown, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    volatile LONG* refcount = c->TestHook_ReferenceCountAddress();
    CHECK_EQ(c->Release(), 0u);
    CHECK(quarantine.holds(c));
    CHECK_EQ(*refcount, kWrlDestroyed); // ClassicCom ~RuntimeClass sentinel

    NoWeak* n = wrlref::create<NoWeak>();
    CHECK_EQ(n->TestHook_ReferenceCount(), 1);
    CHECK_EQ(n->QueryInterface(IID_IInspectable, &p), S_OK);
    static_cast<IUnknown*>(p)->Release();
    CHECK_EQ(n->QueryInterface(IID_IWeakReferenceSource, &p), E_NOINTERFACE);
    refcount = n->TestHook_ReferenceCountAddress();
    n->Release();
    CHECK_EQ(*refcount, kWrlDestroyed);
}

TEST_CASE(wrl_get_weak_reference_races_addref_release) {
    // Two threads hammer AddRef/Release while a third takes the first weak reference; the count
    // copied into the block must account for every racing operation (CAS retry, §2.4).
    for (int round = 0; round < 200; ++round) {
        Widget* w = wrlref::create<Widget>(round);
        std::atomic<bool> go{false};
        auto hammer = [&] {
            while (!go.load()) {
            }
            for (int i = 0; i < 2000; ++i) {
                w->AddRef();
                w->AddRef();
                w->Release();
                w->Release();
            }
        };
        IWeakReference* weak = nullptr;
        std::thread a(hammer), b(hammer);
        std::thread c([&] {
            while (!go.load()) {
            }
            for (volatile int spin = 0; spin < round * 10; ++spin) {
            }
            w->GetWeakReference(&weak);
        });
        go = true;
        a.join();
        b.join();
        c.join();
        WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
        CHECK(block != nullptr);
        CHECK(block == static_cast<WeakReferenceImpl*>(weak));
        CHECK_EQ(block->TestHook_StrongCount(), 1);
        CHECK_EQ(block->TestHook_WeakCount(), 2);
        int before = g_widgetsDestroyed;
        CHECK_EQ(w->Release(), 0u);
        CHECK_EQ(g_widgetsDestroyed.load(), before + 1);
        CHECK_EQ(block->TestHook_StrongCount(), 0);
        weak->Release();
    }
}

TEST_CASE(wrl_concurrent_get_weak_reference) {
    // Several threads create the first weak reference at once: one block wins, the others are
    // deleted, everyone gets the winner (ASan reports the losers if they leaked).
    for (int round = 0; round < 200; ++round) {
        Widget* w = wrlref::create<Widget>(round);
        std::atomic<bool> go{false};
        IWeakReference* got[4] = {};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                while (!go.load()) {
                }
                w->GetWeakReference(&got[t]);
            });
        go = true;
        for (auto& t : threads) t.join();
        WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
        bool same = true;
        for (IWeakReference* g : got) same = same && g == block;
        CHECK(same);
        CHECK_EQ(block->TestHook_WeakCount(), 5);
        CHECK_EQ(block->TestHook_StrongCount(), 1);
        for (IWeakReference* g : got) g->Release();
        w->Release();
    }
}

TEST_CASE(wrl_resolve_races_last_release) {
    // Resolve concurrently with the final Release: either a live object or null, never a dead one.
    for (int round = 0; round < 500; ++round) {
        Widget* w = wrlref::create<Widget>(round);
        IWeakReference* weak = weak_of(w);
        WeakReferenceImpl* block = w->TestHook_WeakReferenceBlock();
        std::atomic<bool> go{false};
        std::thread resolver([&] {
            while (!go.load()) {
            }
            IFoo* foo = nullptr;
            int v = round;
            HRESULT hr = weak->Resolve(IID_IFoo, reinterpret_cast<IInspectable**>(&foo));
            if (foo != nullptr) {
                v = -1;
                foo->GetValue(&v); // ASan would flag a dead object here
                foo->Release();
            }
            CHECK_EQ(hr, S_OK);
            CHECK_EQ(v, round);
        });
        go = true;
        w->Release();
        resolver.join();
        CHECK_EQ(block->TestHook_StrongCount(), 0);
        CHECK_EQ(weak->Release(), 0u);
    }
}
