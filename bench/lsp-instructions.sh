#!/usr/bin/env bash
# Instructions (valgrind --tool=callgrind, whole process) of one language-server re-check after a
# one-character edit in the 200 KB plan of tests/lsp.rs's latency measurement: the server is
# run on tools/lsp-recheck-input.py's input with N and with 2N edits, and the difference is
# divided by N, so that the first lint of the document is not counted. Repeatable where wall
# times are not; the latency itself is measured by
# `cargo test --release --test lsp -- --ignored --nocapture latency`.
#
#   bench/lsp-instructions.sh BINARY [N [FILE]]
#
# With a FILE, the plan is its text (see tools/lsp-recheck-input.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:?usage: bench/lsp-instructions.sh BINARY [N [FILE]]}
n=${2:-10}
file=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# On one CPU the server builds nothing ahead on a thread of its own, whose work callgrind would
# count wherever the scheduler put it.
pin=""
command -v taskset > /dev/null && pin="taskset -c 0"
count() { # count EDITS: instructions of the whole session
  python3 "$root/tools/lsp-recheck-input.py" "$1" ${file:+"$file"} > "$work/in"
  $pin valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" lsp < "$work/in" \
    > /dev/null 2> "$work/log" || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log"
}
base=$(count "$n")
edited=$(count $((2 * n)))
awk -v a="$base" -v b="$edited" -v n="$n" \
  'BEGIN{printf "one re-check of the plan: %.1f M instructions (sessions of %d and %d edits: %.0f M and %.0f M)\n", (b-a)/n/1e6, n, 2*n, a/1e6, b/1e6}'
