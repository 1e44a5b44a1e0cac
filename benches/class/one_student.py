#!/usr/bin/env python3
"""One student at the keyboard: every exercise graded end to end by the release binary.

For each exercise of the course: `grade <id> solutions/<id>.js` (target <= 25 ms) and
`grade <id> MISTAKE.js` for the code of every one of its [[mistake]]s (a failing submission,
target <= 50 ms), RUNS times each, median and best; then `grade all solutions` with the worker
pool and with `--no-isolation` (target: pool <= 3x in-process). A mistake whose own grading runs
into the time limit (900 ms or more of grading in its JSON report) cannot end within 50 ms: it
is marked "(time limit)" and left out of the failing target's verdict, not out of the table.

Failing runs are timed twice over, for a cache of known mistakes' signatures kept between runs:
  first     every run on a fresh copy of the course (its tracked files only: grader.toml,
            exercises/, solutions/) with HOME and XDG_CACHE_HOME in a fresh folder, so nothing
            a previous run left behind is found;
  repeated  the same copy again, after one untimed run that may fill such a cache.
Without such a cache the two are the same measure.

usage: benches/class/one_student.py [--grade BIN] [--runs N] [--json FILE]
Every timing is the wall time of the process, from spawn to exit (Python's perf_counter around
subprocess.run), with the output read through a pipe (not a terminal). Exits 1 when a run's
exit code is not the expected one (0 for a solution, 1 for a mistake), 2 when it cannot run.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


CPU = []  # CPU ms (user + system of the process and the workers it reaped) of every timed run


def timed(argv, expect, env=None, cwd=ROOT):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    if done.returncode != expect:
        sys.stderr.write(f"{' '.join(map(str, argv))}: exit {done.returncode}, expected {expect}\n"
                         f"{done.stdout.decode(errors='replace')[-800:]}{done.stderr.decode(errors='replace')[-800:]}")
        sys.exit(1)
    return elapsed


def course_copy(scratch):
    """A fresh copy of the course's tracked files and a fresh home, with the env for it."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    files = subprocess.run(["git", "ls-files", "-z", "grader.toml", "exercises", "solutions"], cwd=ROOT,
                           check=True, stdout=subprocess.PIPE).stdout.decode().split("\0")
    for name in filter(None, files):
        target = folder / "course" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    home = folder / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    return folder / "course", env


def stats(values):
    """Median and best wall time of the last len(values) timed runs, and their median CPU."""
    cpu = CPU[-len(values):]
    return {"median_ms": round(statistics.median(values), 2), "best_ms": round(min(values), 2),
            "cpu_median_ms": round(statistics.median(cpu), 2), "runs": len(values)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grade", default=str(ROOT / "target/release/grade"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", help="also write the figures here as JSON")
    args = parser.parse_args()
    grade = str(Path(args.grade).resolve())
    if not os.access(grade, os.X_OK):
        sys.exit(f"no {grade}: run cargo build --release first")
    exercises = []
    for toml in sorted((ROOT / "exercises").glob("*.toml")):
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
        mistakes = data.get("mistake", [])
        if not mistakes:
            sys.exit(f"{toml}: no [[mistake]] to hand in as the failing submission")
        exercises.append((toml.stem, [(m["name"], m["code"]) for m in mistakes]))

    with tempfile.TemporaryDirectory(prefix="grade-one-student.") as scratch:
        scratch = Path(scratch)
        results = {}
        timed([grade, "all", "solutions"], 0)  # warms the page cache and the binary, untimed
        for ex_id, mistakes in exercises:
            solution = stats([timed([grade, ex_id, "solutions/" + ex_id + ".js"], 0) for _ in range(args.runs)])
            rows = []
            for index, (name, code) in enumerate(mistakes):
                failing = scratch / f"{ex_id}.mistake-{index}.js"
                failing.write_text(code, encoding="utf-8")
                course, env = course_copy(scratch)
                report = subprocess.run([grade, "-C", str(course), ex_id, str(failing), "--format", "json"], cwd=course,
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
                graded = json.loads(report)
                limited = max([graded.get("duration_ms") or 0] + [c.get("duration_ms") or 0 for c in graded.get("checks", [])]) >= 900
                # the copies are made and flushed before the timing, so a run does not wait on
                # the writeback of the files it reads
                copies = [course_copy(scratch) for _ in range(args.runs + 1)]
                os.sync()
                first = stats([timed([grade, "-C", str(course), ex_id, str(failing)], 1, env=env, cwd=course)
                               for course, env in copies[:-1]])
                course, env = copies[-1]
                timed([grade, "-C", str(course), ex_id, str(failing)], 1, env=env, cwd=course)  # may fill a cache
                repeated = [timed([grade, "-C", str(course), ex_id, str(failing)], 1, env=env, cwd=course)
                            for _ in range(args.runs)]
                rows.append({"mistake": name, "time_limit": limited, "first": first, "repeated": stats(repeated)})
            results[ex_id] = {"solution": solution, "failing": rows}
        pool = stats([timed([grade, "all", "solutions"], 0) for _ in range(args.runs)])
        inproc = stats([timed([grade, "--no-isolation", "all", "solutions"], 0) for _ in range(args.runs)])
        all_solutions = {"pool": pool, "no_isolation": inproc}

    print(f"{'exercise':<12} {'solution':>14} {'failing, first':>19} {'repeated':>14}   (median wall ms; best; median CPU ms)  mistake handed in")
    worst = {"solution": (0.0, ""), "first": (0.0, ""), "repeated": (0.0, "")}
    for ex_id, r in results.items():
        sol = r["solution"]
        worst["solution"] = max(worst["solution"], (sol["median_ms"], ex_id))
        for i, row in enumerate(r["failing"]):
            for k in ("first", "repeated"):
                if not row["time_limit"]:
                    worst[k] = max(worst[k], (row[k]["median_ms"], f"{ex_id}: {row['mistake']}"))
            cell = lambda t: f"{t['median_ms']:.1f};{t['best_ms']:.0f};{t['cpu_median_ms']:.0f}"
            head = f"{ex_id:<12} {cell(sol):>14}" if i == 0 else " " * 27
            print(f"{head} {cell(row['first']):>19} {cell(row['repeated']):>14}   {row['mistake']}"
                  + ("  (time limit)" if row["time_limit"] else ""))
    verdict = lambda value, target: "met" if value <= target else f"missed by {value - target:.1f} ms"
    print(f"\nslowest solution: {worst['solution'][0]:.1f} ms, {worst['solution'][1]} (target <= 25: {verdict(worst['solution'][0], 25)})")
    for k in ("first", "repeated"):
        print(f"slowest failing, {k} (no time limit): {worst[k][0]:.1f} ms, {worst[k][1]} (target <= 50: {verdict(worst[k][0], 50)})")
    ratio = all_solutions["pool"]["median_ms"] / all_solutions["no_isolation"]["median_ms"]
    print(f"grade all solutions: pool {all_solutions['pool']['median_ms']:.1f} ms, --no-isolation "
          f"{all_solutions['no_isolation']['median_ms']:.1f} ms (medians of {args.runs}; CPU "
          f"{all_solutions['pool']['cpu_median_ms']:.0f} and {all_solutions['no_isolation']['cpu_median_ms']:.0f} ms): "
          f"{ratio:.2f}x (target <= 3: {'met' if ratio <= 3 else 'missed'})")
    if args.json:
        Path(args.json).write_text(json.dumps({"exercises": results, "all_solutions": all_solutions}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
