#!/usr/bin/env bash
# The full test run: installs what the tests need, builds everything with warnings as errors,
# runs every MSTest project and prints the closing line "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/install-prerequisites.sh" || { echo "prerequisites could not be installed"; echo "0 passed, 1 failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build WrlDbgExt.sln -nologo -v minimal
build=$?
if [ $build -ne 0 ]; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# Native unit tests of the C++ reference implementation (g++ on Linux); their closing line is
# "native: N passed, M failed", added to the totals below.
native_passed=0; native_failed=0
native_log="$results/native.log"
bash "$root/scripts/native-tests.sh" 2>&1 | tee "$native_log"
native_status=${PIPESTATUS[0]}
line=$(grep -E '^native: [0-9]+ passed, [0-9]+ failed' "$native_log" | tail -n 1 || true)
if [ -n "$line" ]; then
    native_passed=$(echo "$line" | sed -E 's/^native: ([0-9]+) passed.*/\1/')
    native_failed=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
fi
if [ "$native_status" -ne 0 ] && [ "$native_failed" -eq 0 ]; then
    native_failed=1 # the build or the layout checks failed before any test could count
fi

# Engine-made fixtures: targets built by clang + lld-link, run under the real dbgeng in Wine, dumped.
fixtures_failed=0
if ! bash "$root/scripts/make-fixtures.sh"; then
    echo "make-fixtures failed"
    fixtures_failed=1
fi

# The WinDbg extension (native loader + managed commands + a bundled Windows .NET for Wine), loaded into
# the real engine by the conformance tests.
extension_failed=0
if ! bash "$root/scripts/build-extension.sh" --bundle-runtime; then
    echo "build-extension failed"
    extension_failed=1
fi

dotnet test WrlDbgExt.sln --no-build -nologo --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    total=$((total + $(get total)))
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
    skipped=$((skipped + $(get notExecuted) + $(get inconclusive)))
done

passed=$((passed + native_passed))
failed=$((failed + native_failed + fixtures_failed + extension_failed))

if [ "$total" -eq 0 ]; then
    echo "no test ran"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
    failed=1 # the runner failed outside any test (crash, discovery error)
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
