#!/usr/bin/env bash
# Grades one synthetic class of the counter exercise (exercise-03) four ways and prints
# students/second for each and the ratios:
#   pool        grade batch DIR                  (worker processes, the default)
#   in-process  grade --no-isolation batch DIR   (threads)
#   peer A      node node-vm-peer.js: one Node process, one fresh vm context per check
#   peer B      one Node process per student (node-vm-peer.js once per file), as GitHub
#               Classroom's command grader does; sequential, and `xargs -P $(nproc)` as a bonus
# Peer B would take long on the big class, so it runs on a small class only, where the other
# three run as well (a same-class comparison); its rate is also set against grade's rate on the
# big class.
#
# usage: benches/class/compare.sh [N] [N_SMALL]        (defaults 10000 200)
# env:   RUNS=3       repetitions of every timing (interleaved); best and median are printed
#        SEED=1       the class generator's seed
#        LOOPS=       endless loops in the big class (default: generate.py's, one per 2,000)
#        JOBS=        grade -j (default: one worker per core)
#        MEM=1        also measure peak RSS of the big pool run (/usr/bin/time -v and /proc sampling)
#        COURSE_N=0   also time pool and in-process on a whole-course class (generate.py --course)
#                     of this many students (every exercise, timers and promises included)
#        GRADE=target/release/grade   PEER=../shared/bench/node-vm-peer.js (from the repo root)
#        WORK=        where the classes and results go (default: a fresh temp dir, removed unless KEEP=1)
#        LIMIT=1800   timeout in seconds of any one timed command
#        SUMMARY_ONLY=1 WORK=DIR   print the summary of the timings already in DIR/times.tsv
# The whole script is one function, read in full before it runs, so editing this file during a
# long run cannot derail it.
main() {
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-10000}"
N_SMALL="${2:-200}"
RUNS="${RUNS:-3}"
SEED="${SEED:-1}"
LIMIT="${LIMIT:-1800}"
GRADE="${GRADE:-target/release/grade}"
PEER="${PEER:-../shared/bench/node-vm-peer.js}"
[ -f "$PEER" ] || { echo "no Node vm peer at $PEER (it lives beside the repository, in ../shared/bench/, on the project's machine; set PEER=...)" >&2; exit 2; }
JOBS_ARG=()
[ -n "${JOBS:-}" ] && JOBS_ARG=(-j "$JOBS")
[ -x "$GRADE" ] || { echo "no $GRADE: run cargo build --release first" >&2; exit 2; }
command -v node >/dev/null || { echo "node is needed for the peers" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed: apt-get install -y time" >&2; exit 2; }

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d /tmp/grade-compare.XXXXXX)
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
TIMES="$WORK/times.tsv"
if [ "${SUMMARY_ONLY:-0}" != 1 ]; then
: >"$TIMES"

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $GRADE of $(date -u -r "$GRADE" +%FT%TZ) (repo HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?')), node $(node --version)" >&2
loops_arg=()
[ -n "${LOOPS:-}" ] && loops_arg=(--loops "$LOOPS")
rm -rf "$WORK/big" "$WORK/small"
python3 benches/class/generate.py "$WORK/big" "$N" --seed "$SEED" "${loops_arg[@]}"
python3 benches/class/generate.py "$WORK/small" "$N_SMALL" --seed "$SEED"
python3 benches/class/exercise_json.py exercises/exercise-03.toml >"$WORK/exercise-03.json"
COURSE_N="${COURSE_N:-0}"
if [ "$COURSE_N" -gt 0 ]; then
  rm -rf "$WORK/course"
  python3 benches/class/generate.py "$WORK/course" "$COURSE_N" --seed "$SEED" --course
fi

. benches/class/timing.sh

# grade_batch LABEL CLASS_NAME CLASS OUT [--no-isolation]: times grade on the class, then checks
# (outside the timing) that every submission has a result.
grade_batch() {
  local label=$1 name=$2 class=$3 out=$4 n
  shift 4
  n=$(find "$class" -mindepth 1 -maxdepth 1 -type d | wc -l)
  timeit "$label" "$name" "$n" "$GRADE" "$@" batch "$class" "${JOBS_ARG[@]}" --output "$out"
  local results
  results=$(tail -1 "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["results"])')
  [ "$results" = "$(find "$class" -name '*.js' | wc -l)" ] || { echo "$out: only $results results" >&2; exit 1; }
}

peer_a() { node "$PEER" "$WORK/exercise-03.json" "$1"/*/exercise-03.js; }
peer_b() {
  local f
  for f in "$1"/*/exercise-03.js; do timeout 60 node "$PEER" "$WORK/exercise-03.json" "$f" >/dev/null; done
}
peer_b_parallel() {
  printf '%s\0' "$1"/*/exercise-03.js | xargs -0 -n1 -P "$(nproc)" timeout 60 node "$PEER" "$WORK/exercise-03.json" >/dev/null
}
export -f peer_a peer_b peer_b_parallel
export PEER WORK

for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  grade_batch pool big "$WORK/big" "$WORK/pool-big.jsonl"
  grade_batch in-process big "$WORK/big" "$WORK/inproc-big.jsonl" --no-isolation
  timeit peer-A big "$N" bash -c 'peer_a "$1"' _ "$WORK/big"
  grade_batch pool small "$WORK/small" "$WORK/pool-small.jsonl"
  grade_batch in-process small "$WORK/small" "$WORK/inproc-small.jsonl" --no-isolation
  timeit peer-A small "$N_SMALL" bash -c 'peer_a "$1"' _ "$WORK/small"
  timeit peer-B small "$N_SMALL" bash -c 'peer_b "$1"' _ "$WORK/small"
  timeit peer-B-par small "$N_SMALL" bash -c 'peer_b_parallel "$1"' _ "$WORK/small"
  if [ "$COURSE_N" -gt 0 ]; then
    grade_batch pool course "$WORK/course" "$WORK/pool-course.jsonl"
    grade_batch in-process course "$WORK/course" "$WORK/inproc-course.jsonl" --no-isolation
  fi
done

if [ "${MEM:-0}" = 1 ]; then
  echo "peak memory, pool, big class" >&2
  python3 benches/class/rss.py -- /usr/bin/time -v "$GRADE" batch "$WORK/big" "${JOBS_ARG[@]}" --output "$WORK/mem.jsonl" \
    >/dev/null 2>"$WORK/mem.err" || true
  grep -E 'Maximum resident|Elapsed' "$WORK/mem.err" >&2 || true
  tail -1 "$WORK/mem.err" >&2
  echo "peak memory, in-process, big class" >&2
  /usr/bin/time -v "$GRADE" --no-isolation batch "$WORK/big" "${JOBS_ARG[@]}" --output "$WORK/mem2.jsonl" >/dev/null 2>"$WORK/mem2.err" || true
  grep -E 'Maximum resident|Elapsed' "$WORK/mem2.err" >&2 || true
fi

fi

python3 - "$TIMES" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
runs = {}
for label, cls, n, wall, cpu in rows:
    entry = runs.setdefault((label, cls), {"n": int(n), "wall": [], "cpu": [], "timeouts": 0})
    if wall == "timeout":
        entry["timeouts"] += 1
    else:
        entry["wall"].append(float(wall)); entry["cpu"].append(float(cpu))

def stat(key, what="wall"):
    e = runs.get(key)
    if not e or not e[what]:
        return None
    return e["n"], min(e[what]), statistics.median(e[what])

print(f"{'mode':<11} {'class':<6} {'students':>8} {'wall best':>9} {'median':>8} {'st/s best':>10} {'median':>8} {'CPU ms/st':>10} {'runs':>5}")
for key, e in runs.items():
    w, c = stat(key), stat(key, "cpu")
    if w is None:
        print(f"{key[0]:<11} {key[1]:<6} {e['n']:>8} timed out"); continue
    n, best, med = w
    print(f"{key[0]:<11} {key[1]:<6} {n:>8} {best:>9.3f} {med:>8.3f} {n / best:>10.1f} {n / med:>8.1f} {1000 * c[1] / n:>10.3f} {len(e['wall']):>2}/{len(e['wall']) + e['timeouts']}")

def ratio(name, a, b, rate=True):
    sa, sb = stat(a), stat(b)
    ca, cb = stat(a, "cpu"), stat(b, "cpu")
    if not sa or not sb:
        print(f"{name}: n/a"); return
    if rate:  # students/s of a over students/s of b; CPU: CPU per student of b over that of a
        best = (sa[0] / sa[1]) / (sb[0] / sb[1]); med = (sa[0] / sa[2]) / (sb[0] / sb[2])
        cpu = (cb[1] / cb[0]) / (ca[1] / ca[0])
    else:     # wall time of a over wall time of b (same class); CPU likewise
        best = sa[1] / sb[1]; med = sa[2] / sb[2]; cpu = ca[1] / cb[1]
    print(f"{name:<55} best {best:7.2f}  median {med:7.2f}  (CPU {cpu:6.2f})")

print()
ratio("pool / in-process wall time, big class (target <= 1.3)", ("pool", "big"), ("in-process", "big"), rate=False)
ratio("pool / in-process wall time, small class", ("pool", "small"), ("in-process", "small"), rate=False)
ratio("pool / in-process wall time, whole-course class", ("pool", "course"), ("in-process", "course"), rate=False)
ratio("pool vs peer A, students/s, big class (target >= 10)", ("pool", "big"), ("peer-A", "big"))
ratio("pool vs peer A, students/s, small class", ("pool", "small"), ("peer-A", "small"))
ratio("pool vs peer B, students/s, small class (target >= 200)", ("pool", "small"), ("peer-B", "small"))
ratio("pool (big class) vs peer B (small class), students/s", ("pool", "big"), ("peer-B", "small"))
ratio("pool vs peer B on all cores, small class", ("pool", "small"), ("peer-B-par", "small"))
ratio("pool (big class) vs peer B on all cores (small class)", ("pool", "big"), ("peer-B-par", "small"))
EOF
}

main "$@"
