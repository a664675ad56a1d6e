# smbkit's client commands against a private Samba smbd: every dialect, signing required,
# encryption, NetBIOS sessions on 139; the same bytes, names and sizes smbclient sees.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/samba.sh"
skip_unless_peer smbclient smbd

ADDR=127.0.5.2
PORT=4452
samba_start kitpeer "$ADDR" "$PORT" "server signing = mandatory
    server min protocol = SMB2_02
    server smb encrypt = if_required" "    comment = peer data share
[enc]
    path = $TMP/samba-kitpeer/data
    read only = no
    smb encrypt = required"
DATA=$(samba_dir kitpeer)
AUTH=(-U "peer%peer-Pw.7")

head -c 5000123 /dev/urandom >"$TMP/big.bin"
printf 'hello-smbkit\n' >"$TMP/small.txt"

for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
    dir="d-$m"
    "$SMBKIT" mkdir "//$ADDR:$PORT/data/$dir" "${AUTH[@]}" -m "$m" || fail "mkdir $m"
    "$SMBKIT" put -q "$TMP/big.bin" "//$ADDR:$PORT/data/$dir/big.bin" "${AUTH[@]}" -m "$m" || fail "put $m"
    cmp "$TMP/big.bin" "$DATA/$dir/big.bin" || fail "put $m: bytes differ on the server"
    "$SMBKIT" get -q "//$ADDR:$PORT/data/$dir/big.bin" "$TMP/back-$m.bin" "${AUTH[@]}" -m "$m" || fail "get $m"
    cmp "$TMP/big.bin" "$TMP/back-$m.bin" || fail "get $m: bytes differ"
    "$SMBKIT" put -q "$TMP/small.txt" "//$ADDR:$PORT/data/$dir/" "${AUTH[@]}" -m "$m" || fail "put small $m"
    out=$("$SMBKIT" ls "//$ADDR:$PORT/data/$dir" "${AUTH[@]}" -m "$m" --json) || fail "ls $m"
    echo "$out" | /usr/bin/python3 -c '
import json, sys
entries = {e["name"]: e for e in json.load(sys.stdin)}
assert entries["big.bin"]["size"] == 5000123, entries
assert entries["small.txt"]["size"] == 13, entries
assert not entries["small.txt"]["directory"]
' || fail "ls $m: wrong listing: $out"
    # smbclient sees the same names and sizes.
    smbclient "//$ADDR/data" -p "$PORT" "${AUTH[@]}" -m "$m" -c "ls $dir/*" 2>/dev/null >"$TMP/sc-$m.txt"
    grep -Eq 'big\.bin +A? *5000123' "$TMP/sc-$m.txt" || grep -q 'big.bin.*5000123' "$TMP/sc-$m.txt" ||
        fail "smbclient does not see big.bin: $(cat "$TMP/sc-$m.txt")"
    "$SMBKIT" stat "//$ADDR:$PORT/data/$dir/small.txt" "${AUTH[@]}" -m "$m" --json |
        /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["size"]==13 and not d["directory"], d' ||
        fail "stat $m"
    "$SMBKIT" mv "//$ADDR:$PORT/data/$dir/small.txt" "$dir/renamed.txt" "${AUTH[@]}" -m "$m" || fail "mv $m"
    [ -f "$DATA/$dir/renamed.txt" ] && [ ! -e "$DATA/$dir/small.txt" ] || fail "mv $m: not renamed on disk"
    "$SMBKIT" rm -r "//$ADDR:$PORT/data/$dir" "${AUTH[@]}" -m "$m" || fail "rm -r $m"
    [ ! -e "$DATA/$dir" ] || fail "rm -r $m: folder still there"
    pass "dialect $m: mkdir put get ls stat mv rm"
done

# Encryption: required by the [enc] share, and asked for by the client.
"$SMBKIT" put -q "$TMP/small.txt" "//$ADDR:$PORT/enc/enc.txt" "${AUTH[@]}" -m SMB3_11 || fail "put to encrypted share"
"$SMBKIT" get -q "//$ADDR:$PORT/enc/enc.txt" "$TMP/enc.txt" "${AUTH[@]}" -m SMB3_00 || fail "get from encrypted share (3.0)"
cmp "$TMP/small.txt" "$TMP/enc.txt" || fail "encrypted share: bytes differ"
"$SMBKIT" ls "//$ADDR:$PORT/data" "${AUTH[@]}" --encrypt >/dev/null || fail "ls --encrypt"
rc=0; "$SMBKIT" ls "//$ADDR:$PORT/enc" "${AUTH[@]}" -m SMB2_10 >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "an SMB2.1 client reached an encrypt-required share"
pass "encryption"

# Resume: a partial local copy is completed, not rewritten.
head -c 1000000 "$TMP/big.bin" >"$TMP/partial.bin"
"$SMBKIT" put -q "$TMP/big.bin" "//$ADDR:$PORT/data/resume.bin" "${AUTH[@]}"
"$SMBKIT" get -q -c "//$ADDR:$PORT/data/resume.bin" "$TMP/partial.bin" "${AUTH[@]}" || fail "get -c"
cmp "$TMP/big.bin" "$TMP/partial.bin" || fail "resumed get differs"
pass "resume"

# Share listing agrees with smbclient -L.
"$SMBKIT" shares "//$ADDR:$PORT" "${AUTH[@]}" --json >"$TMP/shares.json" || fail "shares"
/usr/bin/python3 - "$TMP/shares.json" <<'PY' || fail "shares: $(cat "$TMP/shares.json")"
import json, sys
s = {e["name"]: e for e in json.load(open(sys.argv[1]))}
assert s["data"]["type"] == "disk" and s["data"]["comment"] == "peer data share", s
assert s["IPC$"]["type"] == "ipc" and s["IPC$"]["special"], s
assert "enc" in s, s
PY
pass "shares"

# Exit codes scripts can trust.
rc=0; "$SMBKIT" ls "//$ADDR:$PORT/data" -U "peer%wrong" 2>/dev/null || rc=$?
[ "$rc" -eq 4 ] || fail "wrong password: exit $rc, want 4"
rc=0; "$SMBKIT" ls "//$ADDR:$PORT/nosuchshare" "${AUTH[@]}" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "bad share: exit $rc, want 1"
rc=0; "$SMBKIT" get -q "//$ADDR:$PORT/data/nope.txt" "$TMP/nope" "${AUTH[@]}" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "missing file: exit $rc, want 1"
rc=0; "$SMBKIT" ls "//127.0.5.9:4452/data" "${AUTH[@]}" -t 2 2>/dev/null || rc=$?
[ "$rc" -eq 3 ] || fail "nothing listening: exit $rc, want 3"
rc=0; "$SMBKIT" ls "not-a-url" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "bad url: exit $rc, want 2"
pass "exit codes"

# SMB over the NetBIOS session service (Samba speaks it on port 139).
samba_start kitnb 127.0.5.3 139 "server signing = mandatory"
"$SMBKIT" put -q "$TMP/small.txt" "//127.0.5.3/data/nb.txt" "${AUTH[@]}" --netbios || fail "put over NBSS"
cmp "$TMP/small.txt" "$(samba_dir kitnb)/nb.txt" || fail "NBSS put differs"
"$SMBKIT" ls "//127.0.5.3/data" "${AUTH[@]}" --netbios | grep -q nb.txt || fail "ls over NBSS"
pass "NetBIOS session service"
