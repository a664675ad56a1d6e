#!/usr/bin/env bash
# Installs every build and test dependency (Debian packages), runs the fuzz targets briefly,
# builds smbkit and runs the whole suite: unit tests and interop tests against real peers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/fuzz.sh "${SMBKIT_FUZZ_SECONDS:-15}"
scripts/build.sh
cd build
ctest --output-on-failure -j2 "$@"
