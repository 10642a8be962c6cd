#!/usr/bin/env bash
# Measures `wrldbg triage` on 1 core (-j 1) against 2 cores (-j 2), the goal being >= 1.8x.
#   scripts/bench-triage.sh [COPIES]   (default 40 copies of each x64/x86 fixture dump, hard links where possible)
# Runs the CLI built in artifacts/wrldbg (WRLDBG_OUT overrides; brought up to date first by scripts/wrldbg), so no
# build is timed. Each timing is the best of 5 runs, the two kinds interleaved; both must print the same JSON lines. Each run's CPU time
# and share of its cores is printed too: on a machine busy with other work the ratio is not the program's.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
copies="${1:-40}"
"$root/scripts/wrldbg" --help >/dev/null # rebuilds only when a source is newer; never inside the timings
# The build scripts/wrldbg made: a NativeAOT executable (no wrldbg.dll beside it) or the managed one.
built="${WRLDBG_OUT:-$root/artifacts/wrldbg}"
if [ -x "$built/wrldbg" ] && [ ! -e "$built/wrldbg.dll" ]; then cli=("$built/wrldbg"); else cli=(dotnet "$built/wrldbg.dll"); fi
command -v taskset >/dev/null || { echo "bench-triage: taskset (util-linux) is needed" >&2; exit 1; }
[ "$(nproc --all)" -ge 2 ] || { echo "bench-triage: needs a machine with 2 cores" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
n=0
for arch in x64 x86; do
    for dump in "$root"/artifacts/fixtures/$arch/*.dmp; do
        for i in $(seq 1 "$copies"); do
            mkdir -p "$work/dumps/$arch/$i"
            ln "$dump" "$work/dumps/$arch/$i/" 2>/dev/null || cp "$dump" "$work/dumps/$arch/$i/"
            n=$((n + 1))
        done
    done
done
[ "$n" -gt 0 ] || { echo "bench-triage: no fixture dumps in artifacts/fixtures" >&2; exit 1; }
bytes=$(du -sbL "$work/dumps" | cut -f1)
echo "triage bench: $n dumps, $((bytes / 1048576)) MiB"

# Warm the page cache so both runs read from memory.
cat $(find "$work/dumps" -type f) >/dev/null

# Best wall time of 3 runs of: CPUS JOBS OUT; prints "WALL CPU" (CPU: user + sys seconds of that run).
# One timed run: CPUS JOBS OUT -> "wall cpu" (exit 4, findings at --fail-on, is a result too).
run() {
    /usr/bin/time -f '%e %U %S' -o "$work/time" taskset -c "$1" "${cli[@]}" triage -j "$2" --json --no-progress "$work/dumps" >"$3" 2>/dev/null \
        || [ $? -eq 4 ]
    read -r t u s <"$work/time"
    echo "$t $(echo "$u + $s" | bc -l)"
}
[ -x /usr/bin/time ] || { echo "bench-triage: /usr/bin/time (GNU time) is needed" >&2; exit 1; }
# Interleaved, best of 5 each: a background load or a cold cache then weighs on both alike.
one=""; two=""
for _ in 1 2 3 4 5; do
    read -r t c < <(run 0 1 "$work/one.jsonl")
    if [ -z "$one" ] || [ "$(echo "$t < $one" | bc -l)" = 1 ]; then one="$t"; one_cpu="$c"; fi
    read -r t c < <(run 0,1 2 "$work/two.jsonl")
    if [ -z "$two" ] || [ "$(echo "$t < $two" | bc -l)" = 1 ]; then two="$t"; two_cpu="$c"; fi
done
cmp -s "$work/one.jsonl" "$work/two.jsonl" || { echo "bench-triage: -j 1 and -j 2 printed different results" >&2; exit 1; }
# CPU use below ~95% of the cores given means other processes took them: the ratio then says little.
printf 'triage -j 1 on 1 core:  %.2f s (cpu %.2f s, %.0f%% of 1 core)\n' "$one" "$one_cpu" "$(echo "100 * $one_cpu / $one" | bc -l)"
printf 'triage -j 2 on 2 cores: %.2f s (cpu %.2f s, %.0f%% of 2 cores)\n' "$two" "$two_cpu" "$(echo "50 * $two_cpu / $two" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'triage 2 cores vs 1: %.2fx (goal >= 1.8)\n' "$(echo "$one / $two" | bc -l)"
# What this machine's two cores give work that shares nothing, in the same run: two sha256sum of a cached file at
# once against one after the other (a VM's vCPUs may share a host core's caches and memory bandwidth).
head -c 200M /dev/urandom >"$work/hash.bin"; sha256sum "$work/hash.bin" >/dev/null
ceiling_one=""; ceiling_two=""
for _ in 1 2 3; do
    t0=$(date +%s%N); taskset -c 0 sha256sum "$work/hash.bin" >/dev/null; taskset -c 0 sha256sum "$work/hash.bin" >/dev/null; t1=$(date +%s%N)
    taskset -c 0 sha256sum "$work/hash.bin" >/dev/null & taskset -c 1 sha256sum "$work/hash.bin" >/dev/null; wait; t2=$(date +%s%N)
    a=$(( (t1 - t0) / 1000000 )); b=$(( (t2 - t1) / 1000000 ))
    if [ -z "$ceiling_one" ] || [ "$a" -lt "$ceiling_one" ]; then ceiling_one=$a; fi
    if [ -z "$ceiling_two" ] || [ "$b" -lt "$ceiling_two" ]; then ceiling_two=$b; fi
done
printf 'machine baseline, two sha256sum in parallel vs one after the other: %.2fx\n' "$(echo "$ceiling_one / $ceiling_two" | bc -l)"
