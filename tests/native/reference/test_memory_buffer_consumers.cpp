// The IMemoryBuffer consumer rules 1–6 of docs/winrt-internals.md §8.5, each checked twice against the
// reference implementation (memory_buffer.h): once as C++/WinRT code is written (RAII wrappers with
// CreateReference, data(), Capacity(), Close) and once as the raw COM calls C++/CX code makes
// (QueryInterface for IMemoryBufferByteAccess, GetBuffer, Release, Close). Only the ABI is used: the
// expectations come from the rules, the block's release is observed through the public deleter.
#include <utility>

#include "check.h"
#include "memory_buffer.h"

using namespace wrlref;

namespace {

constexpr UINT32 kSize = 40;

// The caller's block; `frees` counts the buffer's deleter calls (the rules expect exactly one).
struct Block {
    BYTE bytes[kSize] = {};
    int frees = 0;
    static void free(void* context, BYTE*, UINT32) { ++static_cast<Block*>(context)->frees; }
};

IMemoryBuffer* make_buffer(Block& block) {
    IMemoryBuffer* buffer = nullptr;
    CHECK_EQ(CreateMemoryBuffer(block.bytes, kSize, &Block::free, &block, &buffer), S_OK);
    return buffer;
}

// Counts Closed events; Invoke keeps no reference (rule 6: nothing to balance).
struct ClosedCounter final : ITypedEventHandler_MemoryBufferReference {
    LONG refs = 1;
    int raised = 0;
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
        *ppv = riid == IID_IUnknown || riid == IID_ITypedEventHandler_MemoryBufferReference ? this : nullptr;
        if (*ppv == nullptr) return E_NOINTERFACE;
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return static_cast<ULONG>(++refs); }
    ULONG STDMETHODCALLTYPE Release() override { return static_cast<ULONG>(--refs); } // lives on the stack
    HRESULT STDMETHODCALLTYPE Invoke(IMemoryBufferReference*, IInspectable*) override {
        ++raised;
        return S_OK;
    }
};

// ---- (a) the C++/WinRT shape: owning smart pointers, as<I>(), exceptions for failed HRESULTs -------------
namespace winrt_style {

struct hresult_error {
    HRESULT code;
};
void check_hresult(HRESULT hr) {
    if (hr < 0) throw hresult_error{hr};
}

template <class T>
class com_ptr {
public:
    com_ptr() = default;
    com_ptr(com_ptr&& other) noexcept : m_p(std::exchange(other.m_p, nullptr)) {}
    com_ptr& operator=(com_ptr&& other) noexcept {
        std::swap(m_p, other.m_p);
        return *this;
    }
    ~com_ptr() { reset(); }
    T* operator->() const { return m_p; }
    T* get() const { return m_p; }
    T** put() {
        reset();
        return &m_p;
    }
    void reset() {
        if (m_p != nullptr) std::exchange(m_p, nullptr)->Release();
    }
    template <class U>
    com_ptr<U> as() const { // QueryInterface that throws, like winrt::Windows::Foundation::IUnknown::as
        com_ptr<U> result;
        check_hresult(m_p->QueryInterface(iid_of<U>(), reinterpret_cast<void**>(result.put())));
        return result;
    }

private:
    T* m_p = nullptr;
};

// winrt::Windows::Foundation::IMemoryBufferReference with base.h's data() extension.
class MemoryBufferReference {
public:
    explicit MemoryBufferReference(com_ptr<IMemoryBufferReference>&& abi) : m_abi(std::move(abi)) {}
    UINT32 Capacity() const {
        UINT32 value = 0;
        check_hresult(m_abi->get_Capacity(&value));
        return value;
    }
    BYTE* data() const {
        BYTE* value = nullptr;
        UINT32 capacity = 0;
        check_hresult(m_abi.as<IMemoryBufferByteAccess>()->GetBuffer(&value, &capacity));
        return value;
    }
    void Close() const { check_hresult(m_abi.as<IClosable>()->Close()); }
    INT64 Closed(ITypedEventHandler_MemoryBufferReference* handler) const {
        EventRegistrationToken token{};
        check_hresult(m_abi->add_Closed(handler, &token));
        return token.value;
    }

private:
    com_ptr<IMemoryBufferReference> m_abi;
};

class MemoryBuffer {
public:
    explicit MemoryBuffer(IMemoryBuffer* attached) { *m_abi.put() = attached; }
    MemoryBufferReference CreateReference() const {
        com_ptr<IMemoryBufferReference> reference;
        check_hresult(m_abi->CreateReference(reference.put()));
        return MemoryBufferReference(std::move(reference));
    }
    void Close() const { check_hresult(m_abi.as<IClosable>()->Close()); }

private:
    com_ptr<IMemoryBuffer> m_abi;
};

} // namespace winrt_style

// ---- (b) the raw COM calls of C++/CX code ---------------------------------------------------------------
namespace com_style {

IMemoryBufferReference* create_reference(IMemoryBuffer* buffer) {
    IMemoryBufferReference* reference = nullptr;
    CHECK_EQ(buffer->CreateReference(&reference), S_OK);
    return reference;
}

// QI the reference for IMemoryBufferByteAccess, GetBuffer, Release the byte-access pointer.
std::pair<BYTE*, UINT32> get_buffer(IUnknown* reference) {
    IMemoryBufferByteAccess* access = nullptr;
    std::pair<BYTE*, UINT32> result{reinterpret_cast<BYTE*>(1), 0xFFFFFFFFu};
    CHECK_EQ(reference->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)), S_OK);
    if (access == nullptr) return result;
    CHECK_EQ(access->GetBuffer(&result.first, &result.second), S_OK);
    access->Release();
    return result;
}

UINT32 capacity(IMemoryBufferReference* reference) {
    UINT32 value = 0xFFFFFFFFu;
    CHECK_EQ(reference->get_Capacity(&value), S_OK);
    return value;
}

// What `delete` on a ^ (IClosable) compiles to: QI IClosable, Close, Release.
void close(IUnknown* object) {
    IClosable* closable = nullptr;
    CHECK_EQ(object->QueryInterface(IID_IClosable, reinterpret_cast<void**>(&closable)), S_OK);
    if (closable == nullptr) return;
    CHECK_EQ(closable->Close(), S_OK);
    closable->Release();
}

} // namespace com_style

// One buffer over a fresh block per test; ending it releases the buffer and expects the block released once.
struct WinrtCase {
    Block block;
    winrt_style::MemoryBuffer buffer{make_buffer(block)};
};
struct ComCase {
    Block block;
    IMemoryBuffer* buffer = make_buffer(block);
    IMemoryBufferReference* reference = com_style::create_reference(buffer);
    void end() {
        reference->Release();
        buffer->Release();
        CHECK_EQ(block.frees, 1);
    }
};

} // namespace

// Rule 1: the bytes are reached through a reference's IMemoryBufferByteAccess and are the buffer's block.
TEST_CASE(consumer_rule1_bytes_through_a_reference_winrt) {
    Block block;
    {
        winrt_style::MemoryBuffer buffer(make_buffer(block));
        auto writer = buffer.CreateReference();
        CHECK(writer.data() == block.bytes);
        CHECK_EQ(writer.Capacity(), kSize);
        writer.data()[kSize - 1] = 0x5A;
        CHECK_EQ(buffer.CreateReference().data()[kSize - 1], 0x5A); // the same memory, not a copy
    }
    CHECK_EQ(block.frees, 1);
}

TEST_CASE(consumer_rule1_bytes_through_a_reference_com) {
    ComCase c;
    IMemoryBufferByteAccess* access = nullptr;
    CHECK_EQ(c.reference->QueryInterface(IID_IMemoryBufferByteAccess, reinterpret_cast<void**>(&access)), S_OK);
    if (access == nullptr) return;
    BYTE* data = nullptr;
    UINT32 capacity = 0;
    CHECK_EQ(access->GetBuffer(&data, &capacity), S_OK);
    CHECK(data == c.block.bytes);
    CHECK_EQ(capacity, kSize);
    CHECK_EQ(com_style::capacity(c.reference), kSize);
    access->Release();
    c.end();
}

// Rule 2: each consumer owns its reference; closing one leaves the others' view intact.
TEST_CASE(consumer_rule2_one_reference_per_consumer_winrt) {
    WinrtCase c;
    auto mine = c.buffer.CreateReference();
    auto theirs = c.buffer.CreateReference();
    theirs.Close();
    CHECK(theirs.data() == nullptr);
    CHECK(mine.data() == c.block.bytes);
    CHECK_EQ(mine.Capacity(), kSize);
}

TEST_CASE(consumer_rule2_one_reference_per_consumer_com) {
    ComCase c; // c.reference is mine
    IMemoryBufferReference* theirs = com_style::create_reference(c.buffer);
    CHECK(theirs != c.reference);
    theirs->Release(); // the other consumer is done (the last Release closes its reference)
    CHECK(com_style::get_buffer(c.reference).first == c.block.bytes);
    CHECK_EQ(com_style::capacity(c.reference), kSize);
    c.end();
}

// Rule 3: after its reference is closed a pointer must not be used; asking again gives null, 0.
TEST_CASE(consumer_rule3_pointer_dies_with_its_reference_winrt) {
    WinrtCase c;
    auto reference = c.buffer.CreateReference();
    CHECK(reference.data() == c.block.bytes);
    reference.Close();
    CHECK(reference.data() == nullptr);
    CHECK_EQ(reference.Capacity(), 0u);
    reference.Close(); // a second Close is harmless
    CHECK(reference.data() == nullptr);
}

TEST_CASE(consumer_rule3_pointer_dies_with_its_reference_com) {
    ComCase c;
    CHECK(com_style::get_buffer(c.reference).first == c.block.bytes);
    com_style::close(c.reference);
    auto after = com_style::get_buffer(c.reference);
    CHECK(after.first == nullptr);
    CHECK_EQ(after.second, 0u);
    CHECK_EQ(com_style::capacity(c.reference), 0u);
    c.end();
}

// Rule 4: CreateReference after the buffer's Close succeeds with an empty reference: check before use.
TEST_CASE(consumer_rule4_empty_reference_after_buffer_close_winrt) {
    WinrtCase c;
    c.buffer.Close();
    CHECK_EQ(c.block.frees, 1); // nobody held the block: Close released it
    bool threw = false;
    try {
        auto late = c.buffer.CreateReference();
        CHECK_EQ(late.Capacity(), 0u);
        CHECK(late.data() == nullptr);
    } catch (const winrt_style::hresult_error&) {
        threw = true;
    }
    CHECK(!threw);
}

TEST_CASE(consumer_rule4_empty_reference_after_buffer_close_com) {
    ComCase c;
    c.reference->Release();
    com_style::close(c.buffer);
    c.reference = nullptr;
    CHECK_EQ(c.buffer->CreateReference(&c.reference), S_OK);
    CHECK(c.reference != nullptr);
    if (c.reference == nullptr) return;
    CHECK_EQ(com_style::capacity(c.reference), 0u);
    auto bytes = com_style::get_buffer(c.reference);
    CHECK(bytes.first == nullptr);
    CHECK_EQ(bytes.second, 0u);
    c.end();
}

// Rule 5: the block is released exactly once, only when the buffer and every reference are closed or
// released — explicit Close and the owner's last Release (destructor, `using`) both count.
TEST_CASE(consumer_rule5_block_freed_after_last_close_or_release_winrt) {
    Block block;
    {
        auto closedExplicitly = winrt_style::MemoryBuffer(make_buffer(block)).CreateReference();
        {
            winrt_style::MemoryBuffer buffer(make_buffer(block)); // second buffer over the same block
            auto released = buffer.CreateReference();
            buffer.Close();
            CHECK_EQ(block.frees, 0); // `released` still open
        }
        CHECK_EQ(block.frees, 1); // ~MemoryBufferReference released the last one of the second buffer
        CHECK(closedExplicitly.data() == block.bytes); // its buffer object is gone, the reference is not
        closedExplicitly.Close();
        CHECK_EQ(block.frees, 2);
    }
    CHECK_EQ(block.frees, 2);
}

TEST_CASE(consumer_rule5_block_freed_after_last_close_or_release_com) {
    ComCase c;
    IMemoryBufferReference* last = com_style::create_reference(c.buffer);
    c.buffer->Release(); // dropped without Close
    c.buffer = nullptr;
    CHECK_EQ(c.block.frees, 0);
    com_style::close(c.reference);
    CHECK_EQ(c.block.frees, 0);
    CHECK(com_style::get_buffer(last).first == c.block.bytes);
    last->Release();
    CHECK_EQ(c.block.frees, 1);
    c.reference->Release();
    CHECK_EQ(c.block.frees, 1);
}

// Rule 6: the owner closes its own reference; it does not wait for Closed, which need not come (here,
// like BitmapBuffer in §8.3, not when the buffer is released rather than closed).
TEST_CASE(consumer_rule6_no_reliance_on_closed_winrt) {
    Block block;
    ClosedCounter counter;
    {
        auto reference = winrt_style::MemoryBuffer(make_buffer(block)).CreateReference();
        CHECK(reference.Closed(&counter) != 0);
        CHECK_EQ(counter.raised, 0);
        CHECK_EQ(block.frees, 0);
        CHECK(reference.data() == block.bytes); // still ours to use and to end
    }
    CHECK_EQ(block.frees, 1);
    CHECK_EQ(counter.raised, 0);
    CHECK_EQ(counter.refs, 1); // the reference let go of the handler
}

TEST_CASE(consumer_rule6_no_reliance_on_closed_com) {
    ComCase c;
    ClosedCounter counter;
    EventRegistrationToken token{};
    CHECK_EQ(c.reference->add_Closed(&counter, &token), S_OK);
    c.buffer->Release();
    CHECK_EQ(counter.raised, 0);
    CHECK(com_style::get_buffer(c.reference).first == c.block.bytes);
    CHECK_EQ(c.reference->remove_Closed(token), S_OK);
    com_style::close(c.reference);
    CHECK_EQ(c.block.frees, 1);
    c.reference->Release();
    CHECK_EQ(counter.refs, 1);
}

// IMemoryBufferByteAccess is 5B0D3235-4DBA-4D44-865E-8F1D0E4FD04D (memorybuffer.h). The FBC4DD2D-… value
// copied between C# snippets is no interface: QI must fail and null the out-param (§7, §8.5).
TEST_CASE(consumer_copied_csharp_byte_access_iid_is_refused) {
    static constexpr IID copied = {0xFBC4DD2D, 0x245B, 0x11E4, {0xAF, 0x98, 0x68, 0x94, 0x23, 0x26, 0x0C, 0xF8}};
    static constexpr IID sdk = {0x5B0D3235, 0x4DBA, 0x4D44, {0x86, 0x5E, 0x8F, 0x1D, 0x0E, 0x4F, 0xD0, 0x4D}};
    CHECK(IID_IMemoryBufferByteAccess == sdk);
    ComCase c;
    for (IUnknown* object : {static_cast<IUnknown*>(c.reference), static_cast<IUnknown*>(c.buffer)}) {
        void* p = &c.block;
        CHECK_EQ(object->QueryInterface(copied, &p), E_NOINTERFACE);
        CHECK(p == nullptr);
        CHECK_EQ(object->QueryInterface(sdk, &p), S_OK);
        CHECK(p != nullptr);
        if (p != nullptr) static_cast<IUnknown*>(p)->Release();
    }
    c.end();
}
