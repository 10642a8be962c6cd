#!/usr/bin/env bash
# Mutation-fuzzes the managed PDB reader (tests/WrlDbgExt.Pdb.Tests/PdbFuzzTests.cs): INPUTS inputs made from the
# test PDBs, each asked everything; any exception but a one-line PdbFormatException, or more than 1 s for an
# input, fails and keeps the input under artifacts/fuzz/pdb/. Prints the "pdb-fuzz:" figures line.
# CI runs the same test with its defaults (3000 inputs, at most 120 s); the long run is recorded in the README.
# Usage: scripts/fuzz-pdb.sh [INPUTS] [SECONDS] [SEED]   (default 100000 3600 1; needs scripts/make-fixtures.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export WRLDBG_PDB_FUZZ_INPUTS="${1:-100000}" WRLDBG_PDB_FUZZ_SECONDS="${2:-3600}" WRLDBG_PDB_FUZZ_SEED="${3:-1}"
log="$root/artifacts/fuzz/pdb-fuzz.log"
mkdir -p "$(dirname "$log")"
status=0
dotnet test "$root/tests/WrlDbgExt.Pdb.Tests" -nologo --filter "FullyQualifiedName~PdbFuzzTests" \
    --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
grep -E "pdb-fuzz:|Error Message|Assert" -A2 "$log" | grep -v "^--$" | head -n 12
[ "$status" -eq 0 ] && echo "fuzz-pdb: passed" || echo "fuzz-pdb: FAILED (log: $log)"
exit "$status"
