# A private Samba peer for interop tests (sourced after lib.sh). Runs as root from its own
# smb.conf with every directory under $TMP, bound to one loopback address, its Unix users
# faked by nss_wrapper so /etc stays untouched.
#
#   samba_start NAME ADDR PORT [GLOBAL-LINES] [SHARE-LINES]
#     starts smbd for share [data] at $TMP/samba-NAME/data; user $SAMBA_USER / $SAMBA_PASS.
#   samba_add_share NAME SHARE "lines"    (before samba_start)

SAMBA_USER=${SAMBA_USER:-peer}
SAMBA_PASS=${SAMBA_PASS:-peer-Pw.7}
SAMBA_UID=2000

samba_nss() {
    local d=$TMP/nss
    if [ ! -d "$d" ]; then
        mkdir -p "$d"
        cat >"$d/passwd" <<EOP
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
$SAMBA_USER:x:$SAMBA_UID:$SAMBA_UID:peer:/nonexistent:/bin/false
EOP
        cat >"$d/group" <<EOG
root:x:0:
nogroup:x:65534:
$SAMBA_USER:x:$SAMBA_UID:
EOG
    fi
    local lib
    lib=$(find /usr/lib -name libnss_wrapper.so 2>/dev/null | head -1)
    [ -n "$lib" ] || { echo "SKIPPED: libnss_wrapper.so not found (libnss-wrapper)" >&2; exit 77; }
    echo "NSS_WRAPPER_PASSWD=$d/passwd NSS_WRAPPER_GROUP=$d/group LD_PRELOAD=$lib"
}

samba_start() {
    local name=$1 addr=$2 port=$3 global=${4:-} share=${5:-}
    skip_unless_peer smbd smbpasswd
    local d=$TMP/samba-$name
    mkdir -p "$d"/{private,lock,state,cache,pid,ncalrpc,data}
    chown "$SAMBA_UID:$SAMBA_UID" "$d/data"
    chmod 755 "$TMP" "$d"
    cat >"$d/smb.conf" <<EOC
[global]
    netbios name = $(echo "$name" | tr a-z A-Z)
    workgroup = PEERWG
    interfaces = $addr/8
    bind interfaces only = yes
    smb ports = $port
    disable netbios = yes
    server role = standalone server
    private dir = $d/private
    lock directory = $d/lock
    state directory = $d/state
    cache directory = $d/cache
    pid directory = $d/pid
    ncalrpc dir = $d/ncalrpc
    passdb backend = tdbsam:$d/private/passdb.tdb
    log file = $d/log.smbd
    log level = 1
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    map to guest = never
$global
[data]
    path = $d/data
    read only = no
$share
EOC
    local env
    env=$(samba_nss)
    printf '%s\n%s\n' "$SAMBA_PASS" "$SAMBA_PASS" |
        env $env smbpasswd -c "$d/smb.conf" -a -s "$SAMBA_USER" >/dev/null
    # Its own session: smbd signals its whole process group when it stops.
    env $env setsid smbd --foreground --no-process-group -s "$d/smb.conf" </dev/null \
        >"$d/stdout" 2>&1 &
    local pid=$!
    add_cleanup "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
    local i
    for i in $(seq 1 100); do
        if ss -Htln | grep -q "$addr:$port "; then return 0; fi
        kill -0 $pid 2>/dev/null || { cat "$d/stdout" "$d/log.smbd" >&2 2>/dev/null; fail "smbd $name exited"; }
        sleep 0.1
    done
    fail "smbd $name did not listen on $addr:$port"
}

samba_dir() { echo "$TMP/samba-$1/data"; }
