#!/usr/bin/env bash
# The real-client check of `sfcheck server`: headless Neovim (Debian's `neovim` package,
# installed if absent) with its built-in LSP client, on a copy of a fixture in a temporary
# folder (see scripts/nvim/lsp-test.lua). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y neovim >/dev/null
fi
cargo build --quiet --bin sfcheck
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp fixtures/rules/SF205/trip-device.eca.yaml "$tmp/app.eca.yaml"
SFCHECK_BIN="$PWD/target/debug/sfcheck" SFCHECK_FILE="$tmp/app.eca.yaml" \
  timeout 180 nvim --headless --clean -c "luafile scripts/nvim/lsp-test.lua"
