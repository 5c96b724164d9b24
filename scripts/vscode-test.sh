#!/usr/bin/env bash
# The VS Code extension (editors/vscode) from a clean clone: installs its locked dev
# dependencies with `npm ci`, compiles its TypeScript, runs the unit tests of its binary
# search and file patterns (node's own test runner), builds the .vsix with @vscode/vsce and
# checks what the .vsix carries: its manifest (name, version = Cargo.toml's, main file,
# activation events, settings, command), the files it must and must not hold, and that its
# main file loads with the dependencies packed beside it.
#
#   scripts/vscode-test.sh
#
# Prints the .vsix's size. npm's cache is kept under target/pkg-tools; the .vsix is written
# to target/vscode/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ext="$root/editors/vscode"
export npm_config_cache="$root/target/pkg-tools/npm-cache" npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false npm_config_loglevel=error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml")
[ -n "$version" ] || { echo "FAILED: no [package] version in Cargo.toml"; exit 1; }

cd "$ext"
npm ci > "$work/npm-ci.log" 2>&1 || { cat "$work/npm-ci.log"; echo "FAILED: npm ci"; exit 1; }
rm -rf out
npx tsc -p . || { echo "FAILED: the extension's TypeScript does not compile"; exit 1; }
node --test out/test/ > "$work/unit.log" 2>&1 || { cat "$work/unit.log"; echo "FAILED: unit tests"; exit 1; }
echo "ok: unit tests ($(grep -E '^# pass' "$work/unit.log" | cut -d' ' -f3) passed)"

mkdir -p "$root/target/vscode"
vsix="$root/target/vscode/sfcheck-$version.vsix"
rm -f "$vsix"
npx vsce package --out "$vsix" > "$work/vsce.log" 2>&1 || { cat "$work/vsce.log"; echo "FAILED: vsce package"; exit 1; }
echo "size: $(basename "$vsix"): $(du -k "$vsix" | cut -f1) KiB"

# The .vsix is a zip: its manifest and file list, checked against what the extension must be.
python3 - "$vsix" "$version" "$root" <<'PY'
import json, pathlib, sys, zipfile

vsix, version, root = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
failures = []
def check(ok, what):
    print(("ok: " if ok else "FAILED: ") + what)
    if not ok:
        failures.append(what)

with zipfile.ZipFile(vsix) as z:
    names = set(z.namelist())
    manifest = json.loads(z.read("extension/package.json"))
    license_text = z.read("extension/LICENSE.txt").decode() if "extension/LICENSE.txt" in names else ""

check(manifest.get("name") == "sfcheck", f"name is sfcheck ({manifest.get('name')})")
check(manifest.get("publisher") == "sfcheck", f"publisher is sfcheck ({manifest.get('publisher')})")
check(manifest.get("version") == version, f"version is Cargo.toml's {version} ({manifest.get('version')})")
check(manifest.get("license") == "MIT OR Apache-2.0", "licence is MIT OR Apache-2.0")
check(bool(manifest.get("engines", {}).get("vscode")), "engines.vscode is set")
check(bool(manifest.get("repository")), "repository is set")
main = manifest.get("main", "")
check(main == "./out/extension.js", f"main is ./out/extension.js ({main})")
check("extension/" + main.removeprefix("./") in names, "the main file is in the .vsix")
check(manifest.get("activationEvents") == [
    "onLanguage:yaml",
    "onLanguage:xml",
    "workspaceContains:**/*.eca.yaml",
    "workspaceContains:**/*.eca.yml",
    "workspaceContains:**/*.eca-meta.xml",
], f"activation events ({manifest.get('activationEvents')})")
properties = manifest.get("contributes", {}).get("configuration", {}).get("properties", {})
expected = {
    "sfcheck.path": ("string", ""),
    "sfcheck.profile": ("string", ""),
    "sfcheck.callbackUrl": ("string", ""),
    "sfcheck.fixOnSave": ("boolean", False),
    "sfcheck.trace.server": ("string", "off"),
}
check(sorted(properties) == sorted(expected), f"the settings are {sorted(expected)} ({sorted(properties)})")
for key, (kind, default) in expected.items():
    p = properties.get(key, {})
    check(p.get("type") == kind and p.get("default") == default, f"{key} is a {kind} defaulting to {default!r}")
check(properties.get("sfcheck.trace.server", {}).get("enum") == ["off", "messages", "verbose"], "trace levels")
commands = [c.get("command") for c in manifest.get("contributes", {}).get("commands", [])]
check(commands == ["sfcheck.restart"], f"the restart command ({commands})")
check(manifest.get("capabilities", {}).get("untrustedWorkspaces", {}).get("restrictedConfigurations") == ["sfcheck.path"],
      "sfcheck.path is restricted in untrusted workspaces")
for needed in ["extension/out/binary.js", "extension/out/patterns.js", "extension/readme.md",
               "extension/node_modules/vscode-languageclient/package.json"]:
    check(needed in names, f"{needed} is in the .vsix")
strays = sorted(n for n in names if n.startswith(("extension/src/", "extension/out/test/"))
                or n.endswith((".ts", ".map")) or "/@vscode/vsce" in n or "/typescript/" in n)
check(not strays, f"no sources, tests or build tools in the .vsix {strays[:5]}")
check(all((root / f).read_text() in license_text for f in ["LICENSE-MIT", "LICENSE-APACHE"]),
      "LICENSE carries the repository's LICENSE-MIT and LICENSE-APACHE")
sys.exit(1 if failures else 0)
PY

# The packed main file loads with only the .vsix's own node_modules (VS Code's API stubbed:
# only the host provides it) and exports activate and deactivate.
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$vsix" "$work/unpacked"
node - "$work/unpacked/extension/out/extension.js" <<'JS' || { echo "FAILED: the packed extension does not load"; exit 1; }
const Module = require("node:module");
const load = Module._load;
const stub = new Proxy(function () {}, { get: (_, key) => (key === "__esModule" ? false : stub), construct: () => stub, apply: () => stub });
Module._load = (request, ...rest) => (request === "vscode" ? stub : load(request, ...rest));
const extension = require(process.argv[2]);
if (typeof extension.activate !== "function" || typeof extension.deactivate !== "function") {
  throw new Error("no activate/deactivate");
}
JS
echo "ok: the packed extension loads and exports activate and deactivate"
