#!/usr/bin/env bash
# Wall time of `smbkit scan` against `nbtscan` over 127.0.1.1-254 with private Samba nmbd
# responders on a few addresses, same settings (1 s timeout, no resend), alternating rounds.
# Checks that both report the same hosts, names, users and MACs.
#
#   SMBKIT=build/smbkit bench/scan_vs_nbtscan.sh [ROUNDS] [RESPONDERS]
set -euo pipefail
: "${SMBKIT:?SMBKIT must point at the smbkit binary}"
rounds=${1:-5}
responders=${2:-5}
source "$(dirname "$0")/../tests/interop/lib.sh"
source "$(dirname "$0")/../tests/interop/nbns_client_lib.sh"
skip_unless_peer nmbd nbtscan nmblookup

RANGE=127.0.1.1-254
nbns_guard_loopback $RANGE
for i in $(seq 1 "$responders"); do
    start_nmbd "127.0.1.$((100 + i))" "BENCH$((100 + i))" BENCHWG
done

rows() { awk '$1 ~ /^127\.0\.1\./ { print $1, $2, $3, $4, $5 }' "$1" | sort; }
now() { date +%s.%N; }
declare -a kit nbt
for r in $(seq 1 "$rounds"); do
    t0=$(now)
    "$SMBKIT" scan --timeout 1000 --retries 0 $RANGE >"$TMP/kit.txt"
    t1=$(now)
    nbtscan -t 1000 $RANGE >"$TMP/nbt.txt" 2>/dev/null || true
    t2=$(now)
    kit+=("$(echo "$t1 - $t0" | bc)")
    nbt+=("$(echo "$t2 - $t1" | bc)")
    if [ "$(rows "$TMP/kit.txt")" != "$(rows "$TMP/nbt.txt")" ]; then
        echo "round $r: results differ" >&2
        diff <(rows "$TMP/kit.txt") <(rows "$TMP/nbt.txt") >&2 || true
        exit 1
    fi
    [ "$(rows "$TMP/kit.txt" | wc -l)" -eq "$responders" ] || fail "round $r: expected $responders hosts"
    printf 'round %d: smbkit %.3f s, nbtscan %.3f s\n' "$r" "${kit[-1]}" "${nbt[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mk=$(median "${kit[@]}")
mn=$(median "${nbt[@]}")
printf 'median: smbkit %.3f s, nbtscan %.3f s, ratio nbtscan/smbkit %.2f (same %d hosts each round)\n' \
    "$mk" "$mn" "$(echo "$mn / $mk" | bc -l)" "$responders"
