#!/usr/bin/env bash
# The Python wheel and the pre-commit hook that installs it. Builds the wheel with maturin
# (`bindings = "bin"`, the release profile), installs it with pip into a fresh virtual
# environment and runs `sfcheck` on the bundled example; then runs the real pre-commit
# with the `language: python` hook of pre-commit-mirror/ (what the release publishes as
# the sfcheck-pre-commit repository), which pip-installs that wheel into the hook's
# environment, on a good and a bad description.
#
#   scripts/wheel-test.sh
#
# Prints the wheel's size, the pip install time and the first hook run's time. maturin,
# pre-commit and setuptools are kept under target/pkg-tools; the hook's pip gets no index,
# only the wheel just built and that setuptools.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/target/pkg-tools"
venv="$tools/py-venv"
wheelhouse="$tools/wheelhouse"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x "$venv/bin/maturin" ] || [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "maturin>=1.9,<2" "pre-commit>=4,<5"
fi
if ! compgen -G "$wheelhouse/setuptools-*.whl" > /dev/null; then
  "$venv/bin/pip" download --quiet --only-binary :all: -d "$wheelhouse" "setuptools>=61"
fi
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
passed=0 failures=0
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; cat "$work/out.txt"; failures=$((failures + 1)); }
expect() { # expect <exit code> <output pattern> <description> <command...>
  local code=$1 pattern=$2 what=$3 got=0
  shift 3
  "$@" > "$work/out.txt" 2>&1 || got=$?
  if [ "$got" = "$code" ] && grep -q -- "$pattern" "$work/out.txt"; then pass "$what"; else fail "$what (exit $got)"; fi
}

cd "$root"
"$venv/bin/maturin" build --release --locked --out "$work/wheels" > "$work/maturin.log" 2>&1 \
  || { cat "$work/maturin.log"; exit 1; }
wheel=$(echo "$work"/wheels/sfcheck-*.whl)
echo "size: $(basename "$wheel"): $(du -k "$wheel" | cut -f1) KiB"

python3 -m venv "$work/venv"
start=$(now)
"$work/venv/bin/pip" install --quiet --no-index "$wheel"
echo "time: pip install of the wheel: $(since "$start") s"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
expect 0 "^sfcheck $version\$" "the wheel's sfcheck says its version" "$work/venv/bin/sfcheck" --version
expect 0 '1 file checked, no problems found' "the wheel's sfcheck passes a right description" \
  "$work/venv/bin/sfcheck" fixtures/valid/deskpro-crm-sync.eca.yaml
sed 's/device: false/device: true/' fixtures/valid/deskpro-crm-sync.eca.yaml > "$work/bad.eca.yaml"
expect 1 'SF205' "the wheel's sfcheck fails a wrong description" "$work/venv/bin/sfcheck" "$work/bad.eca.yaml"

# The hook repository, as the release workflow writes it.
git init --quiet "$work/mirror"
cp -R pre-commit-mirror/. "$work/mirror/"
git -C "$work/mirror" add -A
git -C "$work/mirror" -c user.email=sfcheck@example.com -c user.name=sfcheck commit --quiet -m mirror
git init --quiet "$work/sample"
cp fixtures/valid/deskpro-crm-sync.eca.yaml "$work/sample/good.eca.yaml"
cp "$work/bad.eca.yaml" "$work/sample/bad.eca.yaml"
git -C "$work/sample" add -A
cd "$work/sample"
# pre-commit gets a PATH without any sfcheck, so the hook can only run the wheel's, from
# the environment it installs; its pip gets no index, only the wheel and setuptools.
export PATH="$venv/bin:/usr/bin:/bin"
if command -v sfcheck > /dev/null; then
  echo "FAILED: an sfcheck is on the PATH given to pre-commit: $(command -v sfcheck)"
  exit 1
fi
export PRE_COMMIT_HOME="$work/pre-commit-home" PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/wheels $wheelhouse"
start=$(now)
expect 0 'Passed' "the python hook passes a good description" \
  pre-commit try-repo "$work/mirror" sfcheck --files good.eca.yaml
echo "time: the first pre-commit run (installs the hook's environment): $(since "$start") s"
expect 1 'SF205' "the python hook fails a bad description" \
  pre-commit try-repo "$work/mirror" sfcheck --files bad.eca.yaml
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
