#!/usr/bin/env bash
# Builds the book under docs/ with mdBook (installed under target/tools once, then
# reused) and fails on any warning or error of the build. The links of the README and
# the book, and every `sfcheck` command they show, are checked by
# `cargo test --test suite docs::`, which this runs too.
set -euo pipefail
cd "$(dirname "$0")/.."
MDBOOK_VERSION=0.5.4
tools=target/tools
if ! "$tools/bin/mdbook" --version 2>/dev/null | grep -qx "mdbook v$MDBOOK_VERSION"; then
  cargo install --quiet --locked --root "$tools" --version "$MDBOOK_VERSION" mdbook
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$tools/bin/mdbook" build docs 2>&1 | tee "$log"
if grep -E '\b(WARN|ERROR)\b' "$log"; then
  echo "docs-test: mdbook reported the lines above" >&2
  exit 1
fi
test -f target/book/index.html
test -f target/book/rules/SF205.html
echo "docs-test: the book is in target/book/index.html"
cargo test --quiet --test suite docs::
