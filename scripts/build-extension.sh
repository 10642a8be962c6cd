#!/usr/bin/env bash
# Builds the WinDbg extension wrldbgext (x64) into a ready-to-load folder, artifacts/extension/:
#   wrldbgext.dll          native loader (src/native/extension, mingw-w64 against the DbgEng package headers)
#   WrlDbgExt.Engine.dll   managed side + its runtimeconfig.json, deps.json and dependencies
#                          (dotnet publish src/WrlDbgExt.Engine -c Release -r win-x64 --self-contained false),
#                          compiled ReadyToRun (crossgen2 from the SDK's package): no JIT on .load / the first
#                          command; --jit leaves it IL-only (the baseline scripts/bench-extension.sh compares)
#   GalleryManifest.xml    WinDbg extension-gallery manifest ($Version$ = WRLDBGEXT_VERSION or 1.0.0.0)
#   wrldbgext.natvis       NatVis views of the same types (.nvload <folder>\wrldbgext.natvis; README "NatVis")
#   dotnet/                only with --bundle-runtime: a Windows .NET root (scripts/restore-dotnet-runtime.sh),
#                          which the loader prefers to DOTNET_ROOT / %ProgramFiles%\dotnet
# Prints the folder's path on stdout. No managed side (no src/WrlDbgExt.Engine, no --managed-from) is a
# failure: a loader without it cannot run any command. Up to date -> no work (one find over src/).
# Usage: scripts/build-extension.sh [--bundle-runtime] [--jit] [--managed-from DIR] [--out DIR] [--force]
#   --managed-from DIR  take the managed files from DIR (a publish folder) instead of publishing
#                       src/WrlDbgExt.Engine; for testing the loader with a stand-in assembly
#   --out DIR           build into DIR instead of artifacts/extension (e.g. a stand-in's own folder)
# Load it:  .load Z:\...\artifacts\extension\wrldbgext.dll   (scripts/engine --winpath gives the path)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/src/native/extension"
engine_proj="$root/src/WrlDbgExt.Engine/WrlDbgExt.Engine.csproj"
out="$root/artifacts/extension"
obj="$root/artifacts/obj/extension"
bundle=0 force=0 r2r=1 managed_from=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bundle-runtime) bundle=1; shift ;;
        --force) force=1; shift ;;
        --jit) r2r=0; shift ;;
        --managed-from)
            [ $# -ge 2 ] || { echo "build-extension: --managed-from needs a folder" >&2; exit 2; }
            managed_from="$(cd "$2" && pwd)"; shift 2 ;;
        --out)
            [ $# -ge 2 ] || { echo "build-extension: --out needs a folder" >&2; exit 2; }
            mkdir -p "$(dirname "$2")"
            out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        *) echo "usage: scripts/build-extension.sh [--bundle-runtime] [--jit] [--managed-from DIR] [--out DIR] [--force]" >&2; exit 2 ;;
    esac
done
# One intermediate folder per output folder: two outputs can be built at once.
[ "$out" = "$root/artifacts/extension" ] || obj="$root/artifacts/obj/$(basename "$out")"

cxx=x86_64-w64-mingw32-g++
command -v "$cxx" >/dev/null 2>&1 || { echo "build-extension: $cxx not found; run scripts/install-prerequisites.sh" >&2; exit 1; }
pkg="$("$root/scripts/restore-dbgeng.sh")"
runtime=""
[ "$bundle" -eq 1 ] && runtime="$("$root/scripts/restore-dotnet-runtime.sh")"

mkdir -p "$root/artifacts" "$obj"
exec 9>"$out.lock"   # parallel callers (tests) build once
flock 9

# Up to date: same options, and nothing the folder is made from is newer than its stamp. src/ as a whole
# (minus bin/obj) stands for the managed side and its project references.
stamp="$out/.built"
key="bundle=$bundle|r2r=$r2r|managed=$managed_from|${WRLDBGEXT_VERSION:-}|${NUGET_PACKAGES:-}|${HOME:-}"
if [ "$force" -eq 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && \
   [ -z "$(find "$root/src" \( -name bin -o -name obj \) -prune -o -newer "$stamp" -print -quit)" ] && \
   [ -z "$(find "$root/scripts/build-extension.sh" "$root/scripts/restore-dotnet-runtime.sh" \
              "$root/Directory.Build.props" "$root/Directory.Packages.props" ${managed_from:+"$managed_from"} \
              ${runtime:+"$runtime/.assembled"} -newer "$stamp" -print -quit)" ]; then
    printf '%s\n' "$out"
    exit 0
fi

# 1. Native loader. -I before mingw's own (older) dbgeng.h; static libgcc/libstdc++ so the DLL needs no
#    mingw runtime DLLs; --kill-at keeps export names undecorated (matters on x86); -s: DWARF is useless
#    to dbgeng anyway.
"$cxx" -std=c++17 -O2 -Wall -Wextra -Wno-unknown-pragmas -shared \
    -I"$pkg/build/native/inc" \
    -o "$obj/wrldbgext.dll.tmp" "$src/wrldbgext.cpp" "$src/wrldbgext.def" \
    -static-libgcc -static-libstdc++ -Wl,--kill-at -s -luuid
mv -f "$obj/wrldbgext.dll.tmp" "$obj/wrldbgext.dll"

# 2. Managed side: framework-dependent win-x64 publish (gives WrlDbgExt.Engine.runtimeconfig.json and
#    deps.json for a component library; needs EnableDynamicLoading=true in the project).
if [ -n "$managed_from" ]; then
    managed="$managed_from"
else
    [ -f "$engine_proj" ] || { echo "build-extension: $engine_proj is missing: no managed side to build" >&2; exit 1; }
    managed="$obj/managed"
    rm -rf "$managed"
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    # ReadyToRun: Engine, Core and their dependencies get native code for win-x64 beside their IL; the runtime
    # falls back to JIT for what crossgen2 could not compile (generic instantiations over framework types).
    if ! dotnet publish "$engine_proj" -c Release -r win-x64 --self-contained false -p:PublishReadyToRun=$([ "$r2r" -eq 1 ] && echo true || echo false) \
            -o "$managed" -nologo >"$log" 2>&1; then
        cat "$log" >&2
        echo "build-extension: dotnet publish of src/WrlDbgExt.Engine failed (output above)" >&2
        exit 1
    fi
fi
for f in WrlDbgExt.Engine.dll WrlDbgExt.Engine.runtimeconfig.json WrlDbgExt.Engine.deps.json; do
    [ -f "$managed/$f" ] || { echo "build-extension: $managed/$f is missing (EnableDynamicLoading=true in the project?)" >&2; exit 1; }
done
# Windows file names are case-insensitive: a managed wrldbgext.dll would be the already-loaded native one.
if find "$managed" -maxdepth 1 -iname wrldbgext.dll | grep -q .; then
    echo "build-extension: $managed contains a wrldbgext.dll: name clash with the native loader" >&2
    exit 1
fi

# 3. Assemble next to the final place, then swap (a half-made folder is never seen).
tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$obj/wrldbgext.dll" "$tmp/"
find "$managed" -maxdepth 1 -type f \( -name '*.dll' -o -name '*.json' -o -name '*.pdb' \) -exec cp {} "$tmp/" \;
sed "s/\\\$Version\\\$/${WRLDBGEXT_VERSION:-1.0.0.0}/" "$src/GalleryManifest.xml" >"$tmp/GalleryManifest.xml"
cp "$src/wrldbgext.natvis" "$tmp/"
if [ "$bundle" -eq 1 ]; then
    # Hard links inside artifacts/ (both trees are only ever replaced whole), copies across file systems.
    cp -al "$runtime" "$tmp/dotnet" 2>/dev/null || { rm -rf "$tmp/dotnet"; cp -a "$runtime" "$tmp/dotnet"; }
    rm -f "$tmp/dotnet/.assembled"
fi
printf '%s\n' "$key" >"$tmp/.built"
rm -rf "$out"
mv "$tmp" "$out"
printf '%s\n' "$out"
