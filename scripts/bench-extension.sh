#!/usr/bin/env bash
# Benchmarks the extension inside Microsoft's engine (under Wine), against baselines measured in the
# same session: the engine's own `dt` of the same object for !wrlweak, and `dx` of the same block's raw
# view (`,!`) for `dx` through the extension's data model. Prints .load time, the first !wrlweak, the
# first dx through the model, and the median per call of each over N interleaved calls, with ratios.
# Two builds in one run: the shipped ReadyToRun one (artifacts/extension) and the same sources IL-only
# (scripts/build-extension.sh --jit, artifacts/extension-jit), each in ROUNDS alternating engine sessions
# (the first .load of a round pays for cold file caches alike); per build the best round's start-up
# figures, checked against issue 12's goals: .load <= 150 ms, first !wrlweak <= 10 ms (R2R build).
# Usage: bench-extension.sh [N] [ROUNDS]   (defaults 100 and 2; needs scripts/make-fixtures.sh; builds
#        both extension folders with the bundled runtime when they are out of date)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-100}"   # 200 would pass 32 767 characters, the longest Windows command line
rounds="${2:-2}"
dir="$root/artifacts/fixtures/x64"
[ -f "$dir/weak_refs.dmp" ] || { echo "bench: run scripts/make-fixtures.sh first" >&2; exit 1; }
"$root/scripts/build-extension.sh" --bundle-runtime >/dev/null
"$root/scripts/build-extension.sh" --bundle-runtime --jit --out "$root/artifacts/extension-jit" >/dev/null
load_goal=150 first_goal=10

address=$(grep -o '"name": "wrl-alive"[^}]*' "$dir/weak_refs.manifest.json" | sed -E 's/.*"address": "([^"]+)".*/\1/')
type='weak_refs!Microsoft::WRL::Details::WeakReferenceImpl'
out="$root/artifacts/bench"
mkdir -p "$out"
# One engine session with BUILD's extension -> its figures (the awk below) on stdout; the log in $out.
session() { # BUILD(extension folder name) ROUND
    local ext="$root/artifacts/$1/wrldbgext.dll" log="$out/$1.$2.log"
    load=".load $("$root/scripts/engine" --winpath "$ext")"
    args=(--dump "$dir/weak_refs.dmp" --sympath "$dir" --time --cmd "$load" --cmd "!wrlweak $address")
    # Interleaved, so drift in the session (caches, the wineserver) weighs on both sides alike.
    for _ in $(seq "$n"); do args+=(--cmd "!wrlweak  $address" --cmd "dt $type $address"); done
    # dx: the model's view (State, counts, Target, Findings: every property read) against the raw view of the same object.
    model="dx -r1 *($type*)$address"
    raw="dx -r1 (*($type*)$address),!"
    args+=(--cmd "$model")
    for _ in $(seq "$n"); do args+=(--cmd "$model " --cmd "$raw"); done

    "$root/scripts/engine" "${args[@]}" >"$log" 2>"$log.err" || true

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
            if (t[ext] == "" || t[dt] == "") { print "bench: no timings (see " FILENAME ")"; exit 1 }
            e = median(t[ext]); d = median(t[dt])
            printf ".load wrldbgext            %8.1f ms\n", t[load] / 1000
            printf "first !wrlweak             %8.1f ms\n", t[first] / 1000
            printf "!wrlweak, median per call  %8.3f ms\n", e / 1000
            printf "dt (baseline), median      %8.3f ms\n", d / 1000
            printf "ratio !wrlweak / dt        %8.2f\n", e / d
            if (t[model] == "" || t[raw] == "") { print "bench: no dx timings (see " FILENAME ")"; exit 1 }
            m = median(t[model]); r = median(t[raw])
            printf "first dx via the model     %8.1f ms\n", t[mfirst] / 1000
            printf "dx via the model, median   %8.3f ms\n", m / 1000
            printf "dx raw view ,!, median     %8.3f ms\n", r / 1000
            printf "ratio model / raw view     %8.2f\n", m / r
        }' "$log"
}

rm -f "$out"/extension*.txt "$out"/extension*.log
for r in $(seq "$rounds"); do
    for build in extension extension-jit; do
        session "$build" "$r" >"$out/$build.$r.txt" || { cat "$out/$build.$r.txt" >&2; exit 1; }
    done
done
# Per build: every figure from the round with the fastest .load + first !wrlweak (start-up is what R2R changes).
best() { # BUILD -> path of its best round's figures
    for f in "$out/$1".*.txt; do
        awk -v f="$f" '/^\.load/ { l = $3 } /^first !wrlweak/ { w = $3 } END { print l + w, f }' "$f"
    done | sort -n | head -1 | cut -d' ' -f2-
}
r2r="$(best extension)" jit="$(best extension-jit)"
{
    echo "== ReadyToRun (artifacts/extension), best of $rounds"; cat "$r2r"
    echo "== JIT (artifacts/extension-jit, --jit), best of $rounds"; cat "$jit"
    awk -v lg="$load_goal" -v fg="$first_goal" '
        FNR == 1 { file++ }
        /^\.load/ { load[file] = $3 } /^first !wrlweak/ { first[file] = $3 }
        END {
            printf "== goals (issue 12): .load <= %d ms, first !wrlweak <= %d ms\n", lg, fg
            printf ".load           R2R %7.1f ms  JIT %7.1f ms  %s\n", load[1], load[2], load[1] <= lg ? "met" : "NOT met"
            printf "first !wrlweak  R2R %7.1f ms  JIT %7.1f ms  %s\n", first[1], first[2], first[1] <= fg ? "met" : "NOT met"
        }' "$r2r" "$jit"
} | tee "$out/extension.txt"
