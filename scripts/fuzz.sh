#!/usr/bin/env bash
# Fuzzes sfcheck with cargo-fuzz (libFuzzer): `yaml` (load → parse → check → render) or
# `xml` (metadata parse → link → check → render), seeded from the fixtures.
#
#   cargo install cargo-fuzz            # once; needs a nightly toolchain
#   scripts/fuzz.sh yaml 600            # target, seconds
#   scripts/fuzz.sh xml 600
#
# A crash is written to fuzz/artifacts/<target>/; turn it into a fixture under
# fixtures/hostile/ (with its line in fixtures/hostile/expect) before fixing it.
set -euo pipefail
target=${1:?target: yaml or xml}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus/$target"
mkdir -p "$corpus"
case "$target" in
  yaml) find "$root/fixtures" -name '*.eca.yaml' -size -64k -exec cp {} "$corpus/" \; ;;
  xml) find "$root/fixtures" -name '*.ecaGlblOauth-meta.xml' -size -64k -exec cp {} "$corpus/" \; ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
cd "$root"
cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=5
