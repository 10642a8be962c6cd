#!/usr/bin/env bash
# Availability probe: prints, one "key=value" per line, what the engine test loop can use on this machine
# right now. It builds, restores and starts nothing (a few ms), so scripts/test.sh and the tests
# (tests/WrlDbgExt.TestSupport/Prerequisites.cs) ask the same question and give the same reasons.
#   probe=1                      format version
#   ci=yes|no                    CI=true (or 1): missing parts are failures, not skips
#   <fact>=yes|no                for each fact below
#   <fact>.reason=TEXT           only when the fact is "no": why, and what makes it "yes"
#   <fact>.path=PATH             where it is (when there is one place)
# facts: wine64, ia32, wine32, x86_live, dbgeng, enginehost, enginehost.x86, engine, fixtures.x64, fixtures.x86,
#        dumps.x64, dumps.x86, extension, extension.runtime, engine_probe, llvm_pdbutil, clang_lld
# Usage: scripts/probe.sh [FACT]   (with FACT: prints only that fact's lines; exit 0 if yes, 1 if no)
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
art="$root/artifacts"

declare -A value reason path
order=()
fact() { # NAME yes|no [REASON] [PATH]
    order+=("$1")
    value[$1]="$2"
    reason[$1]="${3:-}"
    path[$1]="${4:-}"
}
yes_if() { if "$@"; then echo yes; else echo no; fi; }

case "${CI:-}" in true | TRUE | True | 1) ci=yes ;; *) ci=no ;; esac

# Wine: the same loaders scripts/wine-env.sh picks.
wine64=""
if [ -x /usr/lib/wine/wine64 ]; then wine64=/usr/lib/wine/wine64
elif command -v wine64 >/dev/null 2>&1; then wine64="$(command -v wine64)"; fi
fact wine64 "$(yes_if test -n "$wine64")" \
    "no 64-bit Wine loader (/usr/lib/wine/wine64 or wine64 on PATH): run scripts/install-prerequisites.sh" "$wine64"
# Can the kernel run 32-bit x86 code (IA32 emulation)? Some machines of this kind have none: execute a
# 93-byte i386 ELF that exits with 42 (a few ms, needs no 32-bit libraries).
ia32_reason=""
ia32_probe() {
    local bin="$art/probe/elf32-exit42" rc=0
    if [ ! -x "$bin" ]; then
        mkdir -p "$art/probe" || { ia32_reason="cannot create $art/probe"; return 1; }
        # ELF header; one PT_LOAD of the file at 0x08048000; code: xor eax,eax; inc eax; xor ebx,ebx; mov bl,42; int 0x80
        printf '%b' '\x7f\x45\x4c\x46\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00\x01\x00\x00\x00\x54\x80\x04\x08\x34\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x34\x00\x20\x00\x01\x00\x00\x00\x00\x00\x00\x00' \
            '\x01\x00\x00\x00\x00\x00\x00\x00\x00\x80\x04\x08\x00\x80\x04\x08\x5d\x00\x00\x00\x5d\x00\x00\x00\x05\x00\x00\x00\x00\x10\x00\x00' \
            '\x31\xc0\x40\x31\xdb\xb3\x2a\xcd\x80' \
            >"$bin.tmp" && chmod +x "$bin.tmp" && mv -f "$bin.tmp" "$bin" || { ia32_reason="cannot write $bin"; return 1; }
    fi
    local err
    err="$("$bin" 2>&1)" || rc=$?
    [ "$rc" -eq 42 ] && return 0
    ia32_reason="the kernel cannot run 32-bit x86 code (a 32-bit ELF gave exit $rc${err:+: $err}; no IA32 emulation?)"
    return 1
}
ia32=no
ia32_probe && ia32=yes
fact ia32 "$ia32" "$ia32_reason"
wine32=""
[ -x /usr/lib/wine/wine ] && wine32=/usr/lib/wine/wine
fact wine32 "$(yes_if test -n "$wine32")" \
    "no 32-bit Wine loader (/usr/lib/wine/wine, package wine32): run scripts/install-prerequisites.sh (it installs wine32 where the kernel runs 32-bit code)" "$wine32"
if [ "$ia32" = no ]; then x86_reason="${reason[ia32]}"
elif [ -z "$wine32" ]; then x86_reason="${reason[wine32]}"
else x86_reason="${reason[wine64]}"; fi
fact x86_live "$(yes_if test "$ia32" = yes -a -n "$wine32" -a -n "$wine64")" \
    "x86 targets cannot run live: $x86_reason"

# The DbgEng NuGet package, as the last restore recorded it (no restore here).
pkg="$(bash "$root/scripts/restore-dbgeng.sh" --check 2>/dev/null || true)"
fact dbgeng "$(yes_if test -n "$pkg" -a -f "$pkg/build/native/inc/dbgeng.h")" \
    "the DbgEng package (Microsoft.Debugging.Platform.DbgEng) is not restored: run scripts/restore-dbgeng.sh" "$pkg"

host="$art/enginehost/enginehost.exe"
host_ok=no
[ -f "$host" ] && [ -f "$art/enginehost/dbgeng.dll" ] && [ -f "$art/enginehost/dbghelp.dll" ] && host_ok=yes
fact enginehost "$host_ok" "no engine host (artifacts/enginehost/enginehost.exe beside dbgeng.dll): run scripts/build-enginehost.sh" "$host"
host32="$art/enginehost-x86/enginehost.exe"
host32_ok=no
[ -f "$host32" ] && [ -f "$art/enginehost-x86/dbgeng.dll" ] && [ -f "$art/enginehost-x86/dbghelp.dll" ] && host32_ok=yes
fact enginehost.x86 "$host32_ok" \
    "no x86 engine host (artifacts/enginehost-x86/enginehost.exe beside the x86 dbgeng.dll): run scripts/build-enginehost.sh --arch x86" "$host32"

if [ "${value[wine64]}" = no ]; then engine_reason="the engine needs Wine: ${reason[wine64]}"
else engine_reason="the engine needs its host: ${reason[enginehost]}"; fi
fact engine "$(yes_if test "${value[wine64]}" = yes -a "$host_ok" = yes -a -f "$root/scripts/engine")" "$engine_reason" "$root/scripts/engine"

for arch in x64 x86; do
    dir="$art/fixtures/$arch"
    manifests=$(compgen -G "$dir/*.manifest.json" | wc -l)
    dumps=$(compgen -G "$dir/*.dmp" | wc -l)
    fact "fixtures.$arch" "$(yes_if test "$manifests" -gt 0)" \
        "no $arch fixtures (artifacts/fixtures/$arch/*.manifest.json): run scripts/make-fixtures.sh (scripts/test.sh does)" "$dir"
    fact "dumps.$arch" "$(yes_if test "$dumps" -gt 0)" \
        "no $arch fixture dump (artifacts/fixtures/$arch/*.dmp): run scripts/make-fixtures.sh (scripts/test.sh does)" "$dir"
done

ext="$art/extension"
fact extension "$(yes_if test -f "$ext/wrldbgext.dll" -a -f "$ext/WrlDbgExt.Engine.dll")" \
    "no extension (artifacts/extension/wrldbgext.dll + WrlDbgExt.Engine.dll): run scripts/build-extension.sh --bundle-runtime (scripts/test.sh does)" "$ext"
has_fxr() { compgen -G "$1/host/fxr/*/hostfxr.dll" >/dev/null; }
fact extension.runtime "$(yes_if has_fxr "$ext/dotnet")" \
    "the extension has no bundled Windows .NET (artifacts/extension/dotnet) for Wine: run scripts/build-extension.sh --bundle-runtime" "$ext/dotnet"
probe_dir="$art/engine-probe"
probe_ok() { [ -f "$probe_dir/wrldbgext.dll" ] && [ -f "$probe_dir/WrlDbgExt.Engine.dll" ] && has_fxr "$probe_dir/dotnet"; }
fact engine_probe "$(yes_if probe_ok)" \
    "no engine probe extension (artifacts/engine-probe): run scripts/build-engine-probe.sh (scripts/test.sh does)" "$probe_dir"

# The PDB reader's oracle (llvm-pdbutil, Debian package llvm) and the compiler + linker its tests build a PDB with.
pdbutil="$(command -v llvm-pdbutil 2>/dev/null || true)"
fact llvm_pdbutil "$(yes_if test -n "$pdbutil")" \
    "llvm-pdbutil is not on PATH (Debian package llvm): run scripts/install-prerequisites.sh" "$pdbutil"
has_clang_lld() { command -v clang++ >/dev/null 2>&1 && command -v lld-link >/dev/null 2>&1; }
fact clang_lld "$(yes_if has_clang_lld)" \
    "clang++ or lld-link is not on PATH (Debian packages clang, lld): run scripts/install-prerequisites.sh"

emit() {
    local k="$1"
    printf '%s=%s\n' "$k" "${value[$k]}"
    [ "${value[$k]}" = no ] && [ -n "${reason[$k]}" ] && printf '%s.reason=%s\n' "$k" "${reason[$k]}"
    [ -n "${path[$k]}" ] && printf '%s.path=%s\n' "$k" "${path[$k]}"
    return 0
}
if [ $# -ge 1 ]; then
    [ -n "${value[$1]+set}" ] || { echo "probe: unknown fact '$1' (known: ${order[*]})" >&2; exit 2; }
    emit "$1"
    [ "${value[$1]}" = yes ]
    exit
fi
printf 'probe=1\nci=%s\n' "$ci"
for k in "${order[@]}"; do emit "$k"; done
