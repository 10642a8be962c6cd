// check.h — a tiny test framework for the native reference tests (Linux, g++).
// CHECK(expr) / CHECK_EQ(a, b) print nothing on success; a failure prints file:line, the test case
// and the expression (CHECK_EQ also both values). main() runs every TEST_CASE and ends with
// main.cpp prints per-check totals, then "native: N passed, M failed" counting test cases.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "platform.h"

namespace nt {

struct Counters {
    std::atomic<long> passed{0}; // CHECK may run on helper threads
    std::atomic<long> failed{0};
    const char* current = "";
};
inline Counters& counters() {
    static Counters c;
    return c;
}

struct TestCase {
    const char* name;
    void (*fn)();
};
inline std::vector<TestCase>& registry() {
    static std::vector<TestCase> r;
    return r;
}
struct Registrar {
    Registrar(const char* name, void (*fn)()) { registry().push_back({name, fn}); }
};

inline void record(bool ok, const char* file, int line, const char* expr) {
    if (ok) {
        ++counters().passed;
        return;
    }
    ++counters().failed;
    std::printf("%s:%d: [%s] CHECK failed: %s\n", file, line, counters().current, expr);
    std::fflush(stdout);
}

template <class A, class B>
inline void record_eq(const A& a, const B& b, const char* file, int line, const char* expr) {
    bool ok = a == b;
    record(ok, file, line, expr);
    if (!ok) {
        std::printf("    left  = 0x%llx (%lld)\n    right = 0x%llx (%lld)\n", (unsigned long long)a, (long long)a,
                    (unsigned long long)b, (long long)b);
        std::fflush(stdout);
    }
}

// TestHook free interceptor: keeps "freed" blocks readable until the scope ends, then frees them.
// Single-threaded use only.
class ScopedQuarantine {
public:
    ScopedQuarantine() { wrlref::TestHook_SetFreeInterceptor(&ScopedQuarantine::intercept, this); }
    ~ScopedQuarantine() {
        wrlref::TestHook_SetFreeInterceptor(nullptr, nullptr);
        for (void* p : m_blocks) wrlref::mem_release(p);
    }
    bool holds(const void* p) const {
        for (void* b : m_blocks)
            if (b == p) return true;
        return false;
    }
    size_t size() const { return m_blocks.size(); }

private:
    static bool intercept(void* memory, void* context) {
        static_cast<ScopedQuarantine*>(context)->m_blocks.push_back(memory);
        return true;
    }
    std::vector<void*> m_blocks;
};

} // namespace nt

#define TEST_CASE(name)                                                \
    static void name();                                                \
    static const nt::Registrar name##_registrar(#name, &name);         \
    static void name()

#define CHECK(expr) nt::record(static_cast<bool>(expr), __FILE__, __LINE__, #expr)
#define CHECK_EQ(a, b) nt::record_eq((a), (b), __FILE__, __LINE__, #a " == " #b)
