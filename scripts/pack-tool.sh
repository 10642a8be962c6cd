#!/usr/bin/env bash
# Packs `wrldbg` as a dotnet tool into artifacts/tool (WrlDbgExt.Cli.VERSION.nupkg, the package users install,
# which points to a RID-specific one), with a NativeAOT build for this machine's RID and a framework-dependent
# build for every other platform ("any"); then a smoke check: installs it from that folder into a temporary tool
# path and runs `wrldbg --version` and the README's first command (the native build must be the one installed).
# Other RIDs' native packages are made on their own OS (NativeAOT does not cross OSes):
#   scripts/pack-tool.sh [--rids "linux-x64;linux-arm64"]   (the pointer package lists them; each must then be
#   packed with `dotnet pack src/wrldbg -c Release -p:NativeTool=true -p:NativeToolRids=... -r RID -o artifacts/tool`)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
case "$(uname -m)" in x86_64) host=linux-x64 ;; aarch64) host=linux-arm64 ;; *) echo "pack-tool: no NativeAOT RID for $(uname -m)" >&2; exit 1 ;; esac
rids="$host"
[ "${1:-}" = "--rids" ] && rids="$2"
out="$root/artifacts/tool"
build="$root/artifacts/tool.build"
rm -rf "$out"
mkdir -p "$out"
project="$root/src/wrldbg/wrldbg.csproj"
props=(-c Release -p:NativeTool=true "-p:NativeToolRids=$rids" --artifacts-path "$build" -o "$out" -nologo -v quiet)

echo "pack-tool: the pointer package (RIDs: $rids; any)"
dotnet pack "$project" "${props[@]}"
echo "pack-tool: the NativeAOT package for $host"
dotnet pack "$project" -r "$host" "${props[@]}"
echo "pack-tool: the framework-dependent package (any)"
dotnet pack "$project" -r any "${props[@]}"
ls -l "$out"/*.nupkg

# Smoke check: install from the folder alone, as a user would from a feed.
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$project" | head -n 1)
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
printf '<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' "$out" >"$tools/nuget.config"
dotnet tool install WrlDbgExt.Cli --version "$version" --tool-path "$tools/bin" --configfile "$tools/nuget.config" >/dev/null
"$tools/bin/wrldbg" --version
installed="$(find "$tools/bin/.store" -type f -name wrldbg -perm -u+x | head -n 1)"
if [ -n "$installed" ] && [ ! -e "$(dirname "$installed")/wrldbg.dll" ]; then
    echo "pack-tool: installed the NativeAOT build ($host)"
else
    echo "pack-tool: the installed tool is not the NativeAOT build" >&2
    exit 1
fi
"$tools/bin/wrldbg" weak "$root/tests/samples/weak_refs-x64.dmp" '0x00000000`00244f30' | tail -n 1
echo "pack-tool: smoke check passed: $out"
