#!/usr/bin/env bash
# The full test run: installs what the tests need, builds everything with warnings as errors, makes the
# engine fixtures, the extension and the engine probe, runs every MSTest project and the native checks,
# checks that the engine tests compared enough cases, and prints the closing line
# "N passed, N failed, N skipped" (MSTest results counted from the .trx files' UnitTestResult outcomes,
# plus the "native-windows:", "native:", "native-tsan:", "native-dotnet:" and "engine-cases:" lines).
# CI=true (set by CI): prerequisites the engine tests need are required; a missing one fails its tests.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

"$root/scripts/install-prerequisites.sh" || { echo "prerequisites could not be installed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

passed=0; failed=0; skipped=0

# Test projects: the solution's projects that reference MSTest.
mapfile -t test_projects < <(dotnet sln WrlDbgExt.sln list | grep -E '\.csproj$' |
    while read -r p; do grep -q '<PackageReference Include="MSTest"' "$p" && echo "$p"; done)
test_targets=(WrlDbgExt.sln)
if ! dotnet build WrlDbgExt.sln -nologo -v minimal; then
    # Each project that does not build is a failure; the test projects that do build still run, so one
    # broken project does not hide every other result (the run fails either way).
    echo "build failed: building the projects one by one"
    test_targets=()
    while read -r p; do
        if dotnet build "$p" -nologo -v quiet >"$results/build-$(basename "$p" .csproj).log" 2>&1; then
            for t in "${test_projects[@]}"; do [ "$t" = "$p" ] && test_targets+=("$p"); done
        else
            grep -E ' error ' "$results/build-$(basename "$p" .csproj).log" | sort -u | head -n 20
            echo "build failed: $p"
            failed=$((failed + 1))
        fi
    done < <(dotnet sln WrlDbgExt.sln list | grep -E '\.csproj$')
fi

# A "PREFIX: N passed, M failed" line of LOG added to the totals; no line at all counts as one failure.
add_line() { # PREFIX LOG STATUS
    local line p f
    line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -n 1 || true)
    if [ -z "$line" ]; then
        echo "test.sh: no '$1: N passed, M failed' line in $2"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$line" | sed -E "s/^$1: ([0-9]+) passed.*/\1/")
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # failed outside a counted check
    passed=$((passed + p)); failed=$((failed + f))
}

# Native checks: the reference headers for Windows targets (clang, the smoke EXE run under Wine) and the
# Linux unit tests (g++); "native-windows:" and "native:" lines.
native_log="$results/native.log"
NATIVE_TESTS_WINE=1 bash "$root/scripts/native-tests.sh" 2>&1 | tee "$native_log"
native_status=${PIPESTATUS[0]}
add_line native-windows "$native_log" 0
add_line native "$native_log" "$native_status"
add_line native-tsan "$native_log" "$native_status"
# The C# IMemoryBuffer consumer tests, a Windows .NET program under Wine; "native-dotnet:" line (a missing
# prerequisite is one skip, and under CI=true one failure).
dotnet_native_log="$results/native-dotnet.log"
bash "$root/scripts/native-dotnet-tests.sh" 2>&1 | tee "$dotnet_native_log"
dotnet_native_status=${PIPESTATUS[0]}
if [ "$dotnet_native_status" -eq 0 ] && grep -q '^native-dotnet: skipped:' "$dotnet_native_log"; then
    skipped=$((skipped + 1))
else
    add_line native-dotnet "$dotnet_native_log" "$dotnet_native_status"
fi

# Engine-made fixtures: targets built by clang + lld-link, run under the real dbgeng in Wine, dumped.
step() { # NAME COMMAND...: a failing build step is one failure
    local name="$1"; shift
    if ! "$@"; then echo "$name failed"; failed=$((failed + 1)); fi
}
step make-fixtures bash "$root/scripts/make-fixtures.sh"
# The WinDbg extension (native loader + managed commands + a bundled Windows .NET for Wine), and the engine
# probe (the same loader in front of the adapter's sources), both loaded into the real engine by the tests.
step build-extension bash "$root/scripts/build-extension.sh" --bundle-runtime
step build-engine-probe bash "$root/scripts/build-engine-probe.sh"

# What the engine tests will find (the same probe and words they use).
bash "$root/scripts/probe.sh" | sed 's/^/probe: /'

status=0
for target in "${test_targets[@]}"; do
    dotnet test "$target" --no-build -nologo --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
done

# MSTest leaves the trx <Counters> notExecuted/inconclusive at 0 for skipped tests: count the top-level
# <UnitTestResult outcome="..."> elements instead (results nested in <InnerResults> are parts of one test).
trx_total=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    while read -r outcome; do
        trx_total=$((trx_total + 1))
        case "$outcome" in
            Passed) passed=$((passed + 1)) ;;
            NotExecuted | Inconclusive) skipped=$((skipped + 1)) ;;
            Failed | Error | Timeout | Aborted) failed=$((failed + 1)) ;;
            *) echo "test.sh: $(basename "$trx"): outcome '$outcome' counted as failed"; failed=$((failed + 1)) ;;
        esac
    done < <(awk '/<InnerResults>/ { depth++ } /<\/InnerResults>/ { depth-- }
                 depth == 0 && /<UnitTestResult / {
                     if (match($0, / outcome="[A-Za-z]*"/)) print substr($0, RSTART + 10, RLENGTH - 11); else print "missing"
                 }' "$trx")
done
if [ "$trx_total" -eq 0 ]; then
    echo "no test ran"
    failed=$((failed + 1))
elif [ $status -ne 0 ] && [ $failed -eq 0 ]; then
    failed=$((failed + 1)) # the runner failed outside any test (crash, discovery error)
fi

# Engine comparisons the conformance tests recorded, against minimums from the fixture manifests.
# Outside CI, without the engine its tests skip (counted above), so this check is one skip too.
cases_log="$results/engine-cases.log"
if [ "${CI:-}" != true ] && [ "${CI:-}" != 1 ] && ! engine_fact="$(bash "$root/scripts/probe.sh" engine)"; then
    echo "engine-cases: skipped: $(echo "$engine_fact" | sed -n 's/^engine.reason=//p')"
    skipped=$((skipped + 1))
else
    bash "$root/scripts/engine-cases.sh" "$results/engine-cases" 2>&1 | tee "$cases_log"
    add_line engine-cases "$cases_log" "${PIPESTATUS[0]}"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
