#!/usr/bin/env bash
# Checks `sfcheck export` with Salesforce's own tools from npm: exports the bundled example
# into a fresh Salesforce DX project, converts it with `sf project convert source`, has
# @salesforce/source-deploy-retrieve resolve every file to its type and full name, and
# checks the converted (Metadata API format) app with sfcheck under the default profile.
#
#   scripts/sf-export-test.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/target/sf-tools"
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
if [ ! -x "$tools/node_modules/.bin/sf" ] || [ ! -d "$tools/node_modules/@salesforce/source-deploy-retrieve" ]; then
  mkdir -p "$tools"
  # On Node 20 the CLI's undici 7 stops at start-up (a zstd TypeError); undici 6 works.
  cat >"$tools/package.json" <<'EOF'
{
  "name": "sfcheck-sf-tools",
  "private": true,
  "dependencies": {
    "@salesforce/cli": "^2",
    "@salesforce/source-deploy-retrieve": "^12"
  },
  "overrides": {
    "undici": "^6.21.0"
  }
}
EOF
  npm install --silent --no-audit --no-fund --prefix "$tools" >/dev/null
fi

cd "$root"
cargo build --quiet
sfcheck="$root/target/debug/sfcheck"
project="$root/target/sf-export-test"
rm -rf "$project"
mkdir -p "$project"
cd "$project"
echo '{"packageDirectories": [{"path": "force-app", "default": true}], "sourceApiVersion": "66.0"}' >sfdx-project.json
"$sfcheck" export "$root/examples/deskpro-crm-sync.eca.yaml" --output-dir force-app/main/default

"$tools/node_modules/.bin/sf" project convert source --root-dir force-app --output-dir out

# type, full name and file of every component, as the CLI's resolver sees them
expected="ExternalClientApplication Deskpro_CRM_Sync force-app/main/default/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml
ExtlClntAppConfigurablePolicies Deskpro_CRM_Sync_defaultPolicy force-app/main/default/extlClntAppPolicies/Deskpro_CRM_Sync_defaultPolicy.ecaPlcy-meta.xml
ExtlClntAppGlobalOauthSettings Deskpro_CRM_Sync_glbloauth force-app/main/default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml
ExtlClntAppOauthConfigurablePolicies Deskpro_CRM_Sync_oauth_defaultPolicy force-app/main/default/extlClntAppOauthPolicies/Deskpro_CRM_Sync_oauth_defaultPolicy.ecaOauthPlcy-meta.xml
ExtlClntAppOauthSettings Deskpro_CRM_Sync_oauth force-app/main/default/extlClntAppOauthSettings/Deskpro_CRM_Sync_oauth.ecaOauth-meta.xml"
resolved=$(NODE_PATH="$tools/node_modules" node -e '
const path = require("path");
const { ComponentSet } = require("@salesforce/source-deploy-retrieve");
const rows = ComponentSet.fromSource(path.resolve("force-app"))
  .getSourceComponents()
  .toArray()
  .map((c) => `${c.type.name} ${c.fullName} ${path.relative(process.cwd(), c.xml)}`);
console.log(rows.join("\n"));
' | LC_ALL=C sort)
files=$(find force-app -type f | LC_ALL=C sort)
if [ "$resolved" != "$expected" ]; then
  printf 'FAILED: source-deploy-retrieve resolved\n%s\nexpected\n%s\n' "$resolved" "$expected"
  exit 1
fi
if [ "$files" != "$(echo "$expected" | cut -d' ' -f3 | LC_ALL=C sort)" ]; then
  printf 'FAILED: export wrote files the resolver did not list:\n%s\n' "$files"
  exit 1
fi

# The converted app is the same app: it passes the profile the example was written for,
# and imports as the same description as the exported source.
"$sfcheck" --quiet out
if ! diff <("$sfcheck" import force-app | tail -n +2) <("$sfcheck" import out | tail -n +2); then
  echo "FAILED: the converted app imports as another description"
  exit 1
fi
echo "sf export test: $(echo "$expected" | wc -l) files resolved by source-deploy-retrieve, converted by sf, checked clean"
