#!/usr/bin/env bash
# smb.conf "smb2 max read", "smb2 max write" and "smb2 max trans" set the sizes the server
# offers in its NEGOTIATE response (defaults 1 MiB, 1 MiB and 8 MiB), a READ or WRITE above
# them is refused with STATUS_INVALID_PARAMETER, and clients move files in chunks of the
# offered size. Checked with impacket (what the NEGOTIATE says, raw oversized requests) and
# smbclient (put and get of a file many chunks long, with the data compared).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient /usr/bin/python3
if ! /usr/bin/python3 -c 'import impacket.smb3' 2>/dev/null; then
    echo "SKIPPED: python3-impacket is not installed; run scripts/install-deps.sh" >&2
    exit 77
fi

ADDR=127.0.8.43
# check_sizes READ WRITE TRANS: the NEGOTIATE response's sizes for SMB 3.0.2 and 2.1, and
# SMB 2.0.2's fixed 64 KiB; then a READ and a WRITE one byte over the limit.
check_sizes() {
    /usr/bin/python3 - "$ADDR" "$SMB_USER" "$SMB_PASS" "$1" "$2" "$3" <<'PY' || fail "impacket check of $1/$2/$3"
import os, socket, struct, sys
from impacket import smb3, smb3structs as s3
from impacket.smbconnection import SMBConnection, SessionError
addr, user, pw = sys.argv[1:4]
want = tuple(int(x) for x in sys.argv[4:7])

def offered(dialects):
    """A raw NEGOTIATE (impacket caps what it reports at 1 MiB): the response's
    MaxTransactSize, MaxReadSize and MaxWriteSize (MS-SMB2 2.2.4)."""
    hdr = struct.pack('<4sHHIHHIIQIIQ16s', b'\xfeSMB', 64, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, b'\0' * 16)
    body = struct.pack('<HHHHI16sQ', 36, len(dialects), 1, 0, 0, os.urandom(16), 0)
    body += b''.join(struct.pack('<H', d) for d in dialects)
    with socket.create_connection((addr, 445), timeout=10) as s:
        s.sendall(struct.pack('>I', len(hdr + body)) + hdr + body)
        buf = b''
        while len(buf) < 4 or len(buf) < 4 + struct.unpack('>I', buf[:4])[0]:
            chunk = s.recv(65536)
            assert chunk, 'connection closed'
            buf += chunk
    r = buf[4:]
    assert struct.unpack('<I', r[8:12])[0] == 0, 'negotiate failed'
    trans, read, write = struct.unpack('<III', r[64 + 28:64 + 40])
    return read, write, trans

for dialects, exp in (([0x0202, 0x0210, 0x0300, 0x0302], want), ([0x0210], want),
                      ([0x0202], (65536, 65536, 65536))):
    got = offered(dialects)
    assert got == exp, f'dialects {dialects}: negotiate offers {got}, want {exp}'
c = SMBConnection(addr, addr, preferredDialect=s3.SMB2_DIALECT_21)
c.login(user, pw)
raw = c.getSMBServer()
tid = c.connectTree('share')
fid = c.createFile(tid, 'io.bin')
c.writeFile(tid, fid, b'x' * 4096)
# A READ one byte over "smb2 max read" and a WRITE one byte over "smb2 max write".
raw._Connection['MaxReadSize'] = want[0] + 1
raw._Connection['MaxWriteSize'] = want[1] + 1
for what, call in (('read', lambda: raw.read(tid, fid, 0, want[0] + 1)),
                   ('write', lambda: raw.write(tid, fid, b'y' * (want[1] + 1), 0, want[1] + 1))):
    try:
        call()
    except (SessionError, smb3.SessionError) as e:
        code = e.get_error_code() if hasattr(e, 'get_error_code') else e.getErrorCode()
        assert code == 0xC000000D, f'oversized {what}: {code:#x}'
    else:
        raise AssertionError(f'an oversized {what} was accepted')
# At the limit both work.
assert len(raw.read(tid, fid, 0, want[0])) == 4096
assert raw.write(tid, fid, b'z' * want[1], 0, want[1]) == want[1]
c.closeFile(tid, fid)
c.deleteFile('share', 'io.bin')
c.logoff()
print('ok', want)
PY
}

roundtrip() {  # put and get a 5.5 MiB file with smbclient, data compared
    head -c $((5 * 1048576 + 524288)) /dev/urandom >"$TMP/big"
    rm -f "$TMP/back"
    smbclient "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" -m SMB3_11 \
        -c "lcd $TMP; put big big; get big back; del big" >"$TMP/sc" 2>&1 ||
        { cat "$TMP/sc" >&2; fail "smbclient put/get"; }
    cmp -s "$TMP/big" "$TMP/back" || fail "smbclient got back different data"
}

smb_start $ADDR
check_sizes 1048576 1048576 8388608
roundtrip
smb_alive "after the default-size transfers"
smb_stop
pass "defaults: 1 MiB read/write, 8 MiB transact offered and enforced; smbclient round trip"

smb_start $ADDR "smb2 max read = 65536" "smb2 max write = 196608" "smb2 max trans = 131072"
check_sizes 65536 196608 131072
roundtrip
smb_alive "after the small-size transfers"
smb_stop
pass "smb2 max read/write/trans = 64/192/128 KiB offered and enforced; smbclient round trip"

smb_start $ADDR "smb2 max read = 8388608" "smb2 max write = 8388608"
check_sizes 8388608 8388608 8388608
roundtrip
smb_stop
pass "smb2 max read/write = 8 MiB offered and enforced; smbclient round trip"

# Out of range or not a number: a configuration error naming the parameter, exit 2.
for bad in "smb2 max read = 4096" "smb2 max write = 16777216" "smb2 max trans = lots"; do
    sed -i '/^smb2 max /d' "$TMP/smb.conf"
    sed -i "s/^\\[global\\]\$/[global]\\n$bad/" "$TMP/smb.conf"
    rc=0
    "$SMBKIT" serve -s "$TMP/smb.conf" >"$TMP/bad.log" 2>&1 || rc=$?
    [ "$rc" -eq 2 ] || fail "$bad: exit $rc, want 2: $(cat "$TMP/bad.log")"
    grep -q "${bad%% =*}" "$TMP/bad.log" || fail "$bad: message does not name it: $(cat "$TMP/bad.log")"
done
pass "out-of-range and non-numeric sizes are refused with exit 2"
