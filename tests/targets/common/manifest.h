#pragma once
// Ground-truth manifest (schema wrldbg.fixture-manifest, version 2) built in a static buffer without a
// CRT, then printed and written next to the executable as <name>.manifest.json.
#include <stddef.h>
#include <stdint.h>

namespace target {

// Constant-initialised (no constructor runs: there is no CRT to run static initialisers).
class Manifest {
public:
    void begin(const char* module, const char* producer);

    // One object; finish it with end_object().
    // A block or word entry (no "kind"); finish it with end_object().
    Manifest& begin_object(const char* name, const char* flavour, const char* type, const void* address,
                           const char* expected_state);
    // A schema-2 entry with a "kind" ("object", "holder"): name and kind only, every other field by the
    // field_* calls; finish it with end_object().
    Manifest& begin_kind(const char* name, const char* kind);
    Manifest& field(const char* key, int32_t value);
    Manifest& field_null(const char* key);
    // remember: also copy the value onto the checkpoint's stack (addresses; not thread ids).
    Manifest& field_hex(const char* key, uint64_t value, bool remember = true);
    // "0x..,0x.." as one string field (every value remembered).
    Manifest& field_hex_list(const char* key, const uint64_t* values, int count);
    Manifest& field_str(const char* key, const char* value);
    Manifest& field_bool(const char* key, bool value);
    Manifest& end_object();

    // Closes the document, writes it to stdout and to <exe>.manifest.json.
    void publish();

    // Every address the manifest names (objects, targets, data): the entry copies them onto its stack
    // before the checkpoint so a small "indirectly referenced memory" dump still captures them.
    static constexpr int MaxAddresses = 256;
    const uint64_t* addresses() const { return addresses_; }
    int address_count() const { return address_count_; }

private:
    void open_entry(const char* name);
    void raw(const char* text);
    void quoted(const char* text);
    void hex(uint64_t value);
    void hex_digits(uint64_t value);
    void number(int32_t value);
    void key(const char* name);

    void remember(uint64_t address);

    char buffer_[65536] = {};
    uint64_t addresses_[MaxAddresses] = {};
    int address_count_ = 0;
    size_t length_ = 0;
    bool overflow_ = false;
    bool first_object_ = true;
};

}  // namespace target

// The debugger breaks here: everything is laid out when it is called. C linkage so the symbol
// is plainly <module>!Checkpoint. It receives the manifest's addresses, which then sit on the stack.
extern "C" __declspec(noinline) void Checkpoint(const void* const* pointers, int count);

// Each target defines its scenario; the shared entry calls it, then Checkpoint, then exits.
void RunScenario(target::Manifest& manifest);
const char* ScenarioModuleName();
