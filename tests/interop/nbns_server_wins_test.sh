#!/usr/bin/env bash
# WINS: Samba's nmbd (PEERNMB on 127.0.2.20, `wins server = 127.0.2.5`) registers its names
# in the smbkit WINS server; they resolve through it, and survive both a crash (SIGKILL)
# and a clean restart of smbkit.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/nbns_server_lib.sh"
skip_unless_peer nmbd nmblookup tshark

start_capture "$TMP/wins.pcapng" "udp port 137 and (host 127.0.2.5 or host 127.0.2.20)"
LOG="$TMP/serve.log"
start_smbkit KIT5 127.0.2.5 "$LOG" 'wins support = yes'
wait_resolves 127.0.2.5 KIT5 127.0.2.5 || fail "KIT5 never resolved"

N="$TMP/nmbd"
mkdir -p "$N"/{private,lock,state,cache,pid,log}
cat >"$N/smb.conf" <<CONF
[global]
  netbios name = PEERNMB
  workgroup = KITWG
  interfaces = 127.0.2.20/8
  bind interfaces only = yes
  wins server = 127.0.2.5
  private dir = $N/private
  lock directory = $N/lock
  state directory = $N/state
  cache directory = $N/cache
  pid directory = $N/pid
  ncalrpc dir = $N/lock/ncalrpc
  log file = $N/log/log.%m
  disable spoolss = yes
  load printers = no
CONF
nmbd -F --no-process-group --debug-stdout -d 2 -s "$N/smb.conf" >"$N/nmbd.out" 2>&1 &
NMBD=$!
add_cleanup "kill -9 $NMBD 2>/dev/null; wait $NMBD 2>/dev/null"

wait_resolves 127.0.2.5 PEERNMB 127.0.2.20 || { tail -30 "$N/nmbd.out" >&2; fail "PEERNMB never registered"; }
out=$(nmb -U 127.0.2.5 --recursion 'PEERNMB#20')
grep -q "^127.0.2.20 PEERNMB<20>" <<<"$out" || fail "PEERNMB<20>: $out"
out=$(nmb -U 127.0.2.5 --recursion 'KITWG#00')
grep -q "127.0.2.5 KITWG<00>" <<<"$out" || fail "KITWG<00>: $out"
pass "nmbd registered PEERNMB in our WINS; it resolves through it"
grep -q "WINS: registered PEERNMB<00> at 127.0.2.20" "$LOG" || fail "no registration in the log"
[ -s "$TMP/state-KIT5/wins.dat" ] || fail "no wins.dat in the state directory"
grep -q "$(printf 'PEERNMB' | od -An -tx1 | tr -d ' \n')" "$TMP/state-KIT5/wins.dat" || fail "wins.dat lacks PEERNMB"

# Another node wants PEERNMB<20>: it gets a WACK, we ask nmbd, nmbd still answers for it,
# so the registration is refused.
cat >"$TMP/claim.py" <<'PY'
import socket, struct, sys
who, suffix, want = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3])
raw = b"PEERNMB".ljust(15) + bytes([suffix])
q = bytes([32]) + bytes(c for b in raw for c in (0x41 + (b >> 4), 0x41 + (b & 15))) + b"\0"
pkt = struct.pack(">HHHHHH", 0x6161, 0x2900, 1, 0, 0, 1) + q + struct.pack(">HH", 0x20, 1)
pkt += b"\xc0\x0c" + struct.pack(">HHIH", 0x20, 1, 300000, 6) + b"\0\0" + socket.inet_aton(who)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((who, 0))
s.settimeout(10)
s.sendto(pkt, ("127.0.2.5", 137))
wack = False
while True:
    data, _ = s.recvfrom(1024)
    tid, flags = struct.unpack(">HH", data[:4])
    if tid != 0x6161 or not flags & 0x8000:
        continue
    op, rc = (flags >> 11) & 15, flags & 15
    if op == 7:
        wack = True
        print("WACK")
        continue
    print("registration response rcode", rc)
    sys.exit(0 if wack and op == 5 and rc == want else 1)
PY
python3 "$TMP/claim.py" 127.0.2.21 20 6 || fail "a second claim on PEERNMB<20> was not WACKed and refused"
grep -q "WINS: refused PEERNMB<20> for 127.0.2.21: the owner still holds it" "$LOG" || fail "no refusal in the log"
out=$(nmb -U 127.0.2.5 --recursion 'PEERNMB#20')
grep -q "^127.0.2.20 PEERNMB<20>" <<<"$out" || fail "PEERNMB<20> changed hands: $out"
pass "a conflicting registration is WACKed, nmbd is challenged and defends, the claim is refused"

# nmbd goes away without releasing (SIGKILL), so only the database can answer from now on.
kill -9 "$NMBD"; wait "$NMBD" 2>/dev/null || true
out=$(nmb -U 127.0.2.5 --recursion PEERNMB)
grep -q "^127.0.2.20 PEERNMB<00>" <<<"$out" || fail "PEERNMB lost before any restart: $out"

# Crash: the acknowledged registration is on disk already.
kill -9 "$SMBKIT_PID"; wait "$SMBKIT_PID" 2>/dev/null || true
start_smbkit KIT5 127.0.2.5 "$LOG" 'wins support = yes'
wait_resolves 127.0.2.5 PEERNMB 127.0.2.20 || fail "PEERNMB lost after a crash"
pass "PEERNMB survives SIGKILL of smbkit"

# Clean restart.
kill -TERM "$SMBKIT_PID"; wait "$SMBKIT_PID" || fail "smbkit serve exited with $? on SIGTERM"
start_smbkit KIT5 127.0.2.5 "$LOG" 'wins support = yes'
wait_resolves 127.0.2.5 PEERNMB 127.0.2.20 || fail "PEERNMB lost after a restart"
out=$(nmb -U 127.0.2.5 --recursion NOTREGISTERED)
grep -q "failed to find name NOTREGISTERED" <<<"$out" || fail "unknown name: $out"
pass "PEERNMB survives a clean restart; unknown names get NAM_ERR"

# With the owner gone, the same claim is granted once the challenge goes unanswered.
python3 "$TMP/claim.py" 127.0.2.21 20 0 || fail "a claim on an abandoned name was not granted"
wait_resolves 127.0.2.5 'PEERNMB#20' 127.0.2.21 || fail "PEERNMB<20> did not move to 127.0.2.21"
pass "an unanswered challenge hands the name to the new registrant"

kill -TERM "$SMBKIT_PID"; wait "$SMBKIT_PID" || true
stop_capture
check_capture
