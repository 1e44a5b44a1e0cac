#!/usr/bin/env bash
# The Jest peer: a class of exercise-03 (counter) submissions graded the way Jest-based course
# setups (GitHub Classroom, Gradescope, Exercism) grade them: one spec per student
# (counter.test.js.in: the exercise's five checks), `jest --ci --maxWorkers=<cores>` over them.
# Jest is installed from npm into a folder of the caller's (a `mktemp -d`), never into the project.
#
# usage: benches/peers/jest-peer.sh install PREFIX
#          npm install jest@29 and the Babel CommonJS plugin into PREFIX (once per sitting)
#        benches/peers/jest-peer.sh prepare PREFIX CLASS
#          writes PREFIX/specs/<student>.test.js for every CLASS/<student>/exercise-03.js and
#          PREFIX/jest.config.js (the transform: jest-transform.js)
#        benches/peers/jest-peer.sh run PREFIX
#          the timed part: jest --ci --maxWorkers=$(nproc) over PREFIX/specs, with an empty cache
#          (a class is graded once), results in PREFIX/results.json; prints
#          "P passed, F failed" (students) like node-vm-peer.js
#        benches/peers/jest-peer.sh cold PREFIX STUDENT
#          one student's spec by `npx jest`, cold (empty cache), as a per-student CI job runs it
# Jest exits 1 when a test fails; so do these commands only when jest could not run at all.
# Limitation: Jest cannot stop a synchronous endless loop (its timeouts are for async tests),
# so a class for this peer must have none (generate.py --loops 0).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-}
prefix=${2:-}
[ -n "$cmd" ] && [ -n "$prefix" ] || { sed -n '2,20p' "$0" >&2; exit 2; }

case "$cmd" in
install)
  command -v npm >/dev/null || { echo "npm is needed for the Jest peer" >&2; exit 2; }
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    jest@29 @babel/core@7 @babel/plugin-transform-modules-commonjs@7 >&2
  cp "$here/jest-transform.js" "$prefix/jest-transform.js"
  "$prefix/node_modules/.bin/jest" --version | sed 's/^/jest /' >&2
  ;;
prepare)
  class=$(cd "${3:?the class folder}" && pwd)
  [ -x "$prefix/node_modules/.bin/jest" ] || { echo "no jest in $prefix: run '$0 install $prefix' first" >&2; exit 2; }
  rm -rf "$prefix/specs"
  mkdir -p "$prefix/specs"
  python3 - "$here/counter.test.js.in" "$class" "$prefix/specs" <<'EOF'
import json, pathlib, sys
template, class_dir, specs = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
count = 0
for submission in sorted(class_dir.glob("*/exercise-03.js")):
    spec = template.replace("__SUBMISSION__", json.dumps(str(submission)))
    (specs / f"{submission.parent.name}.test.js").write_text(spec)
    count += 1
print(f"{count} specs in {specs}", file=sys.stderr)
EOF
  cat >"$prefix/jest.config.js" <<'EOF'
module.exports = {
  rootDir: __dirname + '/specs',
  testEnvironment: 'node',
  testMatch: ['**/*.test.js'],
  transform: { '\\.js$': __dirname + '/jest-transform.js' },
  cacheDirectory: __dirname + '/cache',
  watchman: false,
};
EOF
  ;;
run)
  rm -rf "$prefix/cache" "$prefix/results.json"
  status=0
  (cd "$prefix" && node_modules/.bin/jest --ci --maxWorkers="$(nproc)" --config jest.config.js \
    --json --outputFile=results.json >jest.out 2>&1) || status=$?
  [ -s "$prefix/results.json" ] || { echo "jest wrote no results (exit $status):" >&2; tail -20 "$prefix/jest.out" >&2; exit 2; }
  node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTestSuites} passed, ${r.numTotalTestSuites - r.numPassedTestSuites} failed`);
    if (r.numRuntimeErrorTestSuites) console.error(`${r.numRuntimeErrorTestSuites} specs could not run`);
  ' "$prefix/results.json"
  ;;
cold)
  student=${3:?a student name of the class}
  spec="$prefix/specs/$student.test.js"
  [ -f "$spec" ] || { echo "no $spec: run '$0 prepare $prefix CLASS' first" >&2; exit 2; }
  rm -rf "$prefix/cache"
  status=0
  (cd "$prefix" && npx --no-install jest --ci --config jest.config.js "$spec" >jest-cold.out 2>&1) || status=$?
  [ "$status" -le 1 ] || { echo "npx jest exited $status:" >&2; tail -20 "$prefix/jest-cold.out" >&2; exit 2; }
  ;;
*)
  sed -n '2,20p' "$0" >&2; exit 2
  ;;
esac
