#!/usr/bin/env bash
# Validates sfcheck's SARIF with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool)
# on a report with findings of every kind, and fails on any validation error.
#
#   scripts/validate-sarif.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$root/target/sarif-multitool"
if [ ! -x "$tool/node_modules/.bin/sarif-multitool" ]; then
  mkdir -p "$tool"
  npm install --silent --no-audit --no-fund --prefix "$tool" @microsoft/sarif-multitool >/dev/null
fi
# npm may skip the package's install script, which only marks the binary executable.
chmod u+x "$tool"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null || true

cd "$root"
cargo build --quiet
report="$root/target/fixtures.sarif"
status=0
target/debug/sfcheck --format sarif --output "$report" fixtures/rules || status=$?
[ "$status" -eq 1 ] || { echo "FAILED: sfcheck exited $status, expected 1 (findings)"; exit 1; }
out=$("$tool/node_modules/.bin/sarif-multitool" validate "$report" 2>&1) || { echo "$out"; exit 1; }
echo "$out" | grep -E ': (error|warning|note) ' || true
if echo "$out" | grep -q ': error '; then
  echo "FAILED: the SARIF Multitool found errors"
  exit 1
fi
results=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['runs'][0]['results']))" "$report")
echo "SARIF valid: $results results, 0 errors"
