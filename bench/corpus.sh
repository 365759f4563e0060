#!/usr/bin/env bash
# Builds a benchmark corpus from the repository's own plan texts (examples/ and
# tests/fixtures/): OUT/corpus/ with 335 files of about 15 KB (about 5 MB in all) and
# OUT/single-<size>.txt, one file of the given size made of the same texts concatenated.
# Usage: bench/corpus.sh OUT [single sizes in KB ...]   (default sizes: 200 800 1600 3200 5000)
#
# The texts repeat: the repository holds about 34 KB of distinct plan text (287 distinct lines
# in the 1 MB file). A cache keyed by a paragraph's text therefore looks far better here than
# on real plans, whose paragraphs do not repeat; `check` and `extract` keep none (only the
# language server does, across versions of one document). Measure such a change on distinct
# text too.
set -euo pipefail
out=${1:?usage: bench/corpus.sh OUT [sizes in KB...]}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(200 800 1600 3200 5000)
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out/corpus"
sources=("$root"/examples/*.txt "$root"/tests/fixtures/*.txt "$root"/tests/fixtures/*.md)
# One pool file: every source once, each followed by a blank line.
pool="$out/pool.txt"
: > "$pool"
for f in "${sources[@]}"; do
  # Drop a UTF-8 BOM and CR so that concatenated texts stay one encoding and one line ending.
  sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$f" >> "$pool"
  printf '\n' >> "$pool"
done
pool_size=$(wc -c < "$pool")
# A file of at least N bytes: the pool repeated, cut at a line end.
fill() { # fill BYTES START_SOURCE > file
  local want=$1 k=$2 have=0
  while [ "$have" -lt "$want" ]; do
    local f=${sources[$((k % ${#sources[@]}))]}
    sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$f"
    printf '\n'
    have=$((have + $(wc -c < "$f") + 1))
    k=$((k + 1))
  done
}
for i in $(seq -w 1 335); do
  fill 15000 "$((10#$i))" > "$out/corpus/plan-$i.txt"
done
for kb in "${sizes[@]}"; do
  want=$((kb * 1000))
  f="$out/single-${kb}k.txt"
  : > "$f"
  while [ "$(wc -c < "$f")" -lt "$want" ]; do cat "$pool" >> "$f"; done
  head -c "$want" "$f" > "$f.tmp"
  # Cut at the last line end so the file is valid UTF-8.
  sed '$d' "$f.tmp" > "$f"; rm -f "$f.tmp"
done
echo "pool ${pool_size} B; corpus $(du -sb "$out/corpus" | cut -f1) B in $(ls "$out/corpus" | wc -l) files"
ls -l "$out"/single-*.txt | awk '{print $5, $9}'
