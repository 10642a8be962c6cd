// memory_buffers: the IMemoryBuffer pattern over caller-provided blocks in every state a leak hunt
// meets: open with several references, closed with references outstanding, an empty reference
// created after Close, a Closed handler registered, and everything released (memory freed).
#include "manifest.h"
#include "memory_buffer.h"

namespace {
bool KeepFreed(void*, void*) { return true; }  // released objects stay readable, as unreused heap memory does

// The blocks the buffers wrap; the deleter records which were freed (and how often).
BYTE g_blocks[4][256];
int g_freed[4];
void CountingDeleter(void* context, BYTE*, UINT32) { ++g_freed[reinterpret_cast<uintptr_t>(context)]; }

// A Closed handler that only counts (it never keeps the sender: the hazard of docs/winrt-internals.md §8.2).
struct CountingHandler final : wrlref::ITypedEventHandler_MemoryBufferReference {
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
CountingHandler g_handler;

wrlref::IMemoryBufferReference* g_refs[16];
int g_refCount;
wrlref::IMemoryBufferReference* Keep(wrlref::IMemoryBufferReference* r) { g_refs[g_refCount++] = r; return r; }

const char* const BufferType = "wrlref::MemoryBuffer";
const char* const ReferenceType = "wrlref::MemoryBufferReference";

wrlref::MemoryBuffer* NewBuffer(int index) {
    return wrlref::MemoryBuffer::Create(g_blocks[index], sizeof(g_blocks[index]), &CountingDeleter,
                                        reinterpret_cast<void*>(static_cast<uintptr_t>(index)));
}

// The buffer's open references in list order, as addresses for the manifest.
const uint64_t* OpenList(wrlref::MemoryBuffer* b) {
    static const void* list[16];
    static uint64_t values[16];
    UINT32 n = b->TestHook_OpenReferences(list, 16);
    for (UINT32 i = 0; i < n && i < 16; ++i) values[i] = reinterpret_cast<uintptr_t>(list[i]);
    return values;
}

void Buffer(target::Manifest& m, const char* name, const char* state, wrlref::MemoryBuffer* b, int index) {
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
        .end_object();
}

void Reference(target::Manifest& m, const char* name, const char* state, wrlref::IMemoryBufferReference* r) {
    auto* impl = static_cast<wrlref::MemoryBufferReference*>(r);
    UINT32 capacity = 0;
    BYTE* data = nullptr;
    wrlref::IMemoryBufferByteAccess* access = nullptr;
    if (r->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)) == S_OK) {
        access->GetBuffer(&data, &capacity);
        access->Release();
    }
    m.begin_object(name, "memory-buffer-reference", ReferenceType, impl, state)
        .field_hex("data", reinterpret_cast<uintptr_t>(data))
        .field("capacity", static_cast<int32_t>(capacity))
        .field_bool("open", impl->TestHook_IsOpen())
        .field_bool("closedRaised", impl->TestHook_ClosedRaised())
        .field("handlers", static_cast<int32_t>(impl->TestHook_HandlerCount()))
        .field("refCount", impl->TestHook_RefCount())
        .field_hex("buffer", reinterpret_cast<uintptr_t>(impl->TestHook_Buffer())) // its buffer object
        .field_bool("bufferDestroyed", impl->TestHook_BufferDestroyed())
        .field_hex("state", reinterpret_cast<uintptr_t>(impl->TestHook_State()))
        .end_object();
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
    Reference(m, "reference-open", "open", g_refs[0]);

    // Closed with two references outstanding: the memory must still be there.
    wrlref::MemoryBuffer* closed = NewBuffer(1);
    closed->CreateReference(&r);
    wrlref::IMemoryBufferReference* outstanding = Keep(r);
    closed->CreateReference(&r);
    Keep(r);
    closed->Close();
    Buffer(m, "buffer-closed-with-references", "closed-with-references", closed, 1);
    Reference(m, "reference-outstanding", "open-after-buffer-closed", outstanding);

    // CreateReference after Close: an empty reference (capacity 0, null data).
    closed->CreateReference(&r);
    Reference(m, "reference-empty", "empty", Keep(r));

    // A Closed handler registered on an open reference.
    wrlref::MemoryBuffer* watched = NewBuffer(2);
    watched->CreateReference(&r);
    EventRegistrationToken token{};
    r->add_Closed(&g_handler, &token);
    Buffer(m, "buffer-watched", "open", watched, 2);
    Reference(m, "reference-with-closed-handler", "open-with-handler", Keep(r));

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
}
