// Runs every TEST_CASE; the last line is "native: N passed, M failed" where N and M count test
// cases (a case fails when any of its checks fails), so the totals weigh like the other suites'.
// NATIVE_TESTS_FILTER=a,b runs only the cases whose names contain one of those words (the ThreadSanitizer build).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "check.h"

static bool selected(const char* name) {
    const char* filter = std::getenv("NATIVE_TESTS_FILTER");
    if (filter == nullptr || *filter == '\0') return true;
    std::string words(filter);
    for (size_t at = 0; at <= words.size();) {
        size_t comma = words.find(',', at);
        std::string word = words.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        if (!word.empty() && std::strstr(name, word.c_str()) != nullptr) return true;
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    return false;
}

int main() {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // keep failure lines if a later test crashes
    long casesPassed = 0, casesFailed = 0;
    for (const nt::TestCase& t : nt::registry()) {
        if (!selected(t.name)) continue;
        nt::counters().current = t.name;
        long failedBefore = nt::counters().failed;
        t.fn();
        if (nt::counters().failed != failedBefore) {
            std::printf("test case %s FAILED\n", t.name);
            ++casesFailed;
        } else {
            ++casesPassed;
        }
    }
    std::printf("native checks: %ld passed, %ld failed\n", nt::counters().passed.load(), nt::counters().failed.load());
    std::printf("native: %ld passed, %ld failed\n", casesPassed, casesFailed);
    return nt::counters().failed == 0 ? 0 : 1;
}
