#!/usr/bin/env bash
# smbkit lookup against Samba's nmbd, compared with nmblookup: unicast (WINS-style, -R)
# queries for unique and group names, broadcast on a loopback /24, negative answers, -S, -A,
# --json, and a server that does not answer. Addresses: 127.0.1.21 (nmbd), 127.0.1.29 (none).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/nbns_client_lib.sh"
skip_unless_peer nmbd nmblookup python3

# Both clients send from 127.0.1.1: smbkit with --source, nmblookup through its smb.conf.
HOST=127.0.1.21
start_nmbd $HOST LOOKUP21 LOOKUPWG
conf=$(nbns_client_conf)

# Unique name, as nmblookup -U -R resolves it.
want=$(nmblookup -s "$conf" -U $HOST --recursion LOOKUP21 | grep -v '^querying')
got=$("$SMBKIT" lookup --source 127.0.1.1 -U $HOST -R LOOKUP21 | grep -v '^querying')
[ "$got" = "$want" ] || fail "unique name: smbkit '$got' vs nmblookup '$want'"
[ "$got" = "$HOST LOOKUP21<00>" ] || fail "unexpected answer '$got'"
pass "unique name: $got"

# Other suffixes and the group name.
for n in 'LOOKUP21#20' 'LOOKUP21#03' 'LOOKUPWG#00' 'LOOKUPWG#1e'; do
    want=$(nmblookup -s "$conf" -U $HOST --recursion "$n" | grep -v '^querying')
    got=$("$SMBKIT" lookup --source 127.0.1.1 -U $HOST -R "$n" | grep -v '^querying')
    [ "$got" = "$want" ] || fail "$n: smbkit '$got' vs nmblookup '$want'"
done
pass "suffixes <20> <03> and group <00> <1e> match nmblookup"

# The group flag comes through.
"$SMBKIT" lookup --source 127.0.1.1 --json -U $HOST -R 'LOOKUPWG#1e' |
    python3 -c 'import json,sys; q=json.load(sys.stdin)["queries"][0]; a=q["addresses"][0];
assert q["found"] and a["group"] and a["address"]=="127.0.1.21", q' ||
    fail "group flag missing from --json"
"$SMBKIT" lookup --source 127.0.1.1 --json -U $HOST -R LOOKUP21 |
    python3 -c 'import json,sys; q=json.load(sys.stdin)["queries"][0]; a=q["addresses"][0];
assert q["found"] and not a["group"] and a["responder"]=="127.0.1.21" and a["ttl"]>0, q' ||
    fail "unique lookup --json"
pass "--json carries address, group flag, responder and TTL"

# Broadcast on the nmbd's /24.
got=$("$SMBKIT" lookup --source 127.0.1.1 -B 127.0.1.255 LOOKUP21 | grep -v '^querying')
want=$(nmblookup -s "$conf" -B 127.0.1.255 LOOKUP21 | grep -v '^querying')
[ "$got" = "$want" ] || fail "broadcast: smbkit '$got' vs nmblookup '$want'"
pass "broadcast: $got"

# Names nobody has: exit 1, as nmblookup.
set +e
"$SMBKIT" lookup --source 127.0.1.1 -U $HOST -R NOSUCHNAME >"$TMP/neg.out" 2>&1; rc=$?
nmblookup -s "$conf" -U $HOST --recursion NOSUCHNAME >/dev/null 2>&1; nrc=$?
"$SMBKIT" lookup --source 127.0.1.1 --timeout 300 --retries 1 -B 127.0.1.255 NOSUCHNAME >/dev/null 2>&1; brc=$?
set -e
[ $rc -eq 1 ] || { cat "$TMP/neg.out"; fail "unicast not-found exit $rc, want 1"; }
[ $nrc -ne 0 ] || fail "nmblookup found NOSUCHNAME?"
[ $brc -eq 1 ] || fail "broadcast not-found exit $brc, want 1"
grep -q "failed to find name NOSUCHNAME<00>" "$TMP/neg.out" || fail "no not-found message"
pass "missing names: exit 1 (unicast and broadcast)"

# A host with no name service (its port refuses): exit 3.
set +e
"$SMBKIT" lookup --source 127.0.1.1 --timeout 200 --retries 1 -U 127.0.1.29 -R LOOKUP21 >/dev/null 2>&1; rc=$?
set -e
[ $rc -eq 3 ] || fail "refused port exit $rc, want 3"
pass "refused port: exit 3"

# -A: node status by address, the same names and types as nmblookup -A.
want=$(nmblookup_status_triples $HOST)
got=$("$SMBKIT" lookup --source 127.0.1.1 -A $HOST | awk '/<[0-9a-f][0-9a-f]> -/ { t = ($0 ~ /<GROUP>/) ? "GROUP" : "UNIQUE";
        s = $2; gsub(/[<>]/, "", s); print $1, toupper(s), t }' | sort)
[ -n "$want" ] || fail "nmblookup -A gave no names"
[ "$got" = "$want" ] || fail "-A: smbkit
$got
nmblookup
$want"
"$SMBKIT" lookup --source 127.0.1.1 -A $HOST | grep -q "MAC Address = 00-00-00-00-00-00" || fail "-A: no MAC line"
pass "-A lists the same $(echo "$want" | wc -l) names as nmblookup -A"

# -S: the status of each address found.
"$SMBKIT" lookup --source 127.0.1.1 -S -U $HOST -R LOOKUP21 >"$TMP/s.out"
grep -q "^$HOST LOOKUP21<00>" "$TMP/s.out" || fail "-S: no address line"
grep -q "Looking up status of $HOST" "$TMP/s.out" || fail "-S: no status"
grep -q "LOOKUPWG *<1e> - <GROUP>" "$TMP/s.out" || fail "-S: group name missing"
pass "-S adds the node status"
