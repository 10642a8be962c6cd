// Runs every TEST_CASE; the last line is "native: N passed, M failed" where N and M count test
// cases (a case fails when any of its checks fails), so the totals weigh like the other suites'.
#include <cstdio>

#include "check.h"

int main() {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // keep failure lines if a later test crashes
    long casesPassed = 0, casesFailed = 0;
    for (const nt::TestCase& t : nt::registry()) {
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
