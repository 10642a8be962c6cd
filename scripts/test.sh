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
