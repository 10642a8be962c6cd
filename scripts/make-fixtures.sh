#!/usr/bin/env bash
# Builds the engine-made test fixtures into artifacts/fixtures/{x64,x86}/ (git-ignored):
#   each scenario target (tests/targets/*) is built with clang + lld-link (+ PDB), launched under
#   Microsoft's dbgeng in Wine, stopped at <target>!Checkpoint, and dumped by the engine with
#   ".dump $dump_options" (below; /o /mhid: handles + indirectly referenced memory + the images' data
#   segments: the target puts every manifest address on its stack at the checkpoint, so the dump holds all
#   objects; the data segments hold the holder globals; ~2 MB, mostly Wine's DLLs' data). The target
#   itself writes <target>.manifest.json beside its .exe (ground truth: addresses, states, counts).
#   x64: the x64 engine host. x86: the x86 engine host (package content/x86, 32-bit Wine: the x64 dbgeng
#        cannot .dump a WoW64 target); the tests open these dumps with the x64 engine, as WinDbg x64 does.
#        Needs scripts/probe.sh x86_live (wine32 + a kernel that runs 32-bit code). Without it the x86
#        targets are only built, with a message; under CI=true that is a failure.
#   both: weak_refs-writer.dmp: the engine reads every flavour's block type (WRL, C++/WinRT, C++/CX, WinUI,
#        windows-rs) from the target's PDB (image target, like windbg -z) and our minidump writer lays each
#        flavour's scenario out exactly so, attributed to the exe's module (its RSDS) so the engine loads that PDB
#        for the dump too; it holds states (misaligned, partly captured blocks, targets not captured, corrupt
#        counts) a live run cannot produce. Without x86_live it is the only x86 dump.
#        memory_buffers-writer.dmp: the same for the IMemoryBuffer reference implementation's four types, laid out
#        from memory_buffers.exe's PDB (tests/WrlDbgExt.TestSupport/Scenarios/MemoryBufferTwin.cs).
# Usage: make-fixtures.sh [--update-sample [TARGET...]]   (--update-sample also dumps the x64 targets named
#   (default: weak_refs and memory_buffers) with "$sample_options" into tests/samples: without the data segments
#   (Wine's DLLs' data is most of the 2 MB) each stays far below the 2 MB a sample may take; the planted globals
#   are then not captured.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/artifacts/fixtures"
engine="$root/scripts/engine"
# One option string for both architectures: h handles, i indirectly referenced memory, d data segments (globals).
dump_options="/o /mhid"
sample_options="/o /mhi"

bash "$root/scripts/build-targets.sh" x64 x86
rm -rf "$out"
mkdir -p "$out/x64" "$out/x86"

# Output of one command from the engine host's protocol (@@@ COMMAND ... @@@ end).
engine_output() { awk -v cmd="@@@ $1" '$0 == cmd {on = 1; next} $0 == "@@@ end" {on = 0} on' ; }

dump_live() { # ARCH NAME [DIR OPTIONS]: launch, break at the checkpoint, dump (with the engine of the target's architecture)
    local arch="$1" name="$2" dir="${3:-$out/$1}" options="${4:-$dump_options}"
    cp "artifacts/targets/$arch/$name.exe" "artifacts/targets/$arch/$name.pdb" "$dir/"
    local dmp_win
    dmp_win="$("$engine" --winpath "$dir/$name.dmp")"
    "$engine" --arch "$arch" --launch "$dir/$name.exe" --sympath "$dir" --break "$name!Checkpoint" \
        --cmd ".dump $options $dmp_win" >"$dir/$name.engine.log" 2>&1 \
        || { echo "make-fixtures: engine run of $arch/$name failed:" >&2; tail -n 20 "$dir/$name.engine.log" >&2; return 1; }
    [ -s "$dir/$name.dmp" ] || { echo "make-fixtures: no dump for $arch/$name" >&2; return 1; }
    [ -s "$dir/$name.manifest.json" ] || { echo "make-fixtures: $arch/$name wrote no manifest" >&2; return 1; }
    echo "make-fixtures: $arch/$name.dmp ($(stat -c %s "$dir/$name.dmp") bytes, engine-made)"
}

for exe in artifacts/targets/x64/*.exe; do
    dump_live x64 "$(basename "$exe" .exe)"
done

# Writer-made twin of a target for an architecture (TARGET-writer.dmp), laid out as the engine reads the twin's
# types from the target's PDB (one engine run, the commands from the fixture writer: a dt and a sizeof per type).
# weak_refs: every flavour's states (incl. misaligned and partly captured blocks); memory_buffers: the reference
# IMemoryBuffer's states a live run cannot reach (a looping list, uncaptured list and handler parts, corrupt flags).
writer() { dotnet run --project "$root/tests/WrlDbgExt.FixtureWriter" -c Release -v quiet -- "$@"; }
pdb_laid_out() { # ARCH TARGET
    local dir="$out/$1" target="$2" cmd
    local -a cmds=(--cmd ".reload /f")
    while IFS= read -r cmd; do
        case "$cmd" in "dt "* | "?? sizeof("*) cmds+=(--cmd "$cmd") ;; esac # nothing else dotnet may print
    done < <(writer layout-commands "$target")
    [ "${#cmds[@]}" -gt 2 ] || { echo "make-fixtures: the fixture writer named no layout commands for $target" >&2; return 1; }
    "$engine" --image "$dir/$target.exe" --sympath "$dir" "${cmds[@]}" \
        >"$dir/$target-writer.engine.log" 2>/dev/null \
        || { echo "make-fixtures: the engine could not open the $1 $target image" >&2; return 1; }
    writer pdb-laid-out "$dir/$target.exe" "$dir/$target-writer.engine.log" "$dir/$target-writer"
}

x86_missing=""
if x86_fact="$(bash "$root/scripts/probe.sh" x86_live)"; then
    for exe in artifacts/targets/x86/*.exe; do dump_live x86 "$(basename "$exe" .exe)"; done
else
    x86_missing="$(sed -n 's/^x86_live.reason=//p' <<<"$x86_fact")"
    echo "make-fixtures: only the writer-made x86 dump (x86 targets built, not run). $x86_missing" >&2
    cp artifacts/targets/x86/*.exe artifacts/targets/x86/*.pdb "$out/x86/"
fi
for arch in x64 x86; do
    for target in weak_refs memory_buffers; do pdb_laid_out "$arch" "$target"; done
done

# Under CI the fallback still leaves every other fixture in place, but the run fails.
case "${CI:-}" in
    true | TRUE | True | 1)
        [ -z "$x86_missing" ] || { echo "make-fixtures: CI=true needs engine-made x86 dumps. $x86_missing" >&2; exit 1; } ;;
esac

if [ "${1:-}" = "--update-sample" ]; then
    shift
    samples=("$@")
    [ "${#samples[@]}" -gt 0 ] || samples=(weak_refs memory_buffers)
    sample="$out/sample"
    mkdir -p "$sample"
    for name in "${samples[@]}"; do
        dump_live x64 "$name" "$sample" "$sample_options"
        cp "$sample/$name.dmp" "$root/tests/samples/$name-x64.dmp"
        cp "$sample/$name.manifest.json" "$root/tests/samples/$name-x64.manifest.json"
        echo "make-fixtures: updated tests/samples/$name-x64.*"
    done
fi
