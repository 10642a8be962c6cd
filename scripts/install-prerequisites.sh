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
