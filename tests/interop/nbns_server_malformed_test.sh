#!/usr/bin/env bash
# Bad input: truncated packets, bad label lengths, pointer loops, counts larger than the
# packet, unknown opcodes and unsolicited responses are dropped (never answered), logged in
# one rate-limited line, and the server still answers afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/nbns_server_lib.sh"
skip_unless_peer nmblookup python3

LOG="$TMP/serve.log"
start_smbkit KIT5 127.0.2.5 "$LOG" 'wins support = yes'
wait_resolves 127.0.2.5 KIT5 127.0.2.5 || fail "KIT5 never resolved"

python3 - <<'PY' || fail "the server answered bad input or stopped answering"
import socket, struct, sys, os
def name(n, suffix):
    raw = n.ljust(15).encode() + bytes([suffix])
    return bytes([32]) + bytes(c for b in raw for c in (0x41 + (b >> 4), 0x41 + (b & 15))) + b"\0"
def query(tid, n="KIT5", flags=0x0100):
    return struct.pack(">HHHHHH", tid, flags, 1, 0, 0, 0) + name(n, 0x20) + struct.pack(">HH", 0x20, 1)
good = query(0x7777)
bad = [good[:n] for n in range(len(good))]
bad.append(good[:12] + b"\xc0\x0c" + good[14:])                 # pointer to itself
bad.append(struct.pack(">HHHHHH", 1, 0x0100, 1, 0, 0, 0) + b"\xc0\x11" + b"\xc0\x0c" + b"\0" * 4)  # forward pointers
bad.append(good[:12] + b"\x3f" + good[13:])                     # label longer than the packet
bad.append(good[:12] + b"\x40" + good[13:])                     # label length 64
bad.append(good[:4] + b"\x00\xff" + good[6:])                   # 255 questions
bad.append(good[:10] + b"\x00\x09" + good[12:])                 # 9 additional records
bad.append(good[:2] + b"\x18\x00" + good[4:])                   # opcode 3
bad.append(good[:2] + b"\x50\x00" + good[4:])                   # opcode 10
bad.append(os.urandom(700))
bad.append(b"\xff" * 12)
# Responses are never answered, however well formed.
bad.append(good[:2] + b"\x85\x00" + good[4:])                   # a "response" with no answer
resp = struct.pack(">HHHHHH", 0x5555, 0x8500, 0, 1, 0, 0) + name("KIT5", 0x20) + \
       struct.pack(">HHIH", 0x20, 1, 300000, 6) + b"\0\0" + socket.inet_aton("127.0.2.9")
bad.append(resp)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.2.9", 0))
s.settimeout(1.0)
for _ in range(5):
    for b in bad:
        s.sendto(b, ("127.0.2.5", 137))
try:
    data, peer = s.recvfrom(2048)
    print("unexpected answer", data.hex())
    sys.exit(1)
except socket.timeout:
    pass
s.sendto(good, ("127.0.2.5", 137))
data, peer = s.recvfrom(2048)
tid, flags = struct.unpack(">HH", data[:4])
if tid != 0x7777 or not flags & 0x8000 or flags & 15:
    print("bad answer to the good query", data.hex()); sys.exit(1)
print("sent", 5 * len(bad), "bad packets; none answered; good query answered")
PY
pass "bad packets dropped, none answered"

out=$(nmb -U 127.0.2.5 --recursion KIT5)
grep -q "^127.0.2.5 KIT5<00>" <<<"$out" || fail "not answering after the bad input: $out"
lines=$(grep -c "dropped a" "$LOG" || true)
echo "drop log lines: $lines"
grep "dropped a" "$LOG" | head -3
[ "$lines" -ge 1 ] || fail "the drops were not logged"
[ "$lines" -le 5 ] || fail "the drops were not rate limited ($lines lines)"
kill -0 "$SMBKIT_PID" || fail "smbkit died"
pass "drops logged in $lines rate-limited lines; still answering"
