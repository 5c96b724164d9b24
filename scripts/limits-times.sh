#!/usr/bin/env bash
# Times the release build on each shape the `limits` fuzz target generates, at the
# largest size it makes under 1 MiB, and on the cases of SECURITY.md (90,000 scopes,
# 49,000 unknown keys), against the target's budget: 100 ms + 1 µs per byte, 512 MiB.
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
