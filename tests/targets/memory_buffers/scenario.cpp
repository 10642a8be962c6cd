// memory_buffers: the IMemoryBuffer pattern over caller-provided blocks in every state a leak hunt
// meets: open with several references, closed with references outstanding, an empty reference
// created after Close, a Closed handler registered, everything released (memory freed), a closed
// reference whose consumer kept its data pointer, a reference that outlived its buffer object, and a
// handler on a buffer made with RaiseClosedOnRelease. Each entry lists the findings membuf must give
// ("findings": reason codes, comma-separated; docs/json-schema.md), as this scenario knows them.
#include "manifest.h"
#include "memory_buffer.h"

// A Closed handler that only counts (it never keeps the sender: the hazard of docs/winrt-internals.md §8.2).
// Outside the anonymous namespace: its vftable then has a public symbol, which membuf shows.
struct ClosedEventCounter final : wrlref::ITypedEventHandler_MemoryBufferReference {
    volatile LONG refs = 1;
    int invoked = 0;
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
        if (ppv == nullptr) return E_POINTER;
        *ppv = nullptr;
        if (riid != IID_IUnknown && riid != IID_ITypedEventHandler_MemoryBufferReference) return E_NOINTERFACE;
        *ppv = this;
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return static_cast<ULONG>(wrlref::atomic_add(&refs, static_cast<LONG>(1))); }
    ULONG STDMETHODCALLTYPE Release() override { return static_cast<ULONG>(wrlref::atomic_sub(&refs, static_cast<LONG>(1))); }
    HRESULT STDMETHODCALLTYPE Invoke(wrlref::IMemoryBufferReference*, IInspectable*) override { ++invoked; return S_OK; }
};
ClosedEventCounter g_handler;

namespace {
bool KeepFreed(void*, void*) { return true; }  // released objects stay readable, as unreused heap memory does

// The blocks the buffers wrap; the deleter records which were freed (and how often).
BYTE g_blocks[7][256];
int g_freed[7];

// A consumer that kept a pointer into its block after closing its reference.
BYTE* volatile g_staleData;

void CountingDeleter(void* context, BYTE*, UINT32) { ++g_freed[reinterpret_cast<uintptr_t>(context)]; }

wrlref::IMemoryBufferReference* g_refs[16];
int g_refCount;
wrlref::IMemoryBufferReference* Keep(wrlref::IMemoryBufferReference* r) { g_refs[g_refCount++] = r; return r; }

const char* const BufferType = "wrlref::MemoryBuffer";
const char* const ReferenceType = "wrlref::MemoryBufferReference";

wrlref::MemoryBuffer* NewBuffer(int index, wrlref::MemoryBufferOptions options = wrlref::MemoryBufferOptions::None) {
    return wrlref::MemoryBuffer::Create(g_blocks[index], sizeof(g_blocks[index]), &CountingDeleter,
                                        reinterpret_cast<void*>(static_cast<uintptr_t>(index)), options);
}

BYTE* DataOf(wrlref::IMemoryBufferReference* r) {
    UINT32 capacity = 0;
    BYTE* data = nullptr;
    wrlref::IMemoryBufferByteAccess* access = nullptr;
    if (r->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)) == S_OK) {
        access->GetBuffer(&data, &capacity);
        access->Release();
    }
    return data;
}

// The buffer's open references in list order, as addresses for the manifest.
const uint64_t* OpenList(wrlref::MemoryBuffer* b) {
    static const void* list[16];
    static uint64_t values[16];
    UINT32 n = b->TestHook_OpenReferences(list, 16);
    for (UINT32 i = 0; i < n && i < 16; ++i) values[i] = reinterpret_cast<uintptr_t>(list[i]);
    return values;
}

void Buffer(target::Manifest& m, const char* name, const char* state, wrlref::MemoryBuffer* b, int index,
            const char* findings = "") {
    m.begin_object(name, "memory-buffer", BufferType, b, state)
        .field_hex("data", reinterpret_cast<uintptr_t>(g_blocks[index]))
        .field("capacity", static_cast<int32_t>(sizeof(g_blocks[index])))
        .field_bool("closed", b->TestHook_IsClosed())
        .field_bool("memoryFreed", b->TestHook_MemoryFreed())
        .field("openReferences", static_cast<int32_t>(b->TestHook_OpenReferenceCount()))
        .field_hex("state", reinterpret_cast<uintptr_t>(b->TestHook_State())) // remembered: the dump captures what the stack names
        .field_hex_list("references", OpenList(b), static_cast<int>(b->TestHook_OpenReferenceCount()))
        .field("refCount", b->TestHook_RefCount())
        .field("deleterCalls", g_freed[index])
        .field_bool("raisesClosedOnRelease", b->TestHook_RaisesClosedOnRelease())
        .field_str("findings", findings)
        .end_object();
}

// Leaves the entry open: the caller may add fields, then end_object().
target::Manifest& Reference(target::Manifest& m, const char* name, const char* state, wrlref::IMemoryBufferReference* r,
                            const char* findings = "") {
    auto* impl = static_cast<wrlref::MemoryBufferReference*>(r);
    UINT32 capacity = 0;
    r->get_Capacity(&capacity);
    BYTE* data = DataOf(r);
    return m.begin_object(name, "memory-buffer-reference", ReferenceType, impl, state)
        .field_hex("data", reinterpret_cast<uintptr_t>(data))
        .field("capacity", static_cast<int32_t>(capacity))
        .field_bool("open", impl->TestHook_IsOpen())
        .field_bool("closedRaised", impl->TestHook_ClosedRaised())
        .field("handlers", static_cast<int32_t>(impl->TestHook_HandlerCount()))
        .field("refCount", impl->TestHook_RefCount())
        .field_hex("buffer", reinterpret_cast<uintptr_t>(impl->TestHook_Buffer())) // its buffer object
        .field_bool("bufferDestroyed", impl->TestHook_BufferDestroyed())
        .field_hex("state", reinterpret_cast<uintptr_t>(impl->TestHook_State()))
        .field_hex("handedOut", reinterpret_cast<uintptr_t>(impl->TestHook_HandedOut()), false)
        .field_bool("raisesClosedOnRelease", impl->TestHook_RaisesClosedOnRelease())
        .field_str("findings", findings);
}
}  // namespace

const char* ScenarioModuleName() { return "memory_buffers"; }

void RunScenario(target::Manifest& m) {
    wrlref::TestHook_SetFreeInterceptor(&KeepFreed, nullptr);
    wrlref::IMemoryBufferReference* r = nullptr;

    // Open, with three references.
    wrlref::MemoryBuffer* open = NewBuffer(0);
    for (int i = 0; i < 3; ++i) { open->CreateReference(&r); Keep(r); }
    Buffer(m, "buffer-open", "open", open, 0);
    Reference(m, "reference-open", "open", g_refs[0]).end_object();

    // Closed with two references outstanding: the memory must still be there.
    wrlref::MemoryBuffer* closed = NewBuffer(1);
    closed->CreateReference(&r);
    wrlref::IMemoryBufferReference* outstanding = Keep(r);
    closed->CreateReference(&r);
    Keep(r);
    closed->Close();
    Buffer(m, "buffer-closed-with-references", "closed-with-references", closed, 1, "buffer-pinned-after-close");
    Reference(m, "reference-outstanding", "open-after-buffer-closed", outstanding, "reference-pins-closed-buffer").end_object();

    // CreateReference after Close: an empty reference (capacity 0, null data).
    closed->CreateReference(&r);
    Reference(m, "reference-empty", "empty", Keep(r)).end_object();

    // A Closed handler registered on an open reference.
    wrlref::MemoryBuffer* watched = NewBuffer(2);
    watched->CreateReference(&r);
    EventRegistrationToken token{};
    r->add_Closed(&g_handler, &token);
    Buffer(m, "buffer-watched", "open", watched, 2);
    Reference(m, "reference-with-closed-handler", "open-with-handler", Keep(r))
        .field_hex("closedHandler", reinterpret_cast<uintptr_t>(&g_handler), false)
        .field_str("closedHandlerVfTable", "memory_buffers!ClosedEventCounter::`vftable'")
        .end_object();

    // Everything released: buffer closed, the reference closed, every COM reference dropped.
    wrlref::MemoryBuffer* released = NewBuffer(3);
    released->CreateReference(&r);
    static_cast<wrlref::MemoryBufferReference*>(r)->Close();
    r->Release();
    released->Close();
    // Read the state before the last Release: the object's memory stays (free interceptor) but its
    // methods must not run after destruction.
    Buffer(m, "buffer-released", "released", released, 3);
    released->Release();

    // A closed reference whose consumer kept a pointer into the block; the buffer closed after it, so
    // the memory went back and the pointer dangles.
    wrlref::MemoryBuffer* abandoned = NewBuffer(4);
    abandoned->CreateReference(&r);
    wrlref::IMemoryBufferReference* closedReference = Keep(r);
    g_staleData = DataOf(closedReference) + 16;
    static_cast<wrlref::MemoryBufferReference*>(closedReference)->Close();
    abandoned->Close();
    Buffer(m, "buffer-abandoned", "released", abandoned, 4);
    Reference(m, "reference-closed-data-kept", "closed", closedReference, "data-pointer-left-in-closed-reference")
        .field_hex("staleDataHolder", reinterpret_cast<uintptr_t>(&g_staleData), false)
        .end_object();

    // The buffer object released without Close while a reference is open: it closes silently and is
    // gone; the reference pins the memory (a leak unless its owner closes it).
    wrlref::MemoryBuffer* dropped = NewBuffer(5);
    dropped->CreateReference(&r);
    wrlref::IMemoryBufferReference* orphan = Keep(r);
    dropped->Release();
    Reference(m, "reference-outlived-buffer", "open-after-buffer-closed", orphan,
              "reference-pins-closed-buffer,reference-outlives-buffer").end_object();

    // A Closed handler on an implementation that raises Closed when a reference is released.
    wrlref::MemoryBuffer* lastGasp = NewBuffer(6, wrlref::MemoryBufferOptions::RaiseClosedOnRelease);
    lastGasp->CreateReference(&r);
    EventRegistrationToken lastGaspToken{};
    r->add_Closed(&g_handler, &lastGaspToken);
    Buffer(m, "buffer-raises-closed-on-release", "open", lastGasp, 6, "closed-raised-on-release");
    Reference(m, "reference-handler-raised-on-release", "open-with-handler", Keep(r), "closed-raised-on-release")
        .field_hex("closedHandler", reinterpret_cast<uintptr_t>(&g_handler), false)
        .field_str("closedHandlerVfTable", "memory_buffers!ClosedEventCounter::`vftable'")
        .end_object();
}
