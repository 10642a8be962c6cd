// Runs every TEST_CASE; the last line is "native: N passed, M failed" (N, M = checks).
#include <cstdio>

#include "check.h"

int main() {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // keep failure lines if a later test crashes
    for (const nt::TestCase& t : nt::registry()) {
        nt::counters().current = t.name;
        long failedBefore = nt::counters().failed;
        t.fn();
        if (nt::counters().failed != failedBefore) std::printf("test case %s FAILED\n", t.name);
    }
    std::printf("native: %ld passed, %ld failed\n", nt::counters().passed.load(), nt::counters().failed.load());
    return nt::counters().failed == 0 ? 0 : 1;
}
