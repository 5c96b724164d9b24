#!/usr/bin/env bash
# Packs one target's release binary the way the GitHub release and the Action expect it:
# DIST/sfcheck-<target>.tar.gz (sfcheck-<target>.zip on Windows) holding the binary at its
# root, and <archive>.sha256 beside it ("<hash>  <archive name>").
#
#   scripts/release-archive.sh TARGET BINARY DIST
set -euo pipefail
target=$1 binary=$2
mkdir -p "$3"
dist=$(cd "$3" && pwd)
cd "$(dirname "$binary")"
exe=$(basename "$binary")
case "$target" in
  *windows*)
    archive="sfcheck-$target.zip"
    7z a -tzip -bso0 "$dist/$archive" "$exe"
    ;;
  *)
    archive="sfcheck-$target.tar.gz"
    tar -czf "$dist/$archive" "$exe"
    ;;
esac
cd "$dist"
if command -v sha256sum > /dev/null; then
  sha256sum "$archive" > "$archive.sha256"
else
  shasum -a 256 "$archive" > "$archive.sha256"
fi
echo "$dist/$archive"
