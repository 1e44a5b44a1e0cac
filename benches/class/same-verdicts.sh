#!/usr/bin/env bash
# Grades one fixed class with two grade binaries and compares every verdict: per submission the
# status and score, per check the status and points (timings and message texts are not compared).
# Exits 0 when every verdict is the same, 1 on any difference, 2 when it cannot run.
#
# The class: benches/class/generate.py CLASS 10000 --seed 1 --hostile, i.e. the realistic
# counter mix (passes in three module styles, the known mistakes and other wrong counters, syntax
# errors, starters handed in unchanged, 5 endless loops) and the whole hostile corpus of
# tests/hostile/ (loops, memory and output bombs, tampering, fakes, leaks; 120 files, some of
# them for other exercises), each file once, in place of ordinary students.
#
# usage: benches/class/same-verdicts.sh OLD_BIN NEW_BIN
#   e.g. benches/class/same-verdicts.sh /work/grade-old-b2f1669 target/release/grade
# env:   N=10000 SEED=1      the class
#        GRADE_ARGS=         extra options for both runs, before `batch` (e.g. --no-isolation)
#        COURSE=             the course both binaries grade against (-C; default: this repository).
#                            An old binary may not read a newer course (new grader.toml keys), and a
#                            changed exercise changes verdicts by itself: to compare binaries, give
#                            both the old course, e.g.
#                            git archive b2f1669 grader.toml exercises solutions | tar -x -C /tmp/course-b2f1669
#        ALLOW=              space-separated generator categories whose differences are intended
#                            (a rule that changed on purpose), e.g. "hostile/mem-typed-array-huge":
#                            printed, but they do not fail the comparison
#        WORK=               where the class and the results go (default: a temp dir, removed
#                            unless KEEP=1); the course is this repository's
main() {
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# = 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
local old=$1 new=$2 bin
for bin in "$old" "$new"; do
  [ -x "$bin" ] || { echo "$bin: not an executable (build it with cargo build --release)" >&2; exit 2; }
done
N="${N:-10000}"
SEED="${SEED:-1}"
read -r -a extra <<<"${GRADE_ARGS:-}"
COURSE=$(cd "${COURSE:-.}" && pwd)
extra+=(-C "$COURSE")
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d /tmp/grade-verdicts.XXXXXX)
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
rm -rf "$WORK/class"
python3 benches/class/generate.py "$WORK/class" "$N" --seed "$SEED" --hostile --exercises "$COURSE/exercises" \
  --manifest "$WORK/manifest.json"

local label status
for label in old new; do
  bin=$old
  [ "$label" = new ] && bin=$new
  rm -f "$WORK/$label.jsonl"
  echo "grading with the $label binary ($bin)" >&2
  status=0
  /usr/bin/env time -f "  %e s wall, %U s user, %S s system, max RSS %M KB" \
    "$bin" "${extra[@]}" batch "$WORK/class" --output "$WORK/$label.jsonl" >"$WORK/$label.report" 2>"$WORK/$label.err" || status=$?
  tail -1 "$WORK/$label.err" >&2
  # batch exits 0 or 1 by the class's results; anything else means it could not grade.
  if [ "$status" -gt 1 ]; then
    echo "$bin batch exited $status:" >&2; tail -5 "$WORK/$label.err" >&2; exit 2
  fi
done
local allow=() category
for category in ${ALLOW:-}; do allow+=(--allow "$category"); done
python3 benches/class/verdicts.py "$WORK/old.jsonl" "$WORK/new.jsonl" --manifest "$WORK/manifest.json" "${allow[@]}"
}

main "$@"
