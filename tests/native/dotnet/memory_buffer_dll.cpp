// The reference IMemoryBuffer (memory_buffer.h) as a Windows DLL for the C# consumer tests
// (MemoryBufferConsumers): a C factory over the caller's block and a count of the block's releases.
#include "memory_buffer.h"

static volatile LONG g_frees = 0;

static void count_free(void*, BYTE*, UINT32) { wrlref::atomic_add(&g_frees, static_cast<LONG>(1)); }

extern "C" __declspec(dllexport) HRESULT CreateMemoryBuffer(BYTE* data, UINT32 capacity, wrlref::IMemoryBuffer** result) {
    return wrlref::CreateMemoryBuffer(data, capacity, &count_free, nullptr, result);
}

// How many times a buffer's block has been released (the deleter ran), over all buffers.
extern "C" __declspec(dllexport) LONG MemoryBufferFrees() { return wrlref::atomic_load(&g_frees); }
