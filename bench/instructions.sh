#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind, whole process) of check and extract over one
# file: the most repeatable figure on a shared machine, where wall times vary by ±20 %.
#
#   bench/instructions.sh BINARY FILE [check|extract]...
set -euo pipefail
bin=${1:?usage: bench/instructions.sh BINARY FILE [check|extract]...}
file=${2:?usage: bench/instructions.sh BINARY FILE [check|extract]...}
shift 2
cmds=("$@"); [ ${#cmds[@]} -eq 0 ] && cmds=(check extract)
for cmd in "${cmds[@]}"; do
  # Under valgrind a run is ~50x slower: without these the per-file time budget would stop a
  # large check early and the cap would cut its findings, and the count would measure less work.
  args=(--format json); [ "$cmd" = check ] && args=(--no-config --format json --time-budget off --max-findings 100000000)
  log=$(mktemp)
  # planlint exits 1 when it finds something; that is not a failure here.
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$cmd" "${args[@]}" "$file" \
    >/dev/null 2>"$log" || true
  ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log")
  rm -f "$log"
  awk -v c="$cmd" -v f="$(basename "$file")" -v ir="$ir" -v b="$(wc -c < "$file")" \
    'BEGIN{printf "%-8s %-20s %15.0f instructions  %8.1f per byte\n", c, f, ir, ir/b}'
done
