// enginehost: a minimal console host for Microsoft's debugger engine (dbgeng.dll), used to run real
// WinDbg commands against dumps, live processes and image files from the Linux test loop under Wine.
//
//   enginehost --dump FILE   [options] [--cmd TEXT]...   open a crash dump
//   enginehost --image FILE  [options] [--cmd TEXT]...   open an .exe/.dll as an image-file target (windbg -z)
//   enginehost --launch EXE  [--args TEXT] [--break SYMBOL]... [options] [--cmd TEXT]...
//                                                         start EXE under the engine, stop at its initial
//                                                         break, .reload, set the breakpoints, go until one
//                                                         is hit, run the commands, terminate the target
// options:
//   --sympath PATH     symbol (and image) path, ';'-separated; default: the target file's directory.
//                      Never the default srv* path: the test machines are offline.
//   --timeout SECONDS  limit for each wait on the target (default 60)
//   --quiet            drop engine output outside commands (default: it goes to stderr)
//   --lazy-symbols     do not load symbols before the first command. By default the host runs ".reload /f"
//                      once the target is open, so symbol-loading noise ("*** WARNING: Unable to verify
//                      checksum for t.exe", load error summaries) goes to stderr instead of into the output
//                      of whichever command happens to load the symbols first.
//   --engine-dir DIR   load dbgeng.dll from DIR (default: the directory of enginehost.exe)
//   --time             after each command's "@@@ end", print "@@@ time MICROSECONDS" (Execute's duration)
//   --dml-raw          DML-aware output callbacks (IDebugOutputCallbacks2, interest DEBUG_OUTCBI_ANY_FORMAT):
//                      DML output is captured as the raw markup; plain-text output is escaped (& < > ")
//                      so each command's block is one DML text. Without it the engine converts DML to
//                      plain text, as a console shows it.
// Paths may be Windows paths (Z:\tmp\x.dmp) or absolute Linux paths (/tmp/x.dmp, mapped to drive Z:, the
// default Wine mapping of "/"). The text of --cmd is passed to the engine verbatim: paths inside commands
// (.dump, .load, .sympath) must be Windows paths.
//
// Output protocol (stdout, UTF-8, LF line ends, written in binary mode):
//   @@@ <command text>
//   ...everything the engine printed while executing the command (CRLF normalised to LF)...
//   @@@ end
// A command whose Execute fails prints "@@@ error 0x%08x Execute" before its "@@@ end"; a failing setup
// step prints "@@@ error 0x%08x <step>" and ends the run. Any failure gives exit code 1; usage errors 2.
// A command that resumes the target (g, p, t, ...) waits for the next break; its events are part of that
// command's output. After the target has exited no further command is sent to the engine (a "g" after exit
// crashes dbgeng); the remaining commands report "@@@ error 0x8000ffff target has exited".
// Engine output between commands (banner, load events, .reload) goes to stderr, or nowhere with --quiet.
// Radix is pinned to 16.

// Standard headers first: libstdc++ uses __in/__out as identifiers, so the SAL stand-ins below must not
// be visible to it.
#include <cwchar>
#include <string>
#include <vector>

#include <windows.h>

// The package's dbgeng.h uses a few SAL macros mingw-w64 does not define.
#define __in
#define __out
#define _Analysis_noreturn_
#include <initguid.h>  // this translation unit defines the IIDs (IID_IDebugClient5, ...)
#include <dbgeng.h>
#undef __in
#undef __out

namespace {

// ---------------------------------------------------------------------------------------------------
// Raw output to the original stdout/stderr handles (binary, no CRT text mode, no format strings).

HANDLE g_stdout = INVALID_HANDLE_VALUE;  // the protocol stream (the process's stdout at startup)
HANDLE g_stderr = INVALID_HANDLE_VALUE;

void WriteRaw(HANDLE h, const std::string& bytes) {
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        DWORD chunk = left > 0x10000 ? 0x10000 : static_cast<DWORD>(left);
        DWORD written = 0;
        if (!WriteFile(h, p, chunk, &written, nullptr) || written == 0) return;
        p += written;
        left -= written;
    }
}

std::string ToUtf8(const std::wstring& w) {
    if (w.empty()) return std::string();
    int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
    std::string s(n > 0 ? n : 0, '\0');
    if (n > 0) WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), &s[0], n, nullptr, nullptr);
    return s;
}

// CRLF -> LF. A lone CR (progress output) is dropped as well, so no CR ever reaches the stream.
std::string NormaliseNewlines(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        if (c != '\r') out.push_back(c);
    return out;
}

void Protocol(const std::string& line) { WriteRaw(g_stdout, line + "\n"); }

std::string Hex32(HRESULT hr) {
    char buf[16];
    wsprintfA(buf, "0x%08x", static_cast<unsigned>(hr));
    return buf;
}

std::string OneLine(const std::wstring& text) {  // command text for the "@@@" line: no line breaks
    std::string s = ToUtf8(text);
    for (char& c : s)
        if (c == '\r' || c == '\n') c = ' ';
    return s;
}

void ProtocolError(HRESULT hr, const std::string& what) { Protocol("@@@ error " + Hex32(hr) + " " + what); }

void Diag(const std::string& text) { WriteRaw(g_stderr, "enginehost: " + text + "\n"); }

// ---------------------------------------------------------------------------------------------------
// Output callbacks: capture while a command runs, otherwise forward to stderr or drop.

class OutputCallbacks final : public IDebugOutputCallbacksWide {
public:
    bool capturing = false;
    bool quiet = false;
    std::string captured;  // UTF-8, newlines not yet normalised

    STDMETHOD(QueryInterface)(REFIID iid, PVOID* out) override {
        if (!out) return E_POINTER;
        if (IsEqualIID(iid, IID_IUnknown) || IsEqualIID(iid, IID_IDebugOutputCallbacksWide)) {
            *out = static_cast<IDebugOutputCallbacksWide*>(this);
            return S_OK;
        }
        *out = nullptr;
        return E_NOINTERFACE;
    }
    STDMETHOD_(ULONG, AddRef)() override { return 2; }   // static lifetime (lives in main's frame)
    STDMETHOD_(ULONG, Release)() override { return 1; }
    STDMETHOD(Output)(ULONG /*mask*/, PCWSTR text) override {
        if (!text) return S_OK;
        std::string s = ToUtf8(text);
        if (capturing)
            captured += s;
        else if (!quiet)
            WriteRaw(g_stderr, NormaliseNewlines(s));
        return S_OK;
    }
};

// DML-aware callbacks (--dml-raw): the engine hands over markup as markup (DEBUG_OUTCB_DML) and text as
// text (DEBUG_OUTCB_TEXT); text is escaped so the captured block reads as DML throughout.
class DmlOutputCallbacks final : public IDebugOutputCallbacks2 {
public:
    OutputCallbacks* sink = nullptr;  // shares the capture state of the plain callbacks

    STDMETHOD(QueryInterface)(REFIID iid, PVOID* out) override {
        if (!out) return E_POINTER;
        if (IsEqualIID(iid, IID_IUnknown) || IsEqualIID(iid, IID_IDebugOutputCallbacks2)) {
            *out = static_cast<IDebugOutputCallbacks2*>(this);
            return S_OK;
        }
        *out = nullptr;
        return E_NOINTERFACE;
    }
    STDMETHOD_(ULONG, AddRef)() override { return 2; }
    STDMETHOD_(ULONG, Release)() override { return 1; }
    STDMETHOD(Output)(ULONG /*mask*/, PCSTR /*text*/) override { return S_OK; }  // "not used" (dbgeng.h)
    STDMETHOD(GetInterestMask)(PULONG mask) override {
        if (!mask) return E_POINTER;
        *mask = DEBUG_OUTCBI_ANY_FORMAT;
        return S_OK;
    }
    STDMETHOD(Output2)(ULONG which, ULONG /*flags*/, ULONG64 /*arg*/, PCWSTR text) override {
        if (!text || (which != DEBUG_OUTCB_TEXT && which != DEBUG_OUTCB_DML)) return S_OK;
        std::string s = ToUtf8(text);
        if (which == DEBUG_OUTCB_TEXT && sink->capturing) s = Escape(s);
        if (sink->capturing)
            sink->captured += s;
        else if (!sink->quiet)
            WriteRaw(g_stderr, NormaliseNewlines(s));
        return S_OK;
    }

private:
    static std::string Escape(const std::string& s) {
        std::string out;
        out.reserve(s.size());
        for (char c : s) {
            switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                default: out.push_back(c);
            }
        }
        return out;
    }
};

// ---------------------------------------------------------------------------------------------------

struct Options {
    enum class Mode { None, Dump, Image, Launch } mode = Mode::None;
    std::wstring target;
    std::wstring targetArgs;
    std::wstring sympath;
    bool sympathGiven = false;
    std::vector<std::wstring> breaks;
    std::vector<std::wstring> cmds;
    DWORD timeoutMs = 60000;
    bool quiet = false;
    bool lazySymbols = false;
    bool time = false;
    bool dmlRaw = false;
    std::wstring engineDir;
};

const wchar_t kUsage[] =
    L"usage: enginehost (--dump FILE | --image FILE | --launch EXE [--args TEXT] [--break SYMBOL]...)\n"
    L"                  [--sympath PATH] [--timeout SECONDS] [--quiet] [--lazy-symbols] [--engine-dir DIR] [--time]\n"
    L"                  [--dml-raw]\n"
    L"                  [--cmd TEXT]...\n";

// "/tmp/x" -> "Z:\tmp\x" (Wine maps "/" to Z:); anything else unchanged.
std::wstring WindowsPath(const std::wstring& p) {
    if (p.empty() || p[0] != L'/') return p;
    std::wstring w = L"Z:" + p;
    for (wchar_t& c : w)
        if (c == L'/') c = L'\\';
    return w;
}

std::wstring WindowsPathList(const std::wstring& list) {
    std::wstring out;
    size_t start = 0;
    while (true) {
        size_t semi = list.find(L';', start);
        std::wstring part = list.substr(start, semi == std::wstring::npos ? std::wstring::npos : semi - start);
        if (!out.empty() || start > 0) out += L';';
        out += WindowsPath(part);
        if (semi == std::wstring::npos) break;
        start = semi + 1;
    }
    return out;
}

std::wstring DirectoryOf(const std::wstring& path) {
    size_t slash = path.find_last_of(L"\\/");
    if (slash == std::wstring::npos) return L".";
    if (slash == 2 && path.size() > 1 && path[1] == L':') return path.substr(0, 3);  // "Z:\"
    return path.substr(0, slash);
}

bool ParseArgs(int argc, wchar_t** argv, Options& o, std::string& error) {
    auto setMode = [&](Options::Mode m, const wchar_t* value) {
        if (o.mode != Options::Mode::None) {
            error = "only one of --dump, --image, --launch";
            return false;
        }
        o.mode = m;
        o.target = WindowsPath(value);
        return true;
    };
    for (int i = 1; i < argc; ++i) {
        std::wstring a = argv[i];
        bool hasValue = i + 1 < argc;
        auto need = [&]() {
            if (!hasValue) error = "missing value after " + ToUtf8(a);
            return hasValue;
        };
        if (a == L"--dump") {
            if (!need() || !setMode(Options::Mode::Dump, argv[++i])) return false;
        } else if (a == L"--image") {
            if (!need() || !setMode(Options::Mode::Image, argv[++i])) return false;
        } else if (a == L"--launch") {
            if (!need() || !setMode(Options::Mode::Launch, argv[++i])) return false;
        } else if (a == L"--args") {
            if (!need()) return false;
            o.targetArgs = argv[++i];
        } else if (a == L"--sympath") {
            if (!need()) return false;
            std::wstring p = WindowsPathList(argv[++i]);
            o.sympath = o.sympath.empty() ? p : o.sympath + L";" + p;
            o.sympathGiven = true;
        } else if (a == L"--break") {
            if (!need()) return false;
            o.breaks.push_back(argv[++i]);
        } else if (a == L"--cmd") {
            if (!need()) return false;
            o.cmds.push_back(argv[++i]);
        } else if (a == L"--timeout") {
            if (!need()) return false;
            wchar_t* end = nullptr;
            unsigned long s = wcstoul(argv[++i], &end, 10);
            if (!end || *end || s == 0 || s > 86400) {
                error = "bad --timeout value";
                return false;
            }
            o.timeoutMs = static_cast<DWORD>(s * 1000);
        } else if (a == L"--time") {
            o.time = true;
        } else if (a == L"--dml-raw") {
            o.dmlRaw = true;
        } else if (a == L"--quiet") {
            o.quiet = true;
        } else if (a == L"--lazy-symbols") {
            o.lazySymbols = true;
        } else if (a == L"--engine-dir") {
            if (!need()) return false;
            o.engineDir = WindowsPath(argv[++i]);
        } else if (a == L"--help" || a == L"-h" || a == L"-?") {
            error = "";
            return false;
        } else {
            error = "unknown argument " + ToUtf8(a);
            return false;
        }
    }
    if (o.mode == Options::Mode::None) {
        error = "one of --dump, --image, --launch is required";
        return false;
    }
    if (!o.breaks.empty() && o.mode != Options::Mode::Launch) {
        error = "--break needs --launch";
        return false;
    }
    if (!o.targetArgs.empty() && o.mode != Options::Mode::Launch) {
        error = "--args needs --launch";
        return false;
    }
    if (!o.sympathGiven) o.sympath = DirectoryOf(o.target);
    return true;
}

template <typename T>
void SafeRelease(T*& p) {
    if (p) {
        p->Release();
        p = nullptr;
    }
}

class Session {
public:
    explicit Session(const Options& o) : opt_(o) {}
    ~Session() {
        if (client_) {
            if (opt_.dmlRaw)
                client_->SetOutputCallbacks(nullptr);
            else
                client_->SetOutputCallbacksWide(nullptr);
        }
        SafeRelease(symbols_);
        SafeRelease(control_);
        SafeRelease(client_);
    }

    // Returns the process exit code.
    int Run() {
        if (!Start()) return 1;
        bool ok = OpenTarget();
        if (ok) {
            for (const std::wstring& cmd : opt_.cmds)
                if (!RunCommand(cmd)) ok = false;
        }
        if (!End()) ok = false;
        return ok ? 0 : 1;
    }

private:
    const Options& opt_;
    OutputCallbacks out_;
    DmlOutputCallbacks dmlOut_;
    IDebugClient5* client_ = nullptr;
    IDebugControl4* control_ = nullptr;
    IDebugSymbols3* symbols_ = nullptr;
    bool live_ = false;        // a live target is attached (needs termination at the end)
    bool targetGone_ = false;  // the target exited: send nothing more to the engine

    bool Fail(HRESULT hr, const std::string& what) {
        ProtocolError(hr, what);
        return false;
    }

    bool Start() {
        out_.quiet = opt_.quiet;
        std::wstring dir = opt_.engineDir;
        if (dir.empty()) {
            wchar_t self[MAX_PATH * 4];
            DWORD n = GetModuleFileNameW(nullptr, self, static_cast<DWORD>(sizeof(self) / sizeof(self[0])));
            if (n == 0 || n >= sizeof(self) / sizeof(self[0])) return Fail(HRESULT_FROM_WIN32(GetLastError()), "GetModuleFileName");
            dir = DirectoryOf(self);
        }
        std::wstring dll = dir + L"\\dbgeng.dll";
        // Full path + altered search path: dbgeng's own imports (dbghelp, dbgcore, dbgmodel) resolve from the
        // same directory. WINEDLLOVERRIDES must prefer native dbgeng/dbghelp (n,b), or Wine's builtin stub
        // wins and most calls return E_NOTIMPL.
        HMODULE engine = LoadLibraryExW(dll.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
        if (!engine) return Fail(HRESULT_FROM_WIN32(GetLastError()), "LoadLibraryEx " + ToUtf8(dll));
        typedef HRESULT(STDAPICALLTYPE * DebugCreateFn)(REFIID, PVOID*);
        auto debugCreate = reinterpret_cast<DebugCreateFn>(reinterpret_cast<void*>(GetProcAddress(engine, "DebugCreate")));
        if (!debugCreate) return Fail(HRESULT_FROM_WIN32(GetLastError()), "GetProcAddress DebugCreate");
        HRESULT hr = debugCreate(IID_IDebugClient5, reinterpret_cast<PVOID*>(&client_));
        if (FAILED(hr)) return Fail(hr, "DebugCreate IDebugClient5");
        hr = client_->QueryInterface(IID_IDebugControl4, reinterpret_cast<PVOID*>(&control_));
        if (FAILED(hr)) return Fail(hr, "QueryInterface IDebugControl4");
        hr = client_->QueryInterface(IID_IDebugSymbols3, reinterpret_cast<PVOID*>(&symbols_));
        if (FAILED(hr)) return Fail(hr, "QueryInterface IDebugSymbols3");
        if (opt_.dmlRaw) {
            // The engine asks the callbacks for IDebugOutputCallbacks2 and their interest mask here.
            dmlOut_.sink = &out_;
            hr = client_->SetOutputCallbacks(reinterpret_cast<PDEBUG_OUTPUT_CALLBACKS>(static_cast<IDebugOutputCallbacks2*>(&dmlOut_)));
            if (FAILED(hr)) return Fail(hr, "SetOutputCallbacks IDebugOutputCallbacks2 (builtin stub dbgeng? check WINEDLLOVERRIDES)");
        } else {
            hr = client_->SetOutputCallbacksWide(&out_);
            if (FAILED(hr)) return Fail(hr, "SetOutputCallbacksWide (builtin stub dbgeng? check WINEDLLOVERRIDES)");
        }
        hr = control_->SetRadix(16);
        if (FAILED(hr)) return Fail(hr, "SetRadix 16");
        hr = symbols_->SetSymbolPathWide(opt_.sympath.c_str());
        if (FAILED(hr)) return Fail(hr, "SetSymbolPath " + ToUtf8(opt_.sympath));
        hr = symbols_->SetImagePathWide(opt_.sympath.c_str());
        if (FAILED(hr)) return Fail(hr, "SetImagePath " + ToUtf8(opt_.sympath));
        return true;
    }

    // Waits for the next break; S_FALSE from the engine (timeout) becomes ERROR_TIMEOUT.
    // Sets targetGone_ when no debuggee is left.
    HRESULT Wait() {
        HRESULT hr = control_->WaitForEvent(DEBUG_WAIT_DEFAULT, opt_.timeoutMs);
        if (hr == S_FALSE) hr = HRESULT_FROM_WIN32(ERROR_TIMEOUT);  // End() terminates the running target
        ULONG status = DEBUG_STATUS_NO_DEBUGGEE;
        if (FAILED(control_->GetExecutionStatus(&status)) || status == DEBUG_STATUS_NO_DEBUGGEE) {
            targetGone_ = true;
            live_ = false;
        }
        return hr;
    }

    static std::string WaitText(HRESULT hr, const std::string& what) {
        return hr == HRESULT_FROM_WIN32(ERROR_TIMEOUT) ? what + " (timed out)" : what;
    }

    bool OpenTarget() {
        HRESULT hr;
        if (opt_.mode == Options::Mode::Launch) {
            hr = control_->AddEngineOptions(DEBUG_ENGOPT_INITIAL_BREAK);
            if (FAILED(hr)) return Fail(hr, "AddEngineOptions INITIAL_BREAK");
            std::wstring cmdline = L"\"" + opt_.target + L"\"";
            if (!opt_.targetArgs.empty()) cmdline += L" " + opt_.targetArgs;
            hr = client_->CreateProcessAndAttachWide(0, const_cast<PWSTR>(cmdline.c_str()), DEBUG_ONLY_THIS_PROCESS, 0,
                                                     DEBUG_ATTACH_DEFAULT);
            if (FAILED(hr)) return Fail(hr, "CreateProcessAndAttach " + ToUtf8(opt_.target));
            live_ = true;
            hr = Wait();
            if (FAILED(hr) || targetGone_)
                return Fail(FAILED(hr) ? hr : E_UNEXPECTED, WaitText(hr, "initial break of " + ToUtf8(opt_.target)));
            if (!Silent(opt_.lazySymbols ? L".reload" : L".reload /f")) return false;
            if (opt_.breaks.empty()) return true;
            for (const std::wstring& b : opt_.breaks) {
                ULONG64 offset = 0;
                hr = symbols_->GetOffsetByNameWide(b.c_str(), &offset);
                if (FAILED(hr)) return Fail(hr, "resolve breakpoint symbol " + ToUtf8(b));
                IDebugBreakpoint2* bp = nullptr;
                hr = control_->AddBreakpoint2(DEBUG_BREAKPOINT_CODE, DEBUG_ANY_ID, &bp);
                if (FAILED(hr)) return Fail(hr, "AddBreakpoint " + ToUtf8(b));
                hr = bp->SetOffset(offset);
                if (SUCCEEDED(hr)) hr = bp->AddFlags(DEBUG_BREAKPOINT_ENABLED);
                if (FAILED(hr)) return Fail(hr, "enable breakpoint " + ToUtf8(b));
            }
            hr = control_->SetExecutionStatus(DEBUG_STATUS_GO);
            if (FAILED(hr)) return Fail(hr, "go");
            hr = Wait();
            if (targetGone_) return Fail(FAILED(hr) ? hr : E_UNEXPECTED, "target exited before a breakpoint was hit");
            if (FAILED(hr)) return Fail(hr, WaitText(hr, "wait for breakpoint"));
            ULONG type = 0, pid = 0, tid = 0;
            wchar_t desc[512] = L"";
            ULONG descLen = 0;
            hr = control_->GetLastEventInformationWide(&type, &pid, &tid, nullptr, 0, nullptr, desc,
                                                      sizeof(desc) / sizeof(desc[0]), &descLen);
            if (FAILED(hr)) return Fail(hr, "GetLastEventInformation");
            if (type != DEBUG_EVENT_BREAKPOINT) return Fail(E_FAIL, "stopped by another event: " + ToUtf8(desc));
            return true;
        }
        hr = client_->OpenDumpFileWide(opt_.target.c_str(), 0);
        if (FAILED(hr)) return Fail(hr, "OpenDumpFile " + ToUtf8(opt_.target));
        hr = Wait();
        if (FAILED(hr)) return Fail(hr, WaitText(hr, "WaitForEvent (open " + ToUtf8(opt_.target) + ")"));
        targetGone_ = false;  // a dump/image target never "exits"
        if (!opt_.lazySymbols && !Silent(L".reload /f")) return false;
        return true;
    }

    // Runs an engine command whose output is not part of the protocol.
    bool Silent(const wchar_t* cmd) {
        HRESULT hr = control_->ExecuteWide(DEBUG_OUTCTL_THIS_CLIENT, cmd, DEBUG_EXECUTE_NOT_LOGGED | DEBUG_EXECUTE_NO_REPEAT);
        if (FAILED(hr)) return Fail(hr, ToUtf8(cmd));
        return true;
    }

    bool RunCommand(const std::wstring& cmd) {
        Protocol("@@@ " + OneLine(cmd));
        if (targetGone_) {
            ProtocolError(E_UNEXPECTED, "target has exited");
            Protocol("@@@ end");
            return false;
        }
        out_.captured.clear();
        out_.capturing = true;
        LARGE_INTEGER started, finished, frequency;
        QueryPerformanceCounter(&started);
        HRESULT hr = control_->ExecuteWide(DEBUG_OUTCTL_THIS_CLIENT, cmd.c_str(), DEBUG_EXECUTE_NOT_LOGGED | DEBUG_EXECUTE_NO_REPEAT);
        QueryPerformanceCounter(&finished);
        QueryPerformanceFrequency(&frequency);
        HRESULT waitHr = S_OK;
        if (SUCCEEDED(hr) && live_) {
            // g / p / t / .kill leave the target running: wait for it like a console debugger would.
            ULONG status = DEBUG_STATUS_BREAK;
            if (SUCCEEDED(control_->GetExecutionStatus(&status)) && status != DEBUG_STATUS_BREAK &&
                status != DEBUG_STATUS_NO_DEBUGGEE) {
                waitHr = Wait();
            } else if (status == DEBUG_STATUS_NO_DEBUGGEE) {
                targetGone_ = true;
                live_ = false;
            }
        }
        client_->FlushCallbacks();
        out_.capturing = false;
        std::string text = NormaliseNewlines(out_.captured);
        out_.captured.clear();
        if (!text.empty() && text.back() != '\n') text.push_back('\n');
        WriteRaw(g_stdout, text);
        bool ok = true;
        if (FAILED(hr)) {
            ProtocolError(hr, "Execute");
            ok = false;
        } else if (FAILED(waitHr) && !targetGone_) {
            ProtocolError(waitHr, WaitText(waitHr, "WaitForEvent"));
            ok = false;
        }
        Protocol("@@@ end");
        if (opt_.time) {
            // After "@@@ end", so it never mixes with the command's output: microseconds Execute took.
            long long us = (finished.QuadPart - started.QuadPart) * 1000000LL / frequency.QuadPart;
            Protocol("@@@ time " + std::to_string(us));
        }
        return ok;
    }

    bool End() {
        HRESULT hr = S_OK;
        if (live_ && !targetGone_) {
            // Terminate the debuggee; never resume it with "g" (dbgeng crashes on a "g" after exit).
            hr = client_->TerminateProcesses();
            if (FAILED(hr)) ProtocolError(hr, "TerminateProcesses");
            HRESULT hr2 = client_->EndSession(DEBUG_END_ACTIVE_TERMINATE);
            if (FAILED(hr2)) {
                ProtocolError(hr2, "EndSession");
                hr = hr2;
            }
        } else {
            HRESULT hr2 = client_->EndSession(DEBUG_END_PASSIVE);
            if (FAILED(hr2) && hr2 != E_UNEXPECTED) {
                ProtocolError(hr2, "EndSession");
                hr = hr2;
            }
        }
        client_->FlushCallbacks();
        return SUCCEEDED(hr);
    }
};

}  // namespace

int wmain(int argc, wchar_t** argv) {
    g_stdout = GetStdHandle(STD_OUTPUT_HANDLE);
    g_stderr = GetStdHandle(STD_ERROR_HANDLE);
    // Keep the protocol stream clean: anything that writes to the process's standard output on its own
    // (the engine's banner, a launched target that inherits our handles) goes to stderr instead.
    SetStdHandle(STD_OUTPUT_HANDLE, g_stderr);

    Options opt;
    std::string error;
    if (!ParseArgs(argc, argv, opt, error)) {
        if (!error.empty()) Diag(error);
        WriteRaw(g_stderr, ToUtf8(kUsage));
        return error.empty() ? 0 : 2;
    }
    int rc;
    {
        Session session(opt);
        rc = session.Run();
    }
    // dbgeng may leave worker threads behind; end the process explicitly with the run's result.
    ExitProcess(static_cast<UINT>(rc));
}
