#!/usr/bin/env bash
# Speed of `wrldbg refs` against the speed the dump file can be read at: for (a) the largest fixture dump and
# (b) a generated dump of >= 1 GB (tests/WrlDbgExt.FixtureWriter big-dump: random data, planted holders,
# streamed to disk), times `dd if=FILE of=/dev/null bs=1M` from the page cache (one warming run first) and the
# whole `wrldbg refs` process (start-up included), best of 3 each, and prints MB/s of both and the ratio.
# Goal: ratio >= 0.5. Not run by CI (it writes a 1 GiB file under artifacts/bench; --megabytes 4096: 4 GiB, where
# the fixed start-up weighs less).
#   scripts/bench-refs.sh [--megabytes N]   (default 1024)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
megabytes=1024
[ "${1:-}" = "--megabytes" ] && megabytes="$2"
bench="$root/artifacts/bench"
mkdir -p "$bench"
cli="$root/scripts/wrldbg"

now_ns() { date +%s%N; }
best_ms() { # COMMAND... -> best wall time of 3 runs, in ms
    local best=0 t0 t1 ms
    for _ in 1 2 3; do
        t0=$(now_ns); "$@" >/dev/null 2>&1; t1=$(now_ns)
        ms=$(( (t1 - t0) / 1000000 )); [ "$ms" -lt 1 ] && ms=1
        if [ "$best" -eq 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best"
}
measure() { # LABEL FILE ADDRESS
    local bytes dd_ms refs_ms
    bytes=$(stat -c %s "$2")
    dd if="$2" of=/dev/null bs=1M 2>/dev/null          # warm the page cache
    "$cli" refs "$2" "$3" >/dev/null                    # and the CLI build
    dd_ms=$(best_ms dd if="$2" of=/dev/null bs=1M)
    refs_ms=$(best_ms "$cli" refs "$2" "$3")
    awk -v l="$1" -v b="$bytes" -v d="$dd_ms" -v r="$refs_ms" -v s="${startup_ms:-0}" 'BEGIN {
        dm = b / 1e6 / (d / 1000); rm = b / 1e6 / (r / 1000);
        printf "bench-refs: %s: %.0f bytes; dd %.0f MB/s (%d ms), refs %.0f MB/s (%d ms), ratio %.2f", l, b, dm, d, rm, r, rm / dm
        if (s > 0 && r > s) printf "; without the %d ms start-up (the small dump'"'"'s time): refs %.0f MB/s, ratio %.2f", s, b / 1e6 / ((r - s) / 1000), b / 1e6 / ((r - s) / 1000) / dm
        printf "\n" }'
    last_ms=$refs_ms
}

# (a) the largest engine-made fixture dump, on its first manifest object.
largest=$(ls -S "$root"/artifacts/fixtures/*/*.dmp 2>/dev/null | head -n 1 || true)
if [ -n "$largest" ] && [ -f "${largest%.dmp}.manifest.json" ]; then
    address=$(sed -n 's/.*"address": "\(0x[0-9a-f]*\)".*/\1/p' "${largest%.dmp}.manifest.json" | head -n 1)
    measure "$(basename "$largest")" "$largest" "$address"
    startup_ms=$last_ms # a 17 KB dump: its time is the process start-up, JIT and dump open
else
    echo "bench-refs: no fixture dump (run scripts/make-fixtures.sh): skipping (a)"
fi

# (b) the generated dump.
big="$bench/refs-big-${megabytes}m.dmp"
if [ ! -f "$big" ] || [ ! -f "$big.holders" ]; then
    dotnet build "$root/tests/WrlDbgExt.FixtureWriter" -c Release -nologo -v quiet -o "$bench/fixture-writer" >/dev/null
    dotnet "$bench/fixture-writer/WrlDbgExt.FixtureWriter.dll" big-dump "$big" "$megabytes" | tee "$big.holders"
fi
measure "$(basename "$big")" "$big" 0x20000000
"$cli" refs "$big" 0x20000000 | grep -E '^(counts|searched)'
# The speed counts only if the answer is right: every planted holder found, nothing else.
planted="$(sed -n 's/.*; holders //p' "$big.holders" | tr ' ' '\n' | sort)"
found="$("$cli" refs "$big" 0x20000000 --json | jq -r '.holders[].address' | while read -r a; do printf '0x%x\n' "$a"; done | sort)"
if [ "$planted" = "$found" ]; then
    echo "bench-refs: all $(wc -l <<<"$planted") planted holders found, nothing else"
else
    echo "bench-refs: WRONG ANSWER: planted and found holders differ:"; diff <(echo "$planted") <(echo "$found") || true
    exit 1
fi
