#!/usr/bin/env bash
# Times sfcheck side by side with check-jsonschema, ajv-cli and `cat` (the floor: just
# reading the files), on the same generated descriptions and the same profile schema,
# checks that every tool agrees on which files are valid, and prints the ratios and
# sfcheck's peak memory (JSON and SARIF reports, the two that are one document). The
# ratio to `cat` is the median of interleaved rounds (sfcheck, cat, sfcheck, cat, …), so
# a burst of load on a shared machine falls on both. Last, a metadata project: 300 apps
# (1,500 files) against 1,500 YAML descriptions, per file.
#
#   scripts/bench.sh                  # N = 1 10 100 1000 10000, then metadata
#   scripts/bench.sh 1 1000           # chosen sizes, then metadata
#   ROUNDS=20 scripts/bench.sh 1000   # more interleaved rounds (default 10)
#
# Needs: hyperfine (apt-get install hyperfine), check-jsonschema (pip install
# check-jsonschema), ajv-cli (npm install ajv-cli; installed into target/bench-tools here
# if missing). Results: target/bench/results.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
rounds=${ROUNDS:-10}
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

# N descriptions, a quarter each: valid, PKCE off, many problems (device and JWT flows
# on, token exchange off, an http callback, two checkboxes ticked), an extra scope.
generate() {
  local n=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 - "$n" "$dir" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
valid = open("fixtures/valid/deskpro-crm-sync.eca.yaml").read()
many = [("device: false", "device: true"), ("jwtBearer: false", "jwtBearer: true"),
        ("tokenExchange: true", "tokenExchange: false"), ("callbackUrl: https", "callbackUrl: http"),
        ("introspectAllTokens: false", "introspectAllTokens: true"),
        ("refreshTokenRotation: false", "refreshTokenRotation: true")]
for i in range(n):
    t = valid.replace("Deskpro_CRM_Sync", f"Deskpro_CRM_Sync_{i}")
    if i % 4 == 1:
        t = t.replace("requirePkce: true", "requirePkce: false")
    elif i % 4 == 2:
        for old, new in many:
            t = t.replace(old, new)
    elif i % 4 == 3:
        t = t.replace("[api, web, refresh_token]", "[api, web, refresh_token, full]")
    open(f"{d}/app{i:05d}.eca.yaml", "w").write(t)
PY
}

# N metadata apps (five files each, as `sf project retrieve` writes them), a quarter
# each as above where metadata can say it.
generate_metadata() {
  local n=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 - "$n" "$dir" <<'PY'
import os, sys
n, d = int(sys.argv[1]), sys.argv[2]
src = "fixtures/metadata/deskpro-valid/force-app/main/default"
files = [(folder, name, open(f"{src}/{folder}/{name}").read())
         for folder in sorted(os.listdir(src)) for name in sorted(os.listdir(f"{src}/{folder}"))]
many = [("<isDeviceFlowEnabled>false", "<isDeviceFlowEnabled>true"),
        ("<isTokenExchangeEnabled>true", "<isTokenExchangeEnabled>false"),
        ("<callbackUrl>https", "<callbackUrl>http"), ("<isIntrospectAllTokens>false", "<isIntrospectAllTokens>true"),
        ("<isRefreshTokenRotationEnabled>false", "<isRefreshTokenRotationEnabled>true")]
for i in range(n):
    for folder, name, text in files:
        t = text.replace("Deskpro_CRM_Sync", f"Deskpro_CRM_Sync_{i}")
        if i % 4 == 1:
            t = t.replace("<isPkceRequired>true", "<isPkceRequired>false")
        elif i % 4 == 2:
            for old, new in many:
                t = t.replace(old, new)
        elif i % 4 == 3:
            t = t.replace("Api, Web, RefreshToken<", "Api, Web, RefreshToken, Full<")
        os.makedirs(f"{d}/{folder}", exist_ok=True)
        open(f"{d}/{folder}/{name.replace('Deskpro_CRM_Sync', f'Deskpro_CRM_Sync_{i}')}", "w").write(t)
PY
}

# Interleaved rounds of sfcheck and `cat` on the same files (`$1`: a shell glob or
# folder sfcheck reads; `$2`: the files `cat` reads): prints the medians in seconds,
# sfcheck's then cat's, of every run of every round.
interleaved() {
  local what=$1 files=$2 r
  rm -f "$work"/round-*.json
  for r in $(seq "$rounds"); do
    hyperfine --style none --warmup 1 --runs 3 --ignore-failure --export-json "$work/round-$r.json" \
      -n sfcheck "$sfcheck --format json --no-config $what > /dev/null" \
      -n cat "cat $files > /dev/null" >/dev/null 2>&1
  done
  python3 - "$work" <<'PY'
import glob, json, statistics, sys
times = {}
for f in glob.glob(f"{sys.argv[1]}/round-*.json"):
    for x in json.load(open(f))["results"]:
        times.setdefault(x["command"], []).extend(x["times"])
print(statistics.median(times["sfcheck"]), statistics.median(times["cat"]))
PY
}

# sfcheck's peak resident memory in KiB, for a format.
peak() { { /usr/bin/time -f %M "$sfcheck" --format "$1" --no-config "${@:2}" >/dev/null; } 2>&1 | tail -1 || true; }

# Which files each tool says are invalid, one path a line, sorted.
invalid_sfcheck() { ("$sfcheck" --format json --no-config "$1"/*.eca.yaml || true) | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("\n".join(sorted({f["path"] for f in d["findings"] if f["severity"] == "error"})))'; }
invalid_cjs() { (check-jsonschema --schemafile schemas/profiles/deskpro-crm-sync.schema.json -o json "$1"/*.eca.yaml || true) | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("\n".join(sorted({e["filename"] for e in d.get("errors", []) + d.get("parse_errors", [])})))'; }
# ajv-cli exits before a pipe has taken all it wrote (some "invalid" lines were lost):
# it writes to a file, which node writes synchronously.
invalid_ajv() { "$ajv" validate --spec=draft2020 --strict=false --all-errors -s "$work/ajv-profile.json" -r "$work/ajv-structure.json" -d "$1/*.eca.yaml" > "$work/ajv.out" 2>&1 || true
  sed -n 's/^\(.*\.eca\.yaml\) invalid$/\1/p' "$work/ajv.out" | sort; }

results="$work/results.md"
{
  echo "| files | sfcheck | check-jsonschema | ajv-cli | cat | check-jsonschema ÷ sfcheck | ajv ÷ sfcheck | sfcheck ÷ cat | peak RSS, JSON | peak RSS, SARIF |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$results"

for n in "${sizes[@]}"; do
  dir="$work/n$n"
  generate "$n" "$dir"
  # A fast wrong answer is no answer: the tools must agree before they are timed.
  a=$(invalid_sfcheck "$dir"); b=$(invalid_cjs "$dir"); c=$(invalid_ajv "$dir")
  if [ "$a" != "$b" ] || [ "$a" != "$c" ]; then
    echo "DISAGREE at N=$n: sfcheck $(echo "$a" | grep -c .), check-jsonschema $(echo "$b" | grep -c .), ajv $(echo "$c" | grep -c .) invalid files" >&2
    echo "sfcheck against check-jsonschema:" >&2
    diff <(echo "$a") <(echo "$b") | head >&2 || true
    echo "sfcheck against ajv-cli (its output: $work/ajv.out):" >&2
    diff <(echo "$a") <(echo "$c") | head >&2 || true
    exit 1
  fi
  runs=10; [ "$n" -ge 1000 ] && runs=5; [ "$n" -ge 10000 ] && runs=3
  hyperfine --style basic --warmup 1 --runs "$runs" --ignore-failure --export-json "$work/n$n.json" \
    -n check-jsonschema "check-jsonschema --schemafile schemas/profiles/deskpro-crm-sync.schema.json $dir/*.eca.yaml > /dev/null" \
    -n ajv-cli "$ajv validate --spec=draft2020 --strict=false -s $work/ajv-profile.json -r $work/ajv-structure.json -d '$dir/*.eca.yaml' > /dev/null 2>&1" >/dev/null
  read -r s k < <(interleaved "$dir/*.eca.yaml" "$dir/*.eca.yaml")
  json=$(peak json "$dir"/*.eca.yaml); sarif=$(peak sarif "$dir"/*.eca.yaml)
  python3 - "$work/n$n.json" "$n" "$s" "$k" "$json" "$sarif" >> "$results" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
n, s, k = sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
json_kib, sarif_kib = int(sys.argv[5]), int(sys.argv[6])
ms = lambda t: f"{t * 1000:.1f} ms"
c, a = r["check-jsonschema"], r["ajv-cli"]
print(f"| {n} | {ms(s)} | {ms(c)} | {ms(a)} | {ms(k)} | {c / s:.0f}× | {a / s:.0f}× | {s / k:.1f}× | {json_kib / 1024:.1f} MiB | {sarif_kib / 1024:.1f} MiB |")
PY
  echo "N=$n: all tools agree ($(echo "$a" | grep -c .) of $n invalid)"
done

# Metadata: 300 apps of five files against as many YAML descriptions, per file.
apps=300
generate_metadata "$apps" "$work/meta"
generate $((apps * 5)) "$work/meta-yaml"
read -r ms mk < <(interleaved "$work/meta" "$work/meta/*/*")
read -r ys yk < <(interleaved "$work/meta-yaml/*.eca.yaml" "$work/meta-yaml/*.eca.yaml")
mrss=$(peak json "$work/meta")
python3 - "$apps" "$ms" "$mk" "$ys" "$yk" "$mrss" > "$work/metadata.md" <<'PY'
import sys
apps, ms, mk, ys, yk, rss = int(sys.argv[1]), *map(float, sys.argv[2:6]), int(sys.argv[6])
files = apps * 5
us = lambda t: f"{t * 1e6 / files:.0f} µs"
print("| input | files | sfcheck | cat | sfcheck per file | sfcheck ÷ cat | peak RSS, JSON |")
print("|---|---|---|---|---|---|---|")
print(f"| metadata, {apps} apps | {files} | {ms * 1000:.1f} ms | {mk * 1000:.1f} ms | {us(ms)} | {ms / mk:.1f}× | {rss / 1024:.1f} MiB |")
print(f"| YAML descriptions | {files} | {ys * 1000:.1f} ms | {yk * 1000:.1f} ms | {us(ys)} | {ys / yk:.1f}× | |")
PY
echo
echo "Medians on $(nproc) cores ($(uname -m)); sfcheck and cat: $rounds interleaved rounds of 3 runs; $(date -u +%Y-%m-%d)."
cat "$results"
echo
cat "$work/metadata.md"
