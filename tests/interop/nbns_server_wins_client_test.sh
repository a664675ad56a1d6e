#!/usr/bin/env bash
# `wins server`: smbkit registers its names with a WINS server (Samba's nmbd with
# `wins support = yes` on 127.0.2.20), which then resolves them; on SIGTERM smbkit releases
# them there too.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/nbns_server_lib.sh"
skip_unless_peer nmbd nmblookup tshark

start_capture "$TMP/wins-client.pcapng" "udp port 137 and (host 127.0.2.5 or host 127.0.2.20)"
N="$TMP/nmbd"
mkdir -p "$N"/{private,lock,state,cache,pid,log}
cat >"$N/smb.conf" <<CONF
[global]
  netbios name = WINSNMB
  workgroup = OTHERWG
  interfaces = 127.0.2.20/8
  bind interfaces only = yes
  wins support = yes
  private dir = $N/private
  lock directory = $N/lock
  state directory = $N/state
  cache directory = $N/cache
  pid directory = $N/pid
  ncalrpc dir = $N/lock/ncalrpc
  log file = $N/log/log.%m
CONF
nmbd -F --no-process-group --debug-stdout -d 2 -s "$N/smb.conf" >"$N/nmbd.out" 2>&1 &
NMBD=$!
add_cleanup "kill $NMBD 2>/dev/null; wait $NMBD 2>/dev/null"
wait_resolves 127.0.2.20 WINSNMB 127.0.2.20 || { tail -20 "$N/nmbd.out" >&2; fail "nmbd never came up"; }

LOG="$TMP/serve.log"
start_smbkit KIT5 127.0.2.5 "$LOG" 'wins server = 127.0.2.20'
wait_resolves 127.0.2.20 KIT5 127.0.2.5 || { tail -20 "$LOG" >&2; fail "KIT5 never registered with nmbd's WINS"; }
out=$(nmb -U 127.0.2.20 --recursion 'KIT5#20')
grep -q "^127.0.2.5 KIT5<20>" <<<"$out" || fail "KIT5<20> via WINS: $out"
grep -q "KIT5<00> registered with WINS server 127.0.2.20" "$LOG" || fail "no WINS registration in our log"
# Registered with a WINS server, the node calls itself an H-node, as nmbd does.
out=$(nmb -A 127.0.2.5)
grep -Eq "KIT5 +<00> - +H <ACTIVE>" <<<"$out" || fail "node status: $out"
pass "KIT5 registered with nmbd's WINS and resolves through it"

kill -TERM "$SMBKIT_PID"; wait "$SMBKIT_PID" || fail "smbkit serve exited with $? on SIGTERM"
sleep 0.5
out=$(nmb -U 127.0.2.20 --recursion KIT5)
grep -q "failed to find name KIT5" <<<"$out" || fail "KIT5 still in nmbd's WINS after release: $out"
pass "names released from the WINS server on SIGTERM"
stop_capture
check_capture
