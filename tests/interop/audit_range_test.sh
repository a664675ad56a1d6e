#!/usr/bin/env bash
# smbkit audit over a small range (8 addresses: two servers, a port that accepts and never
# answers, five with nothing listening): every host is probed, the empty ones are left out of
# the report, and each server's findings are its own. `smbkit serve` (signing required, no
# NetBIOS) on one address; a private Samba smbd with SMB1 on and signing optional, plus nmbd
# for its names, on another. The silent port stays open for the whole test, so the audit must
# give up on it by its own timeout. The range and the same block as a CIDR give the same
# report, and nmap finds the same three hosts with 445 open.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/samba.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbd nmbd nmap

KIT=127.0.10.17
SILENT=127.0.10.19
SAMBA=127.0.10.20
smb_start $KIT
samba_start rangesmb $SAMBA 445 "server min protocol = NT1
    server signing = auto"

# nmbd from the same smb.conf as that smbd, for its names: node status only. Its client socket
# gets an address of its own outside the range: on 0.0.0.0 it would swallow every other
# address's port 137, and sharing $SAMBA:137 it would receive some of the queries itself.
nd=$TMP/samba-rangesmb
env $(samba_nss) nmbd -F --no-process-group --debug-stdout -d 1 -s "$nd/smb.conf" \
    --option="disable netbios = no" --option="netbios name = AUDRANGE20" --option="workgroup = RANGEWG" \
    --option="interfaces = $SAMBA/24" --option="nbt client socket address = 127.0.10.30" \
    --option="local master = no" --option="wins support = no" >"$nd/nmbd.out" 2>&1 &
npid=$!
add_cleanup "kill $npid 2>/dev/null; wait $npid 2>/dev/null"
for i in $(seq 1 100); do
    "$SMBKIT" status "$SAMBA" 2>/dev/null | grep -q AUDRANGE20 && break
    kill -0 $npid 2>/dev/null || { cat "$nd/nmbd.out" >&2; fail "nmbd exited"; }
    [ "$i" -lt 100 ] || fail "nmbd does not answer node status on $SAMBA"
    sleep 0.2
done

/usr/bin/python3 - "$SILENT" <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 445)); s.listen(64)
held = []
while True:
    held.append(s.accept()[0])
PY
spid=$!
add_cleanup "kill $spid 2>/dev/null; wait $spid 2>/dev/null"
wait_for_port $SILENT 445

check() {  # check REPORT.json
    /usr/bin/python3 - "$1" "$KIT" "$SAMBA" "$SILENT" <<'PY'
import json, sys
report, kit, samba, silent = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
hosts = {h["address"]: h for h in report}
assert sorted(hosts) == sorted([kit, samba, silent]), ("hosts reported", sorted(hosts))
q = hosts[silent]
assert not q["smb"]["reachable"] and q["smb"]["dialects"] == [], q["smb"]
assert any("timed out" in e for e in q["errors"]), q["errors"]
assert {p["port"]: p["state"] for p in q["ports"]}[445] == "open", q["ports"]
def ids(h): return {f["id"]: f["severity"] for f in h["findings"]}
def ports(h): return {(p["protocol"], p["port"]): p["state"] for p in h["ports"]}

k = hosts[kit]
assert k["smb"]["dialects"] == ["2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"], k["smb"]
assert not k["smb"]["smb1"] and k["smb"]["signing_required"], k["smb"]
assert "smb1-enabled" not in ids(k) and "signing-not-required" not in ids(k), ids(k)
assert ports(k)[("tcp", 445)] == "open" and ports(k)[("tcp", 139)] == "open", ports(k)
assert ports(k)[("udp", 137)] == "closed" and not k["netbios"]["answered"], (ports(k), k["netbios"])

s = hosts[samba]
assert s["smb"]["smb1"] and s["smb"]["dialects"][0] == "SMB1", s["smb"]
assert "3.1.1" in s["smb"]["dialects"] and not s["smb"]["signing_required"], s["smb"]
assert ids(s).get("smb1-enabled") == "HIGH" and ids(s).get("signing-not-required") == "MEDIUM", ids(s)
assert ports(s)[("tcp", 445)] == "open" and ports(s)[("tcp", 139)] == "closed", ports(s)
nb = s["netbios"]
assert ports(s)[("udp", 137)] == "open" and nb["answered"], (ports(s), nb)
assert nb["computer_name"] == "AUDRANGE20" and nb["workgroup"] == "RANGEWG", nb
assert s["worst"] == "HIGH", s["worst"]
PY
}

rc=0
timeout 120 "$SMBKIT" audit 127.0.10.16-23 -t 3 --json >"$TMP/range.json" || rc=$?
[ "$rc" -eq 1 ] || fail "audit of the range: exit $rc, want 1 (findings): $(cat "$TMP/range.json")"
check "$TMP/range.json" || fail "range findings: $(cat "$TMP/range.json")"
pass "audit 127.0.10.16-23: two servers with their own findings, a silent port given up on, five empty addresses left out"

rc=0
timeout 120 "$SMBKIT" audit 127.0.10.16/29 -t 3 --json >"$TMP/cidr.json" || rc=$?
[ "$rc" -eq 1 ] || fail "audit of the CIDR: exit $rc"
check "$TMP/cidr.json" || fail "CIDR findings: $(cat "$TMP/cidr.json")"
pass "audit 127.0.10.16/29: the same report"

nmap -n -p445 -oG - 127.0.10.16/29 2>/dev/null | awk '/445\/open/ { print $2 }' | sort >"$TMP/nmap.txt"
[ "$(cat "$TMP/nmap.txt")" = "$(printf '%s\n' $KIT $SAMBA $SILENT | sort)" ] ||
    fail "nmap finds 445 open on: $(cat "$TMP/nmap.txt")"
[ -z "$(ls -A "$TMP/pub")" ] || fail "the audit left files in the guest share"
smb_alive "after the range audit"
pass "nmap finds 445 open on the same three hosts"
