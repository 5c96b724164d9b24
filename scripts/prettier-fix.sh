#!/usr/bin/env bash
# Metadata fixed by `sfcheck --fix` stays as prettier with @prettier/plugin-xml formats it
# (the formatter `sf project generate` sets up): a prettier-formatted project is broken in
# each fixable way, fixed, and `prettier --check` must pass on every file, for the
# 2-space indentation prettier writes and the 4-space one `sf project retrieve` writes.
#
#   scripts/prettier-fix.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$root/target/prettier"
if [ ! -x "$tool/node_modules/.bin/prettier" ] || [ ! -d "$tool/node_modules/@prettier/plugin-xml" ]; then
  mkdir -p "$tool"
  npm install --silent --no-audit --no-fund --prefix "$tool" prettier @prettier/plugin-xml >/dev/null
fi
prettier="$tool/node_modules/.bin/prettier"
cd "$root"
cargo build --quiet
sfcheck="$root/target/debug/sfcheck"
default="force-app/main/default"
global="$default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml"
settings="$default/extlClntAppOauthSettings/Deskpro_CRM_Sync_oauth.ecaOauth-meta.xml"
header="$default/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml"

for width in 2 4; do
  # Under the tool's folder, so that prettier finds its plugin.
  work="$tool/work-$width"
  rm -rf "$work"
  cp -r fixtures/metadata/deskpro-valid "$work"
  printf '{ "trailingComma": "none", "plugins": ["@prettier/plugin-xml"], "tabWidth": %s }\n' "$width" >"$work/.prettierrc.json"
  (cd "$work" && "$prettier" --log-level warn --write 'force-app/**/*.xml')
  (cd "$work" && "$prettier" --log-level warn --check 'force-app/**/*.xml')
  sed -i -e 's|<isPkceRequired>true|<isPkceRequired>false|' \
    -e 's|<isConsumerSecretOptional>true|<isConsumerSecretOptional>false|' \
    -e '/<isDeviceFlowEnabled>/d' -e '/<isTokenExchangeEnabled>/d' -e '/<isClientCredentialsFlowEnabled>/d' "$work/$global"
  sed -i -e 's|Api, Web, RefreshToken|api, Web, Full|' "$work/$settings"
  sed -i -e 's|<distributionState>Local|<distributionState>Packaged|' "$work/$header"
  status=0
  (cd "$work" && "$sfcheck" --quiet force-app >/dev/null) || status=$?
  [ "$status" -eq 1 ] || { echo "FAILED: the broken project checked with exit $status, expected 1"; exit 1; }
  out=$(cd "$work" && "$sfcheck" --fix force-app) || { echo "$out"; echo "FAILED: --fix left findings"; exit 1; }
  (cd "$work" && "$prettier" --log-level warn --check 'force-app/**/*.xml') || {
    echo "FAILED: prettier would reformat what --fix wrote (tab width $width)"
    exit 1
  }
  echo "tab width $width: ${out##*$'\n'} prettier --check passes"
done
