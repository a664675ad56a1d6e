#!/usr/bin/env bash
# smbkit scan against three Samba nmbd responders (127.0.1.31-33) in 127.0.1.30-40 and in
# 127.0.1.0/24, compared with nbtscan over the same range: the same hosts, names, server
# flag, user and MAC; -v, --csv and --json.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/nbns_client_lib.sh"
skip_unless_peer nmbd nmblookup nbtscan python3

start_nmbd 127.0.1.31 SCAN31 SCANWG
start_nmbd 127.0.1.32 SCAN32 SCANWG
start_nmbd 127.0.1.33 SCAN33 OTHERWG

RANGE=127.0.1.30-40
nbns_guard_loopback $RANGE
"$SMBKIT" scan --timeout 500 $RANGE >"$TMP/scan.txt"
cat "$TMP/scan.txt"
nbtscan -t 500 $RANGE >"$TMP/nbtscan.txt" 2>/dev/null || true
rows() { awk '$1 ~ /^127\.0\.1\./ { print $1, $2, $3, $4, $5 }' "$1" | sort; }
got=$(rows "$TMP/scan.txt")
want=$(rows "$TMP/nbtscan.txt")
[ "$(echo "$got" | wc -l)" -eq 3 ] || fail "expected 3 hosts, got:
$got"
[ "$got" = "$want" ] || fail "scan differs from nbtscan:
smbkit
$got
nbtscan
$want"
echo "$got" | grep -q "^127.0.1.32 SCAN32 <server> SCAN32 00:00:00:00:00:00$" || fail "row for .32"
pass "same 3 rows as nbtscan"

nbns_guard_loopback 127.0.1.0/24
got24=$("$SMBKIT" scan --timeout 500 127.0.1.0/24 | awk '$1 ~ /^127\./ { print $1, $2 }' | sort)
[ "$got24" = "$(printf '127.0.1.31 SCAN31\n127.0.1.32 SCAN32\n127.0.1.33 SCAN33')" ] ||
    fail "/24 scan found:
$got24"
pass "CIDR /24 finds exactly the 3 responders"

"$SMBKIT" scan --timeout 500 -v $RANGE >"$TMP/v.txt"
[ "$(grep -c '^NetBIOS Name Table for Host' "$TMP/v.txt")" -eq 3 ] || fail "-v: 3 tables"
grep -Eq "^OTHERWG +<1e> +GROUP +Browser Service Elections" "$TMP/v.txt" || fail "-v: usage"
pass "-v lists every name with its usage"

"$SMBKIT" scan --timeout 500 --csv $RANGE >"$TMP/c.csv"
head -1 "$TMP/c.csv" | grep -qx "ip,netbios_name,workgroup,server,user,mac" || fail "csv header"
grep -qx "127.0.1.33,SCAN33,OTHERWG,yes,SCAN33,00:00:00:00:00:00" "$TMP/c.csv" || fail "csv row"
[ "$(wc -l <"$TMP/c.csv")" -eq 4 ] || fail "csv rows"
pass "--csv"

"$SMBKIT" scan --timeout 500 --json $RANGE | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["scanned"] == 11 and j["answered"] == 3, j
hosts = {h["address"]: h for h in j["hosts"]}
assert set(hosts) == {"127.0.1.31", "127.0.1.32", "127.0.1.33"}, hosts
assert hosts["127.0.1.31"]["workgroup"] == "SCANWG"
assert len(hosts["127.0.1.31"]["names"]) == 5
' || fail "--json"
pass "--json"

# Nobody home: exit 1.
set +e
"$SMBKIT" scan --timeout 200 --retries 0 127.0.1.41-45 >/dev/null; rc=$?
set -e
[ $rc -eq 1 ] || fail "empty range exit $rc, want 1"
pass "empty range: exit 1"
