#!/usr/bin/env bash
# Regenerates the README sample dumps in tests/samples from the shared WRL scenario (our minidump writer).
# A test fails when the committed samples differ from what this writes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet run --project "$root/tests/WrlDbgExt.FixtureWriter" -c Release -- samples "$root/tests/samples"
