# Shared helpers for interop tests (sourced). Every test runs real peers against the smbkit
# binary on loopback addresses only.
set -euo pipefail

: "${SMBKIT:?SMBKIT must point at the smbkit binary}"
SRC="${SMBKIT_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

# skip_unless_peer PROGRAM...: exit 77 (ctest "skipped") naming what is missing.
skip_unless_peer() {
    local p
    for p in "$@"; do
        if ! command -v "$p" >/dev/null 2>&1 && [ ! -x "$p" ]; then
            echo "SKIPPED: peer '$p' is not installed; run scripts/install-deps.sh" >&2
            exit 77
        fi
    done
}

# A private temporary directory removed on exit, with cleanup hooks run first.
TMP=$(mktemp -d /tmp/smbkit-test.XXXXXX)
CLEANUPS=()
on_exit() {
    local i
    for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
    rm -rf "$TMP"
}
trap on_exit EXIT
add_cleanup() { CLEANUPS+=("$1"); }

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# wait_for_port HOST PORT [tcp|udp]: up to 10 s for a listener to appear.
wait_for_port() {
    local host=$1 port=$2 proto=${3:-tcp} i
    for i in $(seq 1 100); do
        if [ "$proto" = tcp ]; then
            ss -Htln "sport = :$port" | grep -q "$host:$port\|\*:$port\|0.0.0.0:$port" && return 0
        else
            ss -Huln "sport = :$port" | grep -q "$host:$port\|\*:$port\|0.0.0.0:$port" && return 0
        fi
        sleep 0.1
    done
    fail "nothing listening on $host:$port/$proto"
}
