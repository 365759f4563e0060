#!/usr/bin/env bash
# Whole-process figures for one planlint binary: wall and user seconds (best of RUNS) and
# peak RSS (/usr/bin/time -v's "Maximum resident set size") for check and extract over the
# bench corpus and single files of 5 and 50 MB, with MB/s of one thread for the single files.
#
#   bench/throughput.sh BINARY [WORKDIR] [RUNS]
#
# WORKDIR holds the corpus (bench/corpus.sh WORKDIR 5000 50000 is run when it is missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:?usage: bench/throughput.sh BINARY [WORKDIR] [RUNS]}
work=${2:-/tmp/planlint-throughput}
runs=${3:-3}
[ -f "$work/single-50000k.txt" ] || "$root/bench/corpus.sh" "$work" 5000 50000 >/dev/null
[ -f "$work/single-5000k.txt" ] || "$root/bench/corpus.sh" "$work" 5000 >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # measure LABEL BYTES COMMAND...
  local label=$1 bytes=$2; shift 2
  local best_wall=999999 best_user=999999 rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %M' -o "$work/time.out" "$@" >/dev/null 2>&1 || true
    read -r wall user kb < <(tail -n 1 "$work/time.out")
    best_wall=$(awk -v a="$wall" -v b="$best_wall" 'BEGIN{print (a<b)?a:b}')
    best_user=$(awk -v a="$user" -v b="$best_user" 'BEGIN{print (a<b)?a:b}')
    rss=$kb
  done
  awk -v l="$label" -v w="$best_wall" -v u="$best_user" -v r="$rss" -v b="$bytes" \
    'BEGIN{printf "%-34s wall %7.2f s  user %7.2f s  %7.1f MB/s (wall)  peak RSS %6.1f MB\n", l, w, u, b/1e6/w, r/1024}'
}
corpus_bytes=$(cat "$work"/corpus/* | wc -c)
for cmd in check extract; do
  # No time budget: on a busy machine the 50 MB check could stop at its 10 s default and
  # report the smaller peak of a half-done run.
  args=(--format json); [ "$cmd" = check ] && args=(--no-config --format json --time-budget off)
  measure "$cmd corpus (335 files, 2 threads)" "$corpus_bytes" "$bin" "$cmd" "${args[@]}" "$work/corpus"
  for kb in 5000 50000; do
    f="$work/single-${kb}k.txt"
    r=$runs; [ "$kb" = 50000 ] && runs=1
    measure "$cmd single ${kb} KB" "$(wc -c < "$f")" "$bin" "$cmd" "${args[@]}" "$f"
    runs=$r
  done
done
