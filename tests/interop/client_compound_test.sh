#!/usr/bin/env bash
# Compounded requests (MS-SMB2 3.2.4.1.4) from smbkit's client: stat is CREATE+QUERY_INFO+CLOSE
# in one frame, ls starts with CREATE+QUERY_DIRECTORY, mkdir and rm are CREATE+CLOSE, mv is
# CREATE+SET_INFO+CLOSE. Proven against a private Samba smbd with signing required and with
# encryption, and against `smbkit serve`; tshark dissects the capture (one frame, three
# commands, related flags, no malformed packets), and errors inside a chain surface as the
# first failure.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/samba.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbd tshark

SAMBA=127.0.10.2
KIT=127.0.10.3
samba_start cmpd "$SAMBA" 445 "server signing = mandatory
    server min protocol = SMB2_02" "[enc]
    path = $TMP/samba-cmpd/data
    read only = no
    smb encrypt = required"
DATA=$(samba_dir cmpd)
AUTH=(-U "peer%peer-Pw.7")
printf 'twelve bytes' >"$DATA/f.txt"
chown "$SAMBA_UID" "$DATA/f.txt"

# capture NAME FILTER CMD...: runs CMD with tshark capturing FILTER on loopback to $TMP/NAME.pcapng.
capture() {
    local name=$1 filter=$2
    shift 2
    tshark -q -i lo -f "$filter" -w "$TMP/$name.pcapng" >"$TMP/$name.tshark.log" 2>&1 &
    local tp=$!
    add_cleanup "kill $tp 2>/dev/null; wait $tp 2>/dev/null"
    local i
    for i in $(seq 1 100); do grep -q "Capturing on" "$TMP/$name.tshark.log" && break; sleep 0.1; done
    sleep 0.5
    "$@"
    local rc=$?
    sleep 1
    kill -INT $tp 2>/dev/null
    wait $tp 2>/dev/null || true
    return $rc
}

# requests NAME [FILTER]: "frame commands related-flags signed-flags" per request frame.
requests() {
    tshark -r "$TMP/$1.pcapng" -Y "smb2 && smb2.flags.response == 0 ${2:+&& $2}" \
        -T fields -e frame.number -e smb2.cmd -e smb2.flags.chained -e smb2.flags.signature \
        -E separator=' ' -E aggregator=, 2>/dev/null
}
responses() {
    tshark -r "$TMP/$1.pcapng" -Y "smb2 && smb2.flags.response == 1 ${2:+&& $2}" \
        -T fields -e frame.number -e smb2.cmd -e smb2.nt_status -E separator=' ' -E aggregator=, 2>/dev/null
}
no_malformed() {
    local bad
    bad=$(tshark -r "$TMP/$1.pcapng" -Y '_ws.malformed || _ws.expert.severity >= 8388608' 2>/dev/null)
    [ -z "$bad" ] || fail "$1: tshark reports malformed or erroneous packets: $bad"
}

# ---- stat against Samba with signing required: one frame, three signed commands ----------
capture stat-samba "host $SAMBA and tcp port 445" \
    "$SMBKIT" stat "//$SAMBA/data/f.txt" "${AUTH[@]}" --json >"$TMP/stat.json" || fail "stat against Samba"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["size"]==12 and not d["directory"], d' \
    "$TMP/stat.json" || fail "stat answer: $(cat "$TMP/stat.json")"
requests stat-samba >"$TMP/req.txt" || fail "tshark cannot read the capture"
# Commands: CREATE 5, QUERY_INFO 16, CLOSE 6. Related flag on the second and third only.
grep -Eq '^[0-9]+ 5,16,6 (False|0),(True|1),(True|1) (True|1),(True|1),(True|1)$' "$TMP/req.txt" ||
    fail "stat did not send CREATE+QUERY_INFO+CLOSE related and signed in one frame: $(cat "$TMP/req.txt")"
[ "$(grep -c ' 5' "$TMP/req.txt")" -eq 1 ] || fail "more than one CREATE frame: $(cat "$TMP/req.txt")"
responses stat-samba 'smb2.cmd == 16' | grep -q '0x00000000' || fail "QUERY_INFO not answered with success"
no_malformed stat-samba
pass "stat against Samba (signing required): one frame carries CREATE+QUERY_INFO+CLOSE, each signed"

# ---- every dialect: one chain per stat, signed with each dialect's algorithm -------------
stat_each_dialect() {
    local m
    for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
        "$SMBKIT" stat "//$SAMBA/data/f.txt" "${AUTH[@]}" -m $m --json >"$TMP/stat-$m.json" || fail "stat $m"
        grep -q '"size": 12' "$TMP/stat-$m.json" || fail "stat $m: $(cat "$TMP/stat-$m.json")"
    done
}
capture stat-dialects "host $SAMBA and tcp port 445" stat_each_dialect
n=$(requests stat-dialects | grep -Ec '^[0-9]+ 5,16,6 (False|0),(True|1),(True|1) (True|1),(True|1),(True|1)$') || true
[ "$n" -eq 5 ] || fail "$n signed CREATE+QUERY_INFO+CLOSE frames for 5 dialects: $(requests stat-dialects)"
no_malformed stat-dialects
pass "stat against Samba in every dialect (2.0.2 to 3.1.1): one signed chain each"

# ---- the other compounded operations against Samba, signed --------------------------------
ops() {  # ops HOST SHARE-DIR AUTH...: mkdir, ls, mv, rm through compounded chains
    local host=$1 share=$2
    shift 2
    "$SMBKIT" mkdir "//$host/$share/dir1" "$@" &&
        "$SMBKIT" ls "//$host/$share" "$@" --json >"$TMP/ls.json" &&
        "$SMBKIT" mv "//$host/$share/f.txt" "dir1/g.txt" "$@" &&
        "$SMBKIT" rm "//$host/$share/dir1/g.txt" "$@"
}
# check_ops NAME DISKDIR: the disk state after ops and the chains in its capture.
check_ops() {
    local name=$1 disk=$2
    [ -d "$disk/dir1" ] && [ ! -e "$disk/f.txt" ] && [ ! -e "$disk/dir1/g.txt" ] ||
        fail "$name: disk state after mkdir/mv/rm: $(ls -R "$disk")"
    /usr/bin/python3 -c 'import json,sys; n={e["name"]:e for e in json.load(open(sys.argv[1]))}; assert n["f.txt"]["size"]==12 and n["dir1"]["directory"], n' \
        "$TMP/ls.json" || fail "$name: listing: $(cat "$TMP/ls.json")"
    requests "$name" >"$TMP/req.txt"
    grep -Eq '^[0-9]+ 5,6 (False|0),(True|1) ' "$TMP/req.txt" || fail "$name: no CREATE+CLOSE frame: $(cat "$TMP/req.txt")"
    grep -Eq '^[0-9]+ 5,14 (False|0),(True|1) ' "$TMP/req.txt" ||
        fail "$name: no CREATE+QUERY_DIRECTORY frame: $(cat "$TMP/req.txt")"
    grep -Eq '^[0-9]+ 5,17,6 (False|0),(True|1),(True|1) ' "$TMP/req.txt" ||
        fail "$name: no CREATE+SET_INFO+CLOSE frame: $(cat "$TMP/req.txt")"
    no_malformed "$name"
}
capture ops-samba "host $SAMBA and tcp port 445" ops "$SAMBA" data "${AUTH[@]}" || fail "mkdir/ls/mv/rm against Samba"
check_ops ops-samba "$DATA"
pass "mkdir, ls, mv, rm against Samba: CREATE+CLOSE, CREATE+QUERY_DIRECTORY, CREATE+SET_INFO+CLOSE"

# ---- errors inside a chain: the first failure is the one reported --------------------------
rc=0
"$SMBKIT" stat "//$SAMBA/data/nosuch.txt" "${AUTH[@]}" 2>"$TMP/err.txt" || rc=$?
[ "$rc" -eq 1 ] || fail "stat of a missing file: exit $rc: $(cat "$TMP/err.txt")"
grep -q 'OBJECT_NAME_NOT_FOUND (CREATE)' "$TMP/err.txt" || fail "stat of a missing file: $(cat "$TMP/err.txt")"
printf a >"$DATA/a.txt"
printf b >"$DATA/b.txt"
chown "$SAMBA_UID" "$DATA/a.txt" "$DATA/b.txt"
rc=0
"$SMBKIT" mv "//$SAMBA/data/a.txt" "b.txt" "${AUTH[@]}" 2>"$TMP/err.txt" || rc=$?
[ "$rc" -ne 0 ] || fail "mv onto an existing file without --force succeeded"
grep -q 'OBJECT_NAME_COLLISION (SET_INFO)' "$TMP/err.txt" || fail "mv collision: $(cat "$TMP/err.txt")"
[ "$(cat "$DATA/a.txt")" = a ] && [ "$(cat "$DATA/b.txt")" = b ] || fail "mv collision changed files"
"$SMBKIT" rm "//$SAMBA/data/a.txt" "${AUTH[@]}" || fail "rm after a failed rename"
[ ! -e "$DATA/a.txt" ] || fail "a.txt still there: the failed chain left its handle open"
pass "errors in a chain: CREATE's not-found and SET_INFO's collision are reported, the handle is closed"

# ---- encryption: one transform carries the whole chain -------------------------------------
printf 'sealed' >"$DATA/e.txt"
chown "$SAMBA_UID" "$DATA/e.txt"
capture stat-enc "host $SAMBA and tcp port 445" \
    "$SMBKIT" stat "//$SAMBA/enc/e.txt" "${AUTH[@]}" -m SMB3_11 --json >"$TMP/stat.json" || fail "stat on the encrypted share"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["size"]==6, d' "$TMP/stat.json" ||
    fail "encrypted stat answer: $(cat "$TMP/stat.json")"
# tshark derives the session keys from the NTLMSSP exchange and the password, and decrypts.
dec=(-o "ntlmssp.nt_password:peer-Pw.7")
tshark -r "$TMP/stat-enc.pcapng" "${dec[@]}" -Y 'smb2.header.transform.msg_size && smb2.flags.response == 0' \
    -T fields -e frame.number -e smb2.cmd -e smb2.flags.chained -E aggregator=, 2>/dev/null >"$TMP/enc.txt"
grep -Eq '5,16,6[[:space:]]+(False|0),(True|1),(True|1)' "$TMP/enc.txt" ||
    fail "no single transform frame with CREATE+QUERY_INFO+CLOSE: $(cat "$TMP/enc.txt")"
tshark -r "$TMP/stat-enc.pcapng" -Y 'smb2.cmd == 5 && smb2.flags.response == 0 && !smb2.header.transform.msg_size' \
    2>/dev/null | grep -q . && fail "a CREATE went out unencrypted"
no_malformed stat-enc
"$SMBKIT" ls "//$SAMBA/data" "${AUTH[@]}" --encrypt >/dev/null || fail "ls --encrypt"
"$SMBKIT" mkdir "//$SAMBA/enc/edir" "${AUTH[@]}" && [ -d "$DATA/edir" ] || fail "mkdir on the encrypted share"
"$SMBKIT" rm -d "//$SAMBA/enc/edir" "${AUTH[@]}" || fail "rm of a folder on the encrypted share"
[ ! -e "$DATA/edir" ] || fail "edir still there"
# Everything else keeps the single-request path: a transfer through it, encrypted.
head -c 3000017 /dev/urandom >"$TMP/big.bin"
"$SMBKIT" put -q "$TMP/big.bin" "//$SAMBA/enc/big.bin" "${AUTH[@]}" || fail "put to the encrypted share"
"$SMBKIT" get -q "//$SAMBA/enc/big.bin" "$TMP/back.bin" "${AUTH[@]}" || fail "get from the encrypted share"
cmp "$TMP/big.bin" "$DATA/big.bin" && cmp "$TMP/big.bin" "$TMP/back.bin" || fail "encrypted transfer differs"
pass "encryption: one transform message carries CREATE+QUERY_INFO+CLOSE (decrypted by tshark)"

# ---- smbkit serve ----------------------------------------------------------------------
smb_start "$KIT"
KAUTH=(-U "$SMB_USER%$SMB_PASS")
printf 'twelve bytes' >"$TMP/share/f.txt"
for m in SMB2_02 SMB3_11; do
    capture "stat-kit-$m" "host $KIT and tcp port 445" \
        "$SMBKIT" stat "//$KIT/share/f.txt" "${KAUTH[@]}" -m $m --json >"$TMP/stat.json" || fail "stat against smbkit serve $m"
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["size"]==12, d' "$TMP/stat.json" ||
        fail "stat answer from smbkit serve $m"
    requests "stat-kit-$m" | grep -Eq '^[0-9]+ 5,16,6 (False|0),(True|1),(True|1) ' ||
        fail "stat against smbkit serve $m: $(requests "stat-kit-$m")"
    no_malformed "stat-kit-$m"
done
capture ops-kit "host $KIT and tcp port 445" ops "$KIT" share "${KAUTH[@]}" || fail "mkdir/ls/mv/rm against smbkit serve"
check_ops ops-kit "$TMP/share"
printf 'sealed' >"$TMP/enc/e.txt"
"$SMBKIT" stat "//$KIT/enc/e.txt" "${KAUTH[@]}" --json | /usr/bin/python3 -c 'import json,sys; assert json.load(sys.stdin)["size"]==6' ||
    fail "stat on smbkit's encrypted share"
rc=0
"$SMBKIT" stat "//$KIT/share/nosuch" "${KAUTH[@]}" 2>"$TMP/err.txt" || rc=$?
[ "$rc" -eq 1 ] && grep -q 'OBJECT_NAME_NOT_FOUND (CREATE)' "$TMP/err.txt" || fail "smbkit serve missing file: $(cat "$TMP/err.txt")"
smb_alive "after the compounded operations"
pass "smbkit serve: stat, mkdir, ls, mv, rm compounded, signed and encrypted"
