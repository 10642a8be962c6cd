#!/usr/bin/env bash
# Checks that the engine-using conformance tests compared as many cases as the fixtures call for, so a
# test that silently compares nothing (a filter that matches no object, a fixture that lost its objects)
# fails the run. Each such test writes its number of engine comparisons to RESULTS/<Class.Method[.arch]>.txt
# (tests/WrlDbgExt.TestSupport/Fixtures/EngineCases.cs); this script compares them with minimums:
#   derived from the fixture manifests (artifacts/fixtures/ARCH/*.manifest.json that have a .dmp beside
#   them), counting objects of decoded flavours (not in tests/WrlDbgExt.Conformance.Tests/
#   expected-missing-flavours.txt):
#     dt conformance        per typed object 1 (value form) + per distinct type 1 (type form)
#     extension vs wrldbg   per object 1 (blocks: !wrlweak, words: !wrlweak -word)
#     engine regions        per object of x64/weak_refs (every flavour) 1
#   fixed (the shape of the test): see the table below.
# A missing file, a count below its minimum, a count of 0, or an architecture whose manifests hold no
# decoded object is a failure.
# Prints one line per check and "engine-cases: N passed, M failed". Exit 1 when any check failed.
# Usage: scripts/engine-cases.sh [RESULTS_DIR]   (default artifacts/test-results/engine-cases)
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="${1:-$root/artifacts/test-results/engine-cases}"
fixtures="${WRLDBG_FIXTURES:-$root/artifacts/fixtures}"
missing_list="$root/tests/WrlDbgExt.Conformance.Tests/expected-missing-flavours.txt"
passed=0 failed=0

fail() { echo "engine-cases: FAIL $*"; failed=$((failed + 1)); }
finish() { echo "engine-cases: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

command -v jq >/dev/null 2>&1 || { fail "jq is not installed (scripts/install-prerequisites.sh installs it)"; finish; }
[ -f "$missing_list" ] || { fail "$missing_list is missing"; finish; }
missing_json="$(grep -v '^[[:space:]]*#' "$missing_list" | sed 's/[[:space:]]//g' | grep -v '^$' | jq -R . | jq -s -c .)"

# Per dumped manifest of ARCH: "typed", "types" and "all" counts of decoded objects.
declare -A minimum
count_arch() { # ARCH -> sets dt_min, ext_min
    local arch="$1" m typed types all
    dt_min=0 ext_min=0
    for m in "$fixtures/$arch"/*.manifest.json; do
        [ -f "$m" ] && [ -f "${m%.manifest.json}.dmp" ] || continue
        read -r typed types all < <(jq -r --argjson missing "$missing_json" '
            [.objects[] | select(.kind == null) | select(.flavour as $f | ($missing | index($f)) | not)] as $d
            | [$d[] | select(.type != null and .via == null)] as $t
            | "\($t | length) \([$t[] | .type] | unique | length) \($d | length)"' "$m") \
            || { fail "$m: not a readable manifest"; continue; }
        dt_min=$((dt_min + typed + types))
        ext_min=$((ext_min + all))
    done
}
for arch in x64 x86; do
    count_arch "$arch"
    # Both architectures have dumps (x86: the writer-made one): no decoded object means lost fixtures.
    [ "$ext_min" -gt 0 ] || fail "no $arch manifest with a dump holds an object of a decoded flavour (fixtures under $fixtures/$arch?)"
    minimum["EngineDtConformanceTests.TypeAndValueFormsEqualTheEngine.$arch"]=$dt_min
    minimum["ExtensionInEngineTests.WithoutSymbolsTheOutputEqualsWrldbgByteForByte.$arch"]=$ext_min
    # obj: every manifest object from its start and from each interface pointer, with and without PDBs.
    objs=0
    for m in "$fixtures/$arch"/*.manifest.json; do
        [ -f "$m" ] && [ -f "${m%.manifest.json}.dmp" ] || continue
        n="$(jq '[.objects[] | select(.kind == "object") | ([.address] + (.interfaces | split(",") | map(select(length > 0)))) | unique | length] | add // 0' "$m")"
        objs=$((objs + n))
    done
    minimum["ObjectManifestTests.EveryManifestObjectGivesItsFactsInTheEngine.$arch.pdb"]=$objs
    minimum["ObjectManifestTests.EveryManifestObjectGivesItsFactsInTheEngine.$arch.nopdb"]=$objs
    # weak with PDBs: every decoded object of the engine-made dumps (not the writer-made twins).
    live=0
    for m in "$fixtures/$arch"/*.manifest.json; do
        [ -f "$m" ] && [ -f "${m%.manifest.json}.dmp" ] || continue
        case "$m" in *-writer.manifest.json) continue ;; esac
        n="$(jq --argjson missing "$missing_json" '[.objects[] | select(.kind == null) | select(.flavour as $f | ($missing | index($f)) | not)] | length' "$m")"
        live=$((live + n))
    done
    minimum["ManifestVerdictTests.EveryDecodedObjectGetsItsManifestVerdictInTheEngineWithPdbs.$arch"]=$live
    # the CLI with --symbols (our PDB reader) against the engine with the same PDBs: the same objects
    minimum["ExtensionInEngineTests.WithThePdbsTheOutputEqualsWrldbgWithSymbolsByteForByte.$arch"]=$live
    # NatVis: every typed block and buffer entry (not the tear-off entries) of the engine-made dumps, and of the
    # writer-made twins; every word whose field has a type NatVis can attach to (WRL/WinUI refCount_, windows-rs count).
    nv_live=0 nv_writer=0 nv_words=0
    for m in "$fixtures/$arch"/*.manifest.json; do
        [ -f "$m" ] && [ -f "${m%.manifest.json}.dmp" ] || continue
        n="$(jq --argjson missing "$missing_json" '[.objects[] | select(.kind == null and .type != null and .via == null) | select(.flavour as $f | ($missing | index($f)) | not)] | length' "$m")"
        case "$m" in *-writer.manifest.json) nv_writer=$((nv_writer + n)) ;; *) nv_live=$((nv_live + n)) ;; esac
        n="$(jq '[.objects[] | select((.kind == null and (.flavour == "wrl-word" or .flavour == "winui-word" or .flavour == "windows-rs-word"))
                 or (.kind == "object" and (.wordField == "refCount_" or .wordField == "count")))] | length' "$m")"
        nv_words=$((nv_words + n))
    done
    minimum["NatVisInEngineTests.EveryManifestBlockAndBufferShowsItsStateThroughNatVis.$arch"]=$nv_live
    minimum["NatVisInEngineTests.TheStatesNatVisCannotTellShowNoState.$arch"]=$nv_writer
    minimum["NatVisInEngineTests.WordsShowTheirBlockOrTheirCount.$arch"]=$nv_words
    # refs: every planted holder, plus the CLI comparison of at least one stacked address per scenario target.
    holders=0
    for m in "$fixtures/$arch"/*.manifest.json; do
        [ -f "$m" ] && [ -f "${m%.manifest.json}.dmp" ] || continue
        n="$(jq '[.objects[] | select(.kind == "holder")] | length' "$m")"
        [ "$n" -gt 0 ] && holders=$((holders + n + 1))
    done
    [ "$holders" -gt 0 ] || fail "no $arch manifest with a dump plants a holder"
    minimum["RefsConformanceTests.TheEngineFindsTheSameHoldersAsTheCliAndNamesGlobalsAndFrames.$arch.pdb"]=$holders
    minimum["RefsConformanceTests.TheEngineFindsTheSameHoldersAsTheCliAndNamesGlobalsAndFrames.$arch.nopdb"]=$holders
done
regions=0
if [ -f "$fixtures/x64/weak_refs.manifest.json" ]; then
    regions="$(jq '.objects | length' "$fixtures/x64/weak_refs.manifest.json" 2>/dev/null || echo 0)"
fi
minimum["EngineRegionsTests.EveryManifestObjectIsInAnEngineRegion"]=$regions

# Fixed minimums: comparisons each of these tests makes by construction.
minimum["EngineDtConformanceTests.TheEngineReadsTheX86SeedTableFromTheX86Pdb"]=2
# per flavour sizeof + its fields: WRL 1+4, C++/WinRT 1+5, C++/CX 1+7, WinUI 1+4, windows-rs 1+5
minimum["EngineDtConformanceTests.TheTestLayoutTableIsWhatTheEngineReadsFromThePdb.x64"]=30
minimum["EngineDtConformanceTests.TheTestLayoutTableIsWhatTheEngineReadsFromThePdb.x86"]=30
# ln: each engine-made target's procedures, data and publics at their address and +1 (weak_refs alone has 549 procedures).
minimum["LnConformanceTests.EveryFunctionGlobalAndPublicNamesItselfAsTheEngineDoes.x64"]=1500
minimum["LnConformanceTests.EveryFunctionGlobalAndPublicNamesItselfAsTheEngineDoes.x86"]=1500
# dt from PDB types: per engine-made and writer dump, every type of the PDB in 14 forms (over 100 types in weak_refs),
# plus the wildcard listings and every global; --json: 4 outputs.
minimum["PdbDtConformanceTests.EveryTypeOfEveryTargetPdbEqualsTheEnginesDt.x64"]=3500
minimum["PdbDtConformanceTests.EveryTypeOfEveryTargetPdbEqualsTheEnginesDt.x86"]=3500
minimum["PdbDtConformanceTests.TheJsonRowsAreTheEnginesLines.x64"]=4
minimum["PdbDtConformanceTests.TheJsonRowsAreTheEnginesLines.x86"]=4
minimum["ExtensionInEngineTests.WithSymbolsTheLayoutComesFromThePdbAndTheDecodingIsTheSame"]=1
minimum["ExtensionInEngineTests.LiveTargetAtItsCheckpointWithEngineExpressions"]=3
minimum["ExtensionInEngineTests.HostileInputGetsClearMessagesAndTheEngineKeepsAnswering"]=10  # the battery holds more; room for changes
minimum["ExtensionInEngineTests.DmlIsValidMarkupThatAConsoleShowsAsTheSameText"]=6      # 3 objects + >= 1 link each
minimum["ExtensionInEngineTests.UnloadThenLoadAgainWorks"]=2
for arch in x64 x86; do # !wrlscan: every manifest block of the engine-made dumps, linked (x64 21, x86 21 today)
    for pdb in pdb nopdb; do minimum["WrlscanInEngineTests.WrlscanListsExactlyTheManifestsBlocksEachLinkedToItsCommand.$arch.$pdb"]=10; done
done
minimum["NatVisInEngineTests.ModelsAndNatVisOnOneTypeBehaveAsDocumentedInBothLoadOrders"]=11
minimum["NatVisInEngineTests.NvUnloadRemovesTheViews"]=3
for arch in x64 x86; do # at the checkpoint rcx / ecx holds the target's pointer array: at least that one
    minimum["RefsConformanceTests.EveryRegisterTheEngineShowsIsFoundAsAHolderOfItsValue.$arch"]=1
done
# The data models (dx): per decoded block or buffer at least its State, per object its WeakReference.State.
for arch in x64 x86; do
    dm_pdb=0 dm_all=0
    for m in "$fixtures/$arch"/*.manifest.json; do
        [ -f "$m" ] && [ -f "${m%.manifest.json}.dmp" ] || continue
        n="$(jq -r --argjson missing "$missing_json" '[.objects[] | select(.kind == null or .kind == "object")
            | select(.type != null or .kind == "object") | select(.flavour as $f | ($missing | index($f)) | not)] | length' "$m")"
        dm_all=$((dm_all + n))
        case "$m" in *-writer.manifest.json) ;; *) dm_pdb=$((dm_pdb + n)) ;; esac
    done
    minimum["DataModelInEngineTests.EveryManifestObjectShowsItsStateThroughTheModels.$arch.pdbs"]=$dm_pdb
    minimum["DataModelInEngineTests.EveryManifestObjectShowsItsStateThroughTheModels.$arch.nopdbs"]=$dm_all
    minimum["DataModelInEngineTests.ALinqQueryOverRefsFindsTheManifestHolders.$arch"]=7 # 6 planted holders + the Select/Count check
done
minimum["DataModelInEngineTests.HostileQueriesNeverTakeTheEngineDown"]=15
minimum["DataModelInEngineTests.TypedViewsOfWrongMemoryAnswerToo"]=8
minimum["DataModelInEngineTests.UnloadRemovesTheModelsAndLoadBringsThemBack"]=7

total_min=0 total=0
for test in $(printf '%s\n' "${!minimum[@]}" | sort); do
    min="${minimum[$test]}"
    total_min=$((total_min + min))
    file="$results/$test.txt"
    if [ ! -f "$file" ]; then
        fail "$test: no $file (the test did not run to its end)"
        continue
    fi
    n="$(tr -d '[:space:]' <"$file")"
    if ! [[ "$n" =~ ^[0-9]+$ ]]; then fail "$test: '$n' is not a count"; continue; fi
    total=$((total + n))
    if [ "$n" -eq 0 ] || [ "$n" -lt "$min" ]; then
        fail "$test: $n engine comparisons, minimum $min"
    else
        echo "engine-cases: ok $test: $n (minimum $min)"
        passed=$((passed + 1))
    fi
done
# Unknown files: a test recording under a name this table does not know is not checked, so say so.
for file in "$results"/*.txt; do
    [ -f "$file" ] || continue
    test="$(basename "$file" .txt)"
    [ -n "${minimum[$test]+set}" ] || fail "$test: recorded engine cases but has no minimum in scripts/engine-cases.sh"
done
echo "engine-cases: $total engine comparisons, minimum $total_min"
finish
