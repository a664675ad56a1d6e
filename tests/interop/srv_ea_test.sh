#!/usr/bin/env bash
# Extended attributes on `smbkit serve` with real peers: smbclient's setea/geteas, impacket's
# raw SET_INFO / QUERY_INFO / CREATE ExtA / QUERY_DIRECTORY, smbtorture smb2.ea.acl_xattr
# (the server's own and Samba's xattrs are out of reach), Samba's smbd serving the same
# folder (EAs set through smbkit are EAs to smbd and the other way round), and tshark, which
# must dissect the EA traffic cleanly.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
source "$(dirname "$0")/samba.sh"
skip_unless_peer smbclient smbtorture getfattr /usr/bin/python3 smbd tshark
/usr/bin/python3 -c "import impacket" 2>/dev/null ||
    { echo "SKIPPED: python3-impacket is not installed" >&2; exit 77; }

ADDR=127.0.41.1
SAMBA_ADDR=127.0.41.2
smb_start $ADDR
SHARE=$TMP/share
kit() { smbclient "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" -m SMB3 -c "$1" 2>&1; }

# smbclient: set, read back, delete, refusals.
echo "hello" >"$TMP/f.txt"
kit "put $TMP/f.txt f.txt" >/dev/null || fail "put"
kit "setea f.txt EAONE VALUE1; setea f.txt SecondEA ValueTwo" >"$TMP/out" || fail "setea: $(cat "$TMP/out")"
[ "$(getfattr --only-values -n user.EAONE "$SHARE/f.txt" 2>/dev/null)" = VALUE1 ] ||
    fail "EAONE is not the xattr user.EAONE"
kit "geteas f.txt" >"$TMP/eas" || true
grep -q "^EAONE (0) =" "$TMP/eas" && grep -q "VALUE1" "$TMP/eas" &&
    grep -q "^SecondEA (0) =" "$TMP/eas" && grep -q "ValueTwo" "$TMP/eas" ||
    fail "geteas: $(cat "$TMP/eas")"
pass "smbclient setea/geteas round trip, stored as user.NAME"
kit "setea f.txt EAONE" >/dev/null || true  # no value: delete
kit "geteas f.txt" >"$TMP/eas" || true
! grep -q "EAONE" "$TMP/eas" && grep -q "SecondEA" "$TMP/eas" || fail "delete: $(cat "$TMP/eas")"
getfattr -n user.EAONE "$SHARE/f.txt" >/dev/null 2>&1 && fail "user.EAONE left behind"
pass "an empty value deletes the EA"
dos_before=$(getfattr --only-values -n user.DOSATTRIB "$SHARE/f.txt" 2>/dev/null | od -An -tx1)
kit "setea f.txt DOSATTRIB evil" >"$TMP/out" || true
grep -q "ACCESS_DENIED" "$TMP/out" || fail "DOSATTRIB not refused: $(cat "$TMP/out")"
kit "setea f.txt smbkit.ntacl evil" >"$TMP/out" || true
grep -q "ACCESS_DENIED" "$TMP/out" || fail "smbkit.ntacl not refused: $(cat "$TMP/out")"
[ "$(getfattr --only-values -n user.DOSATTRIB "$SHARE/f.txt" 2>/dev/null | od -An -tx1)" = "$dos_before" ] ||
    fail "user.DOSATTRIB changed"
getfattr -n user.smbkit.ntacl "$SHARE/f.txt" >/dev/null 2>&1 && fail "user.smbkit.ntacl written"
kit "setea f.txt bad:name x" >"$TMP/out" || true
grep -q "INVALID_EA_NAME" "$TMP/out" || fail "bad:name accepted: $(cat "$TMP/out")"
kit "geteas f.txt" >"$TMP/eas" || true
grep -qi "dosattrib\|smbkit" "$TMP/eas" && fail "private xattrs listed: $(cat "$TMP/eas")"
pass "private and invalid names refused, private xattrs never listed"

# smbtorture: the ACL xattr and Samba's DOS attribute xattr cannot be read or set as EAs.
for name in smbkit.ntacl DOSATTRIB; do
    smbtorture "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" --option="torture:acl_xattr_name=$name" \
        smb2.ea.acl_xattr >"$TMP/t.out" 2>&1 && ! grep -q '^failure\|^error\|^skip' "$TMP/t.out" ||
        { tail -20 "$TMP/t.out" >&2; fail "smbtorture smb2.ea.acl_xattr ($name)"; }
done
pass "smbtorture smb2.ea.acl_xattr for smbkit.ntacl and DOSATTRIB"

# impacket: raw SMB2 with its own encoder.
/usr/bin/python3 - "$ADDR" "$SMB_USER" "$SMB_PASS" <<'PY' || fail "impacket EA checks"
import struct, sys
from impacket.smbconnection import SMBConnection
from impacket.smb3 import SessionError
from impacket import smb3structs as s3

addr, user, pw = sys.argv[1:]
conn = SMBConnection(addr, addr, sess_port=445)
conn.login(user, pw)
tid = conn.connectTree("share")
smb = conn.getSMBServer()
SHARE_ALL = s3.FILE_SHARE_READ | s3.FILE_SHARE_WRITE | s3.FILE_SHARE_DELETE
ok = True

def check(name, cond):
    global ok
    print(("ok: " if cond else "FAIL: ") + name, file=sys.stdout if cond else sys.stderr)
    ok = ok and cond

def ea_list(eas):
    out = b""
    for i, (n, v) in enumerate(eas):
        e = struct.pack("<IBBH", 0, 0, len(n), len(v)) + n + b"\0" + v
        if i + 1 < len(eas):
            e += b"\0" * (-len(e) % 4)
            e = struct.pack("<I", len(e)) + e[4:]
        out += e
    return out

def parse(buf):
    eas, at = [], 0
    while True:
        nxt, fl, nl, vl = struct.unpack_from("<IBBH", buf, at)
        eas.append((buf[at + 8:at + 8 + nl], buf[at + 9 + nl:at + 9 + nl + vl]))
        if nxt == 0:
            return eas
        at += nxt

def status(fn):
    try:
        fn()
        return 0
    except SessionError as e:
        return e.get_error_code()

two = [(b"EAONE", b"VALUE1"), (b"SECONDEA", b"ValueTwo")]
ctx = s3.SMB2CreateContext()
ctx["NameOffset"], ctx["NameLength"] = 16, 4
data = ea_list(two)
ctx["DataOffset"], ctx["DataLength"] = 24, len(data)
ctx["Buffer"] = b"ExtA\0\0\0\0" + data
fid = smb.create(tid, "exta.txt", s3.FILE_READ_DATA | s3.FILE_WRITE_DATA | s3.FILE_READ_EA |
                 s3.FILE_WRITE_EA | s3.FILE_READ_ATTRIBUTES, SHARE_ALL, 0, s3.FILE_OVERWRITE_IF,
                 0, createContexts=[ctx])
got = parse(smb.queryInfo(tid, fid, fileInfoClass=s3.SMB2_FULL_EA_INFO, flags=1))
check("CREATE ExtA stores the EAs", sorted(got) == sorted(two))
size = struct.unpack("<I", smb.queryInfo(tid, fid, fileInfoClass=s3.SMB2_FILE_EA_INFO))[0]
check("FileEaInformation EaSize %d == 45" % size, size == 45)
allinfo = smb.queryInfo(tid, fid, fileInfoClass=s3.SMB2_FILE_ALL_INFO)
check("FileAllInformation EaSize", struct.unpack_from("<I", allinfo, 72)[0] == 45)
getlist = struct.pack("<IB", 0, 8) + b"secondea\0"
named = parse(smb.queryInfo(tid, fid, getlist, fileInfoClass=s3.SMB2_FULL_EA_INFO))
check("a named query finds SECONDEA in any case", named == [(b"SECONDEA", b"ValueTwo")])
bad = bytearray(ea_list(two))
bad[0] = 24
check("a bad NextEntryOffset is STATUS_EA_LIST_INCONSISTENT",
      status(lambda: smb.setInfo(tid, fid, bytes(bad), fileInfoClass=s3.SMB2_FULL_EA_INFO))
      == 0x80000014)
check("a private name is STATUS_ACCESS_DENIED",
      status(lambda: smb.setInfo(tid, fid, ea_list([(b"DosAttrib", b"x")]),
                                 fileInfoClass=s3.SMB2_FULL_EA_INFO)) == 0xC0000022)
smb.close(tid, fid)
ro = smb.create(tid, "exta.txt", s3.FILE_READ_DATA, SHARE_ALL, 0, s3.FILE_OPEN, 0)
check("SET_INFO without FILE_WRITE_EA is STATUS_ACCESS_DENIED",
      status(lambda: smb.setInfo(tid, ro, ea_list([(b"X", b"1")]),
                                 fileInfoClass=s3.SMB2_FULL_EA_INFO)) == 0xC0000022)
check("QUERY_INFO without FILE_READ_EA is STATUS_ACCESS_DENIED",
      status(lambda: smb.queryInfo(tid, ro, fileInfoClass=s3.SMB2_FULL_EA_INFO, flags=1))
      == 0xC0000022)
smb.close(tid, ro)
d = smb.create(tid, "", s3.FILE_READ_DATA | s3.FILE_READ_ATTRIBUTES, SHARE_ALL,
               s3.FILE_DIRECTORY_FILE, s3.FILE_OPEN, 0)
listing = smb.queryDirectory(tid, d, "exta.txt",
                             informationClass=s3.FILEID_BOTH_DIRECTORY_INFORMATION)
check("FileIdBothDirectoryInformation EaSize",
      struct.unpack_from("<I", listing, 64)[0] == 45)
smb.close(tid, d)
conn.logoff()
sys.exit(0 if ok else 1)
PY
pass "impacket: ExtA, EaSize, named query, malformed list, access checks"

# Samba serving the same folder sees smbkit's EAs, and smbkit sees Samba's.
chmod 755 "$TMP" "$SHARE"
chmod 644 "$SHARE/f.txt"
samba_start eapeer $SAMBA_ADDR 445 "" "[kit]
    path = $SHARE
    read only = no
    force user = root"
peer() {
    env $(samba_nss) smbclient "//$SAMBA_ADDR/kit" -U "$SAMBA_USER%$SAMBA_PASS" -m SMB3 \
        -c "$1" 2>&1
}
peer "geteas f.txt" >"$TMP/eas" || true
grep -q "^SecondEA (0) =" "$TMP/eas" && grep -q "ValueTwo" "$TMP/eas" ||
    fail "smbd does not see smbkit's EA: $(cat "$TMP/eas")"
grep -qi "dosattrib\|smbkit" "$TMP/eas" && fail "smbd lists a private xattr: $(cat "$TMP/eas")"
peer "setea f.txt FromSamba yes" >/dev/null || true
kit "geteas f.txt" >"$TMP/eas" || true
grep -q "^FromSamba (0) =" "$TMP/eas" || fail "smbkit does not see smbd's EA: $(cat "$TMP/eas")"
pass "smbd and smbkit share EAs on disk"
# tshark dissects the EA requests and answers without malformed packets or warnings.
tshark -i lo -f "host $ADDR and tcp port 445" -w "$TMP/ea.pcapng" -q >/dev/null 2>&1 &
TSHARK=$!
add_cleanup "kill $TSHARK 2>/dev/null; wait $TSHARK 2>/dev/null"
for i in $(seq 1 50); do [ -s "$TMP/ea.pcapng" ] && break; sleep 0.1; done
sleep 0.5
kit "setea f.txt Captured yes; geteas f.txt; setea f.txt bad:name x; allinfo f.txt; ls" >/dev/null || true
sleep 0.5
kill -INT $TSHARK 2>/dev/null; wait $TSHARK 2>/dev/null || true
bad=$(tshark -r "$TMP/ea.pcapng" -Y "_ws.malformed || _ws.expert.severity >= 0x00600000" 2>/dev/null | wc -l)
[ "$bad" -eq 0 ] || { tshark -r "$TMP/ea.pcapng" -Y "_ws.malformed || _ws.expert.severity >= 0x00600000" >&2; fail "tshark: $bad malformed or warned frames"; }
names=$(tshark -r "$TMP/ea.pcapng" -Y "ip.src == $ADDR" -T fields -e smb2.ea.name 2>/dev/null | tr '\n,' '  ')
for n in SecondEA FromSamba Captured; do
    echo "$names" | grep -qw "$n" || fail "tshark does not show $n in the server's answers: $names"
done
pass "tshark dissects the EA traffic cleanly"

smb_alive "at the end"
echo "srv_ea: all checks passed"
