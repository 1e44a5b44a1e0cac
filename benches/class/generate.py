#!/usr/bin/env python3
"""Writes a synthetic class folder for `grade batch`: OUT/<student>/<exercise-id>.js.

Counter mode (default) writes exercise-03.js (the counter) for every student, with a fixed mix
of correct solutions in the three styles (script, CommonJS, ES module), the classic wrong ones
(counter reset on each call, one shared global counter, off-by-one), syntax errors, a starter
left as is, and a few endless loops. Course mode (--course) writes every exercise of the course
for every student, from solutions/, the [[mistake]] code of exercises/*.toml, the starters and
syntax errors made from the solutions.

The mix is allocated by largest remainder, so a class of 200 and a class of 10,000 have the same
proportions (up to rounding), then shuffled; the whole class is a function of N and --seed.

usage: benches/class/generate.py OUT N [--seed S] [--course] [--loops K] [--course-root DIR]
                                    [--hostile [--exercises DIR]] [--manifest FILE]
  --loops K   endless loops in the class (default: one per 2,000 students, at least 1 when N >= 500;
              in course mode they replace some exercise-03 files)
  --hostile   also hand in every file of the hostile corpus (tests/hostile/, graded through the
              pool, i.e. without `isolation = false`) once, each as its own student's file of the
              exercise its manifest names (exercise-03 for one the course lacks); these students
              replace ordinary ones, chosen with a random generator of their own, so the rest of
              the class is the same as without it; --exercises DIR: the course whose exercise ids
              count (default: the course root's exercises/)
  --manifest FILE   writes {"student/file.js": category} as JSON (outside the class folder)
Prints the mix (category: count) on stderr. OUT must not exist or be empty.
"""

import argparse
import json
import os
import random
import sys
import tomllib
from pathlib import Path

# ---------------------------------------------------------------- counter (exercise-03) bodies

NAMES = ["counter", "count", "n", "total", "calls", "value"]
INNER = ["incrementCounter", "next", "inc", "tick", None]  # None: anonymous / arrow


def inner_fn(rng, body):
    """A function expression returning `body` (a list of statements)."""
    name = rng.choice(INNER)
    if name is None and rng.random() < 0.5:
        if len(body) == 1 and body[0].startswith("return "):
            return "() => " + body[0][len("return "):].rstrip(";")
        return "() => {\n    " + "\n    ".join(body) + "\n  }"
    head = f"function {name}()" if name else "function ()"
    return head + " {\n    " + "\n    ".join(body) + "\n  }"


def correct_body(rng, v):
    return rng.choice([
        [f"{v} += 1;", f"return {v};"],
        [f"return ++{v};"],
        [f"{v} = {v} + 1;", f"return {v};"],
        [f"{v}++;", f"return {v};"],
    ])


def comment(rng):
    return rng.choice([
        "",
        "// my solution\n",
        "// Exercise 03: a counter with a backpack\n",
        "/* counter that remembers between calls */\n",
        "'use strict';\n",
    ])


def counter_script(rng):
    v = rng.choice(NAMES)
    return (f"{comment(rng)}function outer() {{\n  let {v} = 0;\n"
            f"  return {inner_fn(rng, correct_body(rng, v))};\n}}\n")


def counter_commonjs(rng):
    v = rng.choice(NAMES)
    fn = f"function outer() {{\n  let {v} = 0;\n  return {inner_fn(rng, correct_body(rng, v))};\n}}\n"
    tail = rng.choice(["module.exports = outer;\n", "module.exports = { outer };\n", "exports.outer = outer;\n"])
    return comment(rng) + fn + tail


def counter_module(rng):
    v = rng.choice(NAMES)
    fn = f"function outer() {{\n  let {v} = 0;\n  return {inner_fn(rng, correct_body(rng, v))};\n}}\n"
    if rng.random() < 0.7:
        return comment(rng) + "export " + fn
    return comment(rng) + fn + "export { outer };\n"


def counter_reset_each_call(rng):
    v = rng.choice(NAMES)
    body = [f"let {v} = 0;"] + correct_body(rng, v)
    return f"{comment(rng)}function outer() {{\n  return {inner_fn(rng, body)};\n}}\n"


def counter_shared_global(rng):
    v = rng.choice(NAMES)
    if rng.random() < 0.5:  # the known mistake: one global that outer resets
        return (f"{comment(rng)}var {v};\nfunction outer() {{\n  {v} = 0;\n"
                f"  return {inner_fn(rng, correct_body(rng, v))};\n}}\n")
    decl = rng.choice(["let", "var"])  # one global, never reset
    return f"{comment(rng)}{decl} {v} = 0;\nfunction outer() {{\n  return {inner_fn(rng, correct_body(rng, v))};\n}}\n"


def counter_off_by_one(rng):
    v = rng.choice(NAMES)
    start, body = rng.choice([
        (0, [f"return {v}++;"]),             # the known mistake: post-increment, counts from 0
        (1, [f"{v} += 1;", f"return {v};"]),  # starts at 2
        (1, [f"return ++{v};"]),
    ])
    return f"{comment(rng)}function outer() {{\n  let {v} = {start};\n  return {inner_fn(rng, body)};\n}}\n"


def counter_starter(rng):
    return "\nfunction outer() {\n  // declare the remembered value here\n\n  return function () {\n    // change it and return it here\n  };\n}\n"


def counter_loop(rng):
    v = rng.choice(NAMES)
    if rng.random() < 0.5:  # in the returned function: every check runs into it
        return f"function outer() {{\n  let {v} = 0;\n  return function () {{\n    while (true) {{}}\n    return ++{v};\n  }};\n}}\n"
    return f"while(true){{}}\nfunction outer() {{\n  let {v} = 0;\n  return () => ++{v};\n}}\n"  # at load


def syntax_error(rng, source):
    """A plausible syntax error in `source`."""
    edits = []
    if "}" in source:
        i = source.rfind("}")
        edits.append(source[:i] + source[i + 1:])  # the last brace forgotten
    if "return" in source:
        edits.append(source.replace("return", "retrun (", 1))
    if "function" in source:
        edits.append(source.replace("function", "functon", 1))
    if "=>" in source:
        edits.append(source.replace("=>", "=", 1) + "\n")
    if "(" in source:
        i = source.find("(")
        edits.append(source[:i + 1] + "(" + source[i + 1:])  # an unclosed parenthesis
    edits.append(source + "\nconst = 1;\n")
    return rng.choice(edits)


def counter_syntax_error(rng):
    return syntax_error(rng, rng.choice([counter_script, counter_commonjs, counter_module])(rng))


# (category, share of the class, writer); the shares add up to 1.
COUNTER_MIX = [
    ("correct/script", 0.26, counter_script),
    ("correct/commonjs", 0.12, counter_commonjs),
    ("correct/module", 0.12, counter_module),
    ("wrong/reset-each-call", 0.13, counter_reset_each_call),
    ("wrong/shared-global", 0.11, counter_shared_global),
    ("wrong/off-by-one", 0.12, counter_off_by_one),
    ("syntax-error", 0.09, counter_syntax_error),
    ("starter-unchanged", 0.05, counter_starter),
]


def allocate(n, shares, rng):
    """A list of n category indices with the given shares (largest remainder), shuffled."""
    raw = [n * s for s in shares]
    counts = [int(r) for r in raw]
    order = sorted(range(len(shares)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    cats = [i for i, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(cats)
    return cats


def default_loops(n):
    return max(1, round(n / 2000)) if n >= 500 else 0


def student_name(i, n):
    return f"student-{i:0{max(5, len(str(n)))}d}"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hostile_corpus(root, exercises):
    """(file name, exercise id, source) of every hostile file graded through the pool, sorted.
    A file meant for an exercise the course does not have (one the hostile tests make in a
    scratch course, e.g. exercise-03-typed) is handed in as exercise-03."""
    folder = root / "tests" / "hostile"
    expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    course = {path.stem for path in exercises.glob("*.toml")}
    corpus = []
    for name, entry in sorted(expected.items()):
        if not entry.get("isolation", True):
            continue
        exercise = entry.get("exercise", "exercise-03")
        corpus.append((name, exercise if exercise in course else "exercise-03", (folder / name).read_text(encoding="utf-8")))
    return corpus


def hostile_students(n, seed, corpus):
    """{student index: corpus entry}, drawn with a generator of its own (the rest of the class is
    unchanged by --hostile)."""
    rng = random.Random(f"hostile-{seed}")
    picks = rng.sample(range(n), min(len(corpus), n))
    return dict(zip(picks, corpus))


def counter_class(out, n, seed, loops, hostile, manifest):
    rng = random.Random(seed)
    cats = allocate(n, [s for _, s, _ in COUNTER_MIX], rng)
    loop_students = set(rng.sample(range(n), min(loops, n)))
    mix = {}
    for i in range(n):
        if i in loop_students:
            name, text = "endless-loop", counter_loop(rng)
        else:
            name, _, writer = COUNTER_MIX[cats[i]]
            text = writer(rng)
        file = "exercise-03.js"
        if i in hostile:  # the ordinary submission is still drawn, so the generator stays in step
            hostile_name, exercise, text = hostile[i]
            name, file = f"hostile/{hostile_name.removesuffix('.js')}", f"{exercise}.js"
        kind = "hostile" if i in hostile else name
        mix[kind] = mix.get(kind, 0) + 1
        manifest[f"{student_name(i, n)}/{file}"] = name
        write(out / student_name(i, n) / file, text)
    return mix


# ---------------------------------------------------------------- the whole course

COURSE_SHARES = [("solution", 0.55), ("mistake", 0.30), ("syntax-error", 0.07), ("starter", 0.05), ("not-submitted", 0.03)]


def course_class(out, n, seed, loops, root, manifest):
    rng = random.Random(seed)
    exercises = []
    for path in sorted((root / "exercises").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        solution = (root / "solutions" / f"{path.stem}.js").read_text(encoding="utf-8")
        mistakes = [m["code"] for m in data.get("mistake", [])]
        exercises.append((path.stem, solution, mistakes, data.get("starter", "")))
    plans = {ex[0]: allocate(n, [s for _, s in COURSE_SHARES], rng) for ex in exercises}
    loop_students = set(rng.sample(range(n), min(loops, n)))
    mix = {}
    for i in range(n):
        for ex_id, solution, mistakes, starter in exercises:
            kind = COURSE_SHARES[plans[ex_id][i]][0]
            if kind == "mistake" and not mistakes:
                kind = "solution"
            if ex_id == "exercise-03" and i in loop_students:
                kind, text = "endless-loop", counter_loop(rng)
            elif kind == "solution":
                text = solution
            elif kind == "mistake":
                text = rng.choice(mistakes)
            elif kind == "syntax-error":
                text = syntax_error(rng, solution)
            elif kind == "starter":
                text = starter
            else:
                text = None
            mix[kind] = mix.get(kind, 0) + 1
            if text is not None:
                manifest[f"{student_name(i, n)}/{ex_id}.js"] = kind
                write(out / student_name(i, n) / f"{ex_id}.js", text)
    return mix


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--course", action="store_true", help="every exercise of the course, not only the counter")
    parser.add_argument("--loops", type=int, default=None, help="endless loops in the class")
    parser.add_argument("--course-root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--hostile", action="store_true", help="hand in the hostile corpus once (counter mode)")
    parser.add_argument("--manifest", type=Path, help="write {student/file: category} as JSON here")
    parser.add_argument("--exercises", type=Path, help="the course's exercises folder that --hostile hands files in to (default: COURSE_ROOT/exercises)")
    args = parser.parse_args()
    if args.hostile and args.course:
        sys.exit("--hostile works in counter mode only")
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"{args.out} exists and is not empty")
    args.out.mkdir(parents=True, exist_ok=True)
    loops = default_loops(args.n) if args.loops is None else args.loops
    manifest = {}
    if args.course:
        mix = course_class(args.out, args.n, args.seed, loops, args.course_root, manifest)
    else:
        exercises = args.exercises or args.course_root / "exercises"
        hostile = hostile_students(args.n, args.seed, hostile_corpus(args.course_root, exercises)) if args.hostile else {}
        mix = counter_class(args.out, args.n, args.seed, loops, hostile, manifest)
    if args.manifest:
        args.manifest.write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({"students": args.n, "seed": args.seed, "course": args.course, "mix": dict(sorted(mix.items()))}), file=sys.stderr)


if __name__ == "__main__":
    main()
