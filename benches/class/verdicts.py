#!/usr/bin/env python3
"""Compares the verdicts of two `grade batch --output FILE.jsonl` runs on the same class.

usage: benches/class/verdicts.py OLD.jsonl NEW.jsonl [--manifest CLASS.json] [--allow CATEGORY]...

A verdict is, per submission (student and exercise): the status and the score out of max_score,
and per check (by position and name): the status and the points. Timings and message texts are
not compared (another round may word a message differently). The known mistake a report
recognises is counted and shown apart, without failing the comparison.
Prints a summary and up to 30 differences (with the generator's category, from --manifest);
exits 1 when a verdict differs or a submission is graded by one run only, 2 on unreadable input.
--allow CATEGORY (a manifest category, e.g. hostile/mem-typed-array-huge) names a difference that
is intended (a changed rule): still printed, but it does not make the exit code 1.
"""
import argparse
import json
import sys
from collections import Counter


def verdicts(path):
    """{(student, submission): (verdict, mistake)} of every result line, and the summary."""
    found, summary = {}, None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON ({e}); was the run cut short?")
            if "summary" in record:
                summary = record["summary"]
                continue
            key = (record.get("student"), record.get("submission") or record.get("exercise"))
            checks = tuple((c.get("name"), c.get("status"), c.get("points")) for c in record.get("checks") or [])
            verdict = (record.get("status"), record.get("score"), record.get("max_score"), checks)
            if key in found:
                sys.exit(f"{path}:{number}: {key[1]} of {key[0]} graded twice")
            found[key] = (verdict, record.get("mistake"))
    if summary is None:
        sys.exit(f"{path}: no summary line at the end; was the run cut short?")
    return found, summary


def describe(verdict):
    status, score, max_score, checks = verdict
    failing = [f"{name}={check_status}:{points}" for name, check_status, points in checks if check_status != "pass"]
    return f"{status} {score}/{max_score}" + (f" [{'; '.join(failing)}]" if failing else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--manifest", help="the generator's {student/file: category} JSON")
    parser.add_argument("--allow", action="append", default=[], help="a category whose differences are intended")
    args = parser.parse_args()
    old, old_summary = verdicts(args.old)
    new, new_summary = verdicts(args.new)
    manifest = {}
    if args.manifest:
        with open(args.manifest, encoding="utf-8") as f:
            manifest = json.load(f)

    differences, by_category, mistakes = [], Counter(), Counter()
    for key in sorted(set(old) | set(new), key=lambda k: (str(k[0]), str(k[1]))):
        category = manifest.get(str(key[1]), "?")
        if key not in old or key not in new:
            side = "old" if key in old else "new"
            differences.append(f"{key[1]} ({category}): graded by the {side} run only")
            by_category[category] += 1
            continue
        (old_verdict, old_mistake), (new_verdict, new_mistake) = old[key], new[key]
        if old_verdict != new_verdict:
            differences.append(f"{key[1]} ({category}):\n    old {describe(old_verdict)}\n    new {describe(new_verdict)}")
            by_category[category] += 1
        if old_mistake != new_mistake:
            mistakes[(category, str(old_mistake), str(new_mistake))] += 1

    statuses = Counter(verdict[0] for verdict, _ in new.values())
    print(f"old: {len(old)} results, {old_summary.get('passing')} passing; new: {len(new)} results, "
          f"{new_summary.get('passing')} passing; new statuses {dict(sorted(statuses.items()))}")
    if mistakes:
        print(f"known mistake recognised differently (not a verdict, not failing): {sum(mistakes.values())}")
        for (category, was, now), count in mistakes.most_common(10):
            print(f"  {count:6}  {category}: {was} -> {now}")
    if not differences:
        print(f"same verdicts: all {len(new)} submissions, every check's status and points")
        return 0
    unintended = sum(count for category, count in by_category.items() if category not in args.allow)
    print(f"{len(differences)} submissions with different verdicts ({unintended} not allowed); by category:")
    for category, count in by_category.most_common():
        print(f"  {count:6}  {category}" + ("  (allowed)" if category in args.allow else ""))
    for line in differences[:30]:
        print(line)
    if len(differences) > 30:
        print(f"... and {len(differences) - 30} more")
    return 1 if unintended else 0


if __name__ == "__main__":
    sys.exit(main())
