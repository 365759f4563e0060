#!/usr/bin/env bash
# Runs one fuzz target for a while at the lowest CPU priority, on stable Rust.
#
#   fuzz/run.sh <target> <seconds> [libFuzzer options…]
#   fuzz/run.sh pipeline 1800
#   fuzz/run.sh docx 600 -max_len=65536
#
# Targets: expression pack config text docx pipeline. Seeds come from fuzz/seed.sh (run here
# when the target has no corpus yet). `-s none` builds without a sanitizer, which is what
# lets cargo fuzz run on a stable toolchain (ASan needs nightly; safe Rust gains little from
# it). A crash is saved to fuzz/artifacts/<target>/crash-…; the last lines of the log give
# the executions (stat::number_of_executed_units) and the run's length.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh <target> <seconds> [libFuzzer options…]}
seconds=${2:?usage: fuzz/run.sh <target> <seconds> [libFuzzer options…]}
shift 2
command -v cargo-fuzz >/dev/null || { echo "cargo install cargo-fuzz" >&2; exit 1; }
[ -d "corpus/$target" ] || ./seed.sh "$target"
mkdir -p logs
log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
nice -n 19 cargo fuzz build -s none "$target"
# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: one that needs 2 GB a leak.
set +e
nice -n 19 cargo fuzz run -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 "$@" 2>&1 | tee "$log" | grep -E '^(#[0-9]+\s+(INITED|DONE|pulse)|==|stat::|SUMMARY|Failing input|thread .* panicked)'
status=${PIPESTATUS[0]}
set -e
crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
echo "$target: exit $status, $crashes saved crash input(s) in fuzz/artifacts/$target, log $log"
exit "$status"
