#!/usr/bin/env bash
# Checks that a standard validator, check-jsonschema, agrees with sfcheck on which
# fixtures are valid under the Deskpro profile schema.
#
#   scripts/agree.sh            # needs check-jsonschema on PATH (pip install check-jsonschema)
#
# Fixtures that need command-line arguments (`# args:`) are skipped: a schema cannot
# know `--callback-url`. A warning-only fixture counts as valid for both.
set -euo pipefail
cd "$(dirname "$0")/.."
:
bin=target/debug/sfcheck
profile=schemas/profiles/deskpro-crm-sync.schema.json
agree=0 disagree=0
for f in fixtures/valid/*.eca.yaml fixtures/rules/*/*.eca.yaml; do
  if [ -e "$f.args" ] || head -3 "$f" | grep -aq '^# args:'; then continue; fi
  if "$bin" --format json "$f" >/dev/null 2>&1; then ours=valid; else ours=invalid; fi
  if check-jsonschema --schemafile "$profile" "$f" >/dev/null 2>&1; then theirs=valid; else theirs=invalid; fi
  if [ "$ours" = "$theirs" ]; then
    agree=$((agree + 1))
  else
    disagree=$((disagree + 1))
    echo "DISAGREE $f: sfcheck $ours, check-jsonschema $theirs"
  fi
done
echo "$agree agree, $disagree disagree"
[ "$disagree" -eq 0 ]
