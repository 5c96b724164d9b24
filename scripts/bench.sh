#!/usr/bin/env bash
# Times sfcheck side by side with check-jsonschema, ajv-cli and `cat` (the floor: just
# reading the files), on the same generated descriptions and the same profile schema,
# checks that every tool agrees on which files are valid, and prints the ratios and
# sfcheck's peak memory.
#
#   scripts/bench.sh                  # N = 1 10 100 1000 10000
#   scripts/bench.sh 1 1000           # chosen sizes
#
# Needs: hyperfine (apt-get install hyperfine), check-jsonschema (pip install
# check-jsonschema), ajv-cli (npm install ajv-cli; installed into target/bench-tools here
# if missing). Results: target/bench/results.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 10 100 1000 10000)
work="$root/target/bench"
tools="$root/target/bench-tools"
mkdir -p "$work" "$tools"

command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 2; }
command -v check-jsonschema >/dev/null || { echo "check-jsonschema is missing: pip install check-jsonschema" >&2; exit 2; }
if [ ! -x "$tools/node_modules/.bin/ajv" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" ajv-cli >/dev/null
fi
ajv="$tools/node_modules/.bin/ajv"

cd "$root"
cargo build --quiet --release
sfcheck="$root/target/release/sfcheck"

# ajv resolves `$ref` by `$id` only: give both schemas one, so that the profile's relative
# `../external-client-app.schema.json` lands on the structure schema offline.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
profile = json.load(open("schemas/profiles/deskpro-crm-sync.schema.json"))
structure = json.load(open("schemas/external-client-app.schema.json"))
profile["$id"] = "https://sfcheck.invalid/schemas/profiles/deskpro-crm-sync.schema.json"
structure["$id"] = "https://sfcheck.invalid/schemas/external-client-app.schema.json"
json.dump(profile, open(f"{work}/ajv-profile.json", "w"))
json.dump(structure, open(f"{work}/ajv-structure.json", "w"))
PY

# N descriptions: two in three break the profile, each in a different way.
generate() {
  local n=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 - "$n" "$dir" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
valid = open("fixtures/valid/deskpro-crm-sync.eca.yaml").read()
for i in range(n):
    t = valid.replace("Deskpro_CRM_Sync", f"Deskpro_CRM_Sync_{i}")
    if i % 3 == 1:
        t = t.replace("device: false", "device: true")
    elif i % 3 == 2:
        t = t.replace("[api, web, refresh_token]", "[api, web, full]")
    open(f"{d}/app{i:05d}.eca.yaml", "w").write(t)
PY
}

# Which files each tool says are invalid, one path a line, sorted.
invalid_sfcheck() { ("$sfcheck" --format json --no-config "$1"/*.eca.yaml || true) | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("\n".join(sorted({f["path"] for f in d["findings"] if f["severity"] == "error"})))'; }
invalid_cjs() { (check-jsonschema --schemafile schemas/profiles/deskpro-crm-sync.schema.json -o json "$1"/*.eca.yaml || true) | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("\n".join(sorted({e["filename"] for e in d.get("errors", []) + d.get("parse_errors", [])})))'; }
invalid_ajv() { ("$ajv" validate --spec=draft2020 --strict=false --all-errors -s "$work/ajv-profile.json" -r "$work/ajv-structure.json" -d "$1/*.eca.yaml" 2>&1 || true) \
  | sed -n 's/^\(.*\.eca\.yaml\) invalid$/\1/p' | sort; }

results="$work/results.md"
{
  echo "| files | sfcheck | check-jsonschema | ajv-cli | cat | check-jsonschema ÷ sfcheck | ajv ÷ sfcheck | sfcheck ÷ cat | sfcheck peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$results"

for n in "${sizes[@]}"; do
  dir="$work/n$n"
  generate "$n" "$dir"
  # A fast wrong answer is no answer: the tools must agree before they are timed.
  a=$(invalid_sfcheck "$dir"); b=$(invalid_cjs "$dir"); c=$(invalid_ajv "$dir")
  if [ "$a" != "$b" ] || [ "$a" != "$c" ]; then
    echo "DISAGREE at N=$n: sfcheck $(echo "$a" | grep -c .), check-jsonschema $(echo "$b" | grep -c .), ajv $(echo "$c" | grep -c .) invalid files" >&2
    diff <(echo "$a") <(echo "$b") | head >&2 || true
    exit 1
  fi
  runs=10; [ "$n" -ge 1000 ] && runs=5; [ "$n" -ge 10000 ] && runs=3
  hyperfine --style basic --warmup 1 --runs "$runs" --ignore-failure --export-json "$work/n$n.json" \
    -n sfcheck "$sfcheck --format json --no-config $dir/*.eca.yaml > /dev/null" \
    -n check-jsonschema "check-jsonschema --schemafile schemas/profiles/deskpro-crm-sync.schema.json $dir/*.eca.yaml > /dev/null" \
    -n ajv-cli "$ajv validate --spec=draft2020 --strict=false -s $work/ajv-profile.json -r $work/ajv-structure.json -d '$dir/*.eca.yaml' > /dev/null 2>&1" \
    -n cat "cat $dir/*.eca.yaml > /dev/null" >/dev/null
  rss=$( { /usr/bin/time -f %M "$sfcheck" --format json --no-config "$dir"/*.eca.yaml >/dev/null; } 2>&1 | tail -1 || true)
  python3 - "$work/n$n.json" "$n" "$rss" >> "$results" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
n, rss = sys.argv[2], int(sys.argv[3])
ms = lambda s: f"{s * 1000:.1f} ms"
s, c, a, k = r["sfcheck"], r["check-jsonschema"], r["ajv-cli"], r["cat"]
print(f"| {n} | {ms(s)} | {ms(c)} | {ms(a)} | {ms(k)} | {c / s:.0f}× | {a / s:.0f}× | {s / k:.1f}× | {rss / 1024:.1f} MiB |")
PY
  echo "N=$n: all tools agree ($(echo "$a" | grep -c .) of $n invalid)"
done
echo
echo "Medians of hyperfine runs on $(nproc) cores ($(uname -m)); $(date -u +%Y-%m-%d)."
cat "$results"
