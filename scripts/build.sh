#!/usr/bin/env bash
# Configures and builds smbkit into build/ (Release with debug info). Extra arguments go to
# cmake, e.g. -DSMBKIT_SANITIZE=ON; SMBKIT_TARGETS=smbkit builds only the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -G Ninja -B build -S . "$@" >/dev/null
ninja -C build ${SMBKIT_TARGETS:-}
