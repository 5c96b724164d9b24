#!/usr/bin/env bash
# Checks that sfcheck reads every metadata fixture project the way Salesforce's own
# tooling does: for each file, @salesforce/source-deploy-retrieve (npm; the resolver
# inside the `sf` CLI) gives a metadata type and full name, and sfcheck's JSON report
# lists the same in `files` (`metadataType`, `fullName`). A file that is no ECA metadata
# type (or that SDR cannot resolve, e.g. a wrong suffix) must be absent from sfcheck's
# typed files, and the other way round. Fails on any difference.
#
#   scripts/sdr-agree.sh [PROJECT_DIR...]     # default: every fixtures/metadata project
#
# The npm install is cached under target/sdr-agree (Node 18+; the `undici` override in
# scripts/sdr/package.json keeps it starting on Node 20).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/target/sdr-agree"
if ! cmp -s "$root/scripts/sdr/package.json" "$cache/package.json" 2>/dev/null \
  || [ ! -d "$cache/node_modules/@salesforce/source-deploy-retrieve" ]; then
  mkdir -p "$cache"
  cp "$root/scripts/sdr/package.json" "$cache/package.json"
  npm install --silent --no-audit --no-fund --prefix "$cache" >/dev/null
fi
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true

cd "$root"
cargo build --quiet
if [ $# -eq 0 ]; then set -- fixtures/metadata/*/; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
projects=0 files=0 differ=0
# One node process for every project: loading the library costs more than resolving.
NODE_PATH="$cache/node_modules" node scripts/sdr/resolve.js "${@%/}" >"$work/all"
for dir in "$@"; do
  dir=${dir%/}
  projects=$((projects + 1))
  awk -F'\t' -v d="$dir/" 'index($1, d) == 1 {
      if ($2 ~ /^(ExternalClientApplication|ExtlClntApp)/) print $1"\t"$2"\t"$3; else print $1"\t-\t-"
    }' "$work/all" | sort >"$work/sdr"
  status=0
  target/debug/sfcheck --format json --profile none --no-ignore "$dir" >"$work/json" || status=$?
  if [ "$status" -gt 1 ]; then echo "FAILED: sfcheck exited $status on $dir"; exit 1; fi
  python3 - "$work/json" "$work/sdr" >"$work/ours" <<'PY'
import json, sys
listed = {f["path"]: f for f in json.load(open(sys.argv[1])).get("files", [])}
for line in open(sys.argv[2]):
    path = line.split("\t")[0]
    f = listed.pop(path, None)
    if f and f.get("metadataType"):
        print(f"{path}\t{f['metadataType']}\t{f['fullName']}")
    else:
        print(f"{path}\t-\t-")
# Files sfcheck typed that SDR never saw.
for path, f in listed.items():
    if f.get("metadataType"):
        print(f"{path}\t{f['metadataType']}\t{f['fullName']}")
PY
  sort -o "$work/ours" "$work/ours"
  files=$((files + $(wc -l <"$work/sdr")))
  if ! diff -u --label "source-deploy-retrieve $dir" --label "sfcheck $dir" "$work/sdr" "$work/ours"; then
    differ=$((differ + 1))
  fi
done
echo "source-deploy-retrieve and sfcheck: $projects projects, $files files, $differ projects differ"
[ "$differ" -eq 0 ]
