#!/usr/bin/env bash
# Native reference implementation checks (src/native/reference, tests/native/reference):
#   1. With clang (if installed): every header compiles alone for x86_64- and i686-pc-windows-msvc
#      (freestanding, -Wall -Wextra -Werror), which checks the layout static_asserts; the freestanding
#      smoke program tests/native/reference/windows/smoke.cpp builds and links with lld-link against
#      mingw's kernel32 only (if lld-link and mingw-w64 are installed). NATIVE_TESTS_WINE=1 also runs
#      the x64 smoke EXE under Wine (scripts/wine-env.sh: the checkout's prefix; exit code 0, else the
#      failing line); without a usable Wine that step fails (it is never skipped silently).
#      Summary line: "native-windows: N passed, M failed" (N, M = compile/link/run steps).
#   2. The Linux unit tests, built with g++ (ASan + UBSan when they work here) into
#      artifacts/native-tests/ and run. The last line is the binary's own closing line
#      "native: N passed, M failed" (N, M = checks).
# Exit code: non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/artifacts/native-tests"
mkdir -p "$out"
headers=(src/native/reference/*.h)
failed=0

# ---- 1. Windows targets (clang, MSVC ABI) --------------------------------------------------------------
clang=""
for candidate in clang++ clang++-14 /usr/lib/llvm-14/bin/clang++; do
    if command -v "$candidate" >/dev/null 2>&1; then clang="$candidate"; break; fi
done
lld=""
for candidate in lld-link lld-link-14 /usr/lib/llvm-14/bin/lld-link; do
    if command -v "$candidate" >/dev/null 2>&1; then lld="$candidate"; break; fi
done

if [ -n "$clang" ]; then
    win_passed=0; win_failed=0
    win_flags=(-std=c++17 -ffreestanding -fno-exceptions -fno-rtti -fms-extensions -fno-threadsafe-statics
               -fno-stack-protector -mno-stack-arg-probe -Wall -Wextra -Werror -I"$root/src/native/reference")
    for arch in x64 x86; do
        case "$arch" in
            x64) triple=x86_64-pc-windows-msvc; machine=x64; libdir=/usr/x86_64-w64-mingw32/lib; extra=() ;;
            x86) triple=i686-pc-windows-msvc; machine=x86; libdir=/usr/i686-w64-mingw32/lib; extra=(/safeseh:no) ;;
        esac
        for header in "${headers[@]}"; do
            if printf '#include "%s"\n' "$(basename "$header")" |
                "$clang" --target="$triple" "${win_flags[@]}" -fsyntax-only -x c++ -; then
                win_passed=$((win_passed + 1))
            else
                echo "native-windows: $header does not compile for $triple"
                win_failed=$((win_failed + 1))
            fi
        done
        if [ -n "$lld" ] && [ -f "$libdir/libkernel32.a" ]; then
            obj="$out/smoke-$arch.obj"; exe="$out/smoke-$arch.exe"
            if "$clang" --target="$triple" "${win_flags[@]}" -g -gcodeview -O0 \
                    -c tests/native/reference/windows/smoke.cpp -o "$obj" &&
               "$lld" /nologo /entry:start /subsystem:console /nodefaultlib /debug /machine:"$machine" "${extra[@]}" \
                    /pdb:"$out/smoke-$arch.pdb" /pdbaltpath:smoke-$arch.pdb /out:"$exe" "$obj" "$libdir/libkernel32.a"; then
                win_passed=$((win_passed + 1))
                rm -f "$obj"
                if [ "${NATIVE_TESTS_WINE:-0}" = 1 ] && [ "$arch" = x64 ]; then
                    # In a subshell: wine-env.sh exports its variables and may fail; neither leaks out.
                    (
                        # shellcheck source=wine-env.sh
                        . "$root/scripts/wine-env.sh" || exit 125
                        "$WINE64" "$exe" </dev/null >/dev/null 2>&1
                    )
                    rc=$?
                    if [ $rc -eq 125 ]; then
                        why="$(bash "$root/scripts/probe.sh" wine64 | sed -n 's/^wine64.reason=//p')"
                        echo "native-windows: no usable Wine for smoke-$arch.exe: ${why:-scripts/wine-env.sh could not prepare the Wine prefix}"
                        win_failed=$((win_failed + 1))
                    elif [ $rc -eq 0 ]; then
                        win_passed=$((win_passed + 1))
                    else
                        echo "native-windows: smoke-$arch.exe failed under Wine at smoke.cpp line $rc"
                        win_failed=$((win_failed + 1))
                    fi
                fi
            else
                echo "native-windows: smoke program does not build/link for $triple"
                win_failed=$((win_failed + 1))
            fi
        else
            echo "native-windows: lld-link or $libdir/libkernel32.a missing: smoke link for $arch skipped"
        fi
    done
    echo "native-windows: $win_passed passed, $win_failed failed"
    [ $win_failed -eq 0 ] || failed=1
else
    echo "native-windows: clang++ not found: Windows header and layout checks skipped"
fi

# ---- 2. Linux unit tests (g++) ----------------------------------------------------------------------
if ! command -v g++ >/dev/null 2>&1; then
    echo "native: g++ not found"
    echo "native: 0 passed, 1 failed"
    exit 1
fi
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
probe="$out/sanitizer-probe"
if ! { echo 'int main() { return 0; }' | g++ -x c++ "${sanitize[@]}" -o "$probe" - 2>/dev/null && "$probe"; }; then
    echo "native: sanitizers unavailable (libasan/libubsan?): building without them"
    sanitize=()
fi
rm -f "$probe"
sources=(tests/native/reference/*.cpp)
binary="$out/native-tests"
if ! g++ -std=c++17 -Wall -Wextra -Werror -g -O1 -pthread "${sanitize[@]}" \
        -I"$root/src/native/reference" -I"$root/tests/native/reference" "${sources[@]}" -o "$binary"; then
    echo "native: build failed"
    echo "native: 0 passed, 1 failed"
    exit 1
fi
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$binary" > "$out/native-tests.log" 2>&1
rc=$?
last="$(tail -n 1 "$out/native-tests.log")"
if [[ "$last" =~ ^native:\ [0-9]+\ passed,\ [0-9]+\ failed$ ]]; then
    cat "$out/native-tests.log"
else # crashed or aborted by a sanitizer before the closing line
    cat "$out/native-tests.log"
    echo "native: test binary died (exit $rc)"
    echo "native: 0 passed, 1 failed"
    exit 1
fi
[ $rc -eq 0 ] || failed=1

# ---- 3. The thread tests again under ThreadSanitizer (it cannot share a build with ASan) ------------------------
# Concurrent Close / CreateReference / Close on the reference IMemoryBuffer; a data race is a failure.
tsan_binary="$out/native-tests-tsan"
if g++ -std=c++17 -Wall -Wextra -Werror -g -O1 -pthread -fsanitize=thread \
        -I"$root/src/native/reference" -I"$root/tests/native/reference" "${sources[@]}" -o "$tsan_binary" 2>"$out/tsan-build.log"; then
    TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 exitcode=66}" NATIVE_TESTS_FILTER="threads,concurrent" \
        "$tsan_binary" > "$out/native-tsan.log" 2>&1
    rc=$?
    last="$(tail -n 1 "$out/native-tsan.log")"
    if [[ "$last" =~ ^native:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]] && [ $rc -eq 0 ] && [ "${BASH_REMATCH[1]}" -gt 0 ]; then
        echo "native-tsan: ${BASH_REMATCH[1]} passed, ${BASH_REMATCH[2]} failed"
    else
        cat "$out/native-tsan.log"
        echo "native-tsan: ThreadSanitizer run failed (exit $rc)"
        echo "native-tsan: 0 passed, 1 failed"
        failed=1
    fi
else
    cat "$out/tsan-build.log"
    echo "native-tsan: ThreadSanitizer build failed (libtsan?)"
    echo "native-tsan: 0 passed, 1 failed"
    failed=1
fi
exit $failed
