#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (the zip is unpacked
# in /autograder/source). It installs `grade`:
#   1. bin/grade in the zip: a release binary (Linux x86_64; e.g. from the project's releases,
#      or `cargo build --release` on a matching machine) is copied to /usr/local/bin;
#   2. else grade-src/ in the zip (a checkout of grade's source) is built with cargo;
#   3. else grade is built from GRADE_GIT at the tag GRADE_TAG (pin a tag or a commit: cargo
#      refuses a branch name given as --rev, and a pinned grader never changes mid-term).
set -euo pipefail

GRADE_GIT=${GRADE_GIT:-https://github.com/your-org/grade}
GRADE_TAG=${GRADE_TAG:-v0.1.0}
source_dir=${GRADE_AUTOGRADER_ROOT:-/autograder}/source
cd "$source_dir"

if [ -x bin/grade ]; then
  install -m 0755 bin/grade /usr/local/bin/grade
else
  if ! command -v cargo > /dev/null; then
    # A C compiler builds the embedded JavaScript engine; curl fetches rustup.
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends build-essential curl ca-certificates
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  if [ -f grade-src/Cargo.toml ]; then
    cargo install --locked --path grade-src --root /usr/local
  else
    cargo install --locked --git "$GRADE_GIT" --tag "$GRADE_TAG" --root /usr/local grade
  fi
fi
grade --version
# The course must load before any student submits: a broken exercise fails the image build.
grade -C "$source_dir" check
