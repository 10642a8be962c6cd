#!/usr/bin/env bash
# Benchmarks the extension inside Microsoft's engine (under Wine), against baselines measured in the
# same session: the engine's own `dt` of the same object for !wrlweak, and `dx` of the same block's raw
# view (`,!`) for `dx` through the extension's data model. Prints .load time, the first !wrlweak (JIT),
# the first dx through the model, and the median per call of each over N interleaved calls, with ratios.
# Usage: bench-extension.sh [N]   (default 200; needs scripts/make-fixtures.sh and
#        scripts/build-extension.sh --bundle-runtime to have run)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-200}"
dir="$root/artifacts/fixtures/x64"
ext="$root/artifacts/extension/wrldbgext.dll"
[ -f "$dir/weak_refs.dmp" ] || { echo "bench: run scripts/make-fixtures.sh first" >&2; exit 1; }
[ -f "$ext" ] || { echo "bench: run scripts/build-extension.sh --bundle-runtime first" >&2; exit 1; }

address=$(grep -o '"name": "wrl-alive"[^}]*' "$dir/weak_refs.manifest.json" | sed -E 's/.*"address": "([^"]+)".*/\1/')
type='weak_refs!Microsoft::WRL::Details::WeakReferenceImpl'
load=".load $("$root/scripts/engine" --winpath "$ext")"
args=(--dump "$dir/weak_refs.dmp" --sympath "$dir" --time --cmd "$load" --cmd "!wrlweak $address")
# Interleaved, so drift in the session (caches, the wineserver) weighs on both sides alike.
for _ in $(seq "$n"); do args+=(--cmd "!wrlweak  $address" --cmd "dt $type $address"); done
# dx: the model's view (State, counts, Target, Findings: every property read) against the raw view of the same object.
model="dx -r1 *($type*)$address"
raw="dx -r1 (*($type*)$address),!"
args+=(--cmd "$model")
for _ in $(seq "$n"); do args+=(--cmd "$model " --cmd "$raw"); done

out="$root/artifacts/bench"
mkdir -p "$out"
"$root/scripts/engine" "${args[@]}" >"$out/extension.log" 2>/dev/null || true

# Commands reach awk through the environment: -v would turn the backslashes of Z:\ paths into escapes.
LOAD="$load" FIRST="!wrlweak $address" EXT="!wrlweak  $address" DT="dt $type $address" \
MFIRST="$model" MODEL="$model " RAW="$raw" awk '
    BEGIN { load = ENVIRON["LOAD"]; first = ENVIRON["FIRST"]; ext = ENVIRON["EXT"]; dt = ENVIRON["DT"]
            mfirst = ENVIRON["MFIRST"]; model = ENVIRON["MODEL"]; raw = ENVIRON["RAW"] }
    /^@@@ time / { t[cmd] = t[cmd] " " $3; next }
    /^@@@ / && $0 != "@@@ end" { cmd = substr($0, 5) }
    function median(list,    a, k, i, j, tmp) {
        k = split(list, a, " ")
        for (i = 2; i <= k; i++) { tmp = a[i]; for (j = i - 1; j >= 1 && a[j] > tmp; j--) a[j + 1] = a[j]; a[j + 1] = tmp }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
        if (t[ext] == "" || t[dt] == "") { print "bench: no timings (see artifacts/bench/extension.log)"; exit 1 }
        e = median(t[ext]); d = median(t[dt])
        printf ".load wrldbgext            %8.1f ms\n", t[load] / 1000
        printf "first !wrlweak (JIT)       %8.1f ms\n", t[first] / 1000
        printf "!wrlweak, median per call  %8.3f ms\n", e / 1000
        printf "dt (baseline), median      %8.3f ms\n", d / 1000
        printf "ratio !wrlweak / dt        %8.2f\n", e / d
        if (t[model] == "" || t[raw] == "") { print "bench: no dx timings (see artifacts/bench/extension.log)"; exit 1 }
        m = median(t[model]); r = median(t[raw])
        printf "first dx via the model     %8.1f ms\n", t[mfirst] / 1000
        printf "dx via the model, median   %8.3f ms\n", m / 1000
        printf "dx raw view ,!, median     %8.3f ms\n", r / 1000
        printf "ratio model / raw view     %8.2f\n", m / r
    }' "$out/extension.log" | tee "$out/extension.txt"
