#!/usr/bin/env bash
# Client download throughput: `smbkit get` against `smbclient get` of the same large file
# from a private Samba smbd (127.0.7.3:445), alternating rounds, MB/s (1 MB = 10^6 bytes,
# wall time of each client run, connection setup included), server signing mandatory. Runs as root (smbd needs it).
#
#   SMBKIT=build/smbkit bench/client_vs_smbclient.sh [SIZE_MIB] [ROUNDS]
set -euo pipefail
: "${SMBKIT:?SMBKIT must point at the smbkit binary}"
size_mib=${1:-1024}
rounds=${2:-5}
source "$(dirname "$0")/../tests/interop/lib.sh"
source "$(dirname "$0")/../tests/interop/samba.sh"
skip_unless_peer smbclient smbd

ADDR=127.0.7.3
# Signing mandatory: both clients sign every message (smbkit's client, as of this script, does
# not sign the SMB 3.1.1 TREE_CONNECT unless the server requires signing, and Samba refuses it).
samba_start benchcli "$ADDR" 445 "    log level = 0
    server signing = mandatory"
data=$(samba_dir benchcli)
head -c "$((size_mib * 1048576))" /dev/urandom >"$data/big"
chown "$SAMBA_UID:$SAMBA_UID" "$data/big"

now() { date +%s.%N; }
mbps() { echo "$size_mib * 1048576 / $1 / 1000000" | bc -l; }
run_kit() {
    local t0 t1
    t0=$(now)
    "$SMBKIT" get -q "//$ADDR/data/big" "$TMP/back" -U "$SAMBA_USER%$SAMBA_PASS" || fail "smbkit get"
    t1=$(now)
    cmp -s "$data/big" "$TMP/back" || fail "smbkit get: data differs"
    rm -f "$TMP/back"
    echo "$t1 - $t0" | bc -l
}
run_sc() {
    local t0 t1
    t0=$(now)
    timeout 600 smbclient "//$ADDR/data" -U "$SAMBA_USER%$SAMBA_PASS" -c "lcd $TMP; get big back" \
        >"$TMP/sc.out" 2>&1 || { cat "$TMP/sc.out" >&2; fail "smbclient get"; }
    t1=$(now)
    cmp -s "$data/big" "$TMP/back" || fail "smbclient get: data differs"
    rm -f "$TMP/back"
    echo "$t1 - $t0" | bc -l
}
kit=()
sc=()
for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then k=$(run_kit); s=$(run_sc); else s=$(run_sc); k=$(run_kit); fi
    kit+=("$(mbps "$k")")
    sc+=("$(mbps "$s")")
    printf 'round %d: smbkit get %7.1f MB/s, smbclient get %7.1f MB/s\n' "$r" "${kit[-1]}" "${sc[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mk=$(median "${kit[@]}")
ms=$(median "${sc[@]}")
printf 'median over %d rounds (%d MiB): smbkit get %.1f MB/s, smbclient get %.1f MB/s, smbkit/smbclient %.2f\n' \
    "$rounds" "$size_mib" "$mk" "$ms" "$(echo "$mk / $ms" | bc -l)"
