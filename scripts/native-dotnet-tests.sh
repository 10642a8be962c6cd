#!/usr/bin/env bash
# The C# IMemoryBuffer consumer tests (docs/winrt-internals.md §8.5) as a Windows .NET program under Wine:
#   1. memorybuffer.dll: the reference implementation (src/native/reference/memory_buffer.h) with the C
#      exports of tests/native/dotnet/memory_buffer_dll.cpp, built by clang (MSVC ABI) + lld-link against
#      mingw's kernel32, as scripts/native-tests.sh builds its smoke program.
#   2. tests/native/dotnet/MemoryBufferConsumers, published self-contained for win-x64 (the runtime and
#      apphost packs restore from the machine's NuGet source) into artifacts/native-dotnet/app.
#   3. The program run by Wine (scripts/wine-env.sh); it prints PASS/FAIL per test and closes with
#      "native-dotnet: N passed, M failed" (N, M = tests), which this script repeats as its last line.
# A missing prerequisite (clang, lld-link, mingw's kernel32, dotnet, Wine) prints "native-dotnet: skipped: WHY"
# and exits 0; under CI=true (or 1) it is a failure instead ("native-dotnet: 0 passed, 1 failed", exit 1).
# A build or run failure is always "native-dotnet: 0 passed, 1 failed" unless the program printed counts.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
out="$root/artifacts/native-dotnet"
mkdir -p "$out"

fail() { echo "native-dotnet: $1"; echo "native-dotnet: 0 passed, 1 failed"; exit 1; }
missing() {
    case "${CI:-}" in
        true | TRUE | True | 1) fail "$1 (required under CI)" ;;
        *) echo "native-dotnet: skipped: $1"; exit 0 ;;
    esac
}

clang=""; for c in clang++ clang++-14 /usr/lib/llvm-14/bin/clang++; do command -v "$c" >/dev/null 2>&1 && { clang="$c"; break; }; done
lld=""; for c in lld-link lld-link-14 /usr/lib/llvm-14/bin/lld-link; do command -v "$c" >/dev/null 2>&1 && { lld="$c"; break; }; done
kernel32=/usr/x86_64-w64-mingw32/lib/libkernel32.a
[ -n "$clang" ] || missing "clang++ not found"
[ -n "$lld" ] || missing "lld-link not found"
[ -f "$kernel32" ] || missing "$kernel32 missing (mingw-w64)"
command -v dotnet >/dev/null 2>&1 || missing "dotnet not found"

"$clang" --target=x86_64-pc-windows-msvc -std=c++17 -O1 -ffreestanding -fno-exceptions -fno-rtti -fms-extensions \
    -fno-threadsafe-statics -fno-stack-protector -mno-stack-arg-probe -Wall -Wextra -Werror \
    -I"$root/src/native/reference" -c tests/native/dotnet/memory_buffer_dll.cpp -o "$out/memorybuffer.obj" &&
"$lld" /nologo /dll /noentry /nodefaultlib /machine:x64 /out:"$out/memorybuffer.dll" "$out/memorybuffer.obj" "$kernel32" ||
    fail "memorybuffer.dll does not build"

rm -rf "$out/app"
if ! dotnet publish tests/native/dotnet/MemoryBufferConsumers -c Release -nologo -v quiet \
        --artifacts-path "$out/build" -o "$out/app" >"$out/publish.log" 2>&1; then
    grep -E 'error' "$out/publish.log" | sort -u | head -n 20
    fail "MemoryBufferConsumers does not publish for win-x64 (log: $out/publish.log)"
fi
cp "$out/memorybuffer.dll" "$out/app/"

# In a subshell: wine-env.sh exports its variables and may fail.
(
    # shellcheck source=wine-env.sh
    . "$root/scripts/wine-env.sh" >/dev/null 2>&1 || exit 125
    timeout 120 "$WINE64" "$out/app/MemoryBufferConsumers.exe" </dev/null
) >"$out/run.log" 2>&1
rc=$?
if [ $rc -eq 125 ]; then
    why="$(bash "$root/scripts/probe.sh" wine64 | sed -n 's/^wine64.reason=//p')"
    missing "no usable Wine: ${why:-scripts/wine-env.sh could not prepare the Wine prefix}"
fi
cat "$out/run.log"
last="$(grep -E '^native-dotnet: [0-9]+ passed, [0-9]+ failed' "$out/run.log" | tail -n 1)"
[ -n "$last" ] || fail "MemoryBufferConsumers.exe died under Wine (exit $rc) before its counts"
echo "$last" # the closing line, even if Wine printed after it
[ $rc -eq 0 ]
