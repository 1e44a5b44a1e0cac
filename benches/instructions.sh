#!/usr/bin/env bash
# Counts instructions of N checks through the grader and through the bare engine with callgrind
# and prints the ratio. Usage: benches/instructions.sh [N]   (needs valgrind)
# GRADE_BENCH_CHECK=K measures check K of exercise-03 instead of check 0.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
cargo bench --bench instructions --no-run >/dev/null 2>&1
bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
count() {
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 | grep 'Collected')
  echo "${out##* }"
}
base_bare=$(count bare 0); base_grade=$(count grade 0)
bare=$(( $(count bare "$n") - base_bare )); graded=$(( $(count grade "$n") - base_grade ))
echo "bare engine: $(( bare / n )) instructions per check"
echo "grade_check: $(( graded / n )) instructions per check"
awk -v g="$graded" -v b="$bare" 'BEGIN { printf "ratio: %.2f\n", g / b }'
