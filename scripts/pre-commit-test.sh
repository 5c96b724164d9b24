#!/usr/bin/env bash
# Runs the real pre-commit (from PyPI) with this repository's hooks against a sample git
# repository holding a good and a bad description, and checks that each hook passes on
# the good one and fails on the bad one.
#
#   scripts/pre-commit-test.sh
#
# The `sfcheck` hook builds sfcheck from this repository's source (language: rust), so the
# first run takes a release build; `sfcheck-system` uses the binary from `cargo build`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PRE_COMMIT_HOME="$work/cache"

git init --quiet "$work/sample"
cd "$work/sample"
git config user.email sfcheck@example.com
git config user.name sfcheck
cp "$root/fixtures/valid/deskpro-crm-sync.eca.yaml" good.eca.yaml
sed 's/device: false/device: true/' good.eca.yaml > bad.eca.yaml
git add good.eca.yaml bad.eca.yaml

(cd "$root" && cargo build --quiet)
failures=0
expect() { # expect <pass|fail> <hook> <file>
  local want=$1 hook=$2 file=$3 got=pass
  PATH="$root/target/debug:$PATH" "$work/venv/bin/pre-commit" try-repo "$root" "$hook" --files "$file" \
    > "$work/out.txt" 2>&1 || got=fail
  if [ "$got" = "$want" ]; then
    echo "ok: $hook on $file: $got"
  else
    echo "FAILED: $hook on $file: expected $want, got $got"
    cat "$work/out.txt"
    failures=$((failures + 1))
  fi
}
expect pass sfcheck-system good.eca.yaml
expect fail sfcheck-system bad.eca.yaml
expect pass sfcheck good.eca.yaml
expect fail sfcheck bad.eca.yaml
if ! grep -q 'SF205' "$work/out.txt"; then
  echo "FAILED: the hook's output does not name SF205:"
  cat "$work/out.txt"
  failures=$((failures + 1))
fi
echo "$((4 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
