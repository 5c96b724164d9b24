#!/usr/bin/env bash
# Fuzzes sfcheck with cargo-fuzz (libFuzzer, no sanitizer). Targets:
#   yaml     bytes → load → parse → check → every format (no panic, spans inside the file,
#            no raw control, bidi or zero-width character in any format)
#   xml      a header and a global OAuth settings file → parse → link → check → every format
#            (the same oracles)
#   secrets  plants a secret in the input (64 hex digits, quoted on one line or two, or a
#            secret key's value in any spelling or misspelling, parsed or broken); fails
#            if any format shows 16 characters of it
#   limits   generates aliases, runs of `#`, long lists, attribute floods, deep nesting and
#            many keys up to 1 MiB; fails past 100 ms + 1 µs per byte, or 512 MiB RSS
#
#   scripts/fuzz.sh yaml 600       # one target, seconds
#   scripts/fuzz.sh all 240        # every target, the seconds shared out
#
# Runs on the stable toolchain (see below); cargo-fuzz is installed if missing. A failing input is
# written to fuzz/artifacts/<target>/; turn it into a case of tests/suite/hostile*.rs or a
# fixture under fixtures/hostile/ before fixing it.
set -euo pipefail
target=${1:?target: yaml, xml, secrets, limits or all}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# cargo-fuzz and every fuzz build live under target/, with the rest of what CI caches.
export PATH="$root/target/fuzz-tools/bin:$PATH"
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked --root "$root/target/fuzz-tools"
# The oracles (panic, secret, time, memory) need no sanitizer, so the machine's own stable
# toolchain does: RUSTC_BOOTSTRAP lets it take the coverage flags cargo-fuzz passes, and
# no nightly toolchain has to be installed.
export RUSTC_BOOTSTRAP=1

seed() {
  local corpus="$root/fuzz/corpus/$1"
  mkdir -p "$corpus"
  case "$1" in
    yaml) find "$root/fixtures" -name '*.eca.yaml' -size -64k -exec cp {} "$corpus/" \; ;;
    xml) find "$root/fixtures" -name '*.ecaGlblOauth-meta.xml' -size -64k -exec cp {} "$corpus/" \; ;;
    secrets)
      find "$root/fixtures" \( -name '*.eca.yaml' -o -name '*.ecaGlblOauth-meta.xml' \) -size -16k |
        while read -r f; do { printf 'seed'; cat "$f"; } > "$corpus/$(basename "$f")"; done ;;
    limits) for shape in 0 1 2 3 4 5 6 7; do printf "\\$(printf %03o "$shape")\\001\\040\\001ab" > "$corpus/shape$shape"; done ;;
    *) echo "unknown target $1" >&2; exit 2 ;;
  esac
}

run() {
  local memory="-rss_limit_mb=2048" build=(--target-dir "$root/target/fuzz")
  if [ "$1" = limits ]; then
    memory="-rss_limit_mb=512 -malloc_limit_mb=256"
    # The time oracle times an optimised build, as users run it: without the debug
    # assertions the other targets keep, built apart so neither build undoes the other.
    build=(-O --target-dir "$root/target/fuzz-optimized")
  fi
  seed "$1"
  # shellcheck disable=SC2086
  cargo fuzz run "${build[@]}" --sanitizer none "$1" "fuzz/corpus/$1" -- -max_total_time="$2" -timeout=60 -max_len=1048576 $memory
}

if [ "$target" = all ]; then
  for t in yaml xml secrets limits; do run "$t" $((seconds / 4)); done
else
  run "$target" "$seconds"
fi
