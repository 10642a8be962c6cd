// platform.h — the few Windows types, atomics and allocation the reference headers need.
//
// Two worlds compile these headers:
//   * Windows test targets: clang --target={x86_64,i686}-pc-windows-msvc, -ffreestanding, no SDK,
//     no CRT, no STL (docs/linux-toolchain.md §4.2). Only clang's builtin <stdint.h>/<stddef.h> exist.
//   * Linux unit tests: g++ 12, -std=c++17 -Wall -Wextra -Werror.
// Nothing here may pull in an SDK or STL header on Windows.
#pragma once

#include <stddef.h>
#include <stdint.h>

#if !defined(_WIN32)
#include <sched.h>  // sched_yield in the spin lock (Linux only)
#include <stdlib.h> // malloc / free
#endif

// ---- integer types -------------------------------------------------------------------------------
// LONG/ULONG are 32-bit in both worlds. Under _WIN32 they are plain `long` so PDB types read
// `long` / `unsigned long` (dbgeng prints Int4B / Uint4B) exactly like the SDK's.
#if defined(_WIN32)
typedef long LONG;
typedef unsigned long ULONG;
typedef unsigned long DWORD;
#else
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
#endif
typedef LONG HRESULT;
typedef unsigned char BYTE;
typedef uint32_t UINT32;
typedef int32_t INT32;
typedef int64_t INT64;
typedef intptr_t INT_PTR;   // MSVC target: long long (x64) / int (x86), as the SDK
typedef uintptr_t UINT_PTR;
typedef int BOOL;

#ifndef STDMETHODCALLTYPE
#if defined(_WIN32) && !defined(_WIN64)
#define STDMETHODCALLTYPE __stdcall
#else
#define STDMETHODCALLTYPE
#endif
#endif

#ifndef WINAPI
#if defined(_WIN32) && !defined(_WIN64)
#define WINAPI __stdcall
#else
#define WINAPI
#endif
#endif

// Interfaces are never instantiated on their own: novtable keeps abstract vtables (and so _purecall)
// out of freestanding targets, as MIDL_INTERFACE does in the SDK.
#if defined(_WIN32)
#define WRLREF_NOVTABLE __declspec(novtable)
#else
#define WRLREF_NOVTABLE
#endif

// ---- GUID ----------------------------------------------------------------------------------------
struct GUID {
#if defined(_WIN32)
    unsigned long Data1;
#else
    uint32_t Data1;
#endif
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
};
typedef GUID IID;
typedef const IID& REFIID;

inline bool IsEqualGUID(const GUID& a, const GUID& b) noexcept {
    if (a.Data1 != b.Data1 || a.Data2 != b.Data2 || a.Data3 != b.Data3) return false;
    for (int i = 0; i < 8; ++i)
        if (a.Data4[i] != b.Data4[i]) return false;
    return true;
}
inline bool operator==(const GUID& a, const GUID& b) noexcept { return IsEqualGUID(a, b); }
inline bool operator!=(const GUID& a, const GUID& b) noexcept { return !IsEqualGUID(a, b); }

// ---- HRESULTs --------------------------------------------------------------------------------------
inline constexpr HRESULT S_OK = 0;
inline constexpr HRESULT S_FALSE = 1;
inline constexpr HRESULT E_NOTIMPL = static_cast<HRESULT>(0x80004001u);
inline constexpr HRESULT E_NOINTERFACE = static_cast<HRESULT>(0x80004002u);
inline constexpr HRESULT E_POINTER = static_cast<HRESULT>(0x80004003u);
inline constexpr HRESULT E_FAIL = static_cast<HRESULT>(0x80004005u);
inline constexpr HRESULT E_UNEXPECTED = static_cast<HRESULT>(0x8000FFFFu);
inline constexpr HRESULT E_BOUNDS = static_cast<HRESULT>(0x8000000Bu);
inline constexpr HRESULT E_ILLEGAL_METHOD_CALL = static_cast<HRESULT>(0x8000000Eu);
inline constexpr HRESULT RO_E_CLOSED = static_cast<HRESULT>(0x80000013u);
inline constexpr HRESULT E_OUTOFMEMORY = static_cast<HRESULT>(0x8007000Eu);
inline constexpr HRESULT E_INVALIDARG = static_cast<HRESULT>(0x80070057u);

inline constexpr bool SUCCEEDED(HRESULT hr) noexcept { return hr >= 0; }
inline constexpr bool FAILED(HRESULT hr) noexcept { return hr < 0; }

// ---- allocation ----------------------------------------------------------------------------------
#if defined(_WIN32)
extern "C" __declspec(dllimport) void* WINAPI GetProcessHeap(void);
extern "C" __declspec(dllimport) void* WINAPI HeapAlloc(void* heap, DWORD flags, size_t bytes);
extern "C" __declspec(dllimport) BOOL WINAPI HeapFree(void* heap, DWORD flags, void* memory);
#endif

// Placement new with our own tag: <new> does not exist in the freestanding Windows build, and a tag
// cannot clash with the standard placement form that <new> declares on Linux.
namespace wrlref {
struct placement_tag {};
} // namespace wrlref
inline void* operator new(size_t, wrlref::placement_tag, void* where) noexcept { return where; }
inline void operator delete(void*, wrlref::placement_tag, void*) noexcept {}

namespace wrlref {

inline constexpr LONG kLongMax = 0x7FFFFFFF;

// TEST SCAFFOLDING: when set and it returns true, mem_free leaves the block alone (the interceptor
// owns it). Scenarios use it to keep a destroyed object's bytes (sentinels) readable in a dump;
// unit tests use it to inspect destroyed blocks without touching freed memory.
typedef bool (*free_interceptor_fn)(void* memory, void* context);
inline free_interceptor_fn g_free_interceptor = nullptr;
inline void* g_free_interceptor_context = nullptr;
inline void TestHook_SetFreeInterceptor(free_interceptor_fn fn, void* context) noexcept {
    g_free_interceptor = fn;
    g_free_interceptor_context = context;
}

inline void* mem_alloc(size_t bytes) noexcept {
#if defined(_WIN32)
    return HeapAlloc(GetProcessHeap(), 0, bytes);
#else
    return malloc(bytes);
#endif
}

// Really frees, ignoring the interceptor (for whoever took ownership through it).
inline void mem_release(void* memory) noexcept {
    if (memory == nullptr) return;
#if defined(_WIN32)
    HeapFree(GetProcessHeap(), 0, memory);
#else
    free(memory);
#endif
}

inline void mem_free(void* memory) noexcept {
    if (memory == nullptr) return;
    if (g_free_interceptor != nullptr && g_free_interceptor(memory, g_free_interceptor_context)) return;
    mem_release(memory);
}

// Explicit create/destroy so targets need no global operator new/delete. `::new` skips class-scope
// operator new (WRL's DontUseNewUseMake forbids plain `new`).
template <class T, class... A>
T* construct_at(void* memory, A&&... args) noexcept {
    // No arguments: default-initialise (`T`, not `T()`), so clang emits no memset for the
    // value-initialisation of classes with implicit constructors (no CRT in the targets).
    if constexpr (sizeof...(A) == 0)
        return ::new (placement_tag(), memory) T;
    else
        return ::new (placement_tag(), memory) T(static_cast<A&&>(args)...);
}

template <class T, class... A>
T* create(A&&... args) noexcept {
    void* memory = mem_alloc(sizeof(T));
    if (memory == nullptr) return nullptr;
    return construct_at<T>(memory, static_cast<A&&>(args)...);
}

template <class T>
void destroy(T* object) noexcept {
    if (object == nullptr) return;
    object->~T();
    mem_free(object);
}

// ---- atomics ---------------------------------------------------------------------------------------
// Builtins on plain volatile integers (not std::atomic): the PDB then shows `volatile long` etc.,
// which is what WRL declares and what the engine prints as Int4B. Sequentially consistent, like
// the Interlocked* functions WRL uses.
template <class T>
inline T atomic_load(const volatile T* p) noexcept { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
template <class T>
inline void atomic_store(volatile T* p, T value) noexcept { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }
template <class T>
inline T atomic_exchange(volatile T* p, T value) noexcept { return __atomic_exchange_n(p, value, __ATOMIC_SEQ_CST); }
// Returns the new value, like InterlockedIncrement/Decrement.
template <class T>
inline T atomic_add(volatile T* p, T delta) noexcept { return __atomic_add_fetch(p, delta, __ATOMIC_SEQ_CST); }
template <class T>
inline T atomic_sub(volatile T* p, T delta) noexcept { return __atomic_sub_fetch(p, delta, __ATOMIC_SEQ_CST); }
// On failure `expected` receives the current value.
template <class T>
inline bool atomic_cas(volatile T* p, T& expected, T desired) noexcept {
    return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
// These also take plain (non-volatile) pointers: WRL's refCount_ union is not declared volatile.

inline void cpu_relax() noexcept {
#if defined(__i386__) || defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

// A tiny spin lock (no OS mutex in freestanding targets). Critical sections are a few stores long.
class SpinLock {
public:
    void lock() noexcept {
        while (atomic_exchange(&m_state, static_cast<LONG>(1)) != 0) {
#if !defined(_WIN32)
            unsigned spins = 0;
#endif
            while (atomic_load(&m_state) != 0) {
                cpu_relax();
#if !defined(_WIN32)
                if (++spins % 64 == 0) sched_yield(); // 2-core CI machines: let the holder run
#endif
            }
        }
    }
    void unlock() noexcept { atomic_store(&m_state, static_cast<LONG>(0)); }

private:
    volatile LONG m_state = 0;
};

class SpinLockGuard {
public:
    explicit SpinLockGuard(SpinLock& lock) noexcept : m_lock(lock) { m_lock.lock(); }
    ~SpinLockGuard() { m_lock.unlock(); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    SpinLock& m_lock;
};

} // namespace wrlref
