// IMemoryBuffer / IMemoryBufferReference (docs/winrt-internals.md §8; semantics at the top of
// memory_buffer.h).
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "check.h"
#include "memory_buffer.h"
#include "test_interfaces.h"

using namespace wrlref;

namespace {

struct DeleterLog {
    std::atomic<int> calls{0};
    BYTE* data = nullptr;
    UINT32 capacity = 0;
};

void log_deleter(void* context, BYTE* data, UINT32 capacity) {
    auto* log = static_cast<DeleterLog*>(context);
    log->data = data;
    log->capacity = capacity;
    ++log->calls;
}

// A Closed handler that counts calls and runs an optional action inside Invoke.
struct Handler final : ITypedEventHandler_MemoryBufferReference {
    std::atomic<LONG> refs{1};
    std::atomic<int> calls{0};
    IMemoryBufferReference* lastSender = nullptr;
    bool argsWereNull = true;
    std::function<void(IMemoryBufferReference*)> action;

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
        if (riid == IID_IUnknown || riid == IID_ITypedEventHandler_MemoryBufferReference) {
            *ppv = this;
            AddRef();
            return S_OK;
        }
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return static_cast<ULONG>(++refs); }
    ULONG STDMETHODCALLTYPE Release() override {
        LONG remaining = --refs;
        if (remaining == 0) delete this;
        return static_cast<ULONG>(remaining);
    }
    HRESULT STDMETHODCALLTYPE Invoke(IMemoryBufferReference* sender, IInspectable* args) override {
        ++calls;
        lastSender = sender;
        argsWereNull = argsWereNull && args == nullptr;
        if (action) action(sender);
        return S_OK;
    }
};

MemoryBufferReference* concrete(IMemoryBufferReference* r) { return static_cast<MemoryBufferReference*>(r); }

IMemoryBufferReference* make_reference(MemoryBuffer* buffer) {
    IMemoryBufferReference* r = nullptr;
    CHECK_EQ(buffer->CreateReference(&r), S_OK);
    return r;
}

EventRegistrationToken subscribe(IMemoryBufferReference* r, Handler* h) {
    EventRegistrationToken token{};
    CHECK_EQ(r->add_Closed(h, &token), S_OK);
    return token;
}

BYTE g_block[64];

} // namespace

TEST_CASE(memory_buffer_basics) {
    DeleterLog log;
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, sizeof(g_block), &log_deleter, &log);
    CHECK(buffer != nullptr);
    IMemoryBufferReference* r = make_reference(buffer);
    UINT32 capacity = 0;
    CHECK_EQ(r->get_Capacity(&capacity), S_OK);
    CHECK_EQ(capacity, 64u);
    IMemoryBufferByteAccess* access = nullptr;
    CHECK_EQ(r->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)), S_OK);
    BYTE* data = nullptr;
    CHECK_EQ(access->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == g_block);
    CHECK_EQ(capacity, 64u);
    access->Release();
    // IMemoryBufferByteAccess on the buffer itself (CustomMemoryBuffer style).
    CHECK_EQ(buffer->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == g_block);
    CHECK_EQ(capacity, 64u);
    CHECK_EQ(buffer->TestHook_Holds(), 2);
    CHECK_EQ(buffer->TestHook_OpenReferenceCount(), 1u);
    // Null out-params.
    CHECK_EQ(buffer->CreateReference(nullptr), E_POINTER);
    CHECK_EQ(r->get_Capacity(nullptr), E_POINTER);
    CHECK_EQ(concrete(r)->GetBuffer(nullptr, &capacity), E_POINTER);
    CHECK_EQ(concrete(r)->GetBuffer(&data, nullptr), E_POINTER);
    CHECK_EQ(buffer->GetBuffer(nullptr, &capacity), E_POINTER);
    EventRegistrationToken token{};
    CHECK_EQ(r->add_Closed(nullptr, &token), E_INVALIDARG);
    Handler* h = new Handler;
    CHECK_EQ(r->add_Closed(h, nullptr), E_POINTER);
    CHECK_EQ(h->refs.load(), 1);
    h->Release();
    IMemoryBuffer* abi = nullptr;
    CHECK_EQ(CreateMemoryBuffer(g_block, 8, nullptr, nullptr, nullptr), E_POINTER);
    CHECK_EQ(CreateMemoryBuffer(g_block, 8, nullptr, nullptr, &abi), S_OK);
    abi->Release();

    r->Release();
    CHECK_EQ(log.calls.load(), 0);
    buffer->Release();
    CHECK_EQ(log.calls.load(), 1);
    CHECK(log.data == g_block);
    CHECK_EQ(log.capacity, 64u);
}

TEST_CASE(memory_buffer_query_interface_tables) {
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 16, nullptr, nullptr);
    IMemoryBufferReference* r = make_reference(buffer);
    IUnknown* bufferIdentity = nullptr;
    IUnknown* refIdentity = nullptr;
    CHECK_EQ(buffer->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&bufferIdentity)), S_OK);
    CHECK_EQ(r->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&refIdentity)), S_OK);

    const IID* bufferYes[] = {&IID_IUnknown, &IID_IInspectable, &IID_IMemoryBuffer, &IID_IClosable,
                              &IID_IMemoryBufferByteAccess, &IID_IAgileObject};
    const IID* bufferNo[] = {&IID_IMemoryBufferReference, &IID_IWeakReferenceSource, &IID_IWeakReference,
                             &IID_IMarshal, &IID_ITypedEventHandler_MemoryBufferReference, &IID_Nobody};
    const IID* refYes[] = {&IID_IUnknown, &IID_IInspectable, &IID_IMemoryBufferReference, &IID_IClosable,
                           &IID_IMemoryBufferByteAccess, &IID_IAgileObject};
    const IID* refNo[] = {&IID_IMemoryBuffer, &IID_IWeakReferenceSource, &IID_IWeakReference, &IID_IMarshal,
                          &IID_ITypedEventHandler_MemoryBufferReference, &IID_Nobody};
    for (const IID* iid : bufferYes) {
        void* p = nullptr;
        CHECK_EQ(buffer->QueryInterface(*iid, &p), S_OK);
        CHECK(p != nullptr);
        // COM identity: QI for IUnknown from any interface gives the same pointer.
        IUnknown* again = nullptr;
        CHECK_EQ(static_cast<IUnknown*>(p)->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&again)), S_OK);
        CHECK(again == bufferIdentity);
        again->Release();
        static_cast<IUnknown*>(p)->Release();
    }
    for (const IID* iid : bufferNo) {
        void* p = reinterpret_cast<void*>(1);
        CHECK_EQ(buffer->QueryInterface(*iid, &p), E_NOINTERFACE);
        CHECK(p == nullptr);
    }
    for (const IID* iid : refYes) {
        void* p = nullptr;
        CHECK_EQ(r->QueryInterface(*iid, &p), S_OK);
        IUnknown* again = nullptr;
        CHECK_EQ(static_cast<IUnknown*>(p)->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&again)), S_OK);
        CHECK(again == refIdentity);
        again->Release();
        static_cast<IUnknown*>(p)->Release();
    }
    for (const IID* iid : refNo) {
        void* p = reinterpret_cast<void*>(1);
        CHECK_EQ(r->QueryInterface(*iid, &p), E_NOINTERFACE);
        CHECK(p == nullptr);
    }
    CHECK_EQ(buffer->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
    CHECK_EQ(r->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
    // IClosable from the byte-access interface closes the reference.
    IClosable* closable = nullptr;
    CHECK_EQ(r->QueryInterface(IID_IClosable, reinterpret_cast<void**>(&closable)), S_OK);
    CHECK_EQ(closable->Close(), S_OK);
    CHECK(!concrete(r)->TestHook_IsOpen());
    closable->Release();
    CHECK_EQ(concrete(r)->TestHook_RefCount(), 2);
    CHECK_EQ(buffer->TestHook_RefCount(), 2);
    bufferIdentity->Release();
    refIdentity->Release();
    r->Release();
    buffer->Release();
}

TEST_CASE(memory_buffer_empty_reference_after_close) {
    DeleterLog log;
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 32, &log_deleter, &log);
    CHECK_EQ(buffer->Close(), S_OK);
    CHECK_EQ(log.calls.load(), 1); // nobody else held the block
    BYTE* data = g_block;
    UINT32 capacity = 99;
    CHECK_EQ(buffer->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == nullptr);
    CHECK_EQ(capacity, 0u);
    IMemoryBufferReference* empty = make_reference(buffer); // CreateReference still succeeds
    CHECK(empty != nullptr);
    CHECK(!concrete(empty)->TestHook_IsOpen());
    CHECK_EQ(empty->get_Capacity(&capacity), S_OK);
    CHECK_EQ(capacity, 0u);
    data = g_block;
    capacity = 99;
    CHECK_EQ(concrete(empty)->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == nullptr);
    CHECK_EQ(capacity, 0u);
    Handler* h = new Handler;
    EventRegistrationToken token = subscribe(empty, h);
    CHECK(token.value != 0);
    CHECK_EQ(h->refs.load(), 1); // not kept: it could never fire
    CHECK_EQ(empty->remove_Closed(token), S_OK);
    IClosable* closable = nullptr;
    CHECK_EQ(empty->QueryInterface(IID_IClosable, reinterpret_cast<void**>(&closable)), S_OK);
    CHECK_EQ(closable->Close(), S_OK);
    closable->Release();
    CHECK_EQ(buffer->Close(), S_OK); // second Close: no-op
    empty->Release();
    buffer->Release();
    CHECK_EQ(h->calls.load(), 0);
    CHECK_EQ(log.calls.load(), 1);
    h->Release();
}

TEST_CASE(memory_buffer_references_name_their_buffer) {
    // What a debugger walks from a reference: the shared state's pointer to the buffer object, and whether that
    // object was destroyed (closing it is not enough: the object still exists).
    DeleterLog log;
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 16, &log_deleter, &log);
    IMemoryBufferReference* r = make_reference(buffer);
    CHECK(concrete(r)->TestHook_Buffer() == static_cast<const void*>(buffer));
    CHECK_EQ(buffer->Close(), S_OK);
    CHECK(!concrete(r)->TestHook_BufferDestroyed());
    const void* where = buffer;
    buffer->Release();
    CHECK(concrete(r)->TestHook_Buffer() == where);
    CHECK(concrete(r)->TestHook_BufferDestroyed());
    CHECK_EQ(log.calls.load(), 0); // r is still open: the block stays
    r->Release();
    CHECK_EQ(log.calls.load(), 1);
}

TEST_CASE(memory_buffer_deleter_exactly_once_in_every_order) {
    // Buffer + 3 references; every order of ending them, each ended by Close or by final Release.
    // The deleter must run exactly once, right when the last one ends; Closed fires exactly for the
    // references still open at an explicit buffer Close.
    int cases = 0;
    int order[4] = {0, 1, 2, 3}; // 0 = buffer, 1..3 = references
    do {
        for (int how = 0; how < 16; ++how) { // bit i set: object i ends by Close (else by Release)
            ++cases;
            DeleterLog log;
            MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 64, &log_deleter, &log);
            IMemoryBufferReference* refs[4] = {nullptr, make_reference(buffer), make_reference(buffer),
                                               make_reference(buffer)};
            Handler* handlers[4] = {nullptr, new Handler, new Handler, new Handler};
            for (int i = 1; i < 4; ++i) subscribe(refs[i], handlers[i]);
            bool ended[4] = {false, false, false, false};
            bool bufferExplicitlyClosedBefore[4] = {false, false, false, false};
            for (int step = 0; step < 4; ++step) {
                int who = order[step];
                CHECK_EQ(log.calls.load(), 0);
                bool byClose = (how >> who) & 1;
                if (who == 0) {
                    if (byClose) {
                        buffer->Close();
                        for (int i = 1; i < 4; ++i) bufferExplicitlyClosedBefore[i] = !ended[i];
                    } else {
                        buffer->Release();
                        buffer = nullptr;
                    }
                } else if (byClose) {
                    IClosable* closable = nullptr;
                    CHECK_EQ(refs[who]->QueryInterface(IID_IClosable, reinterpret_cast<void**>(&closable)), S_OK);
                    closable->Close();
                    closable->Release();
                } else {
                    refs[who]->Release();
                    refs[who] = nullptr;
                }
                ended[who] = true;
            }
            CHECK_EQ(log.calls.load(), 1);
            for (int i = 1; i < 4; ++i) {
                CHECK_EQ(handlers[i]->calls.load(), bufferExplicitlyClosedBefore[i] ? 1 : 0);
                if (refs[i] != nullptr) refs[i]->Release();
            }
            if (buffer != nullptr) buffer->Release();
            CHECK_EQ(log.calls.load(), 1);
            for (int i = 1; i < 4; ++i) {
                CHECK_EQ(handlers[i]->refs.load(), 1); // released by the references
                handlers[i]->Release();
            }
        }
    } while (std::next_permutation(order, order + 4));
    CHECK_EQ(cases, 24 * 16);
}

TEST_CASE(memory_buffer_closed_event_semantics) {
    DeleterLog log;
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 48, &log_deleter, &log);
    IMemoryBufferReference* a = make_reference(buffer);
    IMemoryBufferReference* b = make_reference(buffer);
    IMemoryBufferReference* removed = make_reference(buffer);
    IMemoryBufferReference* closedFirst = make_reference(buffer);

    // Handler on `a`: the reference and the buffer are fully usable during Closed.
    Handler* ha = new Handler;
    bool sawValidBuffer = false;
    bool bufferAlreadyClosed = false;
    bool reentrantCloseOk = false;
    ha->action = [&](IMemoryBufferReference* sender) {
        BYTE* data = nullptr;
        UINT32 capacity = 0;
        concrete(sender)->GetBuffer(&data, &capacity);
        UINT32 reported = 0;
        sender->get_Capacity(&reported);
        sawValidBuffer = data == g_block && capacity == 48 && reported == 48;
        IMemoryBufferReference* late = nullptr;
        buffer->CreateReference(&late); // the buffer is closed already: empty
        UINT32 lateCapacity = 1;
        late->get_Capacity(&lateCapacity);
        bufferAlreadyClosed = lateCapacity == 0;
        late->Release();
        reentrantCloseOk = buffer->Close() == S_OK; // no deadlock, no second raise
        // Lifetime extension: keep the sender past the handler.
        sender->AddRef();
    };
    subscribe(a, ha);
    // Handlers on `b`: more than the inline snapshot size; one closes the sender; one subscribes
    // another handler during the raise (not called: snapshot).
    std::vector<Handler*> hb;
    for (int i = 0; i < 10; ++i) {
        hb.push_back(new Handler);
        subscribe(b, hb.back());
    }
    Handler* lateSubscriber = new Handler;
    hb[3]->action = [&](IMemoryBufferReference* sender) { subscribe(sender, lateSubscriber); };
    hb[9]->action = [&](IMemoryBufferReference* sender) {
        IClosable* c = nullptr;
        sender->QueryInterface(IID_IClosable, reinterpret_cast<void**>(&c));
        c->Close();
        c->Release();
    };
    // A removed handler is not called.
    Handler* hr = new Handler;
    EventRegistrationToken token = subscribe(removed, hr);
    CHECK_EQ(hr->refs.load(), 2);
    CHECK_EQ(removed->remove_Closed(token), S_OK);
    CHECK_EQ(hr->refs.load(), 1);
    CHECK_EQ(removed->remove_Closed(token), S_OK); // unknown token: no-op
    // A reference closed before the buffer gets no event; its handler is released at its Close.
    Handler* hc = new Handler;
    subscribe(closedFirst, hc);
    CHECK_EQ(concrete(closedFirst)->Close(), S_OK);
    CHECK_EQ(hc->refs.load(), 1);
    CHECK_EQ(concrete(closedFirst)->TestHook_HandlerCount(), 0u);

    CHECK_EQ(buffer->Close(), S_OK);
    CHECK_EQ(ha->calls.load(), 1);
    CHECK(ha->lastSender == a);
    CHECK(ha->argsWereNull);
    CHECK(sawValidBuffer);
    CHECK(bufferAlreadyClosed);
    CHECK(reentrantCloseOk);
    for (Handler* h : hb) {
        CHECK_EQ(h->calls.load(), 1);
        CHECK(h->lastSender == b);
    }
    CHECK_EQ(lateSubscriber->calls.load(), 0);
    CHECK_EQ(hr->calls.load(), 0);
    CHECK_EQ(hc->calls.load(), 0);
    CHECK(concrete(a)->TestHook_ClosedRaised());
    CHECK(concrete(a)->TestHook_IsOpen()); // still valid until its owner closes it
    CHECK(!concrete(b)->TestHook_IsOpen()); // closed by its handler
    CHECK_EQ(log.calls.load(), 0);          // `a` and `removed` still hold the block
    // Second Close: no second raise.
    CHECK_EQ(buffer->Close(), S_OK);
    CHECK_EQ(ha->calls.load(), 1);

    CHECK_EQ(concrete(a)->TestHook_RefCount(), 2); // ours + the handler's extension
    a->Release();                                  // the handler's extension
    concrete(a)->Close();
    CHECK_EQ(log.calls.load(), 0);
    removed->Release(); // destroyed while open after buffer Close: no event, drops the last hold
    CHECK_EQ(log.calls.load(), 1);
    CHECK_EQ(hr->calls.load(), 0);
    a->Release();
    b->Release();
    closedFirst->Release();
    buffer->Release();
    CHECK_EQ(log.calls.load(), 1);
    CHECK_EQ(ha->refs.load(), 1);
    for (Handler* h : hb) {
        CHECK_EQ(h->refs.load(), 1);
        h->Release();
    }
    ha->Release();
    hr->Release();
    hc->Release();
    lateSubscriber->Release();
}

TEST_CASE(memory_buffer_closed_never_raised_from_destructors) {
    DeleterLog log;
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 8, &log_deleter, &log);
    IMemoryBufferReference* r1 = make_reference(buffer);
    IMemoryBufferReference* r2 = make_reference(buffer);
    Handler* h1 = new Handler;
    Handler* h2 = new Handler;
    subscribe(r1, h1);
    subscribe(r2, h2);
    r1->Release();     // reference destroyed while open: silent
    buffer->Release(); // buffer destroyed without Close while r2 is open: silent
    CHECK_EQ(h1->calls.load(), 0);
    CHECK_EQ(h2->calls.load(), 0);
    CHECK_EQ(log.calls.load(), 0);
    UINT32 capacity = 0;
    CHECK_EQ(r2->get_Capacity(&capacity), S_OK); // still valid: it holds the block
    CHECK_EQ(capacity, 8u);
    r2->Release();
    CHECK_EQ(h2->calls.load(), 0);
    CHECK_EQ(log.calls.load(), 1);
    CHECK_EQ(h1->refs.load(), 1);
    CHECK_EQ(h2->refs.load(), 1);
    h1->Release();
    h2->Release();
}

// MemoryBufferOptions::RaiseClosedOnRelease models the implementations that raise Closed when a reference
// is released (docs/winrt-internals.md §8.2/§8.3): once per open reference with handlers, with the sender
// still alive; a handler that keeps the sender extends its life; none for closed or handler-less ones.
TEST_CASE(memory_buffer_raise_closed_on_release_option) {
    DeleterLog log;
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 8, &log_deleter, &log, MemoryBufferOptions::RaiseClosedOnRelease);
    IMemoryBufferReference* watched = make_reference(buffer);
    IMemoryBufferReference* quiet = make_reference(buffer);
    IMemoryBufferReference* closedFirst = make_reference(buffer);
    IMemoryBufferReference* kept = make_reference(buffer);
    CHECK(concrete(watched)->TestHook_RaisesClosedOnRelease());
    Handler* h = new Handler;
    UINT32 capacityInHandler = 0;
    h->action = [&](IMemoryBufferReference* sender) { sender->get_Capacity(&capacityInHandler); };
    subscribe(watched, h);
    subscribe(closedFirst, h);
    watched->Release(); // last release while open with a handler: Closed first, then destroyed
    CHECK_EQ(h->calls.load(), 1);
    CHECK_EQ(capacityInHandler, 8u); // the sender was still whole
    CHECK_EQ(h->refs.load(), 2);     // closedFirst still holds it
    quiet->Release();                // no handler: silent
    CHECK_EQ(h->calls.load(), 1);
    static_cast<IClosable*>(concrete(closedFirst))->Close(); // closed: its handlers are dropped, nothing to raise
    closedFirst->Release();
    CHECK_EQ(h->calls.load(), 1);
    CHECK_EQ(h->refs.load(), 1);

    Handler* keeper = new Handler;
    IMemoryBufferReference* rescued = nullptr;
    keeper->action = [&](IMemoryBufferReference* sender) { sender->AddRef(); rescued = sender; };
    subscribe(kept, keeper);
    kept->Release(); // the handler keeps the sender: it lives on, still open
    CHECK_EQ(keeper->calls.load(), 1);
    CHECK(rescued == kept);
    CHECK(concrete(rescued)->TestHook_IsOpen());
    CHECK(concrete(rescued)->TestHook_ClosedRaised());
    buffer->Close(); // raised already: not again
    CHECK_EQ(keeper->calls.load(), 1);
    CHECK_EQ(log.calls.load(), 0); // rescued still pins the block
    rescued->Release(); // destroyed silently now
    CHECK_EQ(keeper->calls.load(), 1);
    buffer->Release();
    CHECK_EQ(log.calls.load(), 1);
    CHECK_EQ(keeper->refs.load(), 1);
    h->Release();
    keeper->Release();
}

// A reference keeps the last data pointer it handed out, after Close too (a record for debuggers); an
// empty reference hands out none.
TEST_CASE(memory_buffer_references_record_the_data_they_handed_out) {
    MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 16, nullptr, nullptr);
    IMemoryBufferReference* r = make_reference(buffer);
    CHECK(concrete(r)->TestHook_HandedOut() == nullptr);
    IMemoryBufferByteAccess* access = nullptr;
    CHECK_EQ(r->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)), S_OK);
    BYTE* data = nullptr;
    UINT32 capacity = 0;
    CHECK_EQ(access->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == g_block);
    static_cast<IClosable*>(concrete(r))->Close();
    CHECK_EQ(access->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == nullptr);
    CHECK(concrete(r)->TestHook_HandedOut() == g_block);
    access->Release();
    buffer->Close();
    IMemoryBufferReference* empty = make_reference(buffer);
    CHECK_EQ(empty->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)), S_OK);
    CHECK_EQ(access->GetBuffer(&data, &capacity), S_OK);
    CHECK(concrete(empty)->TestHook_HandedOut() == nullptr);
    access->Release();
    empty->Release();
    r->Release();
    buffer->Release();
}

TEST_CASE(memory_buffer_threads_create_and_close_references) {
    // Threads create, use and end references while the main thread closes the buffer. Each worker
    // runs until it has done its share AND seen the buffer closed (an empty reference), so the test
    // does not depend on how the scheduler interleaves the threads.
    DeleterLog log;
    static BYTE block[256];
    MemoryBuffer* buffer = MemoryBuffer::Create(block, sizeof(block), &log_deleter, &log);
    std::atomic<bool> go{false};
    std::atomic<int> bad{0};
    std::atomic<int> opened{0};
    std::atomic<int> empties{0};
    std::vector<Handler*> kept[4]; // checked after the buffer's Close returned: no raise holds them then
    auto worker = [&](int seed) {
        while (!go.load()) {
        }
        bool sawEmpty = false;
        for (int i = 0; i < 3000 || !sawEmpty; ++i) {
            if (i == 2000000) { // the buffer never closed: fail instead of hanging
                ++bad;
                break;
            }
            IMemoryBufferReference* r = nullptr;
            if (buffer->CreateReference(&r) != S_OK) {
                ++bad;
                continue;
            }
            Handler* h = new Handler;
            subscribe(r, h);
            BYTE* data = nullptr;
            UINT32 capacity = 0;
            concrete(r)->GetBuffer(&data, &capacity);
            if (data != nullptr) {
                ++opened;
                if (data != block || capacity != sizeof(block)) ++bad;
                data[seed * 64 + i % 64] = static_cast<BYTE>(i); // the block is live (own bytes per thread)
            } else {
                ++empties;
                sawEmpty = true;
                if (capacity != 0) ++bad;
            }
            if ((i + seed) % 2 == 0) concrete(r)->Close();
            // Without Close, the buffer's Close may still hold (and raise on) r after our Release.
            r->Release();
            if (h->calls.load() > 1) ++bad;                     // at most once per reference
            if (data == nullptr && h->calls.load() != 0) ++bad; // never for empty references
            kept[seed].push_back(h);
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(worker, t);
    go = true;
    while (opened.load() < 2000) std::this_thread::yield();
    buffer->Close();
    for (auto& t : threads) t.join();
    int stillHeld = 0;
    for (auto& handlers : kept)
        for (Handler* h : handlers) {
            if (h->refs.load() != 1) ++stillHeld; // every reference is closed or destroyed: none keeps h
            if (h->calls.load() > 1) ++bad;
            h->Release();
        }
    CHECK_EQ(bad.load(), 0);
    CHECK_EQ(stillHeld, 0);
    CHECK(opened.load() >= 2000);
    CHECK(empties.load() >= 4);
    CHECK_EQ(log.calls.load(), 1);
    CHECK_EQ(buffer->TestHook_Holds(), 0);
    CHECK_EQ(buffer->TestHook_OpenReferenceCount(), 0u);
    buffer->Release();
    CHECK_EQ(log.calls.load(), 1);
}

TEST_CASE(memory_buffer_concurrent_close_raises_once) {
    // References open on several threads; two threads Close the buffer at once. Each reference's
    // Closed fires exactly once; the deleter runs once, after the last reference closes.
    for (int round = 0; round < 50; ++round) {
        DeleterLog log;
        MemoryBuffer* buffer = MemoryBuffer::Create(g_block, 64, &log_deleter, &log);
        const int kRefs = 8;
        IMemoryBufferReference* refs[kRefs];
        Handler* handlers[kRefs];
        for (int i = 0; i < kRefs; ++i) {
            refs[i] = make_reference(buffer);
            handlers[i] = new Handler;
            subscribe(refs[i], handlers[i]);
            if (i % 2 == 0) // some handlers close their sender from another thread's raise
                handlers[i]->action = [](IMemoryBufferReference* sender) { concrete(sender)->Close(); };
        }
        std::atomic<bool> go{false};
        std::thread c1([&] {
            while (!go.load()) {
            }
            buffer->Close();
        });
        std::thread c2([&] {
            while (!go.load()) {
            }
            buffer->Close();
        });
        std::thread closer([&] { // closes odd references concurrently with the raise
            while (!go.load()) {
            }
            for (int i = 1; i < kRefs; i += 2) concrete(refs[i])->Close();
        });
        go = true;
        c1.join();
        c2.join();
        closer.join();
        for (int i = 0; i < kRefs; ++i) {
            int calls = handlers[i]->calls.load();
            if (i % 2 == 0)
                CHECK_EQ(calls, 1); // open until its own handler closed it
            else
                CHECK(calls <= 1); // raced with its owner's Close
        }
        CHECK_EQ(log.calls.load(), 1);
        for (int i = 0; i < kRefs; ++i) {
            refs[i]->Release();
            handlers[i]->Release();
        }
        buffer->Release();
        CHECK_EQ(log.calls.load(), 1);
    }
}
