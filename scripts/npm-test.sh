#!/usr/bin/env bash
# The npm package as a Salesforce DX team meets it. Packs the linux-x64 platform package
# (the release binary) and the main `sfcheck` package with `npm pack`, makes a project
# with the real `sf project generate` (@salesforce/cli from npm; the command is now called
# `sf template generate project`, the same generator), installs both tarballs
# into it, adds sfcheck to its lint-staged config, and checks that husky refuses a commit
# of a wrong External Client App (YAML and metadata) and lets a right one through.
#
#   scripts/npm-test.sh
#
# Prints the package sizes, the install time of the two tarballs (into an empty project and
# into the generated one), the launcher's cost, and the time of the first commit that runs
# lint-staged. npm's cache and the sf CLI are kept under
# target/pkg-tools, so only the first run downloads them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/target/pkg-tools"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_cache="$tools/npm-cache" npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false npm_config_loglevel=error
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

passed=0 failures=0
check() { # check <description> <command...>: the command must succeed
  local what=$1
  shift
  if "$@" > "$work/out.txt" 2>&1; then
    echo "ok: $what"
    passed=$((passed + 1))
  else
    echo "FAILED: $what"
    cat "$work/out.txt"
    failures=$((failures + 1))
  fi
}
refuse() { # refuse <description> <command...>: the command must fail; output in refused.txt
  local what=$1
  shift
  if "$@" > "$work/refused.txt" 2>&1; then
    echo "FAILED: $what (it succeeded)"
    cat "$work/refused.txt"
    failures=$((failures + 1))
  else
    echo "ok: $what"
    passed=$((passed + 1))
  fi
}

# The release binary (LTO, stripped), built once into target/ and reused.
(cd "$root" && cargo build --release --locked --quiet)
mkdir -p "$work/bin/x86_64-unknown-linux-gnu"
cp "$root/target/release/sfcheck" "$work/bin/x86_64-unknown-linux-gnu/"
node "$root/npm/pack.mjs" --binaries "$work/bin" --out "$work/dist" > "$work/tarballs.txt"
platform_tgz=$(grep '/sfcheck-cli-linux-x64-' "$work/tarballs.txt")
main_tgz=$(grep -v '/sfcheck-cli-' "$work/tarballs.txt")
for tgz in "$platform_tgz" "$main_tgz"; do
  echo "size: $(basename "$tgz"): $(du -k "$tgz" | cut -f1) KiB packed"
done
echo "size: the binary: $(du -k "$root/target/release/sfcheck" | cut -f1) KiB"

# Salesforce's CLI; on Node 20 its undici needs pinning to 6 (a zstd TypeError otherwise).
sf="$tools/sf/node_modules/.bin/sf"
if [ ! -x "$sf" ]; then
  mkdir -p "$tools/sf"
  echo '{"private": true, "dependencies": {"@salesforce/cli": "^2"}, "overrides": {"undici": "^6.21.0"}}' \
    > "$tools/sf/package.json"
  npm install --prefix "$tools/sf" > "$work/sf-install.log" 2>&1 || { cat "$work/sf-install.log"; exit 1; }
fi
# The tarballs alone, into an empty project; then sfcheck through npm's launcher against
# the binary it runs (the difference is Node's start-up).
mkdir "$work/empty"
echo '{"private": true}' > "$work/empty/package.json"
start=$(now)
npm install --prefix "$work/empty" --save-dev "$platform_tgz" "$main_tgz" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }
echo "time: npm install of the two tarballs into an empty project: $(since "$start") s"
mean_ms() { # mean_ms <command...>: mean wall time of 10 runs
  local start
  start=$(now)
  for _ in 1 2 3 4 5 6 7 8 9 10; do "$@" > /dev/null; done
  awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.0f", (b - a) * 100 }'
}
example="$root/examples/deskpro-crm-sync.eca.yaml"
echo "time: sfcheck on one file: $(mean_ms "$work/empty/node_modules/.bin/sfcheck" "$example") ms through" \
  "the npm launcher, $(mean_ms "$work/empty/node_modules/@sfcheck/cli-linux-x64/sfcheck" "$example") ms" \
  "for the binary alone, $(mean_ms node -e '') ms for Node to start (means of 10)"

# Without its platform package (--omit=optional), the launcher says so and exits 3.
mkdir "$work/lone"
echo '{"private": true}' > "$work/lone/package.json"
npm install --prefix "$work/lone" --omit=optional "$main_tgz" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }
status=0
"$work/lone/node_modules/.bin/sfcheck" --version > "$work/out.txt" 2>&1 || status=$?
if [ "$status" -eq 3 ] && grep -q '@sfcheck/cli-linux-x64 is not installed' "$work/out.txt"; then
  echo "ok: without its platform package the launcher exits 3 and names it"
  passed=$((passed + 1))
else
  echo "FAILED: without its platform package the launcher exits $status"
  cat "$work/out.txt"
  failures=$((failures + 1))
fi

"$sf" template generate project --name demo --output-dir "$work" > "$work/generate.log" 2>&1 \
  || { cat "$work/generate.log"; exit 1; }
cd "$work/demo"
git init --quiet
git config user.email sfcheck@example.com
git config user.name sfcheck
# The project's own dev dependencies (husky, lint-staged, prettier, …); `prepare` runs husky.
npm install > "$work/npm-install.log" 2>&1 || { cat "$work/npm-install.log"; exit 1; }
git add -A
git commit --quiet --no-verify -m "sf project generate"

start=$(now)
npm install --save-dev "$platform_tgz" "$main_tgz" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }
echo "time: npm install of the two tarballs into the generated project: $(since "$start") s"
check "npx sfcheck --version runs the platform binary" \
  sh -c "npx sfcheck --version | grep -qx 'sfcheck $("$root/target/release/sfcheck" -V | cut -d' ' -f2)'"

# The README's lint-staged entries, added to the generated config.
node -e '
const fs = require("fs");
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
Object.assign(pkg["lint-staged"], {
  "**/*.eca.{yaml,yml}": "sfcheck",
  "**/*.{eca,ecaGlblOauth,ecaOauth,ecaPlcy,ecaOauthPlcy,ecaOauthSecurity,ecaGlobalOauth,ecaPolicy,ecaOauthPolicy}{,-meta.xml}": "sfcheck",
});
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
'
git add package.json package-lock.json
git commit --quiet --no-verify -m "sfcheck in lint-staged"
commits() { git rev-list --count HEAD; }
before=$(commits)

# Prettier runs on the same files (the generated config formats YAML and XML); the files
# are formatted first so that it leaves them alone.
mkdir -p eca
sed 's/device: false/device: true/' "$root/examples/deskpro-crm-sync.eca.yaml" > eca/crm-sync.eca.yaml
npx prettier --write eca/crm-sync.eca.yaml > /dev/null
git add eca/crm-sync.eca.yaml
start=$(now)
refuse "husky refuses a commit of a wrong *.eca.yaml" git commit -m "wrong ECA"
echo "time: the first commit that runs lint-staged (refused): $(since "$start") s"
check "the refusal names SF205" grep -q 'SF205' "$work/refused.txt"
check "the refusal names the file and line" grep -q 'crm-sync.eca.yaml:16:' "$work/refused.txt"
check "nothing was committed" test "$(commits)" = "$before"

cp "$root/examples/deskpro-crm-sync.eca.yaml" eca/crm-sync.eca.yaml
npx prettier --write eca/crm-sync.eca.yaml > /dev/null
git add eca/crm-sync.eca.yaml
start=$(now)
check "husky lets a right *.eca.yaml through" git commit -m "right ECA"
echo "time: a commit that runs lint-staged (passed): $(since "$start") s"
check "the commit is in the history" test "$(commits)" = "$((before + 1))"

# The same with Salesforce DX metadata: the Deskpro app's five files, then one flag flipped.
cp -R "$root/fixtures/metadata/deskpro-valid/force-app/main/default/." force-app/main/default/
npx prettier --write "force-app/main/default/{externalClientApps,extlClnt*}/**" > /dev/null
git add force-app
check "husky lets right ECA metadata through" git commit -m "ECA metadata"
global=$(echo force-app/main/default/extlClntAppGlobalOauthSets/*.ecaGlblOauth-meta.xml)
sed -i 's|<isDeviceFlowEnabled>false<|<isDeviceFlowEnabled>true<|' "$global"
grep -q '<isDeviceFlowEnabled>true<' "$global"
git add "$global"
refuse "husky refuses a commit that ticks Enable Device Flow in the metadata" git commit -m "device flow"
check "that refusal names SF205" grep -q 'SF205' "$work/refused.txt"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
