#!/usr/bin/env bash
# Builds the DbgEng console host (src/native/enginehost/enginehost.cpp) with mingw-w64 and stages it next
# to Microsoft's engine DLLs from the restored NuGet package (dbgeng, dbghelp, dbgcore, dbgmodel, msdia140):
#   x64 (default): x86_64-w64-mingw32-g++ + content/amd64 -> artifacts/enginehost/
#   --arch x86:    i686-w64-mingw32-g++ + content/x86 -> artifacts/enginehost-x86/ (run by 32-bit Wine; only
#                  the x86 dbgeng can .dump a 32-bit target, see docs/linux-toolchain.md section 8)
# Nothing of Microsoft's is copied into the repository: headers are used in place from the package folder,
# the DLLs only land in the git-ignored artifacts/.
# Up to date -> no work (a few ms, plus the restore check). Prints the host's path on stdout.
# Usage: scripts/build-enginehost.sh [--arch x64|x86] [--force]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/src/native/enginehost/enginehost.cpp"
arch=x64
force=0
while [ $# -gt 0 ]; do
    case "$1" in
        --force) force=1; shift ;;
        --arch) arch="${2:-}"; shift 2 || { echo "build-enginehost: --arch needs x64 or x86" >&2; exit 2; } ;;
        *) echo "build-enginehost: unknown argument '$1' (usage: [--arch x64|x86] [--force])" >&2; exit 2 ;;
    esac
done
case "$arch" in
    x64) out="$root/artifacts/enginehost"; cxx=x86_64-w64-mingw32-g++; content=amd64 ;;
    x86) out="$root/artifacts/enginehost-x86"; cxx=i686-w64-mingw32-g++; content=x86 ;;
    *) echo "build-enginehost: unknown architecture '$arch' (x64 or x86)" >&2; exit 2 ;;
esac
exe="$out/enginehost.exe"

pkg="$("$root/scripts/restore-dbgeng.sh")"
dlls=(dbgeng.dll dbghelp.dll dbgcore.dll dbgmodel.dll msdia140.dll)
if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "build-enginehost: $cxx not found; run scripts/install-prerequisites.sh" >&2
    exit 1
fi

mkdir -p "$out"
exec 9>"$out.lock"   # parallel callers (tests) build once
flock 9

stamp="$out/.package-root"
up_to_date() {
    [ "$force" -eq 0 ] && [ -f "$exe" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkg" ] || return 1
    [ -z "$(find "$src" "$root/scripts/build-enginehost.sh" -newer "$exe" -print -quit)" ] || return 1
    local d
    for d in "${dlls[@]}"; do [ -f "$out/$d" ] || return 1; done
}
# scripts/engine skips calling this script while .checked is newer than every input and the NuGet
# location is unchanged (.checked holds NUGET_PACKAGES|HOME).
checked() { printf '%s\n' "${NUGET_PACKAGES:-}|${HOME:-}" >"$out/.checked"; }
if up_to_date; then
    checked
    printf '%s\n' "$exe"
    exit 0
fi

for d in "${dlls[@]}"; do
    if [ ! -f "$pkg/content/$content/$d" ]; then
        echo "build-enginehost: $pkg/content/$content/$d is missing" >&2
        exit 1
    fi
    cp -f "$pkg/content/$content/$d" "$out/$d.tmp"
    mv -f "$out/$d.tmp" "$out/$d"
done

# -I before mingw's own (older) dbgeng.h; static runtime so the host needs no mingw DLLs under Wine.
"$cxx" -std=c++17 -O2 -Wall -Wextra -Wno-unknown-pragmas -municode \
    -I"$pkg/build/native/inc" \
    -o "$exe.tmp" "$src" \
    -static -static-libgcc -static-libstdc++ -s -luuid
mv -f "$exe.tmp" "$exe"
printf '%s\n' "$pkg" >"$stamp"
checked
printf '%s\n' "$exe"
