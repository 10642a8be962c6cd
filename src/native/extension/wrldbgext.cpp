// wrldbgext.dll: the native face of the WrlDbgExt WinDbg extension. It starts .NET in the debugger process
// through hostfxr and forwards the DbgEng extension exports to [UnmanagedCallersOnly] methods of
// WrlDbgExt.Engine.Exports in WrlDbgExt.Engine.dll (next to this DLL). See README.md for the contract.
//
// Rules kept here:
//  - .NET starts at most once per process (a CLR cannot be unloaded). Once it has started this module pins
//    itself, so ".unload" + ".load" finds the same statics and only calls the managed Initialize again.
//  - If .NET cannot start, DebugExtensionInitialize still succeeds; every command then prints one error line
//    saying why and returns E_FAIL.
//  - No C++ exception leaves an export: only the start-up path allocates, and it runs inside try/catch.
//  - Engine output always goes through a "%s" format, never with data as the format.

// Standard headers before the SAL stand-ins below (libstdc++ uses __in/__out as identifiers).
#include <cstdint>
#include <cstdio>
#include <cwchar>
#include <string>

#include <windows.h>

#ifndef _MSC_VER  // the package's dbgeng.h uses SAL macros mingw-w64 lacks; MSVC has them in sal.h
#define __in
#define __out
#define _Analysis_noreturn_
#endif
#include <initguid.h>  // defines IID_IDebugControl here: no dbgeng.lib needed
#include <dbgeng.h>
#ifndef _MSC_VER
#undef __in
#undef __out
#endif

// --- hostfxr ABI (dotnet/runtime docs/design/features/native-hosting.md), declared here so the build needs
// no .NET headers. On Windows char_t is wchar_t; hostfxr exports are __cdecl, runtime delegates __stdcall
// (the difference only exists on x86).
namespace hostfxr {
struct initialize_parameters {
    size_t size;
    const wchar_t* host_path;
    const wchar_t* dotnet_root;
};
typedef void* handle;
typedef int32_t(__cdecl* initialize_for_runtime_config_fn)(const wchar_t* runtime_config_path,
                                                             const initialize_parameters* parameters,
                                                             handle* host_context);
typedef int32_t(__cdecl* get_runtime_delegate_fn)(handle host_context, int32_t type, void** delegate);
typedef int32_t(__cdecl* close_fn)(handle host_context);
typedef void(__cdecl* error_writer_fn)(const wchar_t* message);
typedef error_writer_fn(__cdecl* set_error_writer_fn)(error_writer_fn writer);
typedef int32_t(__stdcall* load_assembly_and_get_function_pointer_fn)(const wchar_t* assembly_path,
                                                                      const wchar_t* type_name,
                                                                      const wchar_t* method_name,
                                                                      const wchar_t* delegate_type_name,
                                                                      void* reserved, void** delegate);
const int32_t hdt_load_assembly_and_get_function_pointer = 5;
const wchar_t* const UNMANAGEDCALLERSONLY_METHOD = reinterpret_cast<const wchar_t*>(static_cast<intptr_t>(-1));  // (const char_t*)-1
}  // namespace hostfxr

namespace {

// --- The managed side (fixed contract; see README.md).
const wchar_t kAssemblyFile[] = L"WrlDbgExt.Engine.dll";
const wchar_t kRuntimeConfigFile[] = L"WrlDbgExt.Engine.runtimeconfig.json";
const wchar_t kExportsType[] = L"WrlDbgExt.Engine.Exports, WrlDbgExt.Engine";

typedef int32_t(__stdcall* InitializeFn)();
typedef void(__stdcall* UninitializeFn)();
typedef void(__stdcall* NotifyFn)(ULONG notify, ULONG64 argument);
typedef HRESULT(__stdcall* CommandFn)(PCSTR name, PDEBUG_CLIENT client, PCSTR args);

struct Managed {
    InitializeFn initialize;
    UninitializeFn uninitialize;
    NotifyFn notify;
    CommandFn command;  // every bang command, by name: the managed side owns the command list
};

// Process-lifetime state once .NET runs (the module is pinned from then on).
hostfxr::load_assembly_and_get_function_pointer_fn g_loadAssembly = nullptr;  // runtime started
Managed g_managed = {};
bool g_resolved = false;  // every g_managed pointer is set
bool g_usable = false;    // resolved and the last managed Initialize succeeded
char g_error[2048] = "";  // one line (ending in \n) saying why commands cannot run

// --- Small helpers (only used on the start-up path, inside try/catch).

void SetError(const std::wstring& message) {
    std::wstring line = L"wrldbgext: " + message;
    for (wchar_t& c : line)
        if (c == L'\r' || c == L'\n') c = L' ';
    line += L'\n';
    int n = WideCharToMultiByte(CP_ACP, 0, line.c_str(), -1, g_error, sizeof g_error, nullptr, nullptr);
    if (n == 0) {  // too long: keep a truncated but terminated line
        g_error[sizeof g_error - 2] = '\n';
        g_error[sizeof g_error - 1] = '\0';
    }
}

std::wstring Hex(uint32_t value) {
    wchar_t buffer[16];
    swprintf(buffer, 16, L"0x%08x", value);
    return buffer;
}

std::wstring GetEnv(const wchar_t* name) {
    DWORD n = GetEnvironmentVariableW(name, nullptr, 0);
    if (n == 0) return std::wstring();
    std::wstring value(n, L'\0');
    n = GetEnvironmentVariableW(name, &value[0], n);
    value.resize(n);
    return value;
}

bool IsFile(const std::wstring& path) {
    DWORD a = GetFileAttributesW(path.c_str());
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

std::wstring TrimSlashes(std::wstring path) {
    while (path.size() > 3 && (path.back() == L'\\' || path.back() == L'/')) path.pop_back();
    return path;
}

std::wstring ThisModulePath() {
    HMODULE self = nullptr;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            reinterpret_cast<LPCWSTR>(&ThisModulePath), &self))
        return std::wstring();
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        DWORD n = GetModuleFileNameW(self, &path[0], static_cast<DWORD>(path.size()));
        if (n == 0) return std::wstring();
        if (n < path.size()) return path.substr(0, n);
        path.resize(path.size() * 2);  // truncated: long path
    }
}

// Parses "10.0.12" or "10.0.0-rc.1.x" into comparable parts; a release sorts after its previews.
struct Version {
    unsigned part[3] = {0, 0, 0};
    bool release = true;
    bool valid = false;
};
Version ParseVersion(const wchar_t* s) {
    Version v;
    for (int i = 0; i < 3; ++i) {
        if (*s < L'0' || *s > L'9') return v;
        v.part[i] = static_cast<unsigned>(wcstoul(s, const_cast<wchar_t**>(&s), 10));
        if (i < 2 && *s++ != L'.') return v;
    }
    v.release = *s == L'\0';
    v.valid = *s == L'\0' || *s == L'-';
    return v;
}
bool Newer(const Version& a, const Version& b) {
    for (int i = 0; i < 3; ++i)
        if (a.part[i] != b.part[i]) return a.part[i] > b.part[i];
    return a.release && !b.release;
}

// <root>\host\fxr\<highest version>\hostfxr.dll, or empty.
std::wstring HighestHostfxr(const std::wstring& root) {
    std::wstring fxr = root + L"\\host\\fxr\\";
    WIN32_FIND_DATAW found;
    HANDLE h = FindFirstFileW((fxr + L"*").c_str(), &found);
    if (h == INVALID_HANDLE_VALUE) return std::wstring();
    std::wstring best;
    Version bestVersion;
    do {
        if (!(found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) continue;
        Version v = ParseVersion(found.cFileName);
        std::wstring candidate = fxr + found.cFileName + L"\\hostfxr.dll";
        if (v.valid && (!bestVersion.valid || Newer(v, bestVersion)) && IsFile(candidate)) {
            best = candidate;
            bestVersion = v;
        }
    } while (FindNextFileW(h, &found));
    FindClose(h);
    return best;
}

// The first dotnet root (in the documented order) that has a hostfxr.dll. "looked" lists what was tried.
bool FindDotnetRoot(const std::wstring& moduleDir, std::wstring& root, std::wstring& hostfxrPath,
                    std::wstring& looked) {
    struct Candidate {
        std::wstring label, path;
    } candidates[4];
    std::wstring v = GetEnv(L"WRLDBGEXT_DOTNET_ROOT");
    if (!v.empty()) candidates[0] = {L"WRLDBGEXT_DOTNET_ROOT=", v};
    candidates[1] = {L"", moduleDir + L"\\dotnet"};
    v = GetEnv(L"DOTNET_ROOT");
    if (!v.empty()) candidates[2] = {L"DOTNET_ROOT=", v};
    v = GetEnv(L"ProgramFiles");
    if (!v.empty()) candidates[3] = {L"", TrimSlashes(v) + L"\\dotnet"};
    for (const Candidate& c : candidates) {
        if (c.path.empty()) continue;
        std::wstring r = TrimSlashes(c.path);
        if (!looked.empty()) looked += L", ";
        looked += c.label + r;
        hostfxrPath = HighestHostfxr(r);
        if (!hostfxrPath.empty()) {
            root = r;
            return true;
        }
    }
    return false;
}

// hostfxr reports details through an error writer; keep the first line of its first message.
std::wstring g_hostfxrMessage;
void __cdecl CaptureHostfxrError(const wchar_t* message) {
    if (!g_hostfxrMessage.empty() || message == nullptr) return;
    try {
        std::wstring m(message);
        size_t end = m.find_first_of(L"\r\n");
        g_hostfxrMessage = m.substr(0, end);
    } catch (...) {
    }
}

std::wstring HostfxrCodeMeaning(uint32_t rc) {
    switch (rc) {
    case 0x80008096: return L"a .NET 10 runtime (Microsoft.NETCore.App) was not found in that root";
    case 0x80008093: return L"invalid runtimeconfig.json";
    case 0x80008083: return L"hostpolicy.dll not found (incomplete .NET installation)";
    case 0x800080a5: return L"a different .NET runtime is already loaded in this debugger process";
    case 0x80008089: return L"the runtime (coreclr.dll) failed to initialise";
    default: return L"hostfxr error";
    }
}

std::wstring LoadErrorMeaning(uint32_t hr) {
    switch (hr) {
    case 0x80070002: return L"file not found";
    case 0x8007000B: return L"bad image (another module with the same name already loaded?)";
    case 0x80131522: return L"type not found";
    case 0x80131513: return L"method not found";
    case 0x80131509: return L"method not marked [UnmanagedCallersOnly]";
    default: return L"load failed";
    }
}

template <class F>
F Proc(HMODULE module, const char* name) {  // via void*: no cast-function-type warning
    return reinterpret_cast<F>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}

// Starts .NET (once) and resolves the managed exports. On failure sets g_error and returns false.
bool StartDotnet() {
    std::wstring modulePath = ThisModulePath();
    size_t slash = modulePath.find_last_of(L"\\/");
    if (slash == std::wstring::npos) {
        SetError(L"cannot determine the path of wrldbgext.dll");
        return false;
    }
    std::wstring dir = modulePath.substr(0, slash);
    std::wstring assembly = dir + L"\\" + kAssemblyFile;
    std::wstring config = dir + L"\\" + kRuntimeConfigFile;
    if (!IsFile(assembly) || !IsFile(config)) {
        SetError(std::wstring(IsFile(assembly) ? kRuntimeConfigFile : kAssemblyFile) + L" not found in " + dir +
                 L"; the managed files must sit next to wrldbgext.dll");
        return false;
    }

    if (g_loadAssembly == nullptr) {
        std::wstring root, hostfxrPath, looked;
        if (!FindDotnetRoot(dir, root, hostfxrPath, looked)) {
            SetError(L".NET runtime not found: looked in " + looked +
                     L"; install .NET 10 (x64) or set WRLDBGEXT_DOTNET_ROOT");
            return false;
        }
        // A hostfxr already in the process (another extension hosting .NET, e.g. SOS) is shared: a second
        // copy would try to start a second runtime; the shared one reuses it or says why it cannot.
        // hostfxr stays loaded for the life of the process (so does the runtime it starts).
        HMODULE fxr = GetModuleHandleW(L"hostfxr.dll");
        if (fxr == nullptr) fxr = LoadLibraryExW(hostfxrPath.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
        if (fxr == nullptr) {
            SetError(L"cannot load " + hostfxrPath + L" (Win32 error " + std::to_wstring(GetLastError()) + L")");
            return false;
        }
        auto init = Proc<hostfxr::initialize_for_runtime_config_fn>(fxr, "hostfxr_initialize_for_runtime_config");
        auto getDelegate = Proc<hostfxr::get_runtime_delegate_fn>(fxr, "hostfxr_get_runtime_delegate");
        auto close = Proc<hostfxr::close_fn>(fxr, "hostfxr_close");
        auto setWriter = Proc<hostfxr::set_error_writer_fn>(fxr, "hostfxr_set_error_writer");
        if (init == nullptr || getDelegate == nullptr || close == nullptr) {
            SetError(hostfxrPath + L" lacks the hosting API (hostfxr_initialize_for_runtime_config); install .NET 10");
            return false;
        }

        hostfxr::initialize_parameters parameters = {sizeof(parameters), modulePath.c_str(), root.c_str()};
        hostfxr::handle context = nullptr;
        g_hostfxrMessage.clear();
        hostfxr::error_writer_fn previous = setWriter ? setWriter(CaptureHostfxrError) : nullptr;
        uint32_t rc = static_cast<uint32_t>(init(config.c_str(), &parameters, &context));
        void* delegate = nullptr;
        uint32_t rcDelegate = 0;
        if (!(rc & 0x80000000u) && context != nullptr)  // 0, 1 and 2 are successes
            rcDelegate = static_cast<uint32_t>(getDelegate(context, hostfxr::hdt_load_assembly_and_get_function_pointer, &delegate));
        if (context != nullptr) close(context);  // the runtime keeps running
        if (setWriter) setWriter(previous);
        std::wstring detail = g_hostfxrMessage.empty() ? L"" : L": " + g_hostfxrMessage;
        if ((rc & 0x80000000u) || context == nullptr) {
            SetError(L".NET could not start from " + root + L" (hostfxr_initialize_for_runtime_config " + Hex(rc) +
                     L", " + HostfxrCodeMeaning(rc) + L")" + detail);
            return false;
        }
        if ((rcDelegate & 0x80000000u) || delegate == nullptr) {
            SetError(L".NET started but gave no assembly loader (hostfxr_get_runtime_delegate " + Hex(rcDelegate) + L")" +
                     detail);
            return false;
        }
        g_loadAssembly = reinterpret_cast<hostfxr::load_assembly_and_get_function_pointer_fn>(delegate);
        // The runtime cannot be unloaded; keep this module (and the pointers in its statics) alive with it.
        HMODULE self = nullptr;
        GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                           reinterpret_cast<LPCWSTR>(&StartDotnet), &self);
    }

    const wchar_t* const names[] = {L"Initialize", L"Uninitialize", L"Notify", L"Command"};
    void* pointers[4] = {};
    for (int i = 0; i < 4; ++i) {
        uint32_t hr = static_cast<uint32_t>(g_loadAssembly(assembly.c_str(), kExportsType, names[i],
                                                           hostfxr::UNMANAGEDCALLERSONLY_METHOD, nullptr, &pointers[i]));
        if ((hr & 0x80000000u) || pointers[i] == nullptr) {
            SetError(L"cannot get WrlDbgExt.Engine.Exports." + std::wstring(names[i]) + L" from " + assembly + L" (" +
                     Hex(hr) + L", " + LoadErrorMeaning(hr) + L")");
            return false;
        }
    }
    g_managed.initialize = reinterpret_cast<InitializeFn>(pointers[0]);
    g_managed.uninitialize = reinterpret_cast<UninitializeFn>(pointers[1]);
    g_managed.notify = reinterpret_cast<NotifyFn>(pointers[2]);
    g_managed.command = reinterpret_cast<CommandFn>(pointers[3]);
    g_resolved = true;
    return true;
}

double MillisecondsSince(const LARGE_INTEGER& start) {
    LARGE_INTEGER now, frequency;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&frequency);
    return frequency.QuadPart ? (now.QuadPart - start.QuadPart) * 1000.0 / frequency.QuadPart : 0.0;
}

void ReportUnavailable(PDEBUG_CLIENT client) {
    if (client == nullptr) return;
    IDebugControl* control = nullptr;
    if (FAILED(client->QueryInterface(IID_IDebugControl, reinterpret_cast<void**>(&control))) || control == nullptr)
        return;
    control->Output(DEBUG_OUTPUT_ERROR, "%s", g_error[0] ? g_error : "wrldbgext: the managed extension is not available\n");
    control->Release();
}

HRESULT Forward(PCSTR name, PDEBUG_CLIENT client, PCSTR args) {
    if (g_usable) return g_managed.command(name, client, args);  // the managed side catches everything
    ReportUnavailable(client);
    return E_FAIL;
}

}  // namespace

// --- Exports (names in wrldbgext.def).

extern "C" HRESULT CALLBACK DebugExtensionInitialize(PULONG version, PULONG flags) {
    LARGE_INTEGER start;
    QueryPerformanceCounter(&start);
    if (version != nullptr) *version = DEBUG_EXTENSION_VERSION(1, 0);
    if (flags != nullptr) *flags = 0;
    g_usable = false;
    try {
        if (g_resolved || StartDotnet()) {
            // Loader time so far (first load: includes the .NET start) for the managed side, e.g. for !help.
            wchar_t ms[32];
            swprintf(ms, 32, L"%.1f", MillisecondsSince(start));
            SetEnvironmentVariableW(L"WRLDBGEXT_INIT_MS", ms);
            uint32_t hr = static_cast<uint32_t>(g_managed.initialize());
            if (hr & 0x80000000u)
                SetError(L"WrlDbgExt.Engine Initialize failed (" + Hex(hr) + L")");
            else
                g_usable = true;
        }
    } catch (...) {
        g_usable = false;
        lstrcpynA(g_error, "wrldbgext: out of memory while starting .NET\n", sizeof g_error);
    }
    return S_OK;  // even without .NET: .load succeeds and the commands say what is missing
}

extern "C" void CALLBACK DebugExtensionUninitialize(void) {
    if (g_usable) g_managed.uninitialize();
    g_usable = false;  // statics survive (pinned module); the next Initialize re-enables
}

extern "C" void CALLBACK DebugExtensionNotify(ULONG notify, ULONG64 argument) {
    if (g_usable) g_managed.notify(notify, argument);
}

// One export per bang command. The list must equal the core's extension declarations
// (WrlDbgExt.Core.Commands.CommandCatalog); a test compares it, wrldbgext.def and GalleryManifest.xml with them.
#define WRLDBGEXT_COMMANDS(X) \
    X(wrlweak)                \
    X(wrlobj)                 \
    X(wrlrefs)                \
    X(membuf)                 \
    X(wrlscan)                \
    X(help)

#define WRLDBGEXT_EXPORT(name) \
    extern "C" HRESULT CALLBACK name(PDEBUG_CLIENT client, PCSTR args) { return Forward(#name, client, args); }
WRLDBGEXT_COMMANDS(WRLDBGEXT_EXPORT)
