#!/usr/bin/env bash
# Peak memory of `grade batch` on a large counter class: /usr/bin/time -v's maximum resident set
# (the larger of grade's own peak and that of the workers it reaped) and rss.py's sampled peak
# of the parent and of each worker; then the same class in-process (--no-isolation).
# Target (issue 10): <= 30 MB at 40,000 students.
#
# usage: benches/class/memory.sh [N]        (default 40000 students)
# env:   SEED=1 LOOPS=0 (endless loops cost time, not memory)  GRADE=target/release/grade
#        WORK= KEEP=1 (the class takes about 170 MB of disk at 40,000, the results about 60 MB)
main() {
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-40000}"
GRADE="${GRADE:-target/release/grade}"
[ -x "$GRADE" ] || { echo "no $GRADE: run cargo build --release first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed: apt-get install -y time" >&2; exit 2; }
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d /tmp/grade-memory.XXXXXX)
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uptime | sed 's/.*\(load average\)/\1/'), $GRADE of $(date -u -r "$GRADE" +%FT%TZ)" >&2
[ -d "$WORK/class" ] || python3 benches/class/generate.py "$WORK/class" "$N" --seed "${SEED:-1}" --loops "${LOOPS:-0}"
local status=0
rm -f "$WORK/pool.jsonl" "$WORK/inproc.jsonl"
python3 benches/class/rss.py -- /usr/bin/time -v "$GRADE" batch "$WORK/class" --output "$WORK/pool.jsonl" \
  >/dev/null 2>"$WORK/pool.err" || status=$?
[ "$status" -le 1 ] || { echo "grade batch exited $status" >&2; tail -5 "$WORK/pool.err" >&2; exit 1; }
echo "pool:" >&2
grep -E 'Maximum resident|Elapsed' "$WORK/pool.err" >&2
tail -1 "$WORK/pool.err" >&2
status=0
/usr/bin/time -v "$GRADE" --no-isolation batch "$WORK/class" --output "$WORK/inproc.jsonl" >/dev/null 2>"$WORK/inproc.err" || status=$?
[ "$status" -le 1 ] || { echo "grade --no-isolation batch exited $status" >&2; exit 1; }
echo "in-process:" >&2
grep -E 'Maximum resident|Elapsed' "$WORK/inproc.err" >&2
python3 - "$WORK/pool.err" "$N" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
sampled = json.loads(text.strip().splitlines()[-1])
print(f"{sys.argv[2]} students: max RSS {peak_kb / 1024:.1f} MB (/usr/bin/time -v); parent {sampled.get('main_peak_kb', 0) / 1024:.1f} MB, "
      f"each worker at most {sampled.get('worker_peak_kb', 0) / 1024:.1f} MB (sampled; {sampled.get('worker_processes', 0)} workers); "
      f"target <= 30 MB: {'met' if peak_kb <= 30 * 1024 else f'missed by {peak_kb / 1024 - 30:.1f} MB'}")
PY
}

main "$@"
