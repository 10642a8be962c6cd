// C++/CX-shaped ControlBlock (docs/winrt-internals.md §3).
#include <atomic>

#include "check.h"
#include "cx_controlblock.h"
#include "test_interfaces.h"

using Platform::Details::ControlBlock;
using wrlref::kCxStrongDead;

namespace {

std::atomic<int> g_destroyed{0};

struct CxWidget : wrlref::cx::RefObject {
    explicit CxWidget(int value) : m_value(value) {}
    ~CxWidget() override { ++g_destroyed; }
    int m_value;
};

void lifecycle(bool singleAllocation) {
    nt::ScopedQuarantine quarantine;
    CxWidget* w = wrlref::cx::make_ref<CxWidget>(singleAllocation, 11);
    CHECK(w != nullptr);
    ControlBlock* block = w->TestHook_ControlBlock();
    CHECK(block != nullptr);
    CHECK_EQ(block->TestHook_WeakCount(), 1);   // the object's hold
    CHECK_EQ(block->TestHook_StrongCount(), 1);
    CHECK(block->TestHook_Target() == static_cast<__abi_IUnknown*>(w));
    CHECK_EQ(block->TestHook_SingleAllocation(), singleAllocation);
    CHECK(!block->TestHook_AlignedAllocation());
    CHECK(!block->TestHook_ExceptionAllocation());
    if (singleAllocation)
        CHECK(reinterpret_cast<char*>(w) == reinterpret_cast<char*>(block) + wrlref::cx::kSingleAllocationObjectOffset);

    // Strong count lives in the block from the start (no high-bit trick).
    CHECK_EQ(w->__abi_AddRef(), 2u);
    CHECK_EQ(block->TestHook_StrongCount(), 2);
    CHECK_EQ(w->__abi_Release(), 1u);

    __abi_IWeakReference* weak = nullptr;
    CHECK_EQ(w->GetWeakReference(&weak), S_OK);
    CHECK(weak == static_cast<__abi_IWeakReference*>(block));
    CHECK_EQ(block->TestHook_WeakCount(), 2);

    __abi_IInspectable* resolved = nullptr;
    CHECK_EQ(weak->__abi_Resolve(IID_IInspectable, &resolved), S_OK);
    CHECK(resolved == static_cast<__abi_IInspectable*>(w));
    CHECK_EQ(block->TestHook_StrongCount(), 2);
    resolved->__abi_Release();
    CHECK_EQ(weak->__abi_Resolve(IID_Nobody, &resolved), E_NOINTERFACE);
    CHECK_EQ(block->TestHook_StrongCount(), 1);

    // Strong -> 0: 0xC0000000, destructor ran; separate allocation frees and nulls __target.
    int before = g_destroyed;
    CHECK_EQ(w->__abi_Release(), 0u);
    CHECK_EQ(g_destroyed.load(), before + 1);
    CHECK_EQ(block->TestHook_StrongCount(), kCxStrongDead);
    CHECK_EQ(static_cast<uint32_t>(block->TestHook_StrongCount()), 0xC0000000u);
    CHECK_EQ(block->TestHook_WeakCount(), 1);
    if (singleAllocation) {
        CHECK(block->TestHook_Target() == static_cast<__abi_IUnknown*>(w)); // stale, memory still the block's
        CHECK(!quarantine.holds(w));
    } else {
        CHECK(block->TestHook_Target() == nullptr);
        CHECK(quarantine.holds(w));
    }
    CHECK_EQ(block->IncrementStrongReference(), static_cast<ULONG>(-1));
    CHECK_EQ(block->DecrementStrongReference(), static_cast<ULONG>(-1));
    CHECK_EQ(block->GetRefcount(), static_cast<ULONG>(-1));
    CHECK_EQ(block->TestHook_StrongCount(), kCxStrongDead);
    resolved = reinterpret_cast<__abi_IInspectable*>(1);
    CHECK_EQ(weak->__abi_Resolve(IID_IInspectable, &resolved), S_OK);
    CHECK(resolved == nullptr);

    // Last weak release frees the block (and, single allocation, the object's memory with it).
    CHECK_EQ(weak->__abi_Release(), 0u);
    CHECK(quarantine.holds(block));
}

} // namespace

TEST_CASE(cx_lifecycle_single_allocation) { lifecycle(true); }
TEST_CASE(cx_lifecycle_separate_allocation) { lifecycle(false); }

TEST_CASE(cx_query_interface_and_marshal_field) {
    CxWidget* w = wrlref::cx::make_ref<CxWidget>(true, 1);
    void* p = nullptr;
    for (const IID* iid : {&IID_IUnknown, &IID_IInspectable, &IID_IAgileObject}) {
        CHECK_EQ(w->__abi_QueryInterface(*iid, &p), S_OK);
        CHECK(p == static_cast<__abi_IInspectable*>(w));
        static_cast<__abi_IUnknown*>(p)->__abi_Release();
    }
    CHECK_EQ(w->__abi_QueryInterface(IID_IWeakReferenceSource, &p), E_NOINTERFACE);
    CHECK_EQ(w->__abi_QueryInterface(IID_IMarshal, &p), E_NOINTERFACE);
    CHECK_EQ(w->__abi_QueryInterface(IID_IUnknown, nullptr), E_POINTER);
    ControlBlock* block = w->TestHook_ControlBlock();
    CHECK_EQ(block->__abi_QueryInterface(IID_IWeakReference, &p), S_OK);
    CHECK(p == static_cast<__abi_IWeakReference*>(block));
    CHECK_EQ(block->TestHook_WeakCount(), 2);
    static_cast<__abi_IUnknown*>(p)->__abi_Release();
    CHECK_EQ(block->__abi_QueryInterface(IID_IInspectable, &p), E_NOINTERFACE);
    CHECK_EQ(block->TestHook_StrongCount(), 1);
    w->__abi_Release();
}
