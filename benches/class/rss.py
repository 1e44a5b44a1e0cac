#!/usr/bin/env python3
"""Runs a command and samples the peak resident set (VmHWM) of it and of its child processes.

usage: benches/class/rss.py [--interval S] -- COMMAND [ARG...]
Prints on stderr one line: the peak VmHWM in KB and the number of processes seen, per kind of
process: `main` (grade itself), `worker` (grade __worker) or the program name (e.g. `time`):
{"main_peak_kb": .., "worker_peak_kb": .., "main_processes": 1, "worker_processes": 2, ..}.
VmHWM is the kernel's own high-water mark of each process, so a sample taken any time before a
process exits is its peak so far; the last sample may miss a process's final milliseconds, which
`/usr/bin/time -v` (as the COMMAND, around grade) covers: its maximum is that of grade and of
the workers it reaped, whichever is larger.
Exits with the command's exit code.
"""
import json
import os
import subprocess
import sys
import time


def hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid):
    """Children of every thread of pid (a thread, e.g. tokio's, may be the one that spawned)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.extend(int(p) for p in f.read().split())
        except OSError:
            pass
    return found


def role(pid):
    """`worker` for `grade __worker`, `main` for another grade process (a program whose name starts
    with grade), else the program name."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
    except OSError:
        return None
    name = os.path.basename(argv[0]).decode(errors="replace")
    if not name:  # a child between fork and exec
        return None
    if b"__worker" in argv[1:2]:
        return "worker"
    if name.startswith("grade"):  # grade, or a copy named after its commit (grade-b2f1669)
        return "main"
    return name


def main():
    args = sys.argv[1:]
    interval = 0.05
    if args[:1] == ["--interval"]:
        interval, args = float(args[1]), args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    proc = subprocess.Popen(args)
    peaks, seen, samples = {}, {}, 0
    while proc.poll() is None:
        stack = [proc.pid]
        while stack:
            pid = stack.pop()
            stack.extend(children(pid))
            kind, value = role(pid), hwm(pid)
            if kind is None or value is None:
                continue
            peaks[kind] = max(peaks.get(kind, 0), value)
            seen.setdefault(kind, set()).add(pid)
        samples += 1
        time.sleep(interval)
    report = {f"{kind}_peak_kb": peak for kind, peak in sorted(peaks.items())}
    report.update({f"{kind}_processes": len(pids) for kind, pids in sorted(seen.items())})
    report["samples"] = samples
    print(json.dumps(report), file=sys.stderr)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
