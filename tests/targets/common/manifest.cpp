#include "manifest.h"

#include "kernel32.h"

namespace target {

void Manifest::begin(const char* module, const char* producer) {
    raw("{\n  \"schema\": \"wrldbg.fixture-manifest\",\n  \"schemaVersion\": 2,\n  \"producer\": ");
    quoted(producer);
    raw(",\n  \"architecture\": ");
    quoted(sizeof(void*) == 8 ? "x64" : "x86");
    raw(",\n  \"module\": ");
    quoted(module);
    raw(",\n  \"objects\": [");
}

Manifest& Manifest::begin_object(const char* name, const char* flavour, const char* type, const void* address,
                                 const char* expected_state) {
    open_entry(name);
    key("flavour");
    quoted(flavour);
    key("type");
    if (type) quoted(type); else raw("null");
    key("address");
    hex(reinterpret_cast<uintptr_t>(address));
    remember(reinterpret_cast<uintptr_t>(address));
    key("expectedState");
    quoted(expected_state);
    return *this;
}

void Manifest::open_entry(const char* name) {
    raw(first_object_ ? "\n    {" : ",\n    {");
    first_object_ = false;
    raw("\"name\": ");
    quoted(name);
}

Manifest& Manifest::begin_kind(const char* name, const char* kind) {
    open_entry(name);
    key("kind");
    quoted(kind);
    return *this;
}

Manifest& Manifest::field(const char* name, int32_t value) { key(name); number(value); return *this; }
Manifest& Manifest::field_null(const char* name) { key(name); raw("null"); return *this; }
Manifest& Manifest::field_hex(const char* name, uint64_t value, bool remember_value) {
    key(name);
    raw("\"");
    hex_digits(value);
    raw("\"");
    if (remember_value) remember(value);
    return *this;
}

Manifest& Manifest::field_hex_list(const char* name, const uint64_t* values, int count) {
    key(name);
    raw("\"");
    for (int i = 0; i < count; ++i) {
        if (i) raw(",");
        hex_digits(values[i]);
        remember(values[i]);
    }
    raw("\"");
    return *this;
}

void Manifest::remember(uint64_t address) {
    if (address == 0) return;
    for (int i = 0; i < address_count_; ++i)
        if (addresses_[i] == address) return;
    if (address_count_ < MaxAddresses) addresses_[address_count_++] = address;
}
Manifest& Manifest::field_str(const char* name, const char* value) { key(name); quoted(value); return *this; }
Manifest& Manifest::field_bool(const char* name, bool value) { key(name); raw(value ? "true" : "false"); return *this; }
Manifest& Manifest::end_object() { raw("}"); return *this; }

void Manifest::publish() {
    raw("\n  ]\n}\n");
    if (overflow_) {
        length_ = 0;
        overflow_ = false;
        raw("{\"error\": \"manifest buffer overflow\"}\n");
    }
    unsigned long written = 0;
    WriteFile(GetStdHandle(k32::StdOutput), buffer_, static_cast<unsigned long>(length_), &written, nullptr);

    wchar_t path[1024];
    unsigned long n = GetModuleFileNameW(nullptr, path, 1000);
    if (n < 4 || n >= 1000) return;
    // <dir>\name.exe -> <dir>\name.manifest.json
    const wchar_t suffix[] = L".manifest.json";
    size_t at = n - 4;
    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); ++i) path[at + i] = suffix[i];
    void* file = CreateFileW(path, k32::GenericWrite, 0, nullptr, k32::CreateAlways, k32::FileAttributeNormal, nullptr);
    if (file == k32::InvalidHandle()) return;
    WriteFile(file, buffer_, static_cast<unsigned long>(length_), &written, nullptr);
    CloseHandle(file);
}

void Manifest::raw(const char* text) {
    for (; *text; ++text) {
        if (length_ + 1 >= sizeof(buffer_)) { overflow_ = true; return; }
        buffer_[length_++] = *text;
    }
}

void Manifest::quoted(const char* text) {
    raw("\"");
    char one[2] = {0, 0};
    for (; *text; ++text) {
        if (*text == '"' || *text == '\\') raw("\\");
        one[0] = *text;
        raw(one);
    }
    raw("\"");
}

void Manifest::hex(uint64_t value) {
    raw("\"");
    hex_digits(value);
    raw("\"");
}

void Manifest::hex_digits(uint64_t value) {
    char digits[19] = {'0', 'x'};
    char tmp[16];
    int n = 0;
    do { tmp[n++] = "0123456789abcdef"[value & 0xF]; value >>= 4; } while (value);
    int at = 2;
    while (n) digits[at++] = tmp[--n];
    digits[at] = 0;
    raw(digits);
}

void Manifest::number(int32_t value) {
    // 32-bit arithmetic only: 64-bit division would need CRT helpers on x86.
    char tmp[12];
    int n = 0;
    uint32_t v = value < 0 ? 0u - static_cast<uint32_t>(value) : static_cast<uint32_t>(value);
    do { tmp[n++] = static_cast<char>('0' + v % 10); v /= 10; } while (v);
    if (value < 0) tmp[n++] = '-';
    char out[12];
    int at = 0;
    while (n) out[at++] = tmp[--n];
    out[at] = 0;
    raw(out);
}

void Manifest::key(const char* name) {
    raw(", ");
    quoted(name);
    raw(": ");
}

}  // namespace target

extern "C" __declspec(noinline) void Checkpoint(const void* const* pointers, int count) {
    (void)pointers;
    (void)count;
    // A side effect the optimiser cannot drop (we build -O0 anyway): the debugger breaks on entry.
    static volatile int reached;
    reached = reached + 1;
}

namespace {
target::Manifest g_manifest;
}

extern "C" void TargetEntry(void) {
    g_manifest.begin(ScenarioModuleName(), "scenario target (clang MSVC ABI)");
    RunScenario(g_manifest);
    g_manifest.publish();
    // Pointers to everything the manifest names, on this thread's stack while the debugger looks.
    const void* pointers[target::Manifest::MaxAddresses];
    int count = g_manifest.address_count();
    for (int i = 0; i < count; ++i) pointers[i] = reinterpret_cast<const void*>(static_cast<uintptr_t>(g_manifest.addresses()[i]));
    Checkpoint(pointers, count);
    ExitProcess(0);
}
