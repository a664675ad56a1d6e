#!/usr/bin/env bash
# Name conflicts: KIT5 on 127.0.2.5 defends its names against a second `smbkit serve`
# claiming KIT5 on 127.0.2.6 (which must mark them in conflict) and against a raw B-node
# registration from python3; the owner keeps answering throughout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/nbns_server_lib.sh"
skip_unless_peer nmblookup tshark python3

start_capture "$TMP/conflict.pcapng" "udp port 137 and (host 127.0.2.5 or host 127.0.2.6 or host 127.0.2.9)"
start_smbkit KIT5 127.0.2.5 "$TMP/owner.log"
OWNER=$SMBKIT_PID
wait_resolves 127.0.2.5 KIT5 127.0.2.5 || fail "KIT5 never resolved"

# A raw broadcast registration of KIT5<20> from 127.0.2.9 gets a negative response, ACT_ERR.
python3 - <<'PY' || fail "raw registration was not refused"
import socket, struct, sys
def name(n, suffix):
    raw = n.ljust(15).encode() + bytes([suffix])
    enc = bytes(c for b in raw for c in (0x41 + (b >> 4), 0x41 + (b & 15)))
    return bytes([32]) + enc + b"\0"
q = name("KIT5", 0x20)
pkt = struct.pack(">HHHHHH", 0x4242, 0x2910, 1, 0, 0, 1) + q + struct.pack(">HH", 0x20, 1)
pkt += b"\xc0\x0c" + struct.pack(">HHIH", 0x20, 1, 300000, 6) + struct.pack(">H", 0) + socket.inet_aton("127.0.2.9")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.bind(("127.0.2.9", 0))
s.settimeout(3)
s.sendto(pkt, ("127.255.255.255", 137))
data, peer = s.recvfrom(1024)
tid, flags = struct.unpack(">HH", data[:4])
print("answer from", peer, "flags", hex(flags))
ok = tid == 0x4242 and flags & 0x8000 and (flags >> 11) & 15 == 5 and flags & 15 == 6
sys.exit(0 if ok and peer[0] == "127.0.2.5" else 1)
PY
pass "raw B-node registration of KIT5<20> refused with ACT_ERR"

# A second node that wants the same name.
start_smbkit KIT5 127.0.2.6 "$TMP/intruder.log"
INTRUDER=$SMBKIT_PID
for i in $(seq 1 50); do
    grep -q "KIT5<00> is in conflict" "$TMP/intruder.log" && break
    sleep 0.1
done
grep -q "KIT5<00> is in conflict" "$TMP/intruder.log" || { cat "$TMP/intruder.log" >&2; fail "the intruder did not mark KIT5<00> in conflict"; }
grep -q "defending KIT5<00> against 127.0.2.6" "$TMP/owner.log" || fail "the owner did not log its defence"
pass "second node marks KIT5 in conflict"

sleep 1
out=$(nmb -A 127.0.2.6)
echo "$out"
grep -Eq "KIT5 +<20> - +B <CONFLICT>" <<<"$out" || fail "intruder's node status does not show the conflict"
grep -Eq "KITWG +<00> - <GROUP> B <ACTIVE>" <<<"$out" || fail "intruder lost the shared group"
out=$(nmb -U 127.0.2.6 KIT5)
grep -q "failed to find name KIT5" <<<"$out" || fail "intruder answers for a name in conflict: $out"
out=$(nmb -U 127.0.2.5 'KIT5#20')
grep -q "^127.0.2.5 KIT5<20>" <<<"$out" || fail "owner stopped answering: $out"
out=$(nmb -B 127.255.255.255 KIT5)
grep -q "^127.0.2.5 KIT5<00>" <<<"$out" || fail "broadcast: $out"
grep -q "^127.0.2.6 " <<<"$out" && fail "intruder answered a broadcast for KIT5"
pass "owner keeps answering, intruder does not"

kill -TERM "$INTRUDER" "$OWNER"
wait "$INTRUDER" "$OWNER" || true
stop_capture
check_capture
