#!/usr/bin/env bash
# Restores the .NET runtime pack Microsoft.NETCore.App.Runtime.win-x64 (restore-only project
# src/native/dotnet-runtime-package) and assembles a Windows dotnet root from it in artifacts/dotnet-win-x64/:
#   host/fxr/<ver>/hostfxr.dll
#   shared/Microsoft.NETCore.App/<ver>/   lib/net10.0/* + native/* (minus hostfxr.dll), including the pack's
#                                         Microsoft.NETCore.App.deps.json (without it hostfxr reports
#                                         "No frameworks were found", 0x80008096)
# That is what the wrldbgext loader needs to start .NET under Wine (WRLDBGEXT_DOTNET_ROOT or a bundled
# dotnet\ folder). Prints the root's path on stdout.
# Version: WRLDBGEXT_RUNTIME_VERSION if set; else the highest local Microsoft.NETCore.App 10.x runtime
# (dotnet --list-runtimes), then the SDK's bundled runtime version; the first that restores wins.
# Done once: later calls only check a stamp (no dotnet call). --force re-restores and re-assembles.
# Restoring means accepting the package's license (MIT, .NET). Nothing is copied into the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
proj="$root/src/native/dotnet-runtime-package/DotnetRuntimePackage.csproj"
objdir="$root/artifacts/obj/dotnet-runtime-package"
assets="$objdir/project.assets.json"
id="microsoft.netcore.app.runtime.win-x64"
out="$root/artifacts/dotnet-win-x64"
stamp="$out/.assembled"
force=0
[ "${1:-}" = "--force" ] && force=1

# Fast path: assembled before from the same inputs, for the same NuGet location and requested version.
key="${WRLDBGEXT_RUNTIME_VERSION:-}|${NUGET_PACKAGES:-}|${HOME:-}"
if [ "$force" -eq 0 ] && [ -f "$stamp" ] && [ "$(sed -n 2p "$stamp")" = "$key" ] && \
   [ -z "$(find "$proj" "$root/scripts/restore-dotnet-runtime.sh" "$root/NuGet.config" -newer "$stamp" -print -quit 2>/dev/null)" ] && \
   compgen -G "$out/host/fxr/*/hostfxr.dll" >/dev/null; then
    printf '%s\n' "$out"
    exit 0
fi

command -v dotnet >/dev/null 2>&1 || { echo "restore-dotnet-runtime: dotnet not found on PATH" >&2; exit 1; }
mkdir -p "$root/artifacts"
exec 9>"$out.lock"   # parallel callers (tests) assemble once
flock 9

# Candidate versions, most wanted first, without duplicates.
candidates=()
add() { local v; for v in "${candidates[@]}"; do [ "$v" = "$1" ] && return; done; candidates+=("$1"); }
if [ -n "${WRLDBGEXT_RUNTIME_VERSION:-}" ]; then
    add "$WRLDBGEXT_RUNTIME_VERSION"
else
    while read -r v; do add "$v"; done < <(dotnet --list-runtimes 2>/dev/null |
        awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { print $2 }' | sort -t. -k1,1nr -k2,2nr -k3,3nr)
    # The SDK's bundled runtime version (what a self-contained win-x64 publish would use).
    sdk="$(dotnet --list-sdks 2>/dev/null | sort -V | tail -n 1)"
    if [ -n "$sdk" ]; then
        sdkdir="$(printf '%s' "$sdk" | sed -n 's/^\([^ ]*\) \[\(.*\)\]$/\2\/\1/p')"
        v="$(sed -n 's/.*<BundledNETCoreAppPackageVersion>\([^<]*\)<.*/\1/p' \
            "$sdkdir/Microsoft.NETCoreSdk.BundledVersions.props" 2>/dev/null | head -n 1)"
        [ -n "$v" ] && add "$v"
    fi
fi
[ "${#candidates[@]}" -gt 0 ] || { echo "restore-dotnet-runtime: no .NET 10 runtime version found (dotnet --list-runtimes); set WRLDBGEXT_RUNTIME_VERSION" >&2; exit 1; }

# The global packages folder NuGet used (first entry of packageFolders in the assets file).
package_folder() {
    awk '/"packageFolders": *\{/ { inside = 1; next }
         inside && /^[[:space:]]*\}/ { exit }
         inside && match($0, /"[^"]+"/) { print substr($0, RSTART + 1, RLENGTH - 2); exit }' "$assets"
}

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
version="" pkg=""
for v in "${candidates[@]}"; do
    if dotnet restore "$proj" -nologo -v quiet -p:WinRuntimePackVersion="$v" >"$log" 2>&1; then
        d="$(package_folder)"; d="${d%/}/$id/$v"
        if [ -f "$d/runtimes/win-x64/native/hostfxr.dll" ]; then version="$v"; pkg="$d"; break; fi
        echo "restore-dotnet-runtime: restored $id $v but $d/runtimes/win-x64/native/hostfxr.dll is missing" >&2
    else
        echo "restore-dotnet-runtime: $id $v did not restore; trying the next candidate" >&2
    fi
done
if [ -z "$version" ]; then
    cat "$log" >&2
    echo "restore-dotnet-runtime: none of ${candidates[*]} could be restored (last restore output above)" >&2
    exit 1
fi

lib="$pkg/runtimes/win-x64/lib/net10.0"
native="$pkg/runtimes/win-x64/native"
[ -f "$lib/Microsoft.NETCore.App.deps.json" ] || { echo "restore-dotnet-runtime: $lib/Microsoft.NETCore.App.deps.json is missing" >&2; exit 1; }

# Assemble next to the final place, then swap, so a half-made root is never used.
tmp="$out.tmp"
rm -rf "$tmp"
fx="$tmp/shared/Microsoft.NETCore.App/$version"
mkdir -p "$tmp/host/fxr/$version" "$fx"
# Real copies (no hard links): nothing done to artifacts/ may write through into the NuGet package folder.
cp --reflink=auto "$native/hostfxr.dll" "$tmp/host/fxr/$version/"
cp --reflink=auto "$lib"/* "$fx/"
for f in "$native"/*; do
    [ "$(basename "$f")" = hostfxr.dll ] || cp --reflink=auto "$f" "$fx/"
done
printf '%s\n%s\n' "$version" "$key" >"$tmp/.assembled"
rm -rf "$out"
mv "$tmp" "$out"
printf '%s\n' "$out"
