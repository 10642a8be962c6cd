#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine of this project's kind.
# Idempotent and quick when everything is present. NuGet packages are restored by dotnet itself.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
    echo "install-prerequisites: the .NET 10 SDK is required (dotnet not on PATH)" >&2
    exit 1
fi
major="$(dotnet --version | cut -d. -f1)"
if [ "$major" -lt 10 ]; then
    echo "install-prerequisites: .NET SDK 10 or later is required, found $(dotnet --version)" >&2
    exit 1
fi

# Debian packages for the native engine test loop (Wine + Microsoft's dbgeng, mingw hosts, clang/lld PE+PDB
# fixtures, jq for scripts/engine-cases.sh reading the fixture manifests). One dpkg-query call decides; apt
# runs only for what is missing, so a ready machine costs a few milliseconds.
apt_missing() { # prints the packages of "$@" that are not installed
    local installed p
    installed=" $(dpkg-query -W -f='${Package}=${db:Status-Status} ' "$@" 2>/dev/null || true)"
    for p in "$@"; do
        case "$installed" in *" $p=installed "*) ;; *) printf '%s\n' "$p" ;; esac
    done
}
apt_no_recommends=(wine wine64 mingw-w64)
apt_default=(clang lld llvm jq)
mapfile -t missing_nr < <(apt_missing "${apt_no_recommends[@]}")
mapfile -t missing_def < <(apt_missing "${apt_default[@]}")
if [ "${#missing_nr[@]}" -gt 0 ] || [ "${#missing_def[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install-prerequisites: missing ${missing_nr[*]} ${missing_def[*]} and apt-get is not available" >&2
        exit 1
    fi
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
            echo "install-prerequisites: root (or sudo) is needed to install ${missing_nr[*]} ${missing_def[*]}" >&2
            exit 1
        fi
    fi
    echo "install-prerequisites: installing ${missing_nr[*]} ${missing_def[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    if [ "${#missing_nr[@]}" -gt 0 ]; then
        "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing_nr[@]}" >&2
    fi
    if [ "${#missing_def[@]}" -gt 0 ]; then
        "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_def[@]}" >&2
    fi
fi

# wine32 (i386) runs the x86 targets under the x86 dbgeng, the only engine that can .dump them
# (docs/linux-toolchain.md section 8). Only where the kernel runs 32-bit code (scripts/probe.sh ia32);
# elsewhere x86 dumps stay writer-made. Costs about a minute once (about 330 packages), nothing after.
case "${CI:-}" in true | TRUE | True | 1) ci=1 ;; *) ci=0 ;; esac
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "$(apt_missing wine32)" ]; then
    if ia32="$(bash "$root/scripts/probe.sh" ia32)"; then
        echo "install-prerequisites: installing wine32 (i386) for live x86 targets" >&2
        sudo_cmd=()
        [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
        if ! { { dpkg --print-foreign-architectures | grep -qx i386 || "${sudo_cmd[@]}" dpkg --add-architecture i386; } &&
               "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
               "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine32 >&2; }; then
            echo "install-prerequisites: installing wine32 failed; x86 dumps will only be writer-made" >&2
            [ "$ci" -eq 0 ] || exit 1
        fi
    else
        # Not an error here: scripts/make-fixtures.sh says so again, and fails under CI.
        echo "install-prerequisites: wine32 not installed: $(sed -n 's/^ia32.reason=//p' <<<"$ia32")" >&2
    fi
fi
