#!/usr/bin/env bash
# grade against its peers on one class of the counter exercise (exercise-03), in one sitting:
#   grade      grade batch CLASS (the release binary, worker pool, one worker per core)
#   node-vm    node ../shared/bench/node-vm-peer.js: one Node process, a fresh vm context per check
#   jest       benches/peers/jest-peer.sh: one spec per student, jest --ci --maxWorkers=<cores>
# and, once per sitting, `npx jest` on one student's spec, cold, as a per-student CI job runs it.
# Prints students/s for each (best and median of RUNS, interleaved) and the ratios against the
# targets of issue 10 (grade >= 100x Jest and >= 12x the Node vm peer).
#
# The class has no endless loop by default: Jest cannot stop a synchronous one (its timeouts are
# for async tests), so it would hang. compare.sh measures grade and the vm peer on the
# realistic mix with loops.
#
# usage: benches/class/peers.sh [N]        (default 2000 students)
# env:   RUNS=3 SEED=1 LOOPS=0 (LOOPS > 0 leaves Jest out)
#        GRADE=target/release/grade (build it with cargo build --release)
#        PEER=../shared/bench/node-vm-peer.js (from the repo root; skipped when absent)
#        JEST=1 (0 leaves Jest out)  JEST_PREFIX= (a folder with jest installed by
#        `benches/peers/jest-peer.sh install`; default: a fresh mktemp -d, installed from npm)
#        COLD_RUNS=5 (npx jest on one student)
#        WORK= KEEP=1 LIMIT=1800 WAIT_IDLE=1 WAIT_MAX=20 (see timing.sh)
# Needs python3, /usr/bin/time, node and npm (for the peers). Not run by CI.
# The whole script is one function, read in full before it runs.
main() {
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-2000}"
RUNS="${RUNS:-3}"
SEED="${SEED:-1}"
LOOPS="${LOOPS:-0}"
LIMIT="${LIMIT:-1800}"
WAIT_MAX="${WAIT_MAX:-20}"
COLD_RUNS="${COLD_RUNS:-5}"
GRADE="${GRADE:-target/release/grade}"
PEER="${PEER:-../shared/bench/node-vm-peer.js}"
JEST="${JEST:-1}"
[ -x "$GRADE" ] || { echo "no $GRADE: run cargo build --release first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed: apt-get install -y time" >&2; exit 2; }
local have_node=1 have_peer=1
command -v node >/dev/null || have_node=0
if [ "$have_node" = 0 ]; then
  echo "skipping the Node vm peer and Jest: node is not installed" >&2; have_peer=0; JEST=0
elif [ ! -f "$PEER" ]; then
  echo "skipping the Node vm peer: no $PEER (it lives beside the repository, in ../shared/bench/, on the project's machine; set PEER=... to use another copy)" >&2
  have_peer=0
fi
if [ "$JEST" = 1 ] && [ "$LOOPS" != 0 ]; then
  echo "skipping Jest: the class has endless loops (LOOPS=$LOOPS), which Jest cannot stop" >&2; JEST=0
fi

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d /tmp/grade-peers.XXXXXX)
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
TIMES="$WORK/times.tsv"
: >"$TIMES"
. benches/class/timing.sh

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uptime | sed 's/.*\(load average\)/\1/'), $GRADE of $(date -u -r "$GRADE" +%FT%TZ) (repo HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?')), node $(node --version 2>/dev/null || echo none)" >&2
rm -rf "$WORK/class"
python3 benches/class/generate.py "$WORK/class" "$N" --seed "$SEED" --loops "$LOOPS"
python3 benches/class/exercise_json.py exercises/exercise-03.toml >"$WORK/exercise-03.json"

if [ "$JEST" = 1 ]; then
  if [ -z "${JEST_PREFIX:-}" ]; then
    JEST_PREFIX=$(mktemp -d /tmp/grade-jest.XXXXXX)
    [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK" "$JEST_PREFIX"' EXIT
  fi
  if [ ! -x "$JEST_PREFIX/node_modules/.bin/jest" ]; then
    echo "installing jest into $JEST_PREFIX (npm)" >&2
    benches/peers/jest-peer.sh install "$JEST_PREFIX" || { echo "skipping Jest: npm could not install it" >&2; JEST=0; }
  fi
  [ "$JEST" = 1 ] && benches/peers/jest-peer.sh prepare "$JEST_PREFIX" "$WORK/class"
fi

for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  rm -f "$WORK/grade.jsonl"
  OK_STATUS=1 timeit grade class "$N" "$GRADE" batch "$WORK/class" --output "$WORK/grade.jsonl"
  cp "$WORK/last.err" "$WORK/grade.err"
  [ "$have_peer" = 1 ] && timeit node-vm class "$N" node "$PEER" "$WORK/exercise-03.json" "$WORK"/class/*/exercise-03.js
  [ "$have_peer" = 1 ] && cp "$WORK/last.out" "$WORK/node-vm.out"
  [ "$JEST" = 1 ] && OK_STATUS=1 timeit jest class "$N" benches/peers/jest-peer.sh run "$JEST_PREFIX"
  [ "$JEST" = 1 ] && cp "$WORK/last.out" "$WORK/jest.out"
done
if [ "$JEST" = 1 ]; then
  local student
  student=$(basename "$(find "$WORK/class" -mindepth 1 -maxdepth 1 -type d | sort | head -1)")
  echo "npx jest, one student ($student), cold" >&2
  for run in $(seq "$COLD_RUNS"); do
    OK_STATUS=1 timeit npx-jest-1 one 1 benches/peers/jest-peer.sh cold "$JEST_PREFIX" "$student"
  done
fi

# What each grader passed (students), so a reader can see they graded the same thing.
echo "passed: grade $(tail -1 "$WORK/grade.jsonl" | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["passing"], "of", s["results"])')" \
  "$( [ "$have_peer" = 1 ] && echo "| node-vm $(cat "$WORK/node-vm.out")")" \
  "$( [ "$JEST" = 1 ] && echo "| jest $(cat "$WORK/jest.out")")" >&2

python3 - "$TIMES" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
runs = {}
for label, cls, n, wall, cpu in rows:
    e = runs.setdefault(label, {"n": int(n), "wall": [], "cpu": [], "timeouts": 0})
    if wall == "timeout":
        e["timeouts"] += 1
    else:
        e["wall"].append(float(wall)); e["cpu"].append(float(cpu))
print(f"{'grader':<11} {'students':>8} {'wall best':>9} {'median':>8} {'st/s best':>10} {'median':>8} {'CPU ms/st':>10} {'runs':>5}")
for label, e in runs.items():
    if not e["wall"]:
        print(f"{label:<11} {e['n']:>8} timed out"); continue
    n, best, med = e["n"], min(e["wall"]), statistics.median(e["wall"])
    print(f"{label:<11} {n:>8} {best:>9.3f} {med:>8.3f} {n / best:>10.1f} {n / med:>8.1f} "
          f"{1000 * statistics.median(e['cpu']) / n:>10.3f} {len(e['wall']):>2}/{len(e['wall']) + e['timeouts']}")
print()
def ratio(name, a, b, target):
    ea, eb = runs.get(a), runs.get(b)
    if not ea or not eb or not ea["wall"] or not eb["wall"]:
        print(f"{name}: n/a"); return
    rate = lambda e, f: e["n"] / f(e["wall"])
    best = rate(ea, min) / rate(eb, min)
    med = rate(ea, statistics.median) / rate(eb, statistics.median)
    cpu = (statistics.median(eb["cpu"]) / eb["n"]) / (statistics.median(ea["cpu"]) / ea["n"])
    verdict = "met" if med >= target else f"missed (x{target / med:.2f} short)"
    print(f"{name:<40} best {best:8.1f}  median {med:8.1f}  (CPU {cpu:7.1f})  target >= {target}: {verdict}")
ratio("grade vs Jest, students/s", "grade", "jest", 100)
ratio("grade vs Node vm peer, students/s", "grade", "node-vm", 12)
cold = runs.get("npx-jest-1")
if cold and cold["wall"]:
    print(f"npx jest, one student cold: best {min(cold['wall']):.2f} s, median {statistics.median(cold['wall']):.2f} s")
EOF
}

main "$@"
