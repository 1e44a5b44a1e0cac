# Timing helpers shared by compare.sh and peers.sh (sourced, not run). They read WORK (the
# scratch folder), TIMES (the tab-separated timings file), LIMIT (seconds) and WAIT_IDLE/WAIT_MAX.

# idle_percent: the share of CPU time that was idle over the last second, in percent.
idle_percent() {
  local a b
  a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 * idle / total : 100 ))
}

# wait_quiet: with WAIT_IDLE=1 (the default), waits up to WAIT_MAX seconds (120) for two
# consecutive seconds with the CPUs >= 90% idle, so other people's builds do not skew a timing.
wait_quiet() {
  [ "${WAIT_IDLE:-1}" = 1 ] || return 0
  local waited=0 streak=0
  while [ "$waited" -lt "${WAIT_MAX:-120}" ]; do
    if [ "$(idle_percent)" -ge 90 ]; then streak=$((streak + 1)); else streak=0; fi
    [ "$streak" -ge 2 ] && return 0
    waited=$((waited + 1))
  done
  echo "  (the machine did not go quiet within ${WAIT_MAX:-120} s; timing anyway)" >&2
}

# timeit LABEL CLASS STUDENTS COMMAND...: appends "LABEL CLASS STUDENTS WALL CPU" (seconds; CPU
# is user + system of the whole process tree) or "timeout" to TIMES. A command that exits 0 or
# with one of OK_STATUS (space-separated; e.g. "1" for jest, which exits 1 when a test fails)
# counts; any other exit stops the script.
timeit() {
  local label=$1 class=$2 n=$3
  shift 3
  wait_quiet
  local status=0
  /usr/bin/time -f '%e %U %S' -o "$WORK/last.time" timeout "$LIMIT" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || status=$?
  if [ "$status" = 124 ]; then
    printf '%s\t%s\t%s\ttimeout\t\n' "$label" "$class" "$n" >>"$TIMES"
  elif [ "$status" != 0 ] && [[ " ${OK_STATUS:-} " != *" $status "* ]]; then
    echo "$label $class failed ($status):" >&2; tail -5 "$WORK/last.err" >&2; exit 1
  else
    printf '%s\t%s\t%s\t%s\n' "$label" "$class" "$n" \
      "$(tail -1 "$WORK/last.time" | awk '{ printf "%.3f\t%.3f", $1, $2 + $3 }')" >>"$TIMES"
  fi
  printf '  %-12s %-6s %6s students: %s s wall, %s s CPU\n' "$label" "$class" "$n" \
    "$(tail -1 "$TIMES" | cut -f4)" "$(tail -1 "$TIMES" | cut -f5)" >&2
}
