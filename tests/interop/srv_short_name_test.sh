#!/usr/bin/env bash
# 8.3 short names ("mangled names = yes"): smbkit and Samba's smbd serving the same folder
# give every name the same short name, through FileAlternateNameInformation (smbclient
# allinfo) and in FileIdBothDirectoryInformation listings (impacket); a file and a
# directory open by their short names; a Unix name with a character NT forbids is listed by
# its short name; with "mangled names = no" listings carry none.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
source "$(dirname "$0")/samba.sh"
skip_unless_peer smbclient smbd /usr/bin/python3
/usr/bin/python3 -c 'import impacket' 2>/dev/null ||
    { echo "SKIPPED: python3-impacket is not installed" >&2; exit 77; }

ADDR=127.0.42.1
SAMBA_ADDR=127.0.42.2
smb_start $ADDR "mangled names = yes"
SHARE=$TMP/share

NAMES=(
    "torture_search.txt" "Long File Name.docx" "report.final.pdf" "archive.tar.gz"
    "UPPER.TXT" "lower.txt" "a+b.txt" "x[1].dat" ".hidden_config" "no_extension_here"
    "spaces in name" "été résumé.txt" "data.longext" "multi.dot.name.c" "README"
    "MixedCase.Html" "~tilde.tmp" "a.b" "12345678.123"
)
i=0
for n in "${NAMES[@]}"; do echo "content $i" >"$SHARE/$n"; i=$((i + 1)); done
mkdir "$SHARE/Some Long Directory"
echo "inside" >"$SHARE/Some Long Directory/inner file.txt"
printf 'colon\n' >"$SHARE/a:b.txt"
chmod 755 "$TMP" "$SHARE" "$SHARE/Some Long Directory"
chmod 644 "$SHARE"/* "$SHARE/Some Long Directory"/* 2>/dev/null || true

samba_start shortpeer $SAMBA_ADDR 445 "" "[kit]
    path = $SHARE
    read only = no
    force user = root
    mangled names = yes"

kit() { smbclient "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" -m SMB3 -c "$1" 2>&1; }
peer() {
    env $(samba_nss) smbclient "//$SAMBA_ADDR/kit" -U "$SAMBA_USER%$SAMBA_PASS" -m SMB3 \
        -c "$1" 2>&1
}
altname() { sed -n 's/^altname: //p' | head -1; }

# FileAlternateNameInformation, name by name.
checked=0
for n in "${NAMES[@]}" "Some Long Directory"; do
    a=$(kit "allinfo \"$n\"" | altname)
    b=$(peer "allinfo \"$n\"" | altname)
    [ -n "$a" ] || fail "smbkit gives no altname for '$n'"
    [ "$a" = "$b" ] || fail "altname of '$n': smbkit '$a', smbd '$b'"
    checked=$((checked + 1))
done
pass "FileAlternateNameInformation equals smbd's for $checked names"

# Listings: ShortName of FileBothDirectoryInformation (MS-FSCC 2.4.8), parsed here.
/usr/bin/python3 - "$ADDR" "$SMB_USER" "$SMB_PASS" share "$SAMBA_ADDR" "$SAMBA_USER" \
    "$SAMBA_PASS" kit >"$TMP/short.out" 2>&1 <<'PY' || { cat "$TMP/short.out" >&2; fail "listing short names"; }
import struct, sys
from impacket.smbconnection import SMBConnection
from impacket import smb3structs as s3
from impacket.nt_errors import STATUS_NO_MORE_FILES
from impacket.smb3 import SessionError

def listing(addr, user, pw, share):
    c = SMBConnection(addr, addr, sess_port=445)
    c.login(user, pw)
    smb = c.getSMBServer()
    tid = c.connectTree(share)
    fid = smb.create(tid, '', s3.FILE_READ_DATA | s3.FILE_READ_ATTRIBUTES, s3.FILE_SHARE_READ |
                     s3.FILE_SHARE_WRITE, s3.FILE_DIRECTORY_FILE, s3.FILE_OPEN, 0)
    out = {}
    while True:
        try:
            data = smb.queryDirectory(tid, fid, '*', informationClass=s3.FILE_BOTH_DIRECTORY_INFORMATION,
                                      maxBufferSize=65536)
        except SessionError as e:
            if e.get_error_code() == STATUS_NO_MORE_FILES:
                break
            raise
        off = 0
        while True:
            nxt, = struct.unpack_from('<I', data, off)
            fnlen, = struct.unpack_from('<I', data, off + 60)
            snlen = data[off + 68]
            short = data[off + 70:off + 70 + snlen].decode('utf-16le')
            name = data[off + 94:off + 94 + fnlen].decode('utf-16le')
            out[name] = short
            if nxt == 0:
                break
            off += nxt
    smb.close(tid, fid)
    c.logoff()
    return out

kit = listing(*sys.argv[1:5])
peer = listing(*sys.argv[5:9])
bad = 0
for name in sorted(set(kit) | set(peer)):
    if kit.get(name) != peer.get(name):
        print(f"{name!r}: smbkit {kit.get(name)!r} smbd {peer.get(name)!r}")
        bad += 1
generated = sorted(s for s in kit.values() if '~' in s)
print(f"{len(kit)} entries, {len(generated)} short names, {bad} differ: {' '.join(generated)}")
if bad or len(generated) < 12:
    sys.exit(1)
PY
cat "$TMP/short.out"
pass "listing short names equal smbd's"

# A Unix name with ':' is listed by its short name on both servers.
kls=$(kit "ls" | grep -o 'A[0-9A-Z]\{5\}~[0-9A-Z]\.TXT' | head -1)
pls=$(peer "ls" | grep -o 'A[0-9A-Z]\{5\}~[0-9A-Z]\.TXT' | head -1)
[ -n "$kls" ] && [ "$kls" = "$pls" ] || fail "a:b.txt listed as '$kls' by smbkit, '$pls' by smbd"
kit "get $kls $TMP/colon.out" >/dev/null
grep -qx colon "$TMP/colon.out" || fail "the short name $kls does not open a:b.txt"
pass "a name NT forbids is listed as $kls and opens by it"

# Open by short name: a file, a directory, a file inside a directory named by short name.
s=$(kit 'allinfo "Long File Name.docx"' | altname)
kit "get $s $TMP/by_short.out" >/dev/null
cmp -s "$TMP/by_short.out" "$SHARE/Long File Name.docx" || fail "get $s did not read Long File Name.docx"
lower=$(echo "$s" | tr 'A-Z' 'a-z')
kit "get $lower $TMP/by_lower.out" >/dev/null
cmp -s "$TMP/by_lower.out" "$SHARE/Long File Name.docx" || fail "get $lower (lower case) failed"
d=$(kit 'allinfo "Some Long Directory"' | altname)
kit "cd $d; get \"inner file.txt\" $TMP/inner.out" >/dev/null
grep -qx inside "$TMP/inner.out" || fail "cd $d did not enter 'Some Long Directory'"
s2=$(kit 'allinfo "Some Long Directory/inner file.txt"' | altname)
kit "get $d\\$s2 $TMP/inner2.out" >/dev/null
grep -qx inside "$TMP/inner2.out" || fail "get $d\\$s2 did not read the inner file"
out=$(kit "get ZZZZZZ~9.TXT $TMP/none.out" || true)
grep -q "NT_STATUS_OBJECT_NAME_NOT_FOUND" <<<"$out" ||
    fail "a short name matching nothing is not OBJECT_NAME_NOT_FOUND: $out"
pass "files and directories open by short name ($s, $lower, $d\\$s2)"
smb_alive "after short-name lookups"

# "mangled names = no": no short names in listings, altname is the name itself (cut to 12).
smb_stop
smb_start $ADDR "mangled names = no"
a=$(kit 'allinfo "Long File Name.docx"' | altname)
[ "$a" = "Long File Na" ] || fail "with mangled names = no, altname is '$a'"
out=$(kit "get $s $TMP/none2.out" || true)
grep -q "NT_STATUS_OBJECT_NAME_NOT_FOUND" <<<"$out" ||
    fail "with mangled names = no, a short name still opens: $out"
pass "mangled names = no: altname is the name cut to 12 bytes, short names do not open"
