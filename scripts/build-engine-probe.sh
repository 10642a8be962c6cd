#!/usr/bin/env bash
# Builds the engine probe: the real wrldbgext.dll loader (scripts/build-extension.sh) in front of a stand-in
# managed side, tests/WrlDbgExt.Engine.Tests/EngineProbe (the engine adapter's sources plus exports that
# print what the adapter computes, e.g. its memory regions), with the bundled Windows .NET, into
# artifacts/engine-probe/. The conformance tests load it into the real engine under Wine. Test-only.
# Prints the folder's path on stdout. Up to date -> no work.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
proj="$root/tests/WrlDbgExt.Engine.Tests/EngineProbe/EngineProbe.csproj"
managed="$root/artifacts/obj/engine-probe-managed"
stamp="$managed/.published"
mkdir -p "$root/artifacts"
exec 9>"$managed.lock"
flock 9
# The probe compiles src/WrlDbgExt.Engine and references src/WrlDbgExt.Core: any of their sources counts.
if [ ! -f "$stamp" ] || [ -n "$(find "$root/src/WrlDbgExt.Engine" "$root/src/WrlDbgExt.Core" "$(dirname "$proj")" \
        \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit)" ] || \
   [ -n "$(find "$root/Directory.Build.props" "$root/Directory.Packages.props" "$0" -newer "$stamp" -print -quit)" ]; then
    rm -rf "$managed"
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    if ! dotnet publish "$proj" -c Release -r win-x64 --self-contained false -o "$managed" -nologo >"$log" 2>&1; then
        cat "$log" >&2
        echo "build-engine-probe: dotnet publish of $proj failed (output above)" >&2
        exit 1
    fi
    touch "$stamp"
fi
exec "$root/scripts/build-extension.sh" --bundle-runtime --managed-from "$managed" --out "$root/artifacts/engine-probe"
