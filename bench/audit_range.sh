#!/usr/bin/env bash
# Wall time of `smbkit audit` over a whole /24-sized loopback range (127.0.11.1-254) against
# `nmap -p139,445 --script smb-protocols,smb2-security-mode` over the same range, alternating
# rounds. Two `smbkit serve` instances and one private Samba smbd listen on three of the 254
# addresses; nothing listens on the rest. Checks that both tools find the same three hosts
# and that the audit's findings for each are right (signing required on the first smbkit,
# not on the second nor on Samba's default; every SMB2/3 dialect, no SMB1).
#
#   SMBKIT=build/smbkit bench/audit_range.sh [ROUNDS]
set -euo pipefail
: "${SMBKIT:?SMBKIT must point at the smbkit binary}"
rounds=${1:-3}
source "$(dirname "$0")/../tests/interop/lib.sh"
source "$(dirname "$0")/../tests/interop/samba.sh"
skip_unless_peer nmap smbd

RANGE=127.0.11.1-254
KIT1=127.0.11.10
KIT2=127.0.11.20
SAMBA=127.0.11.30

# kit_start ADDR [GLOBAL-LINE]: `smbkit serve` with a read-only guest share.
kit_start() {
    local addr=$1 extra=${2:-} d=$TMP/kit-$1
    mkdir -p "$d/pub" "$d/private" "$d/state"
    cat >"$d/smb.conf" <<EOC
[global]
    netbios name = KIT$(echo "$addr" | tr -d .)
    workgroup = BENCHWG
    interfaces = $addr
    bind interfaces only = yes
    disable netbios = yes
    smb ports = 445 139
    private dir = $d/private
    state directory = $d/state
    $extra
[pub]
    path = $d/pub
    guest ok = yes
    read only = yes
EOC
    "$SMBKIT" serve -s "$d/smb.conf" >"$d/serve.log" 2>&1 &
    local pid=$!
    add_cleanup "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
    wait_for_port "$addr" 445
}
kit_start $KIT1
kit_start $KIT2 "server signing = disabled"
samba_start benchsmb $SAMBA 445 "server min protocol = SMB2_02"

now() { date +%s.%N; }
declare -a kit nm
for r in $(seq 1 "$rounds"); do
    t0=$(now)
    rc=0
    "$SMBKIT" audit $RANGE --json >"$TMP/audit.json" || rc=$?
    t1=$(now)
    nmap -n -p139,445 --script smb-protocols,smb2-security-mode -oX "$TMP/nmap.xml" $RANGE >/dev/null
    t2=$(now)
    [ "$rc" -le 1 ] || fail "round $r: smbkit audit exit $rc"
    kit+=("$(echo "$t1 - $t0" | bc)")
    nm+=("$(echo "$t2 - $t1" | bc)")
    /usr/bin/python3 - "$TMP/audit.json" "$TMP/nmap.xml" "$KIT1 $KIT2 $SAMBA" <<'PY' || fail "round $r: findings"
import json, sys, xml.etree.ElementTree as ET
audit = {h["address"]: h for h in json.load(open(sys.argv[1]))}
want = sys.argv[3].split()
smb = sorted(a for a, h in audit.items() if h["smb"]["reachable"])
assert smb == sorted(want), ("audit hosts with SMB", smb)
nm = sorted(h.find("address").get("addr") for h in ET.parse(sys.argv[2]).getroot().iter("host")
            if any(p.get("portid") == "445" and p.find("state").get("state") == "open"
                   for p in h.iter("port")))
assert nm == sorted(want), ("nmap hosts with 445 open", nm)
ids = {a: {f["id"] for f in h["findings"]} for a, h in audit.items()}
for a, required in zip(want, (True, False, False)):
    h = audit[a]
    assert h["smb"]["dialects"] == ["2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"], (a, h["smb"])
    assert h["smb"]["signing_required"] == required, (a, h["smb"])
    assert ("signing-not-required" in ids[a]) == (not required), (a, ids[a])
    assert "smb1-enabled" not in ids[a], (a, ids[a])
PY
    printf 'round %d: smbkit audit %.3f s, nmap %.3f s\n' "$r" "${kit[-1]}" "${nm[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mk=$(median "${kit[@]}")
mn=$(median "${nm[@]}")
printf 'median: smbkit audit %.3f s, nmap %.3f s, ratio nmap/smbkit %.2f (254 addresses, 3 SMB hosts)\n' \
    "$mk" "$mn" "$(echo "$mn / $mk" | bc -l)"
