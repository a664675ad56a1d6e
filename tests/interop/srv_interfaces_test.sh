#!/usr/bin/env bash
# FSCTL_QUERY_NETWORK_INTERFACE_INFO (MS-SMB2 3.3.5.15.11) against `smbkit serve` bound to one
# loopback address: impacket asks over SMB 3.1.1 and 3.0 and must get exactly that address on
# lo's interface index with a link speed; SMB 2.1 gets STATUS_NOT_SUPPORTED; a too-small
# MaxOutputResponse gets STATUS_BUFFER_TOO_SMALL. tshark dissects the captured answers without
# malformed-packet or error items and shows the address, and smbtorture's
# smb2.ioctl.bug14788.NETWORK_INTERFACE passes (it needs a share named "noperm").
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer /usr/bin/python3 tshark smbtorture
/usr/bin/python3 -c 'import impacket' 2>/dev/null ||
    { echo "SKIPPED: python3-impacket is not installed" >&2; exit 77; }

ADDR=127.0.8.10
mkdir -p "$TMP/noperm"
# Extra lines after [global]: a [noperm] share for smbtorture.
smb_start $ADDR "[noperm]" "path = $TMP/noperm" "read only = yes"

LO_INDEX=$(cat /sys/class/net/lo/ifindex)
tshark -i lo -f "host $ADDR and tcp port 445" -w "$TMP/cap.pcapng" >"$TMP/tshark.log" 2>&1 &
TSHARK_PID=$!
add_cleanup "kill $TSHARK_PID 2>/dev/null; wait $TSHARK_PID 2>/dev/null"
for i in $(seq 1 100); do grep -q "Capturing on" "$TMP/tshark.log" && break; sleep 0.1; done
grep -q "Capturing on" "$TMP/tshark.log" || { cat "$TMP/tshark.log" >&2; fail "tshark did not start"; }
sleep 2  # dumpcap says "Capturing on" a moment before packets are really taken

/usr/bin/python3 - "$ADDR" "$SMB_USER" "$SMB_PASS" "$LO_INDEX" <<'PY' || fail "impacket checks"
import ipaddress, struct, sys
from impacket import smb3
from impacket.smbconnection import SMBConnection, SessionError
from impacket.smb3 import SMB2_DIALECT_21, SMB2_DIALECT_30, SMB2_DIALECT_311
from impacket.smb3structs import FSCTL_QUERY_NETWORK_INTERFACE_INFO, SMB2_0_IOCTL_IS_FSCTL
from impacket.nt_errors import STATUS_NOT_SUPPORTED, STATUS_BUFFER_TOO_SMALL

addr, user, password, lo_index = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def query(dialect, max_out=65536):
    c = SMBConnection(addr, addr, preferredDialect=dialect)
    if dialect == SMB2_DIALECT_311:
        # impacket 0.10.0 seeds the 3.1.1 session preauth hash with zeros (impacket issue
        # #1370, fixed by #1373); seed it as fixed releases do (see smb_impacket_test.py).
        s = c.getSMBServer()
        s._Session["PreauthIntegrityHashValue"] = s._Connection["PreauthIntegrityHashValue"]
    c.login(user, password)
    tid = c.connectTree("share")
    try:
        return c._SMBConnection.ioctl(tid, None, FSCTL_QUERY_NETWORK_INTERFACE_INFO,
                                      SMB2_0_IOCTL_IS_FSCTL, b"", 0, max_out)
    finally:
        c.close()

def entries(buf):
    out, at = [], 0
    while True:
        nxt, index, cap, _, speed, family = struct.unpack_from("<IIIIQH", buf, at)
        assert family == 2, f"family {family:#x}"
        ip = str(ipaddress.IPv4Address(buf[at + 28:at + 32]))
        port = struct.unpack_from(">H", buf, at + 26)[0]
        out.append((index, cap, speed, ip, port))
        if nxt == 0:
            return out
        at += nxt

for name, dialect in (("3.1.1", SMB2_DIALECT_311), ("3.0", SMB2_DIALECT_30)):
    buf = query(dialect)
    assert len(buf) == 152, f"{name}: {len(buf)} bytes"
    got = entries(buf)
    assert got == [(lo_index, 0, 1_000_000_000, addr, 0)], f"{name}: {got}"
    print(f"ok: SMB {name}: {got}")

for name, dialect, max_out, want in (("2.1", SMB2_DIALECT_21, 65536, STATUS_NOT_SUPPORTED),
                                     ("3.1.1 max 151", SMB2_DIALECT_311, 151,
                                      STATUS_BUFFER_TOO_SMALL)):
    try:
        query(dialect, max_out)
        raise AssertionError(f"{name}: succeeded")
    except (SessionError, smb3.SessionError) as e:
        assert e.get_error_code() == want, f"{name}: {e.get_error_code():#x}"
        print(f"ok: {name}: {e.get_error_code():#x}")
PY
pass "impacket"

sleep 0.5
kill -INT $TSHARK_PID
wait $TSHARK_PID 2>/dev/null || true
tshark -r "$TMP/cap.pcapng" -V -Y "smb2.cmd == 11 && smb2.flags.response == 1" \
    >"$TMP/dissect.txt" 2>&1
answers=$(grep -c "^Frame " "$TMP/dissect.txt" || true)
# impacket encrypts its SMB 3.0 session; the other three answers are in clear.
[ "$answers" -ge 3 ] || { cat "$TMP/dissect.txt" >&2; fail "only $answers IOCTL answers captured"; }
if grep -E "Malformed|Expert Info \((Warning|Error)" "$TMP/dissect.txt" >&2; then
    fail "tshark reports malformed or erroneous answers"
fi
# The list as Wireshark's NETWORK_INTERFACE_INFO dissector reads it: address, index, speed.
fields=$(tshark -r "$TMP/cap.pcapng" -Y "smb2.windows.sockaddr.in.addr" -T fields \
    -e smb2.windows.sockaddr.in.addr -e smb2.ioctl.network_interfaces.index \
    -e smb2.ioctl.network_interfaces.link_speed 2>/dev/null | sort -u)
expected=$(printf '%s\t%s\t%s' "$ADDR" "$LO_INDEX" 1000000000)
[ "$fields" = "$expected" ] || fail "tshark reads the list as '$fields', not '$expected'"
pass "tshark dissects $answers answers cleanly"

rc=0
timeout 120 smbtorture "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" \
    smb2.ioctl.bug14788.NETWORK_INTERFACE </dev/null >"$TMP/torture.out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "^success: NETWORK_INTERFACE" "$TMP/torture.out"; then
    cat "$TMP/torture.out" >&2
    fail "smbtorture smb2.ioctl.bug14788.NETWORK_INTERFACE"
fi
pass "smbtorture smb2.ioctl.bug14788.NETWORK_INTERFACE"
smb_alive "at the end"
