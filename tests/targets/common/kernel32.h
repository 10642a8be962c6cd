#pragma once
// The few kernel32 functions the scenario targets call, declared here because the targets build
// without any Windows SDK (docs/linux-toolchain.md §4.2). Allocation comes from the reference platform layer.
#include <stddef.h>
#include <stdint.h>

extern "C" {
__declspec(dllimport) void* __stdcall GetStdHandle(unsigned long which);
__declspec(dllimport) int __stdcall WriteFile(void* file, const void* data, unsigned long size,
                                              unsigned long* written, void* overlapped);
__declspec(dllimport) unsigned long __stdcall GetModuleFileNameW(void* module, wchar_t* name, unsigned long size);
__declspec(dllimport) void* __stdcall CreateFileW(const wchar_t* name, unsigned long access, unsigned long share,
                                                  void* security, unsigned long disposition, unsigned long flags,
                                                  void* templ);
__declspec(dllimport) int __stdcall CloseHandle(void* handle);
__declspec(dllimport) __declspec(noreturn) void __stdcall ExitProcess(unsigned int code);
// Threads and events (a second thread keeps stack holders while the debugger looks).
typedef unsigned long(__stdcall* k32_thread_start)(void* parameter);
__declspec(dllimport) void* __stdcall CreateThread(void* security, size_t stackSize, k32_thread_start start, void* parameter,
                                                   unsigned long flags, unsigned long* threadId);
__declspec(dllimport) void* __stdcall CreateEventW(void* security, int manualReset, int initialState, const wchar_t* name);
__declspec(dllimport) int __stdcall SetEvent(void* event);
__declspec(dllimport) unsigned long __stdcall WaitForSingleObject(void* handle, unsigned long milliseconds);
__declspec(dllimport) unsigned long __stdcall GetCurrentThreadId(void);
}

namespace k32 {
constexpr unsigned long StdOutput = static_cast<unsigned long>(-11);
constexpr unsigned long GenericWrite = 0x40000000;
constexpr unsigned long CreateAlways = 2;
constexpr unsigned long FileAttributeNormal = 0x80;
constexpr unsigned long Infinite = 0xFFFFFFFF;
inline void* InvalidHandle() { return reinterpret_cast<void*>(static_cast<intptr_t>(-1)); }
}  // namespace k32
