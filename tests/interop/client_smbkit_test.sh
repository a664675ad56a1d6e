# smbkit's client and audit against `smbkit serve`: the same operations give the same bytes,
# names and sizes that smbclient sees, for every dialect; the audit reads the server right.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient
ADDR=127.0.5.40
smb_start $ADDR
AUTH=(-U "$SMB_USER%$SMB_PASS")
head -c 3000017 /dev/urandom >"$TMP/big.bin"

for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
    d="c-$m"
    "$SMBKIT" mkdir "//$ADDR/share/$d" "${AUTH[@]}" -m "$m" || fail "mkdir $m"
    "$SMBKIT" put -q "$TMP/big.bin" "//$ADDR/share/$d/big.bin" "${AUTH[@]}" -m "$m" || fail "put $m"
    cmp "$TMP/big.bin" "$TMP/share/$d/big.bin" || fail "put $m: bytes differ on disk"
    "$SMBKIT" get -q "//$ADDR/share/$d/big.bin" "$TMP/back-$m" "${AUTH[@]}" -m "$m" || fail "get $m"
    cmp "$TMP/big.bin" "$TMP/back-$m" || fail "get $m: bytes differ"
    "$SMBKIT" ls "//$ADDR/share/$d" "${AUTH[@]}" -m "$m" --json >"$TMP/ls.json" || fail "ls $m"
    smbclient "//$ADDR/share" "${AUTH[@]}" -m "$m" -c "ls $d/*" >"$TMP/sc.txt" 2>/dev/null || fail "smbclient ls $m"
    /usr/bin/python3 - "$TMP/ls.json" "$TMP/sc.txt" <<'PY' || fail "ls $m differs from smbclient: $(cat "$TMP/ls.json" "$TMP/sc.txt")"
import json, re, sys
ours = {e["name"]: e["size"] for e in json.load(open(sys.argv[1]))}
theirs = {}
for line in open(sys.argv[2]):
    m = re.match(r"^\s+(\S.*?)\s+([A-Z]*)\s+(\d+)\s+\w{3} \w{3}", line)
    if m and m.group(1) not in (".", ".."):
        theirs[m.group(1)] = int(m.group(3))
assert ours == theirs == {"big.bin": 3000017}, (ours, theirs)
PY
    "$SMBKIT" mv "//$ADDR/share/$d/big.bin" "$d/moved.bin" "${AUTH[@]}" -m "$m" || fail "mv $m"
    [ -f "$TMP/share/$d/moved.bin" ] || fail "mv $m: not moved on disk"
    "$SMBKIT" rm -r "//$ADDR/share/$d" "${AUTH[@]}" -m "$m" || fail "rm -r $m"
    [ ! -e "$TMP/share/$d" ] || fail "rm -r $m: still there"
    pass "smbkit client against smbkit serve, $m"
done

"$SMBKIT" put -q "$TMP/big.bin" "//$ADDR/enc/e.bin" "${AUTH[@]}" -m SMB3_11 || fail "put to the encrypted share"
cmp "$TMP/big.bin" "$TMP/enc/e.bin" || fail "encrypted put differs"
"$SMBKIT" shares "//$ADDR" "${AUTH[@]}" --json | /usr/bin/python3 -c '
import json, sys
s = {e["name"]: e["type"] for e in json.load(sys.stdin)}
assert s.get("share") == "disk" and s.get("IPC$") == "ipc", s
' || fail "shares"
rc=0; "$SMBKIT" ls "//$ADDR/share" -U "$SMB_USER%wrong" 2>/dev/null || rc=$?
[ "$rc" -eq 4 ] || fail "wrong password: exit $rc"
pass "encryption, shares, wrong password"

rc=0; "$SMBKIT" audit $ADDR --smb-port 445 --nbss-port 139 --json -t 3 >"$TMP/audit.json" || rc=$?
/usr/bin/python3 - "$TMP/audit.json" <<'PY' || fail "audit of smbkit serve: $(cat "$TMP/audit.json")"
import json, sys
h = json.load(open(sys.argv[1]))[0]
smb = h["smb"]
assert not smb["smb1"], smb
assert smb["dialects"] == ["2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"], smb
assert smb["signing_required"], smb
assert set(smb["ciphers"]) == {"AES-128-GCM", "AES-128-CCM", "AES-256-GCM", "AES-256-CCM"}, smb
ports = {p["port"]: p["state"] for p in h["ports"]}
assert ports[445] == "open" and ports[139] == "open", ports
guest = [l for l in h["logons"] if l["identity"] == "guest"][0]
ids = {f["id"] for f in h["findings"]}
assert "smb1-enabled" not in ids and "signing-not-required" not in ids, ids
PY
[ -z "$(ls -A "$TMP/pub")" ] || fail "the audit left files in the guest share"
pass "audit of smbkit serve"
