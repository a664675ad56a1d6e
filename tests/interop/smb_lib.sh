# Helpers for the SMB server interop tests (sourced after lib.sh): a private smbkit server on
# 127.0.3.x with a user database, shares under $TMP, and smbclient wrappers.

SMB_USER=alice
SMB_PASS='Alice-Pw.1'

# smb_start ADDR EXTRA_GLOBAL_LINES...: writes $TMP/smb.conf and starts `smbkit serve`.
# Shares: [share] (rw, alice), [ro] (read only), [pub] (guest ok), [enc] (smb encrypt =
# required), [bob] (valid users = bob).
smb_start() {
    local addr=$1
    shift
    mkdir -p "$TMP/share" "$TMP/ro" "$TMP/pub" "$TMP/enc" "$TMP/bob" "$TMP/private" "$TMP/state"
    echo "read only content" >"$TMP/ro/readme.txt"
    /usr/bin/python3 - "$TMP/private/smbpasswd" "$SMB_USER" "$SMB_PASS" <<'PY'
import sys, hashlib, time
path, user, pw = sys.argv[1:]
try:
    nt = hashlib.new('md4', pw.encode('utf-16-le')).hexdigest().upper()
except ValueError:
    from impacket.ntlm import compute_nthash
    nt = compute_nthash(pw).hex().upper()
with open(path, 'w') as f:
    f.write(f"{user}:1000:{'X'*32}:{nt}:[U          ]:LCT-{int(time.time()):08X}:\n")
PY
    chmod 600 "$TMP/private/smbpasswd"
    {
        echo "[global]"
        echo "netbios name = SMBKIT3"
        echo "workgroup = TESTWG"
        echo "interfaces = $addr"
        echo "bind interfaces only = yes"
        echo "disable netbios = yes"
        echo "smb ports = 445 139"
        echo "private dir = $TMP/private"
        echo "state directory = $TMP/state"
        echo "log level = ${SMB_LOG_LEVEL:-info}"
        local l
        for l in "$@"; do echo "$l"; done
        echo "[share]"
        echo "path = $TMP/share"
        echo "read only = no"
        echo "[ro]"
        echo "path = $TMP/ro"
        echo "read only = yes"
        echo "[pub]"
        echo "path = $TMP/pub"
        echo "guest ok = yes"
        echo "read only = no"
        echo "[enc]"
        echo "path = $TMP/enc"
        echo "read only = no"
        echo "smb encrypt = required"
        echo "[bob]"
        echo "path = $TMP/bob"
        echo "valid users = bob"
    } >"$TMP/smb.conf"
    "$SMBKIT" serve -s "$TMP/smb.conf" >"$TMP/serve.log" 2>&1 &
    SMB_PID=$!
    add_cleanup "smb_stop"
    wait_for_port "$addr" 445
    wait_for_port "$addr" 139
}

smb_stop() {
    if [ -n "${SMB_PID:-}" ] && kill -0 "$SMB_PID" 2>/dev/null; then
        kill -TERM "$SMB_PID"
        local i
        for i in $(seq 1 50); do kill -0 "$SMB_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SMB_PID" 2>/dev/null || true
        wait "$SMB_PID" 2>/dev/null || true
    fi
    SMB_PID=
}

# Fails the test (with the server log) when the server died.
smb_alive() {
    kill -0 "$SMB_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; fail "server died: $*"; }
}
