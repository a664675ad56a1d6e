#!/usr/bin/env bash
# SMB2 file-server throughput of `smbkit serve` against a private Samba smbd, both driven by
# the same smbclient on this machine, alternating rounds:
#   - put and get of one large file (MB/s, 1 MB = 10^6 bytes, wall time of the smbclient run)
#   - the same put and get with `smbkit put/get` as the client (kput, kget), which keeps up
#     with a fast server where smbclient does not
#   - server CPU seconds per GiB moved by put+get (utime+stime from /proc/PID/stat of the
#     server and its descendants, plus the reaped children's cutime+cstime: smbd forks a
#     process per connection)
#   - mput, ls and del of many small files (operations/s; the time of a bare connection, a
#     `cd` only, is measured in the same round and subtracted)
#   - smbkit's resident memory (VmRSS) with N idle connections that each did one NEGOTIATE,
#     measured first, on the freshly started server
# smbkit on 127.0.7.1:445, smbd on 127.0.7.2:445. Runs as root (smbd needs it).
#
#   SMBKIT=build/smbkit bench/smb_vs_samba.sh [SIZE_MIB] [SMALL_FILES] [ROUNDS] [IDLE_CONNS]
#
# SIGNING=mandatory sets `server signing = mandatory` on both servers, so that both sign
# every message (smbkit's default on SMB 3.x; Samba's default leaves signing off, which makes
# the default-against-default comparison one of unequal work). SIGNING=default (the
# default) leaves both servers at their own defaults.
#
# IO=BYTES sets `smb2 max read` and `smb2 max write` on both servers (each server's own
# default otherwise: 1 MiB for smbkit, 8 MiB for Samba).
set -euo pipefail
: "${SMBKIT:?SMBKIT must point at the smbkit binary}"
size_mib=${1:-1024}
nsmall=${2:-2000}
rounds=${3:-3}
nidle=${4:-1000}
ls_repeat=20  # listings of the small-file folder per measured ls session
source "$(dirname "$0")/../tests/interop/lib.sh"
source "$(dirname "$0")/../tests/interop/samba.sh"
skip_unless_peer smbclient smbd python3
ulimit -n 8192

KIT_ADDR=127.0.7.1
SAMBA_ADDR=127.0.7.2
USER_=$SAMBA_USER
PASS_=$SAMBA_PASS
env=$(samba_nss)

# --- servers ---------------------------------------------------------------------------
SIGNING=${SIGNING:-default}
case $SIGNING in
default) SIGN_LINE="" ;;
mandatory) SIGN_LINE="server signing = mandatory" ;;
*) fail "SIGNING must be default or mandatory" ;;
esac
echo "server signing: $SIGNING"
IO_LINE=""
if [ -n "${IO:-}" ]; then
    IO_LINE="smb2 max read = $IO
smb2 max write = $IO"
    echo "smb2 max read/write: $IO on both"
fi
samba_start bench "$SAMBA_ADDR" 445 "    log level = 0
    $SIGN_LINE
    $IO_LINE"
SAMBA_PID=$(ss -Htlnp "sport = :445" | grep "$SAMBA_ADDR:445" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
SAMBA_DATA=$(samba_dir bench)

KIT=$TMP/kit
mkdir -p "$KIT"/{private,state,data}
chown "$SAMBA_UID:$SAMBA_UID" "$KIT/data"
printf '%s\n' "$PASS_" | env $env "$SMBKIT" passwd -s -a "$USER_" --file "$KIT/private/smbpasswd" >/dev/null
cat >"$KIT/smb.conf" <<EOC
[global]
netbios name = KITBENCH
workgroup = PEERWG
interfaces = $KIT_ADDR
bind interfaces only = yes
disable netbios = yes
smb ports = 445
private dir = $KIT/private
state directory = $KIT/state
log level = warn
$SIGN_LINE
$IO_LINE
[data]
path = $KIT/data
read only = no
EOC
env $env "$SMBKIT" serve -s "$KIT/smb.conf" >"$KIT/serve.log" 2>&1 &
KIT_PID=$!
add_cleanup "kill $KIT_PID 2>/dev/null; wait $KIT_PID 2>/dev/null"
wait_for_port "$KIT_ADDR" 445

# --- helpers ---------------------------------------------------------------------------
now() { date +%s.%N; }
sc() {  # sc ADDR CMDS
    timeout 600 smbclient "//$1/data" -U "$USER_%$PASS_" -c "$2" >"$TMP/sc.out" 2>&1 ||
        { cat "$TMP/sc.out" >&2; fail "smbclient on $1: $2"; }
    if grep -q NT_STATUS_ "$TMP/sc.out"; then cat "$TMP/sc.out" >&2; fail "smbclient on $1: $2"; fi
}
timed() {  # timed ADDR CMDS -> seconds
    local t0 t1
    t0=$(now)
    sc "$1" "$2"
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}
ktimed() {  # ktimed get|put SRC DEST -> seconds of an `smbkit get/put` client run
    local t0 t1
    t0=$(now)
    timeout 600 "$SMBKIT" "$1" -q "$2" "$3" -U "$USER_%$PASS_" >"$TMP/kit.out" 2>&1 ||
        { cat "$TMP/kit.out" >&2; fail "smbkit $1 $2 $3"; }
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}
descendants() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; descendants "$p"; done; }
cpu_ticks() {  # cpu_ticks PID: utime+stime of PID and live descendants + PID's cutime+cstime
    local root=$1 total=0 p f
    for p in "$root" $(descendants "$root"); do
        f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
        f=${f##*) }
        set -- $f
        # after "pid (comm) ": $12 utime, $13 stime, $14 cutime, $15 cstime
        total=$((total + ${12} + ${13}))
        [ "$p" = "$root" ] && total=$((total + ${14} + ${15}))
    done
    echo "$total"
}
settle() {  # wait until smbd has no per-connection child left (reaped -> counted in cutime)
    local i
    # The same page-cache state for each server: write back and drop what the last round
    # left (a 1 GiB file being written back makes the next writer's page-cache copies slower).
    sync
    echo 1 >/proc/sys/vm/drop_caches 2>/dev/null || true
    for i in $(seq 1 50); do
        [ "$(ss -Htn state established "sport = :445" | grep -c "$SAMBA_ADDR:445\|$KIT_ADDR:445")" -eq 0 ] && break
        sleep 0.1
    done
    sleep 0.3
}
HZ=$(getconf CLK_TCK)
mbps() { echo "$size_mib * 1048576 / $1 / 1000000" | bc -l; }

# --- idle connections (first, on the fresh server) ----------------------------------------
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
rss0=$(rss "$KIT_PID")
python3 - "$KIT_ADDR" "$nidle" >"$TMP/idle.out" 2>&1 <<'PY' &
import socket, struct, sys, time, os
addr, n = sys.argv[1], int(sys.argv[2])
def negotiate(mid):
    hdr = struct.pack('<4sHHIHHIIQIIQ16s', b'\xfeSMB', 64, 0, 0, 0, 1, 0, 0, mid, 0, 0, 0, b'\0' * 16)
    dialects = [0x0202, 0x0210, 0x0300, 0x0302]
    body = struct.pack('<HHHHI16sQ', 36, len(dialects), 1, 0, 0, os.urandom(16), 0)
    body += b''.join(struct.pack('<H', d) for d in dialects)
    msg = hdr + body
    return struct.pack('>I', len(msg)) + msg
def recv_exact(s, k):
    b = b''
    while len(b) < k:
        c = s.recv(k - len(b))
        if not c: raise EOFError('closed')
        b += c
    return b
socks = []
for i in range(n):
    s = socket.create_connection((addr, 445), timeout=10)
    s.sendall(negotiate(0))
    ln = struct.unpack('>I', recv_exact(s, 4))[0] & 0xffffff
    r = recv_exact(s, ln)
    assert r[:4] == b'\xfeSMB' and struct.unpack('<I', r[8:12])[0] == 0, 'negotiate failed'
    socks.append(s)
print('ready', len(socks), flush=True)
time.sleep(600)
PY
PY_PID=$!
add_cleanup "kill $PY_PID 2>/dev/null; wait $PY_PID 2>/dev/null"
for i in $(seq 1 600); do
    grep -q ready "$TMP/idle.out" && break
    kill -0 $PY_PID 2>/dev/null || { cat "$TMP/idle.out" >&2; fail "idle client failed"; }
    sleep 0.1
done
grep -q ready "$TMP/idle.out" || fail "idle connections not ready"
sleep 1
est=$(ss -Htn state established "sport = :445" | grep -c "$KIT_ADDR:445" || true)
rss1=$(rss "$KIT_PID")
kill $PY_PID 2>/dev/null; wait $PY_PID 2>/dev/null || true
printf 'smbkit RSS: %d KiB idle, %d KiB with %d idle negotiated connections (%d established), %.1f KiB per connection\n' \
    "$rss0" "$rss1" "$nidle" "$est" "$(echo "($rss1 - $rss0) / $nidle" | bc -l)"
kill -0 "$KIT_PID" 2>/dev/null || { cat "$KIT/serve.log" >&2; fail "smbkit serve died"; }

echo "generating $size_mib MiB test file and $nsmall small files"
head -c "$((size_mib * 1048576))" /dev/urandom >"$TMP/big"
mkdir -p "$TMP/small"
for i in $(seq 1 "$nsmall"); do head -c 1024 /dev/urandom >"$TMP/small/f$i.bin"; done

declare -A R
run_round() {  # run_round NAME ADDR PID DATA-DIR
    local name=$1 addr=$2 pid=$3 data=$4 c0 c1 tp tg t0 tm tl td
    settle
    c0=$(cpu_ticks "$pid")
    tp=$(timed "$addr" "lcd $TMP; put big big")
    tg=$(timed "$addr" "lcd $TMP; get big back")
    settle
    c1=$(cpu_ticks "$pid")
    cmp -s "$TMP/big" "$TMP/back" || fail "$name: get returned different data"
    rm -f "$TMP/back"
    # The same file once more with `smbkit get`/`put` as the client: smbclient itself is the
    # bottleneck of a get on this machine (it verifies each signature and copies the data
    # more), so this shows what each server delivers to a client that keeps up.
    tkg=$(ktimed get "//$addr/data/big" "$TMP/back")
    cmp -s "$TMP/big" "$TMP/back" || fail "$name: smbkit get returned different data"
    rm -f "$TMP/back" "$data/big"
    tkp=$(ktimed put "$TMP/big" "//$addr/data/big")
    cmp -s "$TMP/big" "$data/big" || fail "$name: smbkit put stored different data"
    rm -f "$data/big"
    t0=$(timed "$addr" "mkdir s; cd s")
    tm=$(timed "$addr" "prompt off; cd s; lcd $TMP/small; mput *")
    [ "$(ls "$data/s" | wc -l)" -eq "$nsmall" ] || fail "$name: mput stored $(ls "$data/s" | wc -l) files"
    # One listing of a few thousand names takes about as long as the connect it is measured
    # against; list the folder $ls_repeat times in the session so the difference is clear.
    tl=$(timed "$addr" "cd s$(printf '; ls%.0s' $(seq 1 "$ls_repeat"))")
    [ "$(grep -c '\.bin ' "$TMP/sc.out")" -eq $((nsmall * ls_repeat)) ] ||
        fail "$name: ls listed $(grep -c '\.bin ' "$TMP/sc.out")"
    td=$(timed "$addr" "prompt off; cd s; del *")
    [ "$(ls "$data/s" | wc -l)" -eq 0 ] || fail "$name: del left files"
    sc "$addr" "rmdir s"
    local cpu_s gib
    cpu_s=$(echo "($c1 - $c0) / $HZ" | bc -l)
    gib=$(echo "2 * $size_mib / 1024" | bc -l)
    R[$name.put]+=" $(mbps "$tp")"
    R[$name.get]+=" $(mbps "$tg")"
    R[$name.kput]+=" $(mbps "$tkp")"
    R[$name.kget]+=" $(mbps "$tkg")"
    R[$name.cpu]+=" $(echo "$cpu_s / $gib" | bc -l)"
    R[$name.mput]+=" $(echo "$nsmall / ($tm - $t0)" | bc -l)"
    R[$name.ls]+=" $(echo "$nsmall * $ls_repeat / ($tl - $t0)" | bc -l)"
    R[$name.del]+=" $(echo "$nsmall / ($td - $t0)" | bc -l)"
    printf '%-6s put %7.1f MB/s  get %7.1f MB/s  cpu %5.2f s/GiB  kput %7.1f MB/s  kget %7.1f MB/s  mput %6.0f/s  ls %7.0f/s  del %6.0f/s  (raw s: connect %.3f mput %.3f ls %.3f del %.3f)\n' \
        "$name" "$(mbps "$tp")" "$(mbps "$tg")" "$(echo "$cpu_s / $gib" | bc -l)" \
        "$(mbps "$tkp")" "$(mbps "$tkg")" \
        "$(echo "$nsmall / ($tm - $t0)" | bc -l)" "$(echo "$nsmall * $ls_repeat / ($tl - $t0)" | bc -l)" \
        "$(echo "$nsmall / ($td - $t0)" | bc -l)" "$t0" "$tm" "$tl" "$td"
}

# Warm-up, not counted: one put and get of the large file on each server. The first large
# transfer after the test file was written (and the page cache dropped) costs whichever
# server goes first about twice the CPU of later ones on this VM (the freed memory is paid
# for again); smbkit went first and carried that cost in every earlier run.
echo "warm-up (not counted)"
for w in "$KIT_ADDR $KIT/data" "$SAMBA_ADDR $SAMBA_DATA"; do
    set -- $w
    settle
    sc "$1" "lcd $TMP; put big big"
    sc "$1" "lcd $TMP; get big back"
    rm -f "$TMP/back" "$2/big"
done

for r in $(seq 1 "$rounds"); do
    echo "round $r"
    if [ $((r % 2)) -eq 1 ]; then
        run_round smbkit "$KIT_ADDR" "$KIT_PID" "$KIT/data"
        run_round samba "$SAMBA_ADDR" "$SAMBA_PID" "$SAMBA_DATA"
    else
        run_round samba "$SAMBA_ADDR" "$SAMBA_PID" "$SAMBA_DATA"
        run_round smbkit "$KIT_ADDR" "$KIT_PID" "$KIT/data"
    fi
done
rm -f "$TMP/big"

median() { printf '%s\n' $@ | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "medians over $rounds rounds ($size_mib MiB file, $nsmall files of 1 KiB):"
for m in put get cpu kput kget mput ls del; do
    k=$(median ${R[smbkit.$m]})
    s=$(median ${R[samba.$m]})
    printf '  %-4s smbkit %9.2f  samba %9.2f  smbkit/samba %.2f\n' "$m" "$k" "$s" "$(echo "$k / $s" | bc -l)"
done

kill -0 "$KIT_PID" 2>/dev/null || { cat "$KIT/serve.log" >&2; fail "smbkit serve died"; }
exit 0
