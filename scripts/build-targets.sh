#!/usr/bin/env bash
# Builds the scenario targets (tests/targets/<name>/*.cpp) as Windows executables with PDBs, without any
# Microsoft SDK: clang in MSVC-ABI mode, freestanding, linked by lld-link against mingw-w64's kernel32
# import library. Output: artifacts/targets/{x64,x86}/<name>.{exe,pdb}. Usage: build-targets.sh [x64|x86]...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(x64 x86)

for arch in "${archs[@]}"; do
    case "$arch" in
        x64) triple=x86_64-pc-windows-msvc; machine=x64; libdir=/usr/x86_64-w64-mingw32/lib; extra=() ;;
        x86) triple=i686-pc-windows-msvc; machine=x86; libdir=/usr/i686-w64-mingw32/lib; extra=(/safeseh:no) ;;
        *) echo "build-targets: unknown architecture '$arch'" >&2; exit 2 ;;
    esac
    out="$root/artifacts/targets/$arch"
    mkdir -p "$out"
    for dir in "$root"/tests/targets/*/; do
        name="$(basename "$dir")"
        [ "$name" = common ] && continue
        objs=()
        for src in "$dir"*.cpp "$root"/tests/targets/common/*.cpp; do
            [ -f "$src" ] || continue
            obj="$out/$name.$(basename "${src%.cpp}").obj"
            # -O0 keeps every object and field where a debugger expects it; CodeView for the PDB; unwind tables
            # (.pdata, which -ffreestanding drops) so that the engine unwinds stacks as on any Windows binary.
            clang++ --target="$triple" -std=c++17 -g -gcodeview -O0 -fno-exceptions -fno-rtti -funwind-tables \
                -fms-extensions -ffreestanding -fno-threadsafe-statics -fno-stack-protector -mno-stack-arg-probe \
                -Wall -Werror -I"$root/src/native/reference" -I"$root/tests/targets/common" \
                -c "$src" -o "$obj"
            objs+=("$obj")
        done
        # /brepro and /pdbaltpath keep build paths out of the image; fixed base keeps addresses stable.
        lld-link /nologo /entry:TargetEntry /subsystem:console /nodefaultlib /debug /brepro /dynamicbase:no \
            /machine:"$machine" "${extra[@]}" /pdb:"$out/$name.pdb" /pdbaltpath:"$name.pdb" \
            /out:"$out/$name.exe" "${objs[@]}" "$libdir/libkernel32.a"
        rm -f "${objs[@]}"
    done
done
