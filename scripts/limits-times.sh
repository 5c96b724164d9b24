#!/usr/bin/env bash
# Times the release build on each shape the `limits` fuzz target generates, at the
# largest size it makes under 1 MiB, and on the cases of SECURITY.md (90,000 scopes,
# 49,000 unknown keys), against the target's budget: 100 ms + 1 µs per byte, 512 MiB;
# then on what comes with the files (ignore files and an `exclude` list at their caps, a
# profile's large `enum`, `--fix` and `--diff` over 200 files of 0.9 MB), the budget
# counting every byte the run reads.
# Each file is checked and rendered as JSON (the whole report, as CI would run it); the
# time is CPU time (user + system), as the fuzz target counts it, with wall time beside.
#
#   scripts/limits-times.sh        # prints a Markdown table
#
# Needs: python3, GNU time (/usr/bin/time). Inputs: target/limits-times/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/limits-times"
rm -rf "$work"
mkdir -p "$work"
cd "$root"
cargo build --quiet --release
sfcheck="$root/target/release/sfcheck"

python3 - "$work" <<'PY'
import sys
work, MAX = sys.argv[1], 1 << 20
shapes = {
    # 0: an alias of a long string repeated (stops with SF006)
    "0-alias.eca.yaml": 'a: &a "%s"\nb: [%s]\n' % ("x" * 400_000, ", ".join(["*a"] * 100_000)),
    # 1: runs of `#` in a value and a comment
    "1-hashes.eca.yaml": 'name: "%s"\n# %s\n' % ("#" * 520_000, "#" * 520_000),
    # 2: long scope lists: one scope repeated, distinct unknown scopes, 90,000 on one line
    "2-scopes-repeated.eca.yaml": "oauth:\n  scopes: [%s]\n" % ", ".join(["api"] * 65_535),
    "2-scopes-distinct.eca.yaml": "oauth:\n  scopes: [%s]\n" % ", ".join(f"s{i}" for i in range(65_535)),
    "2-scopes-90000.eca.yaml": "oauth:\n  scopes: [%s]\n" % ", ".join(["api"] * 90_000),
    # 3: an attribute flood (refused before parsing)
    "3-attributes.ecaGlblOauth-meta.xml": '<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata"%s><label>A</label></ExtlClntAppGlobalOauthSettings>'
    % "".join(f' a{i}="v"' for i in range(65_535)),
    # 4: deep XML
    "4-nested.ecaGlblOauth-meta.xml": "<ExtlClntAppGlobalOauthSettings>" + '<a x="1">' * 65_535,
    # 5: deep brackets
    "5-brackets.eca.yaml": "[" * 262_140,
    # 6: unknown keys: as many as the node limit allows, block and flow, and past it
    "6-keys-49000.eca.yaml": "".join(f"k{i}: x\n" for i in range(49_000)),
    "6-flow-keys-49000.eca.yaml": "{%s}\n" % ", ".join(f"k{i}" for i in range(49_000)),
    "6-keys-65535.eca.yaml": "".join(f"k{i}: x\n" for i in range(65_535)),
    # 7: `#` in an XML comment
    "7-xml-comment.ecaGlblOauth-meta.xml": "<!-- %s -->" % ("#" * (65_535 * 16)),
    # 8: secret key names on one line (each once masked the rest of the line again)
    "8-secret-names.eca.yaml": "name: A\ndescription: %s\n" % ("consumer secret " * 65_000),
    # 9: a line of escaped quotes that never closes (the escaped-key search once restarted at each)
    "9-escaped-quotes.eca.yaml": "a: %s\n" % ('"\\' * 500_000),
}
for name, text in shapes.items():
    assert len(text.encode()) <= MAX, name
    open(f"{work}/{name}", "w").write(text)
PY

echo "| input | bytes | budget | CPU time | wall time | peak memory | first finding |"
echo "|---|---|---|---|---|---|---|"
for file in "$work"/*; do
  bytes=$(wc -c < "$file")
  budget=$((100 + bytes / 1000))
  /usr/bin/time -q -f "%e %U %S %M" -o "$work.time" "$sfcheck" --no-config -f json "$file" > "$work.json" || true
  read -r seconds user system kb < "$work.time"
  cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
  first=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; print(f[0]["code"] if f else "-")' "$work.json")
  echo "| $(basename "$file") | $bytes | ${budget} ms | ${cpu} s | ${seconds} s | $((kb / 1024)) MiB | $first |"
done
rm -f "$work.time" "$work.json"

# Around the files: each case is a folder of inputs and the arguments that read them.
around="$root/target/limits-around"
rm -rf "$around"
mkdir -p "$around"
python3 - "$around" "$root/examples/deskpro-crm-sync.eca.yaml" <<'PY'
import json, os, sys
work, example = sys.argv[1], open(sys.argv[2]).read()
def wild(tag, size):
    out, i = [], 0
    while sum(map(len, out)) + 40 < size:
        out.append(f"*a*b*c*d*e*f*g*h*{tag}{i}\n"); i += 1
    return "".join(out)
def put(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(text)
put(f"{work}/ignore-64k/app.eca.yaml", example)
put(f"{work}/ignore-64k/.gitignore", wild("x", 64 << 10))
put(f"{work}/ignore-nested-128k/a/app.eca.yaml", example)
put(f"{work}/ignore-nested-128k/.gitignore", wild("x", 63 << 10))
put(f"{work}/ignore-nested-128k/a/.gitignore", wild("y", 63 << 10))
pats = []
while sum(map(len, pats)) + 40 < 16 << 10:
    pats.append(f"*a*b*c*d*e*f*g*h*{len(pats)}")
put(f"{work}/exclude-16k/sfcheck.toml", "exclude = [%s]\n" % ", ".join(f'"{p}"' for p in pats))
put(f"{work}/exclude-16k/app.eca.yaml", example)
names = [f"n{i:06d}abcdefghabcd"[:20] for i in range(99_000)]
put(f"{work}/enum-99000/profile.json", json.dumps({"properties": {"oauth": {"properties": {"scopes": {"items": {"enum": names}}}}}}))
values = ", ".join(f"n{i:06d}abcdefghabce" for i in range(1_000))
put(f"{work}/enum-99000/app.eca.yaml", example.replace("scopes: [api, web, refresh_token]", f"scopes: [{values}]"))
broken = example.replace("requirePkce: true", "requirePkce: false")
padding = "".join(f"# {'x' * 70}\n" for _ in range(12_500))
for i in range(200):
    put(f"{work}/fix-200x0.9MB/app{i}.eca.yaml", broken + padding)
PY
cases=(
  "ignore-64k|--no-config -f json ignore-64k"
  "ignore-nested-128k|--no-config -f json ignore-nested-128k"
  "exclude-16k|--config exclude-16k/sfcheck.toml -f json exclude-16k/app.eca.yaml"
  "enum-99000|--no-config --profile enum-99000/profile.json -f json enum-99000/app.eca.yaml"
  "fix-200x0.9MB|--no-config --diff fix-200x0.9MB"
  "fix-200x0.9MB|--no-config --fix fix-200x0.9MB"
)
echo
echo "| around the files | bytes read | budget | CPU time | wall time | peak memory | exit |"
echo "|---|---|---|---|---|---|---|"
cd "$around"
for case in "${cases[@]}"; do
  folder=${case%%|*}
  read -ra args <<< "${case#*|}"
  bytes=$(find "$folder" -type f -exec cat {} + | wc -c)
  budget=$((100 + bytes / 1000))
  code=0
  /usr/bin/time -q -f "%e %U %S %M" -o "$around.time" "$sfcheck" "${args[@]}" > /dev/null 2>&1 || code=$?
  read -r seconds user system kb < "$around.time"
  cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
  echo "| \`${args[*]}\` | $bytes | ${budget} ms | ${cpu} s | ${seconds} s | $((kb / 1024)) MiB | $code |"
done
rm -f "$around.time"
