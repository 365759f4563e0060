#!/usr/bin/env bash
# Checks that a build finds exactly what an older build found: the JSON of
# `check --no-config --format json` (all packs) and of `extract --format json` over every
# fixture under tests/fixtures, examples/ and the bench corpus (bench/corpus.sh), compared
# byte for byte.
#
#   bench/same-findings.sh BEFORE_BINARY [AFTER_BINARY] [WORKDIR]
#
# AFTER_BINARY defaults to target/release/planlint (build it first); WORKDIR keeps the corpus
# and the outputs (the BEFORE outputs are reused when present, so delete WORKDIR/before to
# recompute them). `--today` is fixed so that PL112 (deadline already past) does not depend
# on the date of the run. Exits 1 and shows the first differences when anything differs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
before_bin=${1:?usage: bench/same-findings.sh BEFORE_BINARY [AFTER_BINARY] [WORKDIR]}
after_bin=${2:-$root/target/release/planlint}
work=${3:-/tmp/planlint-same-findings}
mkdir -p "$work"
[ -d "$work/corpus" ] || "$root/bench/corpus.sh" "$work" 200 5000 >/dev/null
today=2026-12-01

inputs() { # one input set a line: NAME PATH
  echo "fixtures $root/tests/fixtures"
  echo "examples $root/examples"
  echo "corpus $work/corpus"
  echo "single-200k $work/single-200k.txt"
  echo "single-5000k $work/single-5000k.txt"
}

run_all() { # run_all BINARY OUTDIR
  local bin=$1 out=$2
  mkdir -p "$out"
  inputs | while read -r name path; do
    # Exit 1 (findings) and 2 (an unreadable file among them) are both expected outputs.
    (cd "$root" && "$bin" check --no-config --today "$today" --format json "$path") \
      > "$out/check-$name.json" 2> "$out/check-$name.stderr" || echo "exit $?" >> "$out/check-$name.stderr"
    (cd "$root" && "$bin" extract --format json "$path") \
      > "$out/extract-$name.json" 2> "$out/extract-$name.stderr" || echo "exit $?" >> "$out/extract-$name.stderr"
  done
}

[ -d "$work/before" ] || run_all "$before_bin" "$work/before"
rm -rf "$work/after"
run_all "$after_bin" "$work/after"

status=0
for f in "$work"/before/*; do
  name=$(basename "$f")
  if cmp -s "$f" "$work/after/$name"; then
    echo "same      $name ($(wc -c < "$f") bytes)"
  else
    echo "DIFFERENT $name"
    diff <(tr ',' '\n' < "$f") <(tr ',' '\n' < "$work/after/$name") | head -20 || true
    status=1
  fi
done
exit $status
