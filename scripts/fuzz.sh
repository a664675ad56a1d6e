#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++-16 into build-fuzz/ and runs each for SECONDS
# (default 20) from its seed corpus. A crash, leak or sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
CXX=clang++-16 cmake -G Ninja -B build-fuzz -S . -DSMBKIT_FUZZ=ON -DSMBKIT_TESTS=OFF >/dev/null
ninja -C build-fuzz
shopt -s nullglob
ran=0
for bin in build-fuzz/tests/fuzz/*_fuzz; do
    name=$(basename "$bin" _fuzz)
    corpus=tests/fuzz/corpus/$name
    work=$(mktemp -d)
    [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
    echo "fuzz: $name for ${seconds}s ($(ls "$work" | wc -l) seeds)"
    "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
        "$work" 2>"$work.log" || { tail -50 "$work.log"; echo "fuzz: $name FAILED" >&2; exit 1; }
    grep -E "stat::number_of_executed_units" "$work.log" || true
    rm -rf "$work" "$work.log"
    ran=$((ran + 1))
done
echo "fuzz: $ran targets ran clean"
