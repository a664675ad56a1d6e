#!/usr/bin/env bash
# Installs build dependencies, builds, and serves a folder with defaults:
#   scripts/serve.sh [DIR] [more smbkit serve options]
# DIR defaults to ./share (created if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --build
SMBKIT_TARGETS=smbkit scripts/build.sh
dir=${1:-share}
shift || true
mkdir -p "$dir"
exec build/smbkit serve "$dir" "$@"
