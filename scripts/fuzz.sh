#!/usr/bin/env bash
# `make fuzz`: runs every fuzz target of crates/kaifang-fuzz for FUZZ_SECONDS
# each (default 600), one after another, with libFuzzer's limits on memory
# (1 GB for the process), time (10 s an input) and input size. Needs nightly
# Rust and cargo-fuzz, installed here when missing.
#
# The corpus grows in .cache/fuzz/<target> (seeded from tests/fixtures/fuzz and
# the import fixtures). Whatever crashes, hangs or over-allocates is copied to
# tests/fixtures/fuzz/<target>/ as found-<hash>: `make test` replays those
# (crates/kaifang-core/tests/fuzz_regressions.rs) once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=${FUZZ_TARGETS:-csv workbook bundle metadata ckan}

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

fuzz_dir=crates/kaifang-fuzz
log=.cache/fuzz/log.txt
mkdir -p .cache/fuzz
found=0
for t in $targets; do
  corpus=.cache/fuzz/$t
  mkdir -p "$corpus"
  cp -n tests/fixtures/fuzz/"$t"/* "$corpus"/ 2>/dev/null || true
  case $t in
    csv) cp -n tests/fixtures/import/*.csv tests/fixtures/import/*.txt "$corpus"/ ;;
    workbook) cp -n tests/fixtures/import/*.xls* tests/fixtures/import/*.ods "$corpus"/ ;;
  esac
  max_len=65536
  [ "$t" = workbook ] && max_len=262144
  echo "== $t: ${seconds} s" | tee -a "$log"
  status=0
  (cd "$fuzz_dir" && cargo +nightly fuzz run --fuzz-dir . -O "$t" "../../$corpus" -- \
      -max_total_time="$seconds" -rss_limit_mb=1024 -malloc_limit_mb=1024 -timeout=10 \
      -max_len=$max_len -print_final_stats=1) 2>&1 | tail -25 | tee -a "$log" || status=$?
  for a in "$fuzz_dir"/artifacts/"$t"/*; do
    [ -f "$a" ] || continue
    name=found-$(basename "$a" | sed 's/^[a-z-]*-//' | cut -c1-16)-$(basename "$a" | cut -d- -f1)
    cp "$a" tests/fixtures/fuzz/"$t"/"$name"
    echo "   found: tests/fixtures/fuzz/$t/$name" | tee -a "$log"
    found=$((found + 1))
    rm "$a"
  done
  [ "$status" -eq 0 ] || echo "   $t stopped with status $status" | tee -a "$log"
done
echo "make fuzz: $found new finding(s); log in $log"
[ "$found" -eq 0 ]
