#!/usr/bin/env bash
# The GitHub Action's first step: downloads the sfcheck release binary for this runner,
# checks its SHA-256, and puts it on PATH.
#
# Reads SFCHECK_VERSION (`0.1.0`, `v0.1.0` or empty), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
# GITHUB_ACTION_PATH, GITHUB_REPOSITORY and GITHUB_PATH, as the runner sets them. With no
# version, the action's own tag is used (`uses: owner/sfcheck@v0.1.0`), else the latest
# release. SFCHECK_RELEASES overrides https://github.com/<repo>/releases (for tests).
set -euo pipefail

case "$RUNNER_OS/$RUNNER_ARCH" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-gnu ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *)
    echo "::error::sfcheck has no release binary for $RUNNER_OS/$RUNNER_ARCH; run \`cargo install sfcheck\` instead"
    exit 1
    ;;
esac

# The runner checks an action out at <…>/_actions/<owner>/<repo>/<ref>.
repo=$GITHUB_REPOSITORY
ref=
case "$GITHUB_ACTION_PATH" in
  */_actions/*)
    IFS=/ read -r owner name ref _ <<< "${GITHUB_ACTION_PATH##*/_actions/}"
    repo="$owner/$name"
    ;;
esac
version=${SFCHECK_VERSION#v}
if [ -z "$version" ] && [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  version=${ref#v}
fi
releases=${SFCHECK_RELEASES:-https://github.com/$repo/releases}
if [ -n "$version" ]; then
  base="$releases/download/v$version"
else
  base="$releases/latest/download"
fi

case "$target" in
  *windows*) archive="sfcheck-$target.zip" exe=sfcheck.exe ;;
  *) archive="sfcheck-$target.tar.gz" exe=sfcheck ;;
esac
dir="$RUNNER_TEMP/sfcheck-bin"
mkdir -p "$dir"
cd "$dir"
curl --fail --silent --show-error --location --retry 3 -o "$archive" "$base/$archive"
curl --fail --silent --show-error --location --retry 3 -o "$archive.sha256" "$base/$archive.sha256"
want=$(cut -d' ' -f1 < "$archive.sha256")
if command -v sha256sum > /dev/null; then
  got=$(sha256sum "$archive" | cut -d' ' -f1)
else
  got=$(shasum -a 256 "$archive" | cut -d' ' -f1)
fi
if [ "$want" != "$got" ]; then
  echo "::error::$archive: SHA-256 $got, the release says $want"
  exit 1
fi
case "$archive" in
  *.zip) 7z x -y -bso0 "$archive" ;;
  *) tar -xzf "$archive" ;;
esac
rm "$archive" "$archive.sha256"
echo "$dir" >> "$GITHUB_PATH"
"$dir/$exe" --version
