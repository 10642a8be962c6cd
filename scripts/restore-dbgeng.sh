#!/usr/bin/env bash
# Restores Microsoft.Debugging.Platform.DbgEng (version pinned in Directory.Packages.props) through the
# restore-only project src/native/dbgeng-package and prints the package root directory on stdout, e.g.
#   ~/.nuget/packages/microsoft.debugging.platform.dbgeng/20260109.1235.0
# The root is taken from what NuGet itself reports (the project.assets.json package folder), so
# NUGET_PACKAGES, a NuGet.config globalPackagesFolder or the default ~/.nuget/packages all work.
# Restoring means accepting the package's license (Windows SDK license). Nothing is copied into the repo.
# Fast path (no dotnet call) when nothing changed since the last restore.
# --check: restore nothing; print the root the last restore recorded (exit 1 when there is none).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
proj="$root/src/native/dbgeng-package/DbgEngPackage.csproj"
objdir="$root/artifacts/obj/dbgeng-package"
assets="$objdir/project.assets.json"
id="microsoft.debugging.platform.dbgeng"

version="$(sed -n 's/.*Include="Microsoft\.Debugging\.Platform\.DbgEng"[^>]*Version="\([^"]*\)".*/\1/p' \
    "$root/Directory.Packages.props" | head -n 1)"
if [ -z "$version" ]; then
    echo "restore-dbgeng: no PackageVersion for Microsoft.Debugging.Platform.DbgEng in Directory.Packages.props" >&2
    exit 1
fi

# Package folders NuGet used for the last restore (first = global packages folder), from the assets file.
package_root_from_assets() {
    [ -f "$assets" ] || return 1
    local folder d
    while IFS= read -r folder; do
        d="${folder%/}/$id/$version"
        if [ -f "$d/content/amd64/dbgeng.dll" ]; then
            printf '%s\n' "$d"
            return 0
        fi
    done < <(awk '/"packageFolders": *\{/ { inside = 1; next }
                  inside && /^[[:space:]]*\}/ { exit }
                  inside && match($0, /"[^"]+"/) { print substr($0, RSTART + 1, RLENGTH - 2) }' "$assets")
    return 1
}

if [ "${1:-}" = "--check" ]; then
    package_root_from_assets
    exit
fi

# Fast path: same version, same NUGET_PACKAGES/HOME as the last restore, inputs unchanged, files present.
stamp="$objdir/restore-dbgeng.stamp"
key="$version|${NUGET_PACKAGES:-}|${HOME:-}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && \
   [ -z "$(find "$proj" "$root/Directory.Packages.props" "$root/NuGet.config" -newer "$stamp" -print -quit 2>/dev/null)" ] && \
   pkg="$(package_root_from_assets)"; then
    printf '%s\n' "$pkg"
    exit 0
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet restore "$proj" -nologo -v quiet >"$log" 2>&1; then
    cat "$log" >&2
    echo "restore-dbgeng: restore of Microsoft.Debugging.Platform.DbgEng $version failed (output above)" >&2
    exit 1
fi
if ! pkg="$(package_root_from_assets)"; then
    cat "$log" >&2
    echo "restore-dbgeng: restored, but no $id/$version/content/amd64/dbgeng.dll in the package folders of $assets" >&2
    exit 1
fi
printf '%s\n' "$key" >"$stamp"
printf '%s\n' "$pkg"
