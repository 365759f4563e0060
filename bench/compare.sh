#!/usr/bin/env bash
# Times planlint against textlint + textlint-rule-prh and autocorrect on the same files.
#
#   bench/compare.sh [WORKDIR]
#
# Builds a corpus from the repository's own plan texts (bench/corpus.sh: 335 files, ≈5.6 MB,
# and single files of 0.2–5 MB), builds planlint in release mode, and — when node and npm
# are present — installs textlint, textlint-rule-prh and autocorrect-node from npm into
# WORKDIR/npm. The term list is the same for planlint and prh: every `词 => 替换` entry of
# rules/lexicons/misused-terms.txt and agency-renames.txt (planlint runs all six default
# packs on top). Timing uses hyperfine when installed (`apt-get install hyperfine` or
# `cargo install hyperfine`), otherwise the best of 3 runs of /usr/bin/time.
# PLANLINT_BEFORE=/path/to/an/older/planlint times that binary too, for before/after figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/planlint-bench.XXXXXX)}
mkdir -p "$work"
echo "work dir: $work"
[ -d "$work/corpus" ] || "$root/bench/corpus.sh" "$work" 200 800 3200 5000 >/dev/null
(cd "$root" && cargo build --release --quiet)
planlint="$root/target/release/planlint"

# prh dictionary from the same lexicon entries.
dict="$work/prh.yml"
{
  echo "version: 1"
  echo "rules:"
  cat "$root/rules/lexicons/misused-terms.txt" "$root/rules/lexicons/agency-renames.txt" |
    grep '=>' | grep -v '^#' | while IFS= read -r line; do
      from=$(printf '%s' "${line%%=>*}" | sed 's/[[:space:]]*$//')
      to=$(printf '%s' "${line#*=>}" | sed -e 's/^[[:space:]]*//' -e 's/ @[0-9]*$//')
      printf '  - expected: "%s"\n    pattern: "%s"\n' "$to" "$from"
    done
} > "$dict"
echo "term list: $(grep -c expected "$dict") entries"

have_npm=false
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -x "$work/npm/node_modules/.bin/textlint" ]; then
    mkdir -p "$work/npm"
    (cd "$work/npm" && npm init -y >/dev/null &&
      npm install --no-audit --no-fund --silent textlint textlint-rule-prh autocorrect-node >/dev/null)
  fi
  printf '{"rules":{"prh":{"rulePaths":["%s"]}}}\n' "$dict" > "$work/.textlintrc.json"
  have_npm=true
fi
textlint="$work/npm/node_modules/.bin/textlint"
autocorrect="$work/npm/node_modules/.bin/autocorrect"

run() { # run NAME COMMAND...
  local name=$1; shift
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 5 -i --style basic --export-markdown "$work/$name.md" \
      -n "$name" "$*" 2>&1 | grep -E 'Benchmark|Time|Range'
  else
    local best=999999
    for _ in 1 2 3; do
      local t0 t1
      t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
      best=$(echo "$t1 - $t0" | bc | awk -v b="$best" '{print ($1<b)?$1:b}')
    done
    echo "$name: best of 3: $best s"
  fi
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== corpus: $(ls "$work/corpus" | wc -l) files, $(du -sb "$work/corpus" | cut -f1) bytes"
run planlint-check "$planlint" check --no-config --format json "$work/corpus"
run planlint-extract "$planlint" extract --format json "$work/corpus"
if [ -n "${PLANLINT_BEFORE:-}" ]; then
  run planlint-before-check "$PLANLINT_BEFORE" check --no-config --format json "$work/corpus"
  run planlint-before-extract "$PLANLINT_BEFORE" extract --format json "$work/corpus"
fi
if $have_npm; then
  run textlint-prh "$textlint" --config "$work/.textlintrc.json" --format json "$work/corpus/"
  run autocorrect "$autocorrect" --lint "$work/corpus/"
fi
echo "== single files"
for f in "$work"/single-*.txt; do
  run "planlint-check-$(basename "$f" .txt)" "$planlint" check --no-config --format json "$f"
done
for f in "$work"/single-*.txt; do
  run "planlint-extract-$(basename "$f" .txt)" "$planlint" extract --format json "$f"
done
echo "== peak memory (KB), 5 MB single file"
{ /usr/bin/time -f "%M" "$planlint" check --no-config --format json "$work/single-5000k.txt" >/dev/null; } 2>&1 | tail -1 || true
