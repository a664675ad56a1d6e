#!/usr/bin/env bash
# smbkit status against Samba's nmbd: the same names and UNIQUE/GROUP types as nmblookup -A
# and nbtscan -v, the decoded usage of each name, the MAC, --json; and a silent host.
# Addresses: 127.0.1.22 (nmbd), 127.0.1.28 (nothing).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/nbns_client_lib.sh"
skip_unless_peer nmbd nmblookup nbtscan python3

HOST=127.0.1.22
start_nmbd $HOST STATUS22 STATUSWG

"$SMBKIT" status $HOST >"$TMP/status.txt"
cat "$TMP/status.txt"
got=$(awk '/^[A-Z0-9]+ +<[0-9A-F][0-9A-F]> +(UNIQUE|GROUP)/ { s = $2; gsub(/[<>]/, "", s); print $1, s, $3 }' \
      "$TMP/status.txt" | sort)
want=$(nmblookup_status_triples $HOST)
[ -n "$want" ] || fail "nmblookup -A gave no names"
[ "$got" = "$want" ] || fail "names differ: smbkit
$got
nmblookup -A
$want"
pass "same $(echo "$want" | wc -l) names and types as nmblookup -A"

# nbtscan -v lists the same table (name, service, type).
nbt=$(nbtscan -v $HOST 2>/dev/null | awk '/^[A-Z0-9]+ +<[0-9a-f][0-9a-f]> +(UNIQUE|GROUP)/ {
        s = $2; gsub(/[<>]/, "", s); print $1, toupper(s), $3 }' | sort)
[ "$got" = "$nbt" ] || fail "names differ from nbtscan -v:
$nbt"
pass "same names and types as nbtscan -v"

# Decoded usage from the suffix table.
grep -Eq "^STATUS22 +<00> +UNIQUE +B ACTIVE +Workstation Service" "$TMP/status.txt" || fail "<00> usage"
grep -Eq "^STATUS22 +<03> +UNIQUE .*Messenger Service" "$TMP/status.txt" || fail "<03> usage"
grep -Eq "^STATUS22 +<20> +UNIQUE .*File Server Service" "$TMP/status.txt" || fail "<20> usage"
grep -Eq "^STATUSWG +<00> +GROUP .*Domain Name" "$TMP/status.txt" || fail "group <00> usage"
grep -Eq "^STATUSWG +<1E> +GROUP .*Browser Service Elections" "$TMP/status.txt" || fail "<1E> usage"
grep -q "MAC Address = 00-00-00-00-00-00" "$TMP/status.txt" || fail "MAC line"
pass "usage column and MAC"

"$SMBKIT" status --json $HOST | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["answered"] and j["address"] == "127.0.1.22", j
assert j["mac"] == "00:00:00:00:00:00", j
assert j["netbios_name"] == "STATUS22" and j["workgroup"] == "STATUSWG" and j["server"], j
names = {(n["name"], n["suffix"], n["type"]): n for n in j["names"]}
assert ("STATUS22", "20", "UNIQUE") in names and ("STATUSWG", "1E", "GROUP") in names, names
n = names[("STATUS22", "20", "UNIQUE")]
assert n["usage"] == "File Server Service" and n["active"] and n["node_type"] == "B", n
' || fail "--json"
pass "--json"

set +e
"$SMBKIT" status --timeout 200 --retries 1 127.0.1.28 >/dev/null 2>"$TMP/err"; rc=$?
set -e
[ $rc -eq 3 ] || fail "host without a name service: exit $rc, want 3"
grep -q "127.0.1.28" "$TMP/err" || fail "no message naming the host"
pass "host without a name service: exit 3"
