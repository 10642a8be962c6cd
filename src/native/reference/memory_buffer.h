// memory_buffer.h — an IMemoryBuffer over a caller-provided block (docs/winrt-internals.md §8), shaped like
// Raymond Chen's CustomMemoryBuffer (S14; "Custom" column of §8.3). Our own code.
//
// Objects
//   MemoryBuffer           IMemoryBuffer + IClosable + IMemoryBufferByteAccess (on the buffer itself)
//   MemoryBufferReference  IMemoryBufferReference + IClosable + IMemoryBufferByteAccess
//   MemoryBufferState      shared, not COM: the block, its deleter, the lock, the open-reference list
// QI answers exactly: buffer {IUnknown, IInspectable, IMemoryBuffer, IClosable,
// IMemoryBufferByteAccess, IAgileObject}; reference {IUnknown, IInspectable, IMemoryBufferReference,
// IClosable, IMemoryBufferByteAccess, IAgileObject}; anything else E_NOINTERFACE; null out-param
// E_POINTER. No IWeakReferenceSource, no IMarshal.
//
// Lifetime rules (§8.1, §8.3)
//   * The block is freed — the deleter runs exactly once — when the buffer AND every reference are
//     closed or destroyed ("holds": 1 for the buffer + 1 per open reference).
//   * Buffer Close: later CreateReference calls succeed with an empty reference (capacity 0,
//     GetBuffer null/0); existing references stay valid until their owners close them.
//   * Releasing the last COM reference of a buffer or reference closes it implicitly.
//   * Thread-safe: one spin lock per buffer guards all state; no call-out happens under it.
//
// Closed event — chosen semantics, avoiding the hazards of §8.2:
//   * Raised only by an explicit IClosable::Close on the buffer, NEVER from a destructor (destroying
//     the buffer closes it silently), and never for empty references.
//   * At most once per reference, only for references still open when the buffer is closed; raised
//     while the reference and its memory are still valid (the reference stays open afterwards).
//   * The raiser holds a COM reference on the sender for the duration, snapshots (and AddRefs) the
//     handler list under the lock and invokes with the lock released, so handlers may call any method,
//     Close the sender, add/remove handlers, or keep references (lifetime extension is safe).
//   * Invoke(sender = the IMemoryBufferReference, args = null). A reference closed by another thread
//     between the snapshot and Invoke still gets the call (inherent race, §8.2); it is then empty.
//   * add_Closed on a closed reference succeeds but the handler is not kept (it can never fire).
//     remove_Closed of an unknown token is S_OK.
//   * Option RaiseClosedOnRelease models the implementations that raise Closed when a reference is
//     released ("MemoryBuffer", "FrameData", "Custom" columns of §8.3; §8.2's "last gasp"): the last
//     Release of an open reference with handlers raises Closed to them first, with the count held at 1;
//     a handler that keeps the sender extends its life (as Custom allows). The state records the option
//     so a debugger can warn about handlers registered there.
//
// Debugger records: the state keeps the buffer object and the option; a reference keeps the last data
// pointer it handed out (m_handedOut, never cleared), so a dump shows what a closed reference gave away.
#pragma once

#include "com.h"

namespace wrlref {

// Called once, when the block is no longer used by anyone.
typedef void (*MemoryBufferDeleter)(void* context, BYTE* data, UINT32 capacity);

enum class MemoryBufferOptions : UINT32 {
    None = 0,
    RaiseClosedOnRelease = 1, // see "Closed event" above
};

class MemoryBufferReference;
class MemoryBuffer;

class MemoryBufferState {
public:
    MemoryBufferState(BYTE* data, UINT32 capacity, MemoryBufferDeleter deleter, void* context) noexcept
        : m_data(data), m_capacity(capacity), m_deleter(deleter), m_context(context) {}

    void AddOwner() noexcept { atomic_add(&m_owners, static_cast<LONG>(1)); }
    void ReleaseOwner() noexcept {
        if (atomic_sub(&m_owners, static_cast<LONG>(1)) == 0) destroy(this);
    }
    // Call with the lock held; returns true (once) when the caller must FreeMemory() after unlocking.
    bool DropHoldLocked() noexcept {
        if (--m_holds != 0) return false;
        m_memoryFreed = true;
        return true;
    }
    void FreeMemory() noexcept { // outside the lock: the deleter is foreign code
        if (m_deleter != nullptr) m_deleter(m_context, m_data, m_capacity);
    }

    SpinLock m_lock;
    BYTE* m_data;
    UINT32 m_capacity;
    MemoryBufferDeleter m_deleter;
    void* m_context;
    volatile LONG m_owners = 1;                      // COM objects using this state (buffer + references)
    LONG m_holds = 1;                                // the buffer until closed + each open reference
    bool m_bufferClosed = false;                     // buffer closed (explicitly or by destruction)
    bool m_memoryFreed = false;                      // the last hold is gone: the deleter runs/ran
    bool m_bufferDestroyed = false;                  // the buffer object is gone (m_buffer still says where it was)
    bool m_raisesClosedOnRelease = false;            // MemoryBufferOptions::RaiseClosedOnRelease (fixed at creation)
    MemoryBufferReference* m_openReferences = nullptr; // doubly linked through the references
    MemoryBuffer* m_buffer = nullptr;                  // the buffer object (a debugger's way from a reference to it); never used once destroyed
};

// ---- the reference --------------------------------------------------------------------------------------
class MemoryBufferReference final : public IMemoryBufferReference, public IClosable, public IMemoryBufferByteAccess {
public:
    explicit MemoryBufferReference(MemoryBufferState* state) noexcept : m_state(state) { m_state->AddOwner(); }
    ~MemoryBufferReference() noexcept {
        CloseCore(); // silent: no Closed event from a destructor
        m_state->ReleaseOwner();
    }

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) noexcept {
        if (ppvObject == nullptr) return E_POINTER;
        if (riid == IID_IUnknown || riid == IID_IInspectable || riid == IID_IMemoryBufferReference || riid == IID_IAgileObject)
            *ppvObject = static_cast<IMemoryBufferReference*>(this);
        else if (riid == IID_IClosable)
            *ppvObject = static_cast<IClosable*>(this);
        else if (riid == IID_IMemoryBufferByteAccess)
            *ppvObject = static_cast<IMemoryBufferByteAccess*>(this);
        else {
            *ppvObject = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() noexcept { return static_cast<ULONG>(atomic_add(&m_refCount, static_cast<LONG>(1))); }
    ULONG STDMETHODCALLTYPE Release() noexcept {
        LONG remaining = atomic_sub(&m_refCount, static_cast<LONG>(1));
        if (remaining == 0 && !RaiseClosedOnLastRelease()) destroy(this);
        return static_cast<ULONG>(remaining);
    }
    // IInspectable
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* iidCount, IID** iids) noexcept { return inspectable_get_iids(iidCount, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) noexcept { return inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) noexcept { return inspectable_get_trust_level(level); }

    // IMemoryBufferReference
    HRESULT STDMETHODCALLTYPE get_Capacity(UINT32* value) noexcept {
        if (value == nullptr) return E_POINTER;
        SpinLockGuard guard(m_state->m_lock);
        *value = m_open ? m_state->m_capacity : 0;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE add_Closed(ITypedEventHandler_MemoryBufferReference* handler, EventRegistrationToken* cookie) noexcept {
        if (cookie == nullptr) return E_POINTER;
        cookie->value = 0;
        if (handler == nullptr) return E_INVALIDARG;
        SpinLockGuard guard(m_state->m_lock);
        INT64 token = ++m_lastToken;
        if (m_open) {
            if (m_handlerCount == m_handlerCapacity && !GrowHandlersLocked()) return E_OUTOFMEMORY;
            handler->AddRef(); // AddRef only bumps a count: safe under the lock
            m_handlers[m_handlerCount].handler = handler;
            m_handlers[m_handlerCount].token = token;
            ++m_handlerCount;
        }
        cookie->value = token;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE remove_Closed(EventRegistrationToken cookie) noexcept {
        ITypedEventHandler_MemoryBufferReference* removed = nullptr;
        {
            SpinLockGuard guard(m_state->m_lock);
            for (UINT32 i = 0; i < m_handlerCount; ++i) {
                if (m_handlers[i].token != cookie.value) continue;
                removed = m_handlers[i].handler;
                for (UINT32 j = i + 1; j < m_handlerCount; ++j) m_handlers[j - 1] = m_handlers[j];
                --m_handlerCount;
                break;
            }
        }
        if (removed != nullptr) removed->Release(); // outside the lock: may run arbitrary code
        return S_OK;
    }

    // IClosable
    HRESULT STDMETHODCALLTYPE Close() noexcept {
        CloseCore();
        return S_OK;
    }

    // IMemoryBufferByteAccess
    HRESULT STDMETHODCALLTYPE GetBuffer(BYTE** value, UINT32* capacity) noexcept {
        if (value == nullptr || capacity == nullptr) return E_POINTER;
        SpinLockGuard guard(m_state->m_lock);
        *value = m_open ? m_state->m_data : nullptr;
        *capacity = m_open ? m_state->m_capacity : 0;
        if (*value != nullptr) m_handedOut = *value;
        return S_OK;
    }

    // TEST SCAFFOLDING
    const void* TestHook_HandedOut() noexcept { SpinLockGuard guard(m_state->m_lock); return m_handedOut; }
    bool TestHook_RaisesClosedOnRelease() const noexcept { return m_state->m_raisesClosedOnRelease; }
    bool TestHook_IsOpen() noexcept { SpinLockGuard guard(m_state->m_lock); return m_open; }
    bool TestHook_ClosedRaised() noexcept { SpinLockGuard guard(m_state->m_lock); return m_closedRaised; }
    UINT32 TestHook_HandlerCount() noexcept { SpinLockGuard guard(m_state->m_lock); return m_handlerCount; }
    const void* TestHook_Buffer() noexcept { SpinLockGuard guard(m_state->m_lock); return m_state->m_buffer; }
    bool TestHook_BufferDestroyed() noexcept { SpinLockGuard guard(m_state->m_lock); return m_state->m_bufferDestroyed; }
    const void* TestHook_State() const noexcept { return m_state; }
    LONG TestHook_RefCount() const noexcept { return atomic_load(&m_refCount); }

private:
    friend class MemoryBuffer;

    struct HandlerEntry {
        ITypedEventHandler_MemoryBufferReference* handler;
        INT64 token;
    };

    // +1 unless already being destroyed (the buffer's Close may see a reference whose last Release
    // is in progress; it must not resurrect it).
    bool TryAddRef() noexcept {
        LONG current = atomic_load(&m_refCount);
        while (current != 0)
            if (atomic_cas(&m_refCount, current, current + 1)) return true;
        return false;
    }

    bool GrowHandlersLocked() noexcept {
        UINT32 capacity = m_handlerCapacity == 0 ? 4 : m_handlerCapacity * 2;
        HandlerEntry* grown = static_cast<HandlerEntry*>(mem_alloc(sizeof(HandlerEntry) * capacity));
        if (grown == nullptr) return false;
        for (UINT32 i = 0; i < m_handlerCount; ++i) grown[i] = m_handlers[i];
        mem_release(m_handlers); // private storage: never intercepted
        m_handlers = grown;
        m_handlerCapacity = capacity;
        return true;
    }

    // Close or destruction: invalidate, unlink, drop handlers and this reference's hold.
    void CloseCore() noexcept {
        HandlerEntry* handlers;
        UINT32 count;
        bool freeMemory = false;
        {
            SpinLockGuard guard(m_state->m_lock);
            handlers = m_handlers;
            count = m_handlerCount;
            m_handlers = nullptr;
            m_handlerCount = m_handlerCapacity = 0;
            if (m_open) {
                m_open = false;
                if (m_prev != nullptr) m_prev->m_next = m_next;
                else m_state->m_openReferences = m_next;
                if (m_next != nullptr) m_next->m_prev = m_prev;
                m_prev = m_next = nullptr;
                freeMemory = m_state->DropHoldLocked();
            }
        }
        for (UINT32 i = 0; i < count; ++i) handlers[i].handler->Release();
        mem_release(handlers);
        if (freeMemory) m_state->FreeMemory();
    }

    // RaiseClosedOnRelease: the count just reached 0. Raise Closed with the count held at 1 when the
    // reference is open with handlers; true when a handler kept the sender (it lives on; the next last
    // Release destroys it silently, m_closedRaised being set).
    bool RaiseClosedOnLastRelease() noexcept {
        if (!m_state->m_raisesClosedOnRelease) return false;
        {
            SpinLockGuard guard(m_state->m_lock);
            if (!m_open || m_closedRaised || m_handlerCount == 0) return false;
        }
        LONG zero = 0;
        if (!atomic_cas(&m_refCount, zero, static_cast<LONG>(1))) return true; // cannot happen: nobody else sees 0
        RaiseClosed();
        return atomic_sub(&m_refCount, static_cast<LONG>(1)) != 0;
    }

    // Called by the buffer's Close (which holds a COM reference on this object), or on the last Release.
    void RaiseClosed() noexcept {
        ITypedEventHandler_MemoryBufferReference* inlineSnapshot[4];
        ITypedEventHandler_MemoryBufferReference** snapshot = inlineSnapshot;
        UINT32 count = 0;
        {
            SpinLockGuard guard(m_state->m_lock);
            if (!m_open || m_closedRaised) return;
            m_closedRaised = true;
            if (m_handlerCount > 4) {
                snapshot = static_cast<ITypedEventHandler_MemoryBufferReference**>(
                    mem_alloc(sizeof(*snapshot) * m_handlerCount));
                if (snapshot == nullptr) return; // out of memory: the event is lost
            }
            for (; count < m_handlerCount; ++count) {
                snapshot[count] = m_handlers[count].handler;
                snapshot[count]->AddRef();
            }
        }
        for (UINT32 i = 0; i < count; ++i) {
            snapshot[i]->Invoke(static_cast<IMemoryBufferReference*>(this), nullptr);
            snapshot[i]->Release();
        }
        if (snapshot != inlineSnapshot) mem_release(snapshot);
    }

    volatile LONG m_refCount = 1;
    MemoryBufferState* m_state;
    // Guarded by m_state->m_lock:
    bool m_open = false;         // false for empty references (created after the buffer's Close)
    bool m_closedRaised = false;
    bool m_empty = false;        // created after the buffer's Close: never open (a closed one was); padding before m_prev
    MemoryBufferReference* m_prev = nullptr; // open list
    MemoryBufferReference* m_next = nullptr;
    MemoryBufferReference* m_raiseNext = nullptr; // the buffer's Close snapshot
    HandlerEntry* m_handlers = nullptr;
    UINT32 m_handlerCount = 0;
    UINT32 m_handlerCapacity = 0;
    INT64 m_lastToken = 0;
    const void* m_handedOut = nullptr; // the last data pointer GetBuffer gave (a record for debuggers, never used; kept after Close)
};

// ---- the buffer -------------------------------------------------------------------------------------------
class MemoryBuffer final : public IMemoryBuffer, public IClosable, public IMemoryBufferByteAccess {
public:
    // Wraps [data, data + capacity); `deleter(context, data, capacity)` runs once when nobody uses the
    // block any more (may be null). The caller owns one COM reference.
    static MemoryBuffer* Create(BYTE* data, UINT32 capacity, MemoryBufferDeleter deleter, void* context,
                                MemoryBufferOptions options = MemoryBufferOptions::None) noexcept {
        MemoryBufferState* state = create<MemoryBufferState>(data, capacity, deleter, context);
        if (state == nullptr) return nullptr;
        state->m_raisesClosedOnRelease = (static_cast<UINT32>(options) & static_cast<UINT32>(MemoryBufferOptions::RaiseClosedOnRelease)) != 0;
        MemoryBuffer* buffer = create<MemoryBuffer>(state);
        if (buffer == nullptr) destroy(state);
        else state->m_buffer = buffer; // before anyone else can see the state
        return buffer;
    }

    explicit MemoryBuffer(MemoryBufferState* state) noexcept : m_state(state) {}
    ~MemoryBuffer() noexcept {
        bool freeMemory = false;
        {
            SpinLockGuard guard(m_state->m_lock);
            m_state->m_bufferDestroyed = true; // references may outlive the buffer object
            if (!m_state->m_bufferClosed) { // silent close: never raise Closed from a destructor
                m_state->m_bufferClosed = true;
                freeMemory = m_state->DropHoldLocked();
            }
        }
        if (freeMemory) m_state->FreeMemory();
        m_state->ReleaseOwner();
    }

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) noexcept {
        if (ppvObject == nullptr) return E_POINTER;
        if (riid == IID_IUnknown || riid == IID_IInspectable || riid == IID_IMemoryBuffer || riid == IID_IAgileObject)
            *ppvObject = static_cast<IMemoryBuffer*>(this);
        else if (riid == IID_IClosable)
            *ppvObject = static_cast<IClosable*>(this);
        else if (riid == IID_IMemoryBufferByteAccess)
            *ppvObject = static_cast<IMemoryBufferByteAccess*>(this);
        else {
            *ppvObject = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() noexcept { return static_cast<ULONG>(atomic_add(&m_refCount, static_cast<LONG>(1))); }
    ULONG STDMETHODCALLTYPE Release() noexcept {
        LONG remaining = atomic_sub(&m_refCount, static_cast<LONG>(1));
        if (remaining == 0) destroy(this);
        return static_cast<ULONG>(remaining);
    }
    // IInspectable
    HRESULT STDMETHODCALLTYPE GetIids(ULONG* iidCount, IID** iids) noexcept { return inspectable_get_iids(iidCount, iids); }
    HRESULT STDMETHODCALLTYPE GetRuntimeClassName(HSTRING* name) noexcept { return inspectable_get_runtime_class_name(name); }
    HRESULT STDMETHODCALLTYPE GetTrustLevel(TrustLevel* level) noexcept { return inspectable_get_trust_level(level); }

    // IMemoryBuffer: always succeeds (but for out of memory); empty after Close.
    HRESULT STDMETHODCALLTYPE CreateReference(IMemoryBufferReference** reference) noexcept {
        if (reference == nullptr) return E_POINTER;
        *reference = nullptr;
        MemoryBufferReference* created = create<MemoryBufferReference>(m_state);
        if (created == nullptr) return E_OUTOFMEMORY;
        {
            SpinLockGuard guard(m_state->m_lock);
            if (m_state->m_bufferClosed) {
                created->m_empty = true;
            } else {
                created->m_open = true;
                ++m_state->m_holds;
                created->m_next = m_state->m_openReferences;
                if (created->m_next != nullptr) created->m_next->m_prev = created;
                m_state->m_openReferences = created;
            }
        }
        *reference = created;
        return S_OK;
    }

    // IClosable: raise Closed on each open reference (see the top of this file), then drop the
    // buffer's hold. A second Close is a no-op.
    HRESULT STDMETHODCALLTYPE Close() noexcept {
        MemoryBufferReference* toRaise = nullptr;
        {
            SpinLockGuard guard(m_state->m_lock);
            if (m_state->m_bufferClosed) return S_OK;
            m_state->m_bufferClosed = true;
            MemoryBufferReference** tail = &toRaise;
            for (MemoryBufferReference* r = m_state->m_openReferences; r != nullptr; r = r->m_next) {
                if (!r->TryAddRef()) continue; // being destroyed: closes itself silently
                r->m_raiseNext = nullptr;
                *tail = r;
                tail = &r->m_raiseNext;
            }
        }
        while (toRaise != nullptr) {
            MemoryBufferReference* r = toRaise;
            toRaise = r->m_raiseNext; // written once, under the lock, before we got here
            r->RaiseClosed();
            r->Release();
        }
        bool freeMemory;
        {
            SpinLockGuard guard(m_state->m_lock);
            freeMemory = m_state->DropHoldLocked();
        }
        if (freeMemory) m_state->FreeMemory();
        return S_OK;
    }

    // IMemoryBufferByteAccess on the buffer itself (like CustomMemoryBuffer); null/0 after Close.
    HRESULT STDMETHODCALLTYPE GetBuffer(BYTE** value, UINT32* capacity) noexcept {
        if (value == nullptr || capacity == nullptr) return E_POINTER;
        SpinLockGuard guard(m_state->m_lock);
        *value = m_state->m_bufferClosed ? nullptr : m_state->m_data;
        *capacity = m_state->m_bufferClosed ? 0 : m_state->m_capacity;
        return S_OK;
    }

    // TEST SCAFFOLDING
    bool TestHook_IsClosed() noexcept { SpinLockGuard guard(m_state->m_lock); return m_state->m_bufferClosed; }
    bool TestHook_MemoryFreed() noexcept { SpinLockGuard guard(m_state->m_lock); return m_state->m_memoryFreed; }
    LONG TestHook_Holds() noexcept { SpinLockGuard guard(m_state->m_lock); return m_state->m_holds; }
    UINT32 TestHook_OpenReferenceCount() noexcept { return TestHook_OpenReferences(nullptr, 0); }
    // The open list, in its order, into out[0..max); returns its whole length.
    UINT32 TestHook_OpenReferences(const void** out, UINT32 max) noexcept {
        SpinLockGuard guard(m_state->m_lock);
        UINT32 n = 0;
        for (MemoryBufferReference* r = m_state->m_openReferences; r != nullptr; r = r->m_next, ++n)
            if (n < max) out[n] = r;
        return n;
    }
    const void* TestHook_State() const noexcept { return m_state; }
    LONG TestHook_RefCount() const noexcept { return atomic_load(&m_refCount); }
    bool TestHook_RaisesClosedOnRelease() const noexcept { return m_state->m_raisesClosedOnRelease; }

private:
    volatile LONG m_refCount = 1;
    MemoryBufferState* m_state;
};

// Factory returning the ABI interface.
inline HRESULT CreateMemoryBuffer(BYTE* data, UINT32 capacity, MemoryBufferDeleter deleter, void* context,
                                  IMemoryBuffer** result, MemoryBufferOptions options = MemoryBufferOptions::None) noexcept {
    if (result == nullptr) return E_POINTER;
    MemoryBuffer* buffer = MemoryBuffer::Create(data, capacity, deleter, context, options);
    *result = buffer;
    return buffer != nullptr ? S_OK : E_OUTOFMEMORY;
}

} // namespace wrlref
